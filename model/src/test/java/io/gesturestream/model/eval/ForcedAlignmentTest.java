package io.gesturestream.model.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ForcedAlignmentTest {
    /** Per step, a distribution that puts 0.7 on one class and shares the rest among the others. */
    private static float[] peaks(int classes, int... best) {
        float[] p = new float[best.length * classes];
        for (int t = 0; t < best.length; t++) {
            for (int c = 0; c < classes; c++) p[t * classes + c] = c == best[t] ? 0.7f : 0.3f / (classes - 1);
        }
        return p;
    }

    @Test
    void eachSymbolEndsWhereTheBestAlignmentLeavesIt() {
        // blank a a blank b blank blank b: "abb" needs the blank between its two b's
        float[] p = peaks(3, 0, 1, 1, 0, 2, 0, 0, 2);
        assertArrayEquals(new int[] {2, 4, 7}, ForcedAlignment.lastSteps(p, 8, 3, new int[] {1, 2, 2}));
    }

    @Test
    void theTextIsAlignedEvenWhereTheModelReadsSomethingElse() {
        // the model reads "b" twice where the text has "ab": the a takes the first b's step (one unlikely step),
        // not the first blank's, which would cost the blank at t0 as well as an unlikely step later
        float[] p = peaks(3, 0, 2, 0, 2, 0);
        assertArrayEquals(new int[] {1, 3}, ForcedAlignment.lastSteps(p, 5, 3, new int[] {1, 2}));
    }

    @Test
    void anEmptyTextHasNoSymbolToPlace() {
        assertArrayEquals(new int[0], ForcedAlignment.lastSteps(peaks(3, 1, 1), 2, 3, new int[0]));
        assertArrayEquals(new int[0], ForcedAlignment.lastSteps(new float[0], 0, 3, new int[0]));
    }

    @Test
    void aTextLongerThanTheStepsCanSpellHasNoAlignment() {
        assertNull(ForcedAlignment.lastSteps(peaks(3, 1, 1), 2, 3, new int[] {1, 1}));
        assertNull(ForcedAlignment.lastSteps(new float[0], 0, 3, new int[] {1}));
    }
}
