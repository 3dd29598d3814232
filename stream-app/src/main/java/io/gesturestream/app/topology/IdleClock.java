package io.gesturestream.app.topology;

import io.gesturestream.app.config.StreamSettings;

/**
 * The clock one task judges its sessions' idle timeout by: the record time of the partition
 * (the newest record timestamp processed, its stream time), carried forward by the wall clock
 * only while the app is known to keep up with its input.
 *
 * <p>Record time alone is safe under any lag (a session is idle when records stamped the
 * timeout after its last event have been processed, and those come after its own in the
 * partition), but it stands still when the partition falls quiet, so the last gesture of the
 * last device would never end. The wall clock moves on, but it also moves on while the app
 * lags: while the process is stopped (a GC pause, SIGSTOP, a throttled container), while the
 * thread drains other tasks' backlog before it polls again, while a task restores. Counting
 * those seconds as quiet ended gestures whose next events were waiting in Kafka. So quiet is
 * counted only from the later of
 * <ul>
 *   <li>the last record this task processed, and</li>
 *   <li>the stream thread's <em>hold</em>: the time up to which its input may still be behind,
 *   raised (for every task of the thread) when a task starts (a restore or a rebalance), when
 *   a wall-clock punctuation comes later than its interval plus the tolerance (the thread or
 *   the process was stalled; it is raised to now), and when a task processes a record that
 *   waited in Kafka longer than usual by more than the tolerance (raised to now plus that
 *   excess, at most {@value #MAX_HOLD_TIMEOUTS} idle timeouts: records behind it may be as
 *   late).</li>
 * </ul>
 * "Longer than usual" is against the smallest delay (wall clock at processing minus record
 * timestamp) seen over the current and the previous {@value #WINDOW_MS} ms window, so that a
 * constant offset between the producers' clocks and the app's is not taken for lag; the first
 * window's baseline is 0 (clocks agree until shown otherwise), so that a backlog at start is not
 * taken for the norm.
 *
 * <p>What remains possible: a record that spent longer than the hold in a producer's buffer
 * (a device offline, replaying later) arrives after its gesture was ended; a producer whose
 * clock runs ahead of the others on the same partition moves record time ahead (records more
 * than {@link StreamSettings#maxFutureSkew()} ahead of the app are refused). Lag only delays
 * idle finals: a device that stops while the app lags gets its final the timeout after the app
 * caught up.
 */
final class IdleClock {
    static final long WINDOW_MS = 5 * 60_000;
    static final int MAX_HOLD_TIMEOUTS = 10;

    /** The holds of the stream threads of one app instance: each thread sees its own. */
    static final class Holds {
        private final ThreadLocal<long[]> until = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE});

        void raise(long untilMs) {
            long[] h = until.get();
            h[0] = Math.max(h[0], untilMs);
        }

        long until() {
            return until.get()[0];
        }
    }

    private final Holds holds;
    private final long intervalMs, toleranceMs, maxHoldMs;
    private long streamTimeMs = Long.MIN_VALUE;
    private long lastProcessedMs = Long.MIN_VALUE;
    private long lastTickMs = Long.MIN_VALUE;
    private long windowStartMs, windowMin = Long.MAX_VALUE, previousMin = 0;

    IdleClock(StreamSettings settings, Holds holds) {
        this.holds = holds;
        this.intervalMs = settings.punctuateEvery().toMillis();
        this.toleranceMs = settings.lagTolerance().toMillis();
        this.maxHoldMs = MAX_HOLD_TIMEOUTS * settings.idleTimeout().toMillis();
    }

    /** The task starts (first assignment, restore, rebalance): what it restored may be behind. */
    void started(long nowMs) {
        lastTickMs = nowMs;
        windowStartMs = nowMs;
        holds.raise(nowMs);
    }

    /** A record was accepted, stamped {@code recordMs}, processed at wall-clock {@code nowMs}. */
    void processed(long recordMs, long nowMs) {
        streamTimeMs = Math.max(streamTimeMs, recordMs);
        lastProcessedMs = nowMs;
        long delay = nowMs - recordMs;
        if (nowMs - windowStartMs >= WINDOW_MS) {
            previousMin = windowMin;
            windowMin = Long.MAX_VALUE;
            windowStartMs = nowMs;
        }
        windowMin = Math.min(windowMin, delay);
        long excess = delay - Math.min(previousMin, windowMin);
        if (excess > toleranceMs) holds.raise(nowMs + Math.min(excess, maxHoldMs));
    }

    /**
     * Called by the wall-clock punctuation at {@code nowMs}: the record time the sessions'
     * last events are held against, {@link Long#MIN_VALUE} when this task has processed nothing
     * yet (then {@link #quietSince()} is all there is to go by).
     */
    long tick(long nowMs) {
        if (lastTickMs != Long.MIN_VALUE && nowMs - lastTickMs > intervalMs + toleranceMs) holds.raise(nowMs);  // a stall
        lastTickMs = nowMs;
        if (streamTimeMs == Long.MIN_VALUE) return Long.MIN_VALUE;
        return streamTimeMs + Math.max(0, nowMs - quietSince());
    }

    /** Wall-clock time from which this task is known to have been quiet and caught up. */
    long quietSince() {
        return Math.max(lastProcessedMs, holds.until());
    }
}
