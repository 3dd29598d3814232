package io.gesturestream.app.topology;

import io.gesturestream.app.config.PredictionMode;
import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Model;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session lifecycle on its own, without Kafka: what each event and each idle expiry does to a
 * stored session. The store is stood in for by {@link #stored}, written in its stored form and
 * read back, as the processor does.
 */
class SessionMachineTest {
    private static final Model PEN;

    static {
        try {
            PEN = Model.bundled("pendigits");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final long NOW = 5_000_000, TIMEOUT = StreamSettings.defaults().idleTimeout().toMillis();
    private SessionMachine machine = machine(StreamSettings.defaults());
    /** The session as the store holds it; null for none. */
    private StoredSession stored;

    private static SessionMachine machine(StreamSettings settings) {
        return new SessionMachine(settings, new ModelRegistry(PEN));
    }

    /** Event {@code e}, stamped {@code recordMs} (its record, and its own t: a device sending as it draws), through the machine. */
    private Transition on(GestureEvent e, long recordMs) {
        return on(e, recordMs, recordMs);
    }

    /** Event {@code e} with its own time {@code t} (the device's clock), its record stamped {@code recordMs}; its store write carried out. */
    private Transition on(GestureEvent e, long t, long recordMs) {
        e.setTimestamp(java.time.Instant.ofEpochMilli(t));  // each test event is a fresh one
        return store(machine.onEvent(e.getSession(), stored, PEN, e, recordMs, NOW));
    }

    private Transition store(Transition t) {
        if (t.put != null) stored = StoredSession.fromBytes(t.put.toBytes(), PEN);
        if (t.delete) stored = null;
        return t;
    }

    private static GestureEvent move(long seq) {
        return Events.pen("s", seq, seq == 1 ? EventType.DOWN : EventType.MOVE, seq, 2 * seq);
    }

    /** A gesture of {@code n} events, stamped 10 ms apart from {@code fromMs}. */
    private void draw(int n, long fromMs) {
        for (int i = 1; i <= n; i++) on(move(i), fromMs + 10L * (i - 1));
    }

    @Test
    void theFirstEventOfASessionStepsTheGruAndGivesAPredictionAndTheSessionInProgress() {
        Transition t = on(move(1), 1_000);
        assertTrue(t.applied);
        assertFalse(t.duplicate || t.gap || t.premature || t.delete);
        assertEquals(0, t.finals());
        assertEquals(1, t.prediction.getSeq());
        assertEquals(1, t.prediction.getSteps());
        assertEquals(NOW, t.prediction.getProcessedAt().toEpochMilli());
        assertFalse(stored.isClosed());
        assertEquals(1, stored.state().steps());
        assertEquals(1_000, stored.lastRecordMs());
        assertEquals(NOW, stored.lastWallMs());
        assertEquals(PEN.labels().indexOf(t.prediction.getTopLabel()), stored.lastTop());
    }

    @Test
    void aSeqNotNewerThanTheLastAppliedIsADuplicateAndChangesNothing() {
        draw(2, 1_000);
        Transition t = on(move(2), 1_020);
        assertTrue(t.duplicate);
        assertFalse(t.applied);
        assertNull(t.prediction);
        assertNull(t.put, "the stored session stays as it was");
    }

    @Test
    void aGapInSeqIsCountedAndApplied() {
        assertFalse(on(move(1), 1_000).gap, "the first");
        assertFalse(on(move(2), 1_005).gap, "the next seq");
        stored = null;
        on(move(1), 1_000);
        Transition t = on(move(4), 1_010);
        assertTrue(t.gap && t.applied);
        assertEquals(2, stored.state().steps());
        assertEquals(4, stored.state().lastSeq());
    }

    @Test
    void endGivesTheFinalResultStampedWithItsRecordTimeAndLeavesTheEndedMarker() {
        draw(2, 1_000);
        Transition t = on(Events.end("s", 3), 1_030);
        assertEquals(1, t.finals());
        Prediction f = t.finalResult(0);
        assertEquals(FinalReason.END, f.getFinalReason());
        assertTrue(f.getFinal$());
        assertEquals(3, f.getSeq(), "the END's seq");
        assertEquals(2, f.getSteps());
        assertEquals(1_030, t.finalTimestamp(0));
        assertNull(t.prediction);
        assertTrue(stored.isClosed());
        assertEquals(3, stored.closedSeq());
        assertTrue(stored.endedBy(3));
    }

    @Test
    void endOfASessionWithoutEventsLeavesAMarkerAndNoFinal() {
        Transition t = on(Events.end("s", 5), 1_000);
        assertEquals(0, t.finals());
        assertTrue(stored.isClosed());
        assertNull(stored.state());
        assertEquals(5, stored.closedSeq());
    }

    @Test
    void underAtLeastOnceTheRedeliveredEndRepeatsItsFinalBitForBitAndTheRestAreDuplicates() {
        draw(3, 1_000);
        Prediction first = on(Events.end("s", 4), 1_030).finalResult(0);
        Transition moveAgain = on(move(2), 1_010);
        assertTrue(moveAgain.duplicate);
        assertEquals(0, moveAgain.finals());
        Transition endAgain = on(Events.end("s", 4), 1_030);
        assertTrue(endAgain.duplicate);
        assertEquals(1, endAgain.finals());
        assertEquals(first, endAgain.finalResult(0));
        assertEquals(1_030, endAgain.finalTimestamp(0));
        assertNull(endAgain.put);
    }

    @Test
    void underExactlyOnceTheRedeliveredEndIsOnlyADuplicate() {
        machine = machine(StreamSettings.defaults().withRepeatFinals(false));
        draw(3, 1_000);
        on(Events.end("s", 4), 1_030);
        Transition again = on(Events.end("s", 4), 1_030);
        assertTrue(again.duplicate);
        assertEquals(0, again.finals());
    }

    @Test
    void anEventTheTimeoutAfterTheLastByTheDevicesClockEndsTheGestureBeforeItAndStartsTheNext() {
        draw(2, 1_000);
        Transition t = on(move(3), 1_010 + TIMEOUT);
        assertEquals(1, t.finals());
        assertEquals(FinalReason.IDLE_TIMEOUT, t.finalResult(0).getFinalReason());
        assertEquals(2, t.finalResult(0).getSeq(), "the seq of the gesture's last event");
        assertEquals(2, t.finalResult(0).getSteps());
        assertEquals(1_010 + TIMEOUT, t.finalTimestamp(0), "its last record's time plus the timeout");
        assertTrue(t.applied);
        assertEquals(1, t.prediction.getSteps(), "this event is the first of the next gesture");
        assertEquals(1, stored.state().steps());
        assertFalse(on(move(4), 1_010 + 2 * TIMEOUT - 1).finals() > 0, "a millisecond short of the timeout: the same gesture");
    }

    @Test
    void quietIsJudgedByTheDevicesClockNotByWhenItsRecordsWereSent() {
        draw(2, 1_000);
        // a gateway held the device's next event back for the timeout: the device was not quiet
        Transition held = on(move(3), 1_020, 1_010 + TIMEOUT + 500);
        assertEquals(0, held.finals());
        assertEquals(3, stored.state().steps(), "the same gesture");
        // the device was quiet for the timeout by its own clock, its records sent close together: the gesture ended
        Transition quiet = on(move(4), 1_020 + TIMEOUT, 1_010 + TIMEOUT + 510);
        assertEquals(1, quiet.finals());
        assertEquals(FinalReason.IDLE_TIMEOUT, quiet.finalResult(0).getFinalReason());
        assertEquals(3, quiet.finalResult(0).getSteps());
        // a clock that starts again (another recording, another device start) is no gap and no sign of an early final
        store(machine.onExpiry("s", stored, PEN, NOW));
        assertFalse(on(move(5), 10, 1_020 + 2 * TIMEOUT).premature);
    }

    @Test
    void anEndEndsItsGestureAsEndWhateverItsClock() {
        draw(2, 1_000);
        // samples counting from the device's start, the END stamped by a gateway with the time of day
        Transition t = on(Events.end("s", 3), 1_764_000_000_000L, 1_030);
        assertEquals(1, t.finals());
        assertEquals(FinalReason.END, t.finalResult(0).getFinalReason());
        assertEquals(2, t.finalResult(0).getSteps());
    }

    @Test
    void finalsComeInOrderTheGestureBeforeThenTheOneThisEventEnds() {
        draw(2, 1_000);
        machine = machine(StreamSettings.defaults().withMaxEvents(1));  // restarted with a lower cap
        Transition t = on(move(3), 1_010 + TIMEOUT);
        assertEquals(2, t.finals());
        assertEquals(FinalReason.IDLE_TIMEOUT, t.finalResult(0).getFinalReason());
        assertEquals(FinalReason.MAX_LENGTH, t.finalResult(1).getFinalReason());
        assertEquals(1_010 + TIMEOUT, t.finalTimestamp(1), "the cap's final: this event's record time");
    }

    @Test
    void theEventCapEndsTheGestureWithAFinalAndAMarker() {
        machine = machine(StreamSettings.defaults().withMaxEvents(3));
        draw(2, 1_000);
        Transition t = on(move(3), 1_020);
        assertEquals(FinalReason.MAX_LENGTH, t.finalResult(0).getFinalReason());
        assertEquals(3, t.finalResult(0).getSteps());
        assertEquals(1_020, t.finalTimestamp(0));
        assertNull(t.prediction, "the final instead");
        assertTrue(stored.endedBy(3));
        assertEquals(1, on(move(4), 1_030).prediction.getSteps(), "the next event starts the next gesture");
    }

    @Test
    void anEventWithinTheTimeoutAfterAnIdleFinalIsPrematureAndStartsTheNextGesture() {
        draw(2, 1_000);
        store(machine.onExpiry("s", stored, PEN, NOW));
        Transition t = on(move(3), 1_050);
        assertTrue(t.premature);
        assertEquals(40, t.prematureGapMs);
        assertEquals(1, stored.state().steps());
        draw(2, 10_000);
        store(machine.onExpiry("s", stored, PEN, NOW));
        assertFalse(on(move(3), 10_010 + TIMEOUT).premature, "the timeout after: the device was quiet as long as the final said");
    }

    @Test
    void predictionModesDecideWhichStepsGiveAPrediction() {
        machine = machine(StreamSettings.defaults().withPredictionMode(PredictionMode.FINAL));
        on(move(1), 1_000);
        assertNull(on(move(2), 1_010).prediction);
        machine = machine(StreamSettings.defaults().withPredictionMode(PredictionMode.CHANGE));
        stored = null;
        int lastTop = -1;
        for (int i = 1; i <= 20; i++) {
            Transition t = on(Events.pen("s", i, EventType.MOVE, 40 * (float) Math.cos(i / 3.0), 40 * (float) Math.sin(i / 3.0)), 1_000 + i);
            assertEquals(stored.lastTop() != lastTop, t.prediction != null, "event " + i);
            lastTop = stored.lastTop();
        }
    }

    @Test
    void aSampleTheModelCannotReadIsRefusedAndTheSessionIsNotWritten() {
        StreamSettings d = StreamSettings.defaults();
        machine = machine(new StreamSettings(d.predictionMode(), d.idleTimeout(), d.punctuateEvery(), d.maxEvents(), 1e31, d.maxAccelG(),
                d.repeatFinals(), d.maxLabelLength(), d.maxSessionIdBytes(), d.maxRecordBytes(), d.maxSessions(), d.maxFutureSkew(),
                d.maxAge(), d.endedRetention()));  // lets through what the pen encoder refuses
        Transition t = on(Events.pen("s", 1, EventType.DOWN, 2e30f, 0), 1_000);
        assertEquals("pen coordinates must be finite and within +-1.0E30, got (2.0E30, 0.0)", t.refusal);
        assertFalse(t.applied);
        assertNull(t.put);
    }

    @Test
    void aRefusedSampleAfterAGapOfTheTimeoutStillEndsTheGestureBeforeIt() {
        StreamSettings d = StreamSettings.defaults();
        machine = machine(new StreamSettings(d.predictionMode(), d.idleTimeout(), d.punctuateEvery(), d.maxEvents(), 1e31, d.maxAccelG(),
                d.repeatFinals(), d.maxLabelLength(), d.maxSessionIdBytes(), d.maxRecordBytes(), d.maxSessions(), d.maxFutureSkew(),
                d.maxAge(), d.endedRetention()));
        draw(3, 1_000);
        Transition t = on(Events.pen("s", 4, EventType.MOVE, 2e30f, 0), 1_020 + TIMEOUT);
        assertTrue(t.refusal != null);
        assertEquals(1, t.finals(), "the idle final of the gesture before it");
        assertTrue(stored.isClosed() && stored.finalReason() == FinalReason.IDLE_TIMEOUT,
                "its marker is stored, not the gesture in progress, which a punctuation would end a second time");
        assertTrue(machine.onExpiry("s", stored, PEN, NOW).delete, "and an expiry deletes the marker, with no second final");
    }

    @Test
    void aGestureInProgressIsIdleTheTimeoutAfterItsLastRecordInTheIdleClocksTime() {
        draw(1, 1_000);
        assertFalse(machine.expired(stored, 1_000 + TIMEOUT - 1, NOW, NOW));
        assertTrue(machine.expired(stored, 1_000 + TIMEOUT, NOW, NOW));
    }

    @Test
    void anEndedGesturesMarkerStaysForTheEndedRetention() {
        draw(1, 1_000);
        on(Events.end("s", 2), 1_000);
        long retention = StreamSettings.defaults().endedRetention().toMillis();
        assertFalse(machine.expired(stored, 1_000 + TIMEOUT, NOW, NOW));
        assertFalse(machine.expired(stored, 1_000 + retention - 1, NOW, NOW));
        assertTrue(machine.expired(stored, 1_000 + retention, NOW, NOW));
        machine = machine(StreamSettings.defaults().withEndedRetention(Duration.ZERO));
        assertFalse(machine.expired(stored, 1_000 + TIMEOUT - 1, NOW, NOW), "never shorter than the idle timeout");
    }

    @Test
    void beforeTheTaskProcessedARecordOnlyQuietWallClockTimeCounts() {
        draw(1, 1_000);  // stored at wall-clock NOW
        long quietSince = NOW + 2_000;  // a restore: quiet counts from then
        assertFalse(machine.expired(stored, Long.MIN_VALUE, quietSince, quietSince + TIMEOUT - 1));
        assertTrue(machine.expired(stored, Long.MIN_VALUE, quietSince, quietSince + TIMEOUT));
    }

    @Test
    void anExpiredGestureInProgressGetsItsIdleFinalAndAMarker() {
        draw(3, 1_000);
        Transition t = store(machine.onExpiry("s", stored, PEN, NOW + 9_000));
        assertEquals(1, t.finals());
        Prediction f = t.finalResult(0);
        assertEquals(FinalReason.IDLE_TIMEOUT, f.getFinalReason());
        assertEquals(3, f.getSeq());
        assertEquals(NOW + 9_000, f.getProcessedAt().toEpochMilli());
        assertEquals(1_020 + TIMEOUT, t.finalTimestamp(0), "its last record's time plus the timeout");
        assertFalse(t.delete);
        assertTrue(stored.isClosed() && stored.endedBy(3));
        assertEquals(FinalReason.IDLE_TIMEOUT, stored.finalReason());
        assertEquals(1_020, stored.lastRecordMs(), "the marker keeps the gesture's last record time");
    }

    @Test
    void anExpiredMarkerOrAnUnreadableSessionIsDeleted() {
        on(Events.end("s", 1), 1_000);
        Transition t = machine.onExpiry("s", stored, PEN, NOW);
        assertTrue(t.delete);
        assertEquals(0, t.finals());
        assertNull(t.put);
        assertTrue(machine.onExpiry("s", null, null, NOW).delete);
    }

    @Test
    void oneTransitionServesEveryEventNothingIsAllocatedForIt() {
        Transition first = on(move(1), 1_000);
        assertSame(first, on(move(2), 1_010));
        assertSame(first, machine.onExpiry("s", stored, PEN, NOW));
        Transition duplicate = on(move(2), 1_010);
        assertNull(duplicate.prediction, "each use starts clear");
        assertEquals(0, duplicate.finals());
    }

    @Test
    void underAtLeastOnceTheRedeliveredLastEventOfAnIdleEndedGestureRepeatsItsIdleFinalAsFirstStamped() {
        draw(3, 1_000);
        Transition idle = store(machine.onExpiry("s", stored, PEN, NOW));
        Prediction first = idle.finalResult(0);
        Transition again = on(move(3), 1_020, 1_020 + 5 * TIMEOUT);  // redelivered much later
        assertTrue(again.duplicate);
        assertEquals(1, again.finals());
        assertEquals(first, again.finalResult(0));
        assertEquals(3, again.finalResult(0).getSeq());
        assertEquals(FinalReason.IDLE_TIMEOUT, again.finalResult(0).getFinalReason());
        assertEquals(1_020 + TIMEOUT, again.finalTimestamp(0), "its last record's time plus the timeout, as the first");
        assertEquals(0, on(move(2), 1_010).finals(), "an earlier event of it: only a duplicate");
    }

    @Test
    void anEventAtTheSameDeviceTimeAsTheLastAfterAnIdleFinalIsPremature() {
        draw(2, 1_000);
        store(machine.onExpiry("s", stored, PEN, NOW));
        Transition t = on(move(3), 1_010, 1_010 + TIMEOUT);
        assertTrue(t.premature);
        assertEquals(0, t.prematureGapMs);
    }

    @Test
    void aStoredGestureWithoutStepsEndsAndExpiresWithoutAFinal() {
        StoredSession empty = StoredSession.open(NOW, 1_000, -1, new io.gesturestream.model.Recognizer(PEN).newSession());
        stored = empty;
        Transition end = on(Events.end("s", 4), 1_010);
        assertEquals(0, end.finals());
        assertTrue(stored.isClosed());
        assertNull(stored.state());
        assertEquals(4, stored.closedSeq());
        Transition expiry = machine.onExpiry("s", empty, PEN, NOW);
        assertEquals(0, expiry.finals());
        assertTrue(expiry.delete);
    }

    @Test
    void theStepTimeIsTheGruStepsOwn() {
        long before = System.nanoTime();
        Transition t = on(move(1), 1_000);
        long elapsed = System.nanoTime() - before;
        assertTrue(t.stepNanos > 0 && t.stepNanos <= elapsed, t.stepNanos + " ns of " + elapsed);
    }

    @Test
    void aDueTimeBeyondTheLastMillisecondIsTheLastMillisecond() {
        StoredSession late = StoredSession.open(NOW, Long.MAX_VALUE - 10, 0, null);
        assertEquals(Long.MAX_VALUE, machine.due(late), "saturated, not wrapped to the past");
        assertEquals(Long.MAX_VALUE, machine.wallDue(StoredSession.open(Long.MAX_VALUE - 10, 0, 0, null), Long.MIN_VALUE));
        assertEquals(1_000 + TIMEOUT, machine.due(StoredSession.open(NOW, 1_000, 0, null)));
        assertEquals(-5_000 + TIMEOUT, machine.due(StoredSession.open(NOW, -5_000, 0, null)), "a sum, whatever the signs");
        assertEquals(Long.MIN_VALUE + 1 + TIMEOUT, machine.due(StoredSession.open(NOW, Long.MIN_VALUE + 1, 0, null)));
        assertFalse(machine.expired(late, Long.MAX_VALUE - 1, NOW, NOW));
    }
}
