package io.gesturestream.model.eval;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.PenEncoder;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluator on gestures whose every event's answer is scripted ({@link Scripted}: an event
 * at position q ranks the classes by their distance to q), every figure counted by hand.
 */
class EvaluatorExactTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d");
    private static final Model MODEL = Scripted.classifier(LABELS);

    // 4 events: scored after 1, 2, 3, 4 of them
    private static final Gesture G1 = Scripted.gesture("d", 4, 0, 1, 2, 3);
    // 3 events: after 1, 2, 3, 3
    private static final Gesture G2 = Scripted.gesture("b", 4, 1, 2, 0);
    // 1 event: after it, four times; at 2.2, d is nearer than b
    private static final Gesture G3 = Scripted.gesture("c", 4, 2.2);
    // 8 events: after 2, 4, 6, 8; at 1.7 a is fourth
    private static final Gesture G4 = Scripted.gesture("a", 4, 3, 3, 3, 3, 1, 1, 1, 1.7);
    // 5 events: after 2, 3, 4, 5
    private static final Gesture G5 = Scripted.gesture("a", 4, 1, 0, 2, 3, 0.2);

    @Test
    void predictsAfterEachShareOfTheEventsAndRanksTheRunnersUp() {
        Recognizer rec = new Recognizer(MODEL);
        assertArrayEquals(new int[] {0, 1, 2, 3}, Evaluator.predict(rec, G1.samples()));
        assertArrayEquals(new int[] {0, 1, 2, 3, 2, 1, 1}, Evaluator.ranked(rec, G1.samples()));
        assertArrayEquals(new int[] {1, 2, 0, 0, 1, 2, 1}, Evaluator.ranked(rec, G2.samples()));
        assertArrayEquals(new int[] {2, 2, 2, 2, 3, 1, 1}, Evaluator.ranked(rec, G3.samples()));
        assertArrayEquals(new int[] {3, 3, 1, 2, 1, 3, 1}, Evaluator.ranked(rec, G4.samples()));
        assertArrayEquals(new int[] {0, 2, 3, 0, 1, 2, 1}, Evaluator.ranked(rec, G5.samples()));
        // class 0 second (at 0.6), and third (at 1.2)
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 2, 1}, Evaluator.ranked(rec, Scripted.events(4, 0.6)));
        assertArrayEquals(new int[] {1, 1, 1, 1, 2, 0, 1}, Evaluator.ranked(rec, Scripted.events(4, 1.2)));
        // two classes: no third
        Model two = Scripted.classifier(List.of("x", "y"));
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, -1, 1}, Evaluator.ranked(new Recognizer(two), Scripted.events(2, 1)));
        assertArrayEquals(new int[] {0, 0, 0, 1, 0, -1, 1}, Evaluator.ranked(new Recognizer(two), Scripted.events(2, 0, 0, 0, 1)));
    }

    @Test
    void tiesGoToTheLowerClassAtEveryRank() {
        // no weights at all: every class equally likely
        GruShape s = new GruShape(12, 1, 1, 4);
        Model flat = new Model("flat", "1", s, new PenEncoder(true), LABELS, Map.of(), new float[s.size()]);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 2, 1}, Evaluator.ranked(new Recognizer(flat), G1.samples()));
    }

    @Test
    void evaluatesEveryGestureExactly() {
        List<Gesture> gs = List.of(G1, G2, G3, G4, G5);
        for (int threads : new int[] {1, 2, 8}) {
            EvalReport r = Evaluator.evaluate(MODEL, gs, threads);
            // finals d, a, c, c, a for d, b, c, a, a
            assertEquals(0.6, r.accuracy(), 1e-12);
            assertEquals(Map.of(0.25, 0.6, 0.5, 0.2, 0.75, 0.2, 1.0, 0.6), r.accuracyAt());
            assertEquals(0.8, r.top3(), 1e-12, "a is fourth for G4");
            assertArrayEquals(new int[][] {{1, 0, 1, 0}, {1, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}, r.confusion());
            assertEquals(Map.of("a", 0.5, "b", 0.0, "c", 1.0, "d", 1.0), r.perClass());
            assertTrue(Double.isNaN(r.unknownRate()), "a classifier answers no unknown");
            assertTrue(Double.isNaN(r.caseless()));
        }
        assertEquals(0.6, Evaluator.finalAccuracy(MODEL, gs, 2), 1e-12);
    }

    @Test
    void aPrototypeModelsReportCountsTheFinalsItCallsUnknown() {
        // the unit's sign is the class: neg's mean -1, pos's +1, so the fit (a cosine) is 1, over both thresholds;
        // but a unit at 0 (one event at position 0.5) is at cosine 0 to both: neg by the tie, and unknown
        Model base = Scripted.classifier(List.of("neg", "pos"));
        Model m = Model.prototypes("signs", "1", base, List.of("neg", "pos"), new float[] {-1f, 1f}, new int[] {1, 1},
                new float[] {0.5f, 0.5f}, Map.of());
        List<Gesture> gs = List.of(Scripted.gesture("pos", 2, 1), Scripted.gesture("neg", 2, 0), Scripted.gesture("pos", 2, 0.5));
        EvalReport r = Evaluator.evaluate(m, gs, 1);
        assertEquals(2.0 / 3, r.accuracy(), 1e-12);
        assertEquals(1.0 / 3, r.unknownRate(), 1e-12);
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, -1, 1}, Evaluator.ranked(new Recognizer(m), gs.get(0).samples()));
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, -1, 1}, Evaluator.ranked(new Recognizer(m), gs.get(1).samples()));
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, -1, 0}, Evaluator.ranked(new Recognizer(m), gs.get(2).samples()));
    }

    @Test
    void refusesLabelsAndEventsTheModelDoesNotKnowAndPassesOnAWorkersFailure() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(MODEL, List.of(G1, Scripted.gesture("e", 4, 0)), 1));
        assertEquals("label 'e' is not one of the model's classes [a, b, c, d]", e.getMessage());
        Gesture imu = new Gesture("a", "s", List.of(new ImuSample(0, 0, 1, 0, 0, 0, 0)));
        e = assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(MODEL, List.of(G1, imu), 1));
        assertEquals("model scripted reads PEN events, the data holds IMU events", e.getMessage());
        List<Sample> bad = new ArrayList<>(G1.samples());
        bad.set(2, new PenSample(PenSample.Phase.MOVE, Float.POSITIVE_INFINITY, 0f, 0.5f, 20L));
        e = assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(MODEL, List.of(G2, new Gesture("d", "s", bad)), 2));
        assertTrue(e.getMessage().startsWith("pen coordinates must be finite"), e.getMessage());
        // and the old fixture still evaluates
        assertEquals(Fixtures.shapes(2, 1, 3).size(), Evaluator.evaluate(Fixtures.tinyModel(4, 1, 3), Fixtures.shapes(2, 1, 3), 2).gestures());
    }
}
