package io.gesturestream.app.config;

import java.time.Duration;

/**
 * What the topology needs to know, independent of where it came from. The limits say what input
 * is refused (dead-lettered with the reason) and what ends a gesture.
 *
 * @param idleTimeout     a session with no event for this long gets a final result
 * @param punctuateEvery  how often sessions are checked for the idle timeout
 * @param maxEvents       a gesture that reaches this many events gets a final result (MAX_LENGTH)
 * @param maxCoordinate   pen coordinates beyond +-this are refused as absurd
 * @param maxAccelG       IMU acceleration beyond +-this (g) is refused; angular rate beyond 100x it (deg/s)
 * @param repeatFinals    repeat a final result when the event that ended its gesture is delivered
 *                        again (at-least-once: a duplicate rather than a loss after a crash)
 * @param maxLabelLength  a label longer than this (characters) is refused
 * @param maxSessionIdBytes a key (session id) longer than this (UTF-8 bytes) is refused
 * @param maxRecordBytes  a record value larger than this is refused before it is decoded
 * @param maxSessions     sessions held per instance (in progress or recently ended); at the limit
 *                        an event that would start one more is refused, the others go on
 * @param maxFutureSkew   a record or event timestamp further than this ahead of the wall clock is refused
 * @param maxAge          a record timestamp older than this is refused (event timestamps may be
 *                        relative to a device's start, and are only refused when negative or in the future)
 * @param endedRetention  how long an ended gesture's marker is kept (at least the idle timeout): it
 *                        skips redelivered events of that gesture and lets {@code /sessions/{id}}
 *                        show the final answer; a new gesture of the session replaces it at once
 */
public record StreamSettings(PredictionMode predictionMode, Duration idleTimeout, Duration punctuateEvery, int maxEvents,
                             double maxCoordinate, double maxAccelG, boolean repeatFinals, int maxLabelLength,
                             int maxSessionIdBytes, int maxRecordBytes, long maxSessions, Duration maxFutureSkew,
                             Duration maxAge, Duration endedRetention) {

    /**
     * The defaults declared in {@link Settings}, repeating finals (as under at_least_once, Kafka
     * Streams' default), with a punctuation every 500 ms. (The app derives its interval from the
     * idle timeout instead: a quarter of it, within [10 ms, 1 s], 750 ms for the default 3 s.)
     */
    public static StreamSettings defaults() {
        return new StreamSettings(Settings.PREDICTIONS.defaultValue(), Settings.IDLE_TIMEOUT_MS.defaultValue(), Duration.ofMillis(500),
                Settings.MAX_EVENTS.defaultValue(), Settings.MAX_COORDINATE.defaultValue(), Settings.MAX_ACCEL_G.defaultValue(), true,
                Settings.MAX_LABEL_LENGTH.defaultValue(), Settings.MAX_SESSION_ID_BYTES.defaultValue(),
                Settings.MAX_RECORD_BYTES.defaultValue(), Settings.MAX_SESSIONS.defaultValue(), Settings.MAX_FUTURE_SKEW_MS.defaultValue(),
                Settings.MAX_AGE_MS.defaultValue(), Settings.ENDED_RETENTION_MS.defaultValue());
    }

    public StreamSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idle timeout must be > 0");
        if (punctuateEvery.isNegative() || punctuateEvery.isZero()) throw new IllegalArgumentException("punctuation interval must be > 0");
        if (maxEvents < 1) throw new IllegalArgumentException("max events must be >= 1");
        if (!(maxCoordinate > 0) || !(maxAccelG > 0)) throw new IllegalArgumentException("limits must be > 0");
        if (maxLabelLength < 1 || maxSessionIdBytes < 1 || maxRecordBytes < 64 || maxSessions < 1) {
            throw new IllegalArgumentException("label, session id and session limits must be >= 1, the record limit >= 64 bytes");
        }
        if (maxFutureSkew.isNegative() || maxAge.isNegative()) throw new IllegalArgumentException("timestamp limits must be >= 0");
        if (endedRetention.isNegative()) throw new IllegalArgumentException("ended-session retention must be >= 0");
    }

    public StreamSettings withPredictionMode(PredictionMode m) {
        return new StreamSettings(m, idleTimeout, punctuateEvery, maxEvents, maxCoordinate, maxAccelG, repeatFinals,
                maxLabelLength, maxSessionIdBytes, maxRecordBytes, maxSessions, maxFutureSkew, maxAge, endedRetention);
    }

    public StreamSettings withMaxEvents(int n) {
        return new StreamSettings(predictionMode, idleTimeout, punctuateEvery, n, maxCoordinate, maxAccelG, repeatFinals,
                maxLabelLength, maxSessionIdBytes, maxRecordBytes, maxSessions, maxFutureSkew, maxAge, endedRetention);
    }

    public StreamSettings withRepeatFinals(boolean repeat) {
        return new StreamSettings(predictionMode, idleTimeout, punctuateEvery, maxEvents, maxCoordinate, maxAccelG, repeat,
                maxLabelLength, maxSessionIdBytes, maxRecordBytes, maxSessions, maxFutureSkew, maxAge, endedRetention);
    }

    public StreamSettings withIdleTimeout(Duration d, Duration every) {
        return new StreamSettings(predictionMode, d, every, maxEvents, maxCoordinate, maxAccelG, repeatFinals,
                maxLabelLength, maxSessionIdBytes, maxRecordBytes, maxSessions, maxFutureSkew, maxAge, endedRetention);
    }

    public StreamSettings withMaxSessions(long n) {
        return new StreamSettings(predictionMode, idleTimeout, punctuateEvery, maxEvents, maxCoordinate, maxAccelG, repeatFinals,
                maxLabelLength, maxSessionIdBytes, maxRecordBytes, n, maxFutureSkew, maxAge, endedRetention);
    }

    /** How long an ended gesture's marker (and its final answer, for {@code /sessions/{id}}) is kept: at least the idle timeout. */
    public StreamSettings withEndedRetention(Duration d) {
        return new StreamSettings(predictionMode, idleTimeout, punctuateEvery, maxEvents, maxCoordinate, maxAccelG, repeatFinals,
                maxLabelLength, maxSessionIdBytes, maxRecordBytes, maxSessions, maxFutureSkew, maxAge, d);
    }

    /**
     * How much later than usual a record may be processed, or a wall-clock punctuation may run,
     * before the app counts itself as behind its input and stops counting quiet time towards the
     * idle timeout (a quarter of the timeout).
     */
    public Duration lagTolerance() {
        return idleTimeout.dividedBy(4);
    }

    /** No timestamp limits: for offline replay, where the wall clock means nothing. */
    public StreamSettings withoutClockLimits() {
        Duration forever = Duration.ofMillis(Long.MAX_VALUE / 4);
        return new StreamSettings(predictionMode, idleTimeout, punctuateEvery, maxEvents, maxCoordinate, maxAccelG, repeatFinals,
                maxLabelLength, maxSessionIdBytes, maxRecordBytes, maxSessions, forever, forever, endedRetention);
    }
}
