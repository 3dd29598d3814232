package io.gesturestream.app.config;

import java.time.Duration;

/**
 * What the topology needs to know, independent of where it came from.
 *
 * @param idleTimeout   a session with no event for this long (wall clock) gets a final result
 * @param punctuateEvery how often sessions are checked for the idle timeout
 * @param maxEvents     a gesture that reaches this many events gets a final result (MAX_LENGTH)
 * @param maxCoordinate pen coordinates beyond +-this are refused as absurd
 * @param maxAccelG     IMU acceleration beyond +-this (g) is refused; angular rate beyond 100x it (deg/s)
 * @param repeatFinals  repeat a final result when the event that ended its gesture is delivered
 *                      again (at-least-once: a duplicate rather than a loss after a crash)
 */
public record StreamSettings(PredictionMode predictionMode, Duration idleTimeout, Duration punctuateEvery, int maxEvents,
                             double maxCoordinate, double maxAccelG, boolean repeatFinals) {

    public static StreamSettings defaults() {
        return new StreamSettings(PredictionMode.EVERY, Duration.ofSeconds(3), Duration.ofMillis(500), 10_000, 1e7, 64, true);
    }

    public StreamSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idle timeout must be > 0");
        if (punctuateEvery.isNegative() || punctuateEvery.isZero()) throw new IllegalArgumentException("punctuation interval must be > 0");
        if (maxEvents < 1) throw new IllegalArgumentException("max events must be >= 1");
        if (!(maxCoordinate > 0) || !(maxAccelG > 0)) throw new IllegalArgumentException("limits must be > 0");
    }

    public StreamSettings withPredictionMode(PredictionMode m) {
        return new StreamSettings(m, idleTimeout, punctuateEvery, maxEvents, maxCoordinate, maxAccelG, repeatFinals);
    }

    public StreamSettings withMaxEvents(int n) {
        return new StreamSettings(predictionMode, idleTimeout, punctuateEvery, n, maxCoordinate, maxAccelG, repeatFinals);
    }

    public StreamSettings withRepeatFinals(boolean repeat) {
        return new StreamSettings(predictionMode, idleTimeout, punctuateEvery, maxEvents, maxCoordinate, maxAccelG, repeat);
    }

    public StreamSettings withIdleTimeout(Duration d, Duration every) {
        return new StreamSettings(predictionMode, d, every, maxEvents, maxCoordinate, maxAccelG, repeatFinals);
    }
}
