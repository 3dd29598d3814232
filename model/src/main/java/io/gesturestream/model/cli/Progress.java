package io.gesturestream.model.cli;

import io.gesturestream.model.Meter;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a step that takes more than a few seconds, on stderr: a bar redrawn in place on
 * a terminal, and on a pipe or in a log an occasional plain line (every {@link #LINE_EVERY_NS}),
 * so that a log never holds a 30 KB line of carriage returns. Thread-safe; {@link #update} is
 * cheap enough to call per item.
 *
 * <pre>
 *   try (Progress p = Progress.start(err, "evaluating", gestures.size(), "gestures")) {
 *       for (...) { ...; p.update(done); }
 *   }
 * </pre>
 *
 * A {@linkplain #startTransient transient} one leaves nothing behind: its bar is erased at the
 * end and a pipe gets no final line, for a step inside a larger one that prints its own line
 * (an epoch of training).
 */
public final class Progress implements Meter.Step {
    /** A terminal's bar is redrawn at most this often. */
    static final long BAR_EVERY_NS = 200_000_000L;
    /** A pipe gets a line at most this often. */
    static final long LINE_EVERY_NS = 5_000_000_000L;

    private final PrintStream err;
    private final String what, unit;
    private final long total;
    private final boolean terminal, keep;
    private final LongSupplier clock;
    private final long start;
    private long lastShown;
    private long done;
    private int drawnWidth;
    private boolean drawn, closed;

    Progress(PrintStream err, String what, long total, String unit, boolean terminal, LongSupplier nanoClock) {
        this(err, what, total, unit, terminal, nanoClock, true);
    }

    Progress(PrintStream err, String what, long total, String unit, boolean terminal, LongSupplier nanoClock, boolean keep) {
        this.err = err;
        this.keep = keep;
        this.what = what;
        this.total = total;
        this.unit = unit;
        this.terminal = terminal;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastShown = start;
    }

    /**
     * @param total items to do, or 0 when unknown
     * @param unit  what an item is, plural ("gestures", "events")
     */
    public static Progress start(PrintStream err, String what, long total, String unit) {
        return new Progress(err, what, total, unit, isTerminal(), System::nanoTime);
    }

    /** Like {@link #start}, but the bar is erased at the end and a pipe gets no final line. */
    public static Progress startTransient(PrintStream err, String what, long total, String unit) {
        return new Progress(err, what, total, unit, isTerminal(), System::nanoTime, false);
    }

    /** Whether stderr is a terminal (a bar) rather than a pipe or a file (lines). */
    public static boolean isTerminal() {
        return System.console() != null;
    }

    /** Items done so far; a smaller count than one already seen (from a slower thread) is ignored. */
    @Override
    public synchronized void update(long doneSoFar) {
        done = Math.max(done, doneSoFar);
        long now = clock.getAsLong();
        if (closed || now - lastShown < (terminal ? BAR_EVERY_NS : LINE_EVERY_NS)) return;
        lastShown = now;
        show(now, false);
    }

    /** Ends the bar with a line of what was done and how long it took (a transient one is erased instead). */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (!keep) {
            if (drawn) {
                err.print("\r" + " ".repeat(drawnWidth) + "\r");
                err.flush();
                drawn = false;
            }
            return;
        }
        if (drawn || clock.getAsLong() - start >= LINE_EVERY_NS) show(clock.getAsLong(), true);
    }

    private void show(long now, boolean last) {
        double s = (now - start) / 1e9;
        String count = total > 0 ? String.format(Locale.ROOT, "%d/%d %s", done, total, unit) : done + " " + unit;
        String eta = !last && total > 0 && done > 0 && done < total
                ? String.format(Locale.ROOT, ", about %.0f s left", (total - done) * s / done) : "";
        String rate = s > 0 && done > 0
                ? String.format(Locale.ROOT, done / s < 10 ? ", %.1f %s/s" : ", %.0f %s/s", done / s, unit) : "";
        if (terminal) {
            int width = 30, filled = total > 0 ? (int) Math.min(width, width * done / total) : 0;
            String bar = String.format(Locale.ROOT, "%s [%-" + width + "s] %s%s%s (%.0f s)   ", what, "=".repeat(filled), count, rate, eta, s);
            // a shorter bar than the last one (the ETA went away) overwrites all of it
            err.print("\r" + bar + " ".repeat(Math.max(0, drawnWidth - bar.length())));
            drawnWidth = Math.max(drawnWidth, bar.length());
            if (last) err.println();
            drawn = !last;
        } else {
            err.printf(Locale.ROOT, "%s: %s%s%s (%.0f s)%s%n", what, count, rate, eta, s, last ? ", done" : "");
        }
        err.flush();
    }
}
