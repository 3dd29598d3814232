package io.gesturestream.app.topology;

import io.gesturestream.app.config.PredictionMode;
import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;

/**
 * A session's gestures, from first event to final result: what an accepted event does to the
 * session as stored, and what the idle timeout does to it. It decides, steps the GRU and builds
 * the predictions; {@link GruStepProcessor} carries out the {@link Transition} it returns
 * (forwards, store, counts). No Kafka, no store. An event, given the stored session:
 * <ol>
 *   <li>after an ended gesture's marker: an event the gesture covered is a duplicate, and under
 *   at-least-once ({@link StreamSettings#repeatFinals()}) the one that ended it repeats its final
 *   result (after a crash, the changelog may hold the marker while the final never reached its
 *   topic); a newer one starts the next gesture, and is premature when an idle final ended the
 *   gesture less than the timeout before it, by the device's clock;</li>
 *   <li>a sample the timeout or more after the last event of a gesture in progress, by the
 *   device's own clock (the events' {@code t}): that gesture ended then (its idle final, stamped
 *   its last record's time plus the timeout), and this sample starts the next (an END is not
 *   judged so: a gateway may stamp it with a clock of its own);</li>
 *   <li>END: the gesture's final result (if it has any step) and its marker;</li>
 *   <li>otherwise one GRU step; a seq not newer than the last applied is a duplicate and skipped,
 *   a gap is counted and applied. At {@link StreamSettings#maxEvents()} steps: a final result and
 *   a marker; else a prediction (as {@link StreamSettings#predictionMode()} says) and the session.</li>
 * </ol>
 *
 * <p><b>Spotting</b> (issue 20). The session of a spotting model ({@link Model#spotting()}: an
 * IMU worn or held all day) has no gestures to end: it is one continuous stream, and its finals
 * are the gestures the model finds in it. After every applied step whose
 * {@link Recognizer#spotted()} names a class, a final result with reason {@code SPOTTED}: that
 * class's label as its top label (not the step's argmax, which by then is usually
 * {@code unknown}) and its probability, the seq and time of the event that completed it, stamped
 * with that event's record time; the session stays open and the GRU goes on (a prediction as
 * the mode says too, after the final). Nothing else is final for it:
 * <ul>
 *   <li>the event cap does not apply: the session goes on past {@link StreamSettings#maxEvents()}
 *   (what it bounds for other models, a gesture's length, is here the spotter's run, which it
 *   bounds itself; the step count is an int, 2^31 events: 2.7 years at 25 Hz);</li>
 *   <li>the idle timeout (by the punctuation, or a sample the timeout after the last by the
 *   device's clock) ends the session silently, leaving a marker without a final so that a
 *   redelivered event of it is skipped; the device's next event starts a fresh session;</li>
 *   <li>END closes it, with the same marker, and gives it the final that any ended session has,
 *   with reason {@code END}, unless its spotter reported a gesture in it: then nothing more. That
 *   final names the class of the session's last run long enough to name an ending session's
 *   gesture ({@link Recognizer#atEnd}: shorter than a SPOTTED one, since the END says that a
 *   gesture was made here), else {@code unknown}; it is what {@code evaluate} scores for the
 *   same samples. A device that says where its gestures are (a button held while gesturing)
 *   so gets one answer per gesture, as a pen does;</li>
 *   <li>a duplicate (seq not newer than the last applied) is skipped and emits nothing, as for
 *   any session: the spotter's run lives in the stored state, which the event has already
 *   moved. Under at-least-once ({@link StreamSettings#repeatFinals()}) the stored session
 *   remembers whether its last applied event completed a gesture ({@link StoredSession#spotted()}),
 *   and a redelivery of that very event repeats its SPOTTED final, bit for bit but for
 *   {@code processedAt}, as an ended gesture's marker repeats its final. What a crash under
 *   at-least-once does to a SPOTTED final, then: when the store comes back from before its
 *   event (the usual case: the record cache reaches the changelog only at a commit), the event
 *   is applied again and the final comes again, the same; when the store had already taken the
 *   event (a cache eviction wrote it) and the final was lost with the crash, the repeat above
 *   gives it again if that event was the session's last applied one, and it is lost if later
 *   events of the session were applied before the crash too (as is the final of a pen gesture
 *   whose marker the next gesture replaced). Under exactly_once_v2 the store and the outputs
 *   commit together: each final once.</li>
 * </ul>
 * A spotting session goes on with the model it started on (as a gesture does) until it goes
 * idle or ends; a published model takes over at its next start.
 */
final class SessionMachine {
    private final StreamSettings settings;
    private final ModelRegistry models;
    private final long timeoutMs;
    private final Transition t = new Transition();
    private final Recognizers recognizers = new Recognizers();
    /** The marker of a gesture this event's gap (by the device's clock) ended; stored even if the event itself is refused. */
    private StoredSession endedByGap;

    SessionMachine(StreamSettings settings, ModelRegistry models) {
        this.settings = settings;
        this.models = models;
        this.timeoutMs = settings.idleTimeout().toMillis();
    }

    /**
     * Event {@code e} of session {@code key}, stamped {@code recordMs}, processed at {@code nowMs}.
     *
     * @param stored the session as stored; null when there is none, or it could not be read
     * @param model  the model of the stored gesture (a gesture goes on with the model it started on)
     * @return what to do; the same instance, overwritten by the next call
     */
    Transition onEvent(String key, StoredSession stored, Model model, GestureEvent e, long recordMs, long nowMs) {
        t.clear();
        endedByGap = null;
        long seq = e.getSeq();
        // how long the device was quiet, by its own clock (the events' t): a producer or gateway that held its records
        // back does not make a device quiet, and a device's clock is consistent within its session
        long sinceLast = stored == null || stored.state() == null || stored.state().steps() == 0 ? 0
                : e.getTimestamp().toEpochMilli() - stored.state().lastTime();
        if (stored != null && stored.isClosed()) {
            if (seq <= stored.closedSeq()) {
                t.duplicate = true;  // redelivered from a gesture that has ended; its final may not have reached Kafka
                // (a spotting session's marker has a final only when END gave it one: endedBy says)
                if (settings.repeatFinals() && stored.endedBy(seq)) {
                    long at = stored.finalReason() == FinalReason.IDLE_TIMEOUT ? stored.lastRecordMs() + timeoutMs : recordMs;
                    addFinal(key, model, stored.state(), stored.finalReason(), seq, nowMs, at);
                }
                return t;
            }
            if (stored.finalReason() == FinalReason.IDLE_TIMEOUT && sinceLast >= 0 && sinceLast < timeoutMs) {  // that idle final came early
                t.premature = true;
                t.prematureGapMs = sinceLast;
            }
            stored = null;  // the session's next gesture, on the current model
            model = models.current();
        } else if (stored != null && e.getType() != EventType.END && sinceLast >= timeoutMs) {  // an END ends its gesture as END, whatever its clock
            // quiet for the timeout by its own clock: however late this event is processed
            if (model.spotting()) {
                endedByGap = StoredSession.closed(nowMs, stored.lastRecordMs(), stored.state().lastSeq());  // silently, as the sweep would
            } else if (stored.state().steps() > 0) {
                addFinal(key, model, stored.state(), FinalReason.IDLE_TIMEOUT, 0, nowMs, stored.lastRecordMs() + timeoutMs);
                long last = stored.state().lastSeq();
                endedByGap = StoredSession.ended(nowMs, stored.lastRecordMs(), last, stored.state(), last, FinalReason.IDLE_TIMEOUT);
            }
            stored = null;
            model = models.current();
        }
        if (e.getType() == EventType.END) {
            // a spotting session whose spotter reported a gesture has had its answer
            if (stored != null && stored.state().steps() > 0 && !recognizers.of(model).reported(stored.state())) {
                addFinal(key, model, stored.state(), FinalReason.END, seq, nowMs, recordMs);
                long last = Math.max(seq, stored.state().lastSeq());
                t.put = StoredSession.ended(nowMs, recordMs, last, stored.state(), seq, FinalReason.END);
            } else {
                t.put = StoredSession.closed(nowMs, recordMs, stored == null ? seq : Math.max(seq, stored.state().lastSeq()));
            }
            return t;
        }
        return step(key, stored, model, e, recordMs, nowMs);
    }

    private Transition step(String key, StoredSession stored, Model model, GestureEvent e, long recordMs, long nowMs) {
        Recognizer recognizer = recognizers.of(model);
        SessionState state = stored == null ? recognizer.newSession() : stored.state();
        long seq = e.getSeq(), last = state.lastSeq();
        if (last != Long.MIN_VALUE && seq <= last) {
            t.duplicate = true;
            // at-least-once: the event that completed a gesture, redelivered after a crash that may have lost its final
            if (settings.repeatFinals() && stored.spotted() >= 0 && seq == last) {
                addSpotted(key, model, state, stored.spotted(), nowMs, recordMs);
            }
            return t;
        }
        t.gap = last != Long.MIN_VALUE && seq > last + 1;
        float[] p;
        long t0 = System.nanoTime();
        try {
            p = recognizer.step(state, seq, GestureEvents.toSample(e));
        } catch (IllegalArgumentException refused) {  // a sample the model cannot read; the state is unchanged
            t.refusal = refused.getMessage();
            t.put = endedByGap;  // the gesture before it has ended all the same: its marker, not the gesture in progress
            return t;
        }
        t.applied = true;
        t.stepNanos = System.nanoTime() - t0;
        int top = Recognizer.argmax(p);
        int spotted = recognizer.spotted();
        if (spotted >= 0) addSpotted(key, model, state, spotted, nowMs, recordMs);
        if (state.steps() >= settings.maxEvents() && !model.spotting()) {
            addFinal(key, model, state, FinalReason.MAX_LENGTH, seq, nowMs, recordMs);
            t.put = StoredSession.ended(nowMs, recordMs, seq, state, seq, FinalReason.MAX_LENGTH);
            return t;
        }
        PredictionMode mode = settings.predictionMode();
        if (mode == PredictionMode.EVERY || (mode == PredictionMode.CHANGE && top != (stored == null ? -1 : stored.lastTop()))) {
            t.prediction = Predictions.of(key, model, recognizer, state, p, seq, false, null, nowMs);
        }
        t.put = StoredSession.open(nowMs, recordMs, top, state, spotted);
        return t;
    }

    /**
     * Whether stored session {@code s} has been quiet long enough to go, by the idle clock's
     * verdict at {@code nowMs}: its record time {@code clock} ({@link Long#MIN_VALUE} before the
     * task processed a record: then quiet wall-clock time since {@code quietSince} counts).
     */
    boolean expired(StoredSession s, long clock, long quietSince, long nowMs) {
        return clock == Long.MIN_VALUE ? nowMs >= wallDue(s, quietSince) : clock >= due(s);
    }

    /** The record time at which {@code s} falls due: its last record's time plus how long it is kept. */
    long due(StoredSession s) {
        return saturatedAdd(s.lastRecordMs(), keep(s));
    }

    /** The wall-clock time at which {@code s} falls due while its task has processed no record, quiet since {@code quietSince}. */
    long wallDue(StoredSession s, long quietSince) {
        return saturatedAdd(Math.max(s.lastWallMs(), quietSince), keep(s));
    }

    /** An ended gesture's marker stays longer, so that its answer can still be queried. */
    private long keep(StoredSession s) {
        return s.isClosed() ? Math.max(timeoutMs, settings.endedRetention().toMillis()) : timeoutMs;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    /** An expired session (null: one that could not be read): a gesture in progress gets its idle final and a marker, the rest goes. */
    Transition onExpiry(String key, StoredSession s, Model model, long nowMs) {
        t.clear();
        if (s != null && !s.isClosed() && s.state().steps() > 0 && model.spotting()) {
            t.put = StoredSession.closed(nowMs, s.lastRecordMs(), s.state().lastSeq());  // silently: a spotting session has no gesture to end
        } else if (s != null && !s.isClosed() && s.state().steps() > 0) {
            addFinal(key, model, s.state(), FinalReason.IDLE_TIMEOUT, 0, nowMs, s.lastRecordMs() + timeoutMs);
            // its marker, like an END's: a late event of this gesture is then seen for what it is
            long last = s.state().lastSeq();
            t.put = StoredSession.ended(nowMs, s.lastRecordMs(), last, s.state(), last, FinalReason.IDLE_TIMEOUT);
        } else {
            t.delete = true;  // an ended gesture's marker, or what could not be read
        }
        return t;
    }

    /**
     * A final result, stamped {@code recordMs}: the record time of the event that ended the
     * gesture (END, the event cap), or for the idle timeout its last record's time plus the
     * timeout. Never the device's own clock, which may count from its start: a record stamped in
     * 1970 is deleted by the topic's time retention before a lagging reader gets to it.
     */
    /** The SPOTTED final of the gesture of class {@code spotted} that the event just applied to {@code s} completed, stamped {@code recordMs}. */
    private void addSpotted(String key, Model model, SessionState s, int spotted, long nowMs, long recordMs) {
        Recognizer rec = recognizers.of(model);
        t.addFinal(Predictions.spotted(key, model, rec, s, rec.probabilities(s), spotted, nowMs), recordMs);
    }

    private void addFinal(String key, Model model, SessionState s, FinalReason reason, long seq, long nowMs, long recordMs) {
        Recognizer rec = recognizers.of(model);
        float[] p = rec.probabilities(s);
        long at = reason == FinalReason.END ? seq : s.lastSeq();
        if (model.spotting()) {  // only an END reaches here for it: the class of its last run long enough, else unknown
            t.addFinal(Predictions.named(key, model, rec, s, p, at, reason, rec.atEnd(s), nowMs), recordMs);
        } else {
            t.addFinal(Predictions.of(key, model, rec, s, p, at, true, reason, nowMs), recordMs);
        }
    }
}
