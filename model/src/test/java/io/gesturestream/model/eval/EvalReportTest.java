package io.gesturestream.model.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalReportTest {
    @Test
    void topThreeCountsTheTruthAmongTheThreeMostLikely() {
        List<String> labels = List.of("a", "b", "c", "d");
        int[] truth = {0, 1, 2, 3};
        // per gesture: the argmax after 25/50/75/100% of its events, then the 2nd and 3rd at the end
        int[][] p = {{0, 0, 0, 0, 1, 2}, {0, 0, 0, 0, 1, 2}, {0, 0, 0, 1, 0, 2}, {0, 0, 0, 0, 1, 2}};
        EvalReport r = EvalReport.of(labels, truth, p);
        assertEquals(0.25, r.accuracy());
        assertEquals(0.75, r.top3());
        assertTrue(Double.isNaN(r.caseless()), "no letter in both cases: no caseless measure");
        assertTrue(r.toJson(null, null).contains("\"top3\": 0.750000"));
        assertFalse(r.toJson(null, null).contains("caseless"));
    }

    @Test
    void caselessCountsCaseAndTheLookAlikeGroupsAsOne() {
        List<String> labels = List.of("0", "1", "C", "O", "c", "l", "o", "x", "|");
        int[] truth = {2, 3, 6, 1, 8, 7, 4};
        int last = 3;
        int[][] p = new int[truth.length][6];
        int[] said = {4, 0, 3, 5, 1, 2, 7};  // C as c, O as 0, o as O, 1 as l, | as 1: right; x as C, c as x: wrong
        for (int i = 0; i < truth.length; i++) p[i][last] = said[i];
        EvalReport r = EvalReport.of(labels, truth, p);
        assertEquals(0.0, r.accuracy());
        assertEquals(5.0 / 7, r.caseless(), 1e-12);
        assertTrue(r.toJson(null, null).contains("\"caseless\": 0.714286"));
        assertTrue(Caseless.same("a", "A") && Caseless.same("'", ",") && Caseless.same("-", "_") && !Caseless.same("i", "l"));
    }
}
