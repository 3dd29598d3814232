package io.gesturestream.model.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    private static final long MS = 1_000_000L;

    /** A step of {@code items} items, one every {@code everyMs} of a fake clock; returns what was printed. */
    private static String step(boolean terminal, boolean keep, int items, long everyMs) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        AtomicLong now = new AtomicLong(1_000 * MS);
        try (Progress p = new Progress(err, "evaluating", items, "gestures", terminal, now::get, keep)) {
            for (int i = 1; i <= items; i++) {
                now.addAndGet(everyMs * MS);
                p.update(i);
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPipeGetsAtMostOneLinePerFiveSecondsAndAFinalLine() {
        String out = step(false, true, 120, 100);  // 12 s
        assertFalse(out.contains("\r"), out);
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);  // at 5 s, at 10 s, and the end
        assertEquals("evaluating: 50/120 gestures, 10 gestures/s, about 7 s left (5 s)", lines.get(0));
        assertEquals("evaluating: 100/120 gestures, 10 gestures/s, about 2 s left (10 s)", lines.get(1));
        assertEquals("evaluating: 120/120 gestures, 10 gestures/s (12 s), done", lines.get(2));
    }

    @Test
    void aTerminalGetsABarRedrawnInPlaceAndANewlineAtClose() {
        String out = step(true, true, 20, 100);  // 2 s: a redraw at most every 200 ms
        long redraws = out.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 5 && redraws <= 11, redraws + " redraws: " + out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), out);
        assertTrue(out.endsWith("\n"), out);
        String last = out.substring(out.lastIndexOf('\r') + 1);
        assertTrue(last.startsWith("evaluating [" + "=".repeat(30) + "] 20/20 gestures, 10 gestures/s (2 s)"), last);
        assertFalse(last.contains("left"), last);
    }

    @Test
    void aShortStepPrintsNothing() {
        assertEquals("", step(false, true, 40, 100));  // 4 s on a pipe
        assertEquals("", step(true, true, 10, 10));    // 0.1 s on a terminal
        assertEquals("", step(false, false, 40, 100));
        assertEquals("", step(true, false, 10, 10));
    }

    @Test
    void aTransientStepLeavesNoFinalLine() {
        String pipe = step(false, false, 120, 100);
        assertEquals(2, pipe.lines().count(), pipe);
        assertFalse(pipe.contains("done"), pipe);
        String term = step(true, false, 20, 100);
        assertFalse(term.contains("\n"), term);
        assertTrue(term.endsWith("\r") && term.substring(term.lastIndexOf('\r', term.length() - 2)).isBlank(), "erased: " + term);
    }

    @Test
    void aStaleCountFromASlowerThreadDoesNotGoBackwards() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), "baseline", 10, "gestures", false, now::get);
        p.update(7);
        p.update(6);
        now.set(6_000 * MS);
        p.update(5);
        p.close();
        p.close();
        assertEquals(List.of("baseline: 7/10 gestures, 1.2 gestures/s, about 3 s left (6 s)", "baseline: 7/10 gestures, 1.2 gestures/s (6 s), done"),
                buf.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /** Prints to a buffered stream, as System.err may be: what a step shows must be flushed by the step itself. */
    private static final class Buffered {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream err = new PrintStream(new java.io.BufferedOutputStream(bytes, 1 << 16), false, StandardCharsets.UTF_8);

        String shown() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPipeLineOfAnUnknownTotalGivesTheCountAloneAndIsFlushed() {
        Buffered b = new Buffered();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(b.err, "reading", 0, "files", false, now::get);
        now.set(5_000 * MS);
        p.update(0);  // exactly 5 s: a line, without a rate while nothing is done
        assertEquals("reading: 0 files (5 s)\n", b.shown());
        now.set(10_000 * MS);
        p.update(20);
        assertEquals("reading: 0 files (5 s)\nreading: 20 files, 2.0 files/s (10 s)\n", b.shown());
        p.close();
        assertEquals("reading: 0 files (5 s)\nreading: 20 files, 2.0 files/s (10 s)\nreading: 20 files, 2.0 files/s (10 s), done\n", b.shown());
    }

    @Test
    void nothingDoneYetGivesNeitherRateNorTimeLeft() {
        Buffered b = new Buffered();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(b.err, "x", 10, "items", false, now::get);
        now.set(6_000 * MS);
        p.update(0);
        assertEquals("x: 0/10 items (6 s)\n", b.shown());
    }

    @Test
    void aStepOfExactlyFiveSecondsEndsWithALine() {
        Buffered b = new Buffered();
        AtomicLong now = new AtomicLong(7 * MS);
        Progress p = new Progress(b.err, "x", 4, "items", false, now::get);
        now.addAndGet(4_999 * MS);
        p.update(4);
        now.addAndGet(MS);
        p.close();
        assertEquals("x: 4/4 items, 0.8 items/s (5 s), done\n", b.shown());
        Buffered shorter = new Buffered();
        AtomicLong t = new AtomicLong();
        Progress q = new Progress(shorter.err, "x", 4, "items", false, t::get);
        t.set(4_999 * MS);
        q.close();
        assertEquals("", shorter.shown());
    }

    @Test
    void aTerminalBarIsFilledInProportionAndAShorterOneOverwritesTheLongerBeforeIt() {
        Buffered b = new Buffered();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(b.err, "eval", 10, "g", true, now::get);
        now.set(1_000 * MS);
        p.update(5);
        String first = "eval [" + "=".repeat(15) + " ".repeat(15) + "] 5/10 g, 5.0 g/s, about 1 s left (1 s)   ";
        assertEquals("\r" + first, b.shown());
        now.set(2_000 * MS);
        p.update(10);
        String second = "eval [" + "=".repeat(30) + "] 10/10 g, 5.0 g/s (2 s)   ";
        assertEquals("\r" + first + "\r" + second + " ".repeat(first.length() - second.length()), b.shown());
        p.close();
        assertTrue(b.shown().endsWith("\r" + second + " ".repeat(first.length() - second.length()) + "\n"), b.shown());
    }

    @Test
    void aTerminalBarOfAnUnknownTotalIsEmptyAndATransientOneIsErasedAndFlushed() {
        Buffered b = new Buffered();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(b.err, "epoch", 0, "batches", true, now::get, false);
        now.set(300 * MS);
        p.update(3);
        String bar = "epoch [" + " ".repeat(30) + "] 3 batches, 10 batches/s (0 s)   ";
        assertEquals("\r" + bar, b.shown());
        p.close();
        assertEquals("\r" + bar + "\r" + " ".repeat(bar.length()) + "\r", b.shown());
    }

    @Test
    void startOnANonTerminalPrintsNoBarWithinFiveSeconds() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.console() == null, "stderr is a terminal");
        assertFalse(Progress.isTerminal());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (Progress p = Progress.start(err, "a", 10, "x"); Progress q = Progress.startTransient(err, "b", 10, "x")) {
            Thread.sleep(250);  // longer than a terminal's redraw interval
            p.update(5);
            q.update(5);
        }
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
    }
}
