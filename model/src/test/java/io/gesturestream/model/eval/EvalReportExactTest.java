package io.gesturestream.model.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every field, the JSON and the text of reports counted by hand. */
class EvalReportExactTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d");
    private static final int[] TRUTH = {0, 0, 1, 2, 2};
    // per gesture: the argmax after 25/50/75/100% of its events, the 2nd and 3rd at the end, 1 when known
    private static final int[][] P = {
            {1, 0, 0, 0, 1, 2, 1},     // right
            {0, 0, 1, 1, 0, 2, 0},     // wrong, its class second; unknown
            {2, 2, 1, 1, 0, 2, 1},     // right
            {0, 1, 2, 1, 0, 2, 0},     // wrong, its class third; unknown
            {2, 2, 2, 0, 1, -1, 1}};   // wrong, not in the top 3 (a third class missing)

    private static String pad(String label) {
        return "  " + label + " ".repeat(20 - label.length());
    }

    @Test
    void countsAccuracyEarlyAccuracyTopThreePerClassConfusionAndUnknowns() {
        EvalReport r = EvalReport.of(LABELS, TRUTH, P, true);
        assertEquals(5, r.gestures());
        assertEquals(0.4, r.accuracy());
        assertEquals(Map.of(0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 1.0, 0.4), r.accuracyAt());
        assertEquals(List.of(0.25, 0.5, 0.75, 1.0), List.copyOf(r.accuracyAt().keySet()));
        assertEquals(0.8, r.top3());
        assertEquals(0.4, r.unknownRate());
        assertTrue(Double.isNaN(r.caseless()));
        // d has no gesture: no per-class figure
        assertEquals(Map.of("a", 0.5, "b", 1.0, "c", 0.0), r.perClass());
        assertEquals(List.of("a", "b", "c"), List.copyOf(r.perClass().keySet()));
        assertArrayEquals(new int[][] {{1, 1, 0, 0}, {0, 1, 0, 0}, {1, 1, 0, 0}, {0, 0, 0, 0}}, r.confusion());
        assertEquals("{\"gestures\": 5, \"accuracy\": 0.400000, \"top3\": 0.800000, \"unknownRate\": 0.400000, "
                + "\"accuracyAt\": {\"0.25\": 0.400000, \"0.5\": 0.600000, \"0.75\": 0.800000, \"1.0\": 0.400000}, "
                + "\"perClass\": {\"a\": 0.500000, \"b\": 1.000000, \"c\": 0.000000}, \"labels\": [\"a\", \"b\", \"c\", \"d\"], "
                + "\"confusion\": [[1, 1, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0]], "
                + "\"baseline\": {\"name\": \"dollar1\", \"accuracy\": 0.250000}}", r.toJson("dollar1", 0.25));
        String nl = System.lineSeparator();
        assertEquals("gestures: 5" + nl
                + "accuracy at gesture end: 40.00% (top 3: 80.00%)" + nl
                + "answered unknown (under their class's fit threshold): 40.00%" + nl
                + "early accuracy:  25% of events: 40.00%  50% of events: 60.00%  75% of events: 80.00%  100% of events: 40.00%" + nl
                + "per class:" + nl
                + pad("a") + " 50.00%" + nl
                + pad("b") + " 100.00%" + nl
                + pad("c") + " 0.00%" + nl
                + "confusion (rows: true, columns: predicted, in label order):\n"
                + pad("a") + "    1    1    0    0\n"
                + pad("b") + "    0    1    0    0\n"
                + pad("c") + "    1    1    0    0\n"
                + pad("d") + "    0    0    0    0\n", r.toText());
        // without rejection: no unknown share
        EvalReport plain = EvalReport.of(LABELS, TRUTH, P);
        assertTrue(Double.isNaN(plain.unknownRate()));
        assertEquals(r.toJson(null, null).replace(", \"unknownRate\": 0.400000", ""), plain.toJson(null, null));
        assertTrue(!plain.toText().contains("unknown"), plain.toText());
    }

    @Test
    void aCharacterModelAlsoHasItsCaselessAccuracy() {
        List<String> labels = List.of("A", "a", "b");
        int[][] p = {{1, 1, 1, 1, 0, 2, 1}, {1, 1, 1, 1, 0, 2, 1}, {0, 0, 0, 0, 1, 2, 1}};   // b: its class third
        EvalReport r = EvalReport.of(labels, new int[] {0, 1, 2}, p);
        assertEquals(1.0 / 3, r.accuracy(), 1e-12);
        assertEquals(2.0 / 3, r.caseless(), 1e-12);
        assertEquals("{\"gestures\": 3, \"accuracy\": 0.333333, \"top3\": 1.000000, \"caseless\": 0.666667, "
                + "\"accuracyAt\": {\"0.25\": 0.333333, \"0.5\": 0.333333, \"0.75\": 0.333333, \"1.0\": 0.333333}, "
                + "\"perClass\": {\"A\": 0.000000, \"a\": 1.000000, \"b\": 0.000000}, \"labels\": [\"A\", \"a\", \"b\"], "
                + "\"confusion\": [[0, 1, 0], [0, 1, 0], [1, 0, 0]]}", r.toJson(null, null));
        String nl = System.lineSeparator();
        assertTrue(r.toText().startsWith("gestures: 3" + nl + "accuracy at gesture end: 33.33% (top 3: 100.00%)" + nl
                + "caseless accuracy: 66.67% (" + Caseless.DESCRIPTION + ")" + nl + "early accuracy:  25% of events: 33.33%"), r.toText());
    }

    @Test
    void anEmptyEvaluationScoresZeroEverywhere() {
        EvalReport r = EvalReport.of(List.of("A", "a"), new int[0], new int[0][], true);
        assertEquals(0, r.gestures());
        assertEquals(0.0, r.accuracy());
        assertEquals(0.0, r.top3());
        assertEquals(0.0, r.caseless());
        assertEquals(0.0, r.unknownRate());
        assertEquals("{\"gestures\": 0, \"accuracy\": 0.000000, \"top3\": 0.000000, \"unknownRate\": 0.000000, \"caseless\": 0.000000, "
                + "\"accuracyAt\": {\"0.25\": 0.000000, \"0.5\": 0.000000, \"0.75\": 0.000000, \"1.0\": 0.000000}, "
                + "\"perClass\": {}, \"labels\": [\"A\", \"a\"], \"confusion\": [[0, 0], [0, 0]]}", r.toJson(null, null));
    }

    @Test
    void caselessGroupsEachLetterWithItsOtherCaseAndTheLookAlikes() {
        assertEquals("a", Caseless.key("A"));
        assertEquals("a", Caseless.key("a"));
        assertEquals("z", Caseless.key("Z"));
        assertEquals("o", Caseless.key("0"));
        assertEquals("l", Caseless.key("I"));
        assertEquals("l", Caseless.key("|"));
        assertEquals("i", Caseless.key("i"));
        assertEquals("'", Caseless.key(","));
        assertEquals("-", Caseless.key("_"));
        // not one ASCII letter: itself
        assertEquals("7", Caseless.key("7"));
        assertEquals("Ab", Caseless.key("Ab"));
        assertEquals("\u00C9", Caseless.key("\u00C9"));
        assertTrue(Caseless.same("\u00C9", "\u00C9") && !Caseless.same("\u00C9", "\u00E9") && !Caseless.same("i", "I"));
        assertTrue(Caseless.applies(List.of("x", "Q", "q")));
        assertTrue(!Caseless.applies(List.of("Q", "x")) && !Caseless.applies(List.of("q", "x")));
        assertTrue(!Caseless.applies(List.of("\u00C9", "\u00E9")), "ASCII letters only");
        assertTrue(!Caseless.applies(List.of("AB", "ab")) && !Caseless.applies(List.of("1", "l")));
    }
}
