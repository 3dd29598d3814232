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
}
