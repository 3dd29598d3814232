package io.gesturestream.model.train;

import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What training counts as right ({@link Bptt#lastCorrect()}), on a one-unit GRU whose output
 * is set by its input: the update gate shut (z = sigmoid(-40)), so h = tanh(4 x); the head's
 * logits (0, 5h, -5h) make x = +1 read class 1 ("a"), x = -1 class 2 ("b") and x = 0 a three-way
 * tie, which goes to class 0 (the blank, for CTC).
 */
class BpttOutcomeTest {
    private static final GruShape SHAPE = new GruShape(1, 1, 1, 3);

    private static float[] params() {
        float[] p = new float[SHAPE.size()];
        p[SHAPE.wIh(0) + 2] = 4f;        // W_in
        p[SHAPE.bIh(0) + 1] = -40f;      // b_iz: z = 0, h = n
        p[SHAPE.wOut() + 1] = 5f;        // logit of a = 5h
        p[SHAPE.wOut() + 2] = -5f;       // logit of b = -5h
        return p;
    }

    private static boolean ctcRight(float[] x, int... target) {
        float[] p = params();
        Bptt b = new Bptt(SHAPE, new Gru(SHAPE, p));
        b.accumulateCtc(new Gru(SHAPE, p), p, x, x.length, target, target.length, null);
        return b.lastCorrect();
    }

    private static boolean classRight(float[] x, int label) {
        float[] p = params();
        Bptt b = new Bptt(SHAPE, new Gru(SHAPE, p));
        b.accumulate(new Gru(SHAPE, p), p, x, x.length, label);
        return b.lastCorrect();
    }

    @Test
    void aTranscriptIsRightWhenTheBestPathCollapsedSpellsTheTargetExactly() {
        float[] x = {1, 1, 0, 1, -1};   // a a - a b: collapsed, a a b
        assertTrue(ctcRight(x, 1, 1, 2));
        assertFalse(ctcRight(x, 1, 2), "the repeat after a blank is a second a");
        assertFalse(ctcRight(x, 1, 1, 2, 2), "one b short");
        assertFalse(ctcRight(x, 1, 1), "one b too many");
        assertFalse(ctcRight(x, 1, 1, 1), "a b where an a was wanted");
        assertFalse(ctcRight(x, 2, 1, 2));
        assertTrue(ctcRight(new float[] {0, 0, 0}), "all blanks spell nothing");
        assertFalse(ctcRight(new float[] {0, 1, 0}), "an a where nothing was wanted");
        assertTrue(ctcRight(new float[] {-1, -1, -1}, 2), "repeats without a blank are one b");
    }

    @Test
    void aClassIsRightWhenItIsTheLastStepsBestAndTiesGoToTheFirst() {
        assertTrue(classRight(new float[] {1, 1, -1}, 2));
        assertFalse(classRight(new float[] {1, 1, -1}, 1), "only the last step counts");
        assertTrue(classRight(new float[] {-1, 1}, 1));
        assertTrue(classRight(new float[] {1, 0}, 0), "a tie goes to the first class");
        assertFalse(classRight(new float[] {1, 0}, 1));
        assertFalse(classRight(new float[] {1, 0}, 2));
    }

    @Test
    void aScoresRatesAreOverReferenceCharactersAndGesturesAndZeroForNone() {
        var s = new BidirectionalReference.Score(4, 3, 12, 1);
        assertEquals(0.25, s.cer());
        assertEquals(0.25, s.wer());
        assertEquals(0.0, new BidirectionalReference.Score(0, 0, 0, 0).cer());
        assertEquals(0.0, new BidirectionalReference.Score(0, 0, 0, 0).wer());
        assertEquals(1.5, new BidirectionalReference.Score(2, 6, 4, 2).cer());
    }
}
