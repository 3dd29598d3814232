package io.gesturestream.app.topology;

import io.gesturestream.schemas.avro.Prediction;

/**
 * What one event, or one idle expiry, does to a session: decided by {@link SessionMachine},
 * carried out by {@link GruStepProcessor} in the order of the fields below. One instance per
 * machine, cleared for each event: nothing is allocated for it per event.
 */
final class Transition {
    /** Skipped: its seq is not newer than the last applied ({@code gesture_events_total{outcome="duplicate"}}). */
    boolean duplicate;
    /** Applied, with seqs missing before it ({@code outcome="gap"}). */
    boolean gap;
    /** It came {@link #prematureGapMs} after the last event of a gesture that an idle final had ended. */
    boolean premature;
    long prematureGapMs;
    /** The GRU stepped, in {@link #stepNanos} ({@code outcome="applied"}). */
    boolean applied;
    long stepNanos;

    /** Final results, in order (an idle final of the gesture before, then the one this event ends): to results and predictions. */
    private final Prediction[] finals = new Prediction[2];
    private final long[] finalTimestamps = new long[2];
    private int finalCount;
    /** To the predictions topic, stamped as the event's record and with its headers; null for none. */
    Prediction prediction;
    /** The model refused the sample: the event is dead-lettered with this reason (the session is not written). */
    String refusal;
    /** What the store holds for the session after this; null leaves it as it is. */
    StoredSession put;
    /** The session leaves the store (a tombstone in the changelog). */
    boolean delete;

    void clear() {
        duplicate = gap = premature = applied = delete = false;
        prematureGapMs = stepNanos = 0;
        finals[0] = finals[1] = null;
        finalCount = 0;
        prediction = null;
        refusal = null;
        put = null;
    }

    /** A final result, stamped {@code recordMs}. */
    void addFinal(Prediction p, long recordMs) {
        finals[finalCount] = p;
        finalTimestamps[finalCount++] = recordMs;
    }

    int finals() {
        return finalCount;
    }

    Prediction finalResult(int i) {
        return finals[i];
    }

    long finalTimestamp(int i) {
        return finalTimestamps[i];
    }
}
