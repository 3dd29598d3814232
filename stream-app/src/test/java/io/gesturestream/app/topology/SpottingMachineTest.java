package io.gesturestream.app.topology;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Model;
import io.gesturestream.model.SpotFixture;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Splice;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spotting session through {@link SessionMachine} alone, without Kafka: a gesture of the
 * model's first class (index 0, where an off-by-one in "a class was found" would hide it) is
 * reported where the offline recognizer finds it, and its redelivered completing event repeats
 * the final under at-least-once only. ({@link SpottingTopologyTest} runs whole streams through
 * the topology.)
 */
class SpottingMachineTest {
    private static final long NOW = 9_000_000, T0 = 1_000_000;

    @Test
    void aGestureOfTheFirstClassIsSpottedAndItsCompletingEventRepeatsItsFinalUnderAtLeastOnceOnly() {
        Model model = Spotting.model();
        String first = model.labels().get(0);
        assertTrue(SpotFixture.GESTURES.contains(first), "class 0 is a gesture: " + model.labels());
        SplittableRandom r = new SplittableRandom(5);
        List<Sample> samples = Splice.of(List.of(new Splice.Piece(SpotFixture.other(2000, r), null),
                new Splice.Piece(SpotFixture.gesture(first, r), first), new Splice.Piece(SpotFixture.other(2000, r), null))).samples();
        // offline: the event that completes the gesture
        Recognizer rec = new Recognizer(model);
        SessionState s = rec.newSession();
        int completing = -1;
        for (int i = 0; i < samples.size(); i++) {
            rec.step(s, samples.get(i));
            if (rec.spotted() >= 0) {
                assertEquals(-1, completing, "one gesture, one detection");
                assertEquals(0, rec.spotted(), "found as what it is");
                completing = i;
            }
        }
        assertTrue(completing > 0, "the model finds its first class's gesture");
        List<GestureEvent> events = Spotting.events("w", samples, T0);
        for (boolean atLeastOnce : List.of(true, false)) {
            SessionMachine machine = new SessionMachine(StreamSettings.defaults().withRepeatFinals(atLeastOnce), new ModelRegistry(model));
            StoredSession stored = null;
            int finals = 0;
            for (int i = 0; i <= completing; i++) {
                GestureEvent e = events.get(i);
                long recordMs = e.getTimestamp().toEpochMilli();
                Transition t = machine.onEvent("w", stored, model, e, recordMs, NOW);
                if (t.put != null) stored = StoredSession.fromBytes(t.put.toBytes(), model);
                finals += t.finals();
                if (i == completing) {
                    assertEquals(1, t.finals(), "the completing event's final");
                    assertEquals(FinalReason.SPOTTED, t.finalResult(0).getFinalReason());
                    assertEquals(first, t.finalResult(0).getTopLabel());
                    assertEquals(i + 1, t.finalResult(0).getSeq());
                    assertEquals(recordMs, t.finalTimestamp(0));
                }
            }
            assertEquals(1, finals, "nothing before it");
            assertEquals(0, stored.spotted(), "the stored session remembers the class its last event completed");
            GestureEvent again = events.get(completing);
            Transition t = machine.onEvent("w", stored, model, again, again.getTimestamp().toEpochMilli(), NOW);
            assertTrue(t.duplicate);
            if (atLeastOnce) {
                assertEquals(1, t.finals(), "at-least-once: the final again");
                assertEquals(first, t.finalResult(0).getTopLabel());
                assertEquals(completing + 1, t.finalResult(0).getSeq());
            } else {
                assertEquals(0, t.finals(), "exactly once: nothing to repeat");
            }
        }
    }

    @Test
    void anExpiredSpottingSessionGoesSilentlyAMarkerIfItHadStepsNothingIfNot() {
        Model model = Spotting.model();
        SessionMachine machine = new SessionMachine(StreamSettings.defaults(), new ModelRegistry(model));
        Recognizer rec = new Recognizer(model);
        SessionState none = rec.newSession();
        Transition t = machine.onExpiry("w", StoredSession.open(NOW, T0, -1, none), model, NOW);
        assertEquals(0, t.finals());
        assertTrue(t.delete, "no steps: nothing to keep");
        assertEquals(null, t.put);

        SessionState some = rec.newSession();
        List<Sample> samples = SpotFixture.other(400, new SplittableRandom(3));
        for (Sample x : samples) rec.step(some, x);
        t = machine.onExpiry("w", StoredSession.open(NOW, T0, 0, some), model, NOW + 1);
        assertEquals(0, t.finals(), "silently: a spotting session has no gesture to end");
        assertTrue(!t.delete && t.put != null && t.put.isClosed() && t.put.state() == null, "a marker");
        assertEquals(some.lastSeq(), t.put.closedSeq());
        assertEquals(T0, t.put.lastRecordMs());
        assertEquals(NOW + 1, t.put.lastWallMs());
    }
}
