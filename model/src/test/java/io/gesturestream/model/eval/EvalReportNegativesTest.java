package io.gesturestream.model.eval;

import io.gesturestream.model.SpotModels;
import io.gesturestream.model.data.Gesture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reports over test data with negatives (other motion, labelled unknown), every figure counted by hand. */
class EvalReportNegativesTest {
    private static final List<String> LABELS = List.of("a", "b", "unknown");
    private static final int[] TRUTH = {0, 1, 2, 2, 2, 0, 1};
    // per gesture: the argmax after 25/50/75/100% of its events, the 2nd and 3rd at the end, 1 when known
    private static final int[][] P = {
            {1, 0, 0, 0, 1, 2, 1},     // a: right
            {1, 1, 1, 2, 1, 0, 1},     // b: answered unknown, b second
            {0, 2, 2, 2, 0, 1, 1},     // negative: unknown ranked first
            {0, 0, 0, 0, 2, 1, 0},     // negative: a, but under its threshold (known 0)
            {2, 2, 2, 1, 2, 0, 1},     // negative: b, known: not rejected
            {0, 0, 1, 1, 2, -1, 1},    // a: wrong, not in the top 3
            {1, 1, 1, 1, 0, 2, 1}};    // b: right

    private static String pad(String label) {
        return "  " + label + " ".repeat(20 - label.length());
    }

    @Test
    void accuracyIsOverTheGesturesAndUnknownRateOverTheNegatives() {
        for (boolean rejects : new boolean[] {false, true}) {
            EvalReport r = EvalReport.of(LABELS, TRUTH, P, rejects);
            assertEquals(4, r.gestures(), "the negatives are not gestures");
            assertEquals(3, r.negatives());
            assertEquals(0.5, r.accuracy());
            assertEquals(Map.of(0.25, 0.75, 0.5, 1.0, 0.75, 0.75, 1.0, 0.5), r.accuracyAt());
            assertEquals(0.75, r.top3());
            assertEquals(2.0 / 3, r.unknownRate(), 1e-12);
            assertTrue(Double.isNaN(r.caseless()));
            // per class and the confusion count the negatives too
            assertEquals(Map.of("a", 0.5, "b", 0.5, "unknown", 1.0 / 3), r.perClass());
            assertArrayEquals(new int[][] {{1, 1, 0}, {0, 1, 1}, {1, 1, 1}}, r.confusion());
            assertEquals("{\"gestures\": 4, \"accuracy\": 0.500000, \"top3\": 0.750000, \"negatives\": 3, \"unknownRate\": 0.666667, "
                    + "\"accuracyAt\": {\"0.25\": 0.750000, \"0.5\": 1.000000, \"0.75\": 0.750000, \"1.0\": 0.500000}, "
                    + "\"perClass\": {\"a\": 0.500000, \"b\": 0.500000, \"unknown\": 0.333333}, \"labels\": [\"a\", \"b\", \"unknown\"], "
                    + "\"confusion\": [[1, 1, 0], [0, 1, 1], [1, 1, 1]]}", r.toJson(null, null));
            String nl = System.lineSeparator();
            assertEquals("gestures: 4" + nl
                    + "accuracy at gesture end: 50.00% (top 3: 75.00%)" + nl
                    + "negatives (other motion, labelled unknown): 3, answered unknown: 66.67%" + nl
                    + "early accuracy:  25% of events: 75.00%  50% of events: 100.00%  75% of events: 75.00%  100% of events: 50.00%" + nl
                    + "per class:" + nl
                    + pad("a") + " 50.00%" + nl
                    + pad("b") + " 50.00%" + nl
                    + pad("unknown") + " 33.33%" + nl
                    + "confusion (rows: true, columns: predicted, in label order):\n"
                    + pad("a") + "    1    1    0\n"
                    + pad("b") + "    0    1    1\n"
                    + pad("unknown") + "    1    1    1\n", r.toText());
        }
    }

    @Test
    void withoutNegativesNothingChanges() {
        int[] truth = {0, 1, 0, 1};
        int[][] p = {P[0], P[1], P[5], P[6]};
        EvalReport withUnknown = EvalReport.of(LABELS, truth, p);
        EvalReport without = EvalReport.of(List.of("a", "b", "c"), truth, p);
        assertEquals(0, withUnknown.negatives());
        assertEquals(4, withUnknown.gestures());
        assertEquals(0.5, withUnknown.accuracy());
        assertEquals(0.75, withUnknown.top3());
        assertTrue(Double.isNaN(withUnknown.unknownRate()));
        assertEquals(without.toJson(null, null).replace("\"c\"", "\"unknown\""), withUnknown.toJson(null, null));
        assertTrue(!withUnknown.toJson(null, null).contains("negatives"));
        assertTrue(!withUnknown.toText().contains("negatives") && !withUnknown.toText().contains("answered unknown"));
        // a prototype model's unknown share is over all gestures, as before: one known flag 0 of four
        EvalReport rejects = EvalReport.of(LABELS, truth, new int[][] {P[0], P[1], P[5], {1, 1, 1, 1, 0, 2, 0}}, true);
        assertEquals(0.25, rejects.unknownRate());
        assertEquals(0, rejects.negatives());
        assertTrue(rejects.toText().contains("answered unknown (under their class's fit threshold): 25.00%"), rejects.toText());
        // truth labelled unknown when the labels have no unknown: an ordinary class
        EvalReport c = EvalReport.of(List.of("a", "b", "c"), TRUTH, P);
        assertEquals(7, c.gestures());
        assertEquals(0, c.negatives());
        assertEquals(3.0 / 7, c.accuracy(), 1e-12);
        // the constructor of old: no negatives
        assertEquals(0, new EvalReport(LABELS, 0, 0, Map.of(), Map.of(), new int[3][3], 0, Double.NaN, Double.NaN).negatives());
    }

    @Test
    void onlyNegativesScoreZeroOverNoGestures() {
        EvalReport r = EvalReport.of(LABELS, new int[] {2, 2}, new int[][] {P[2], P[4]});
        assertEquals(0, r.gestures());
        assertEquals(2, r.negatives());
        assertEquals(0.0, r.accuracy());
        assertEquals(0.0, r.top3());
        assertEquals(0.5, r.unknownRate());
    }

    @Test
    void theEvaluatorScoresARecognizersNegativesApart() {
        List<Gesture> data = List.of(
                new Gesture("a", "s", SpotModels.samples("--aaaa", 0, 20)),
                new Gesture("b", "s", SpotModels.samples("bbbbbb", 0, 20)),
                new Gesture("unknown", "s", SpotModels.samples("aaa---", 0, 20)),   // answered unknown at the end
                new Gesture("unknown", "s", SpotModels.samples("------", 0, 20)),
                new Gesture("unknown", "s", SpotModels.samples("---bbb", 0, 20)));  // answered b
        // the classifier without the spotting key: its answer after the last event is the final
        EvalReport r = Evaluator.evaluate(SpotModels.model(false), data, 2);
        assertEquals(2, r.gestures());
        assertEquals(3, r.negatives());
        assertEquals(1.0, r.accuracy());
        assertEquals(Map.of(0.25, 0.5, 0.5, 1.0, 0.75, 1.0, 1.0, 1.0), r.accuracyAt());   // after 2 of 6 events a is not yet named
        assertEquals(2.0 / 3, r.unknownRate(), 1e-12);
        assertArrayEquals(new int[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 2}}, r.confusion());
    }
}
