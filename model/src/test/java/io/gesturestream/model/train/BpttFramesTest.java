package io.gesturestream.model.train;

import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Bptt#accumulateFrames}, a class to learn at every step (spotting): its loss by hand on a
 * GRU whose output is set by its input, and what it counts as right (its gradient against finite
 * differences: {@link GradientCheckTest}).
 */
class BpttFramesTest {
    /** One unit, the update gate shut, so h = tanh(4 x); logits (0, 5h, -5h), as in {@link BpttOutcomeTest}. */
    private static final GruShape ONE = new GruShape(1, 1, 1, 3);

    private static float[] oneUnit() {
        float[] p = new float[ONE.size()];
        p[ONE.wIh(0) + 2] = 4f;
        p[ONE.bIh(0) + 1] = -40f;
        p[ONE.wOut() + 1] = 5f;
        p[ONE.wOut() + 2] = -5f;
        return p;
    }

    /** -log softmax(0, 5h, -5h)[y], h = tanh(4 x). */
    private static double crossEntropy(double x, int y) {
        double h = Math.tanh(4 * x);
        double[] logit = {0, 5 * h, -5 * h};
        double sum = Math.exp(logit[0]) + Math.exp(logit[1]) + Math.exp(logit[2]);
        return -(logit[y] - Math.log(sum));
    }

    private static Bptt frames(float[] p, float[] x, int[] targets) {
        Bptt b = new Bptt(ONE, new Gru(ONE, p));
        b.accumulateFrames(new Gru(ONE, p), p, x, x.length, targets, null);
        return b;
    }

    @Test
    void theLossIsTheMeanOverTheStepsOfMinusTheLogOfEachTargetsProbability() {
        float[] p = oneUnit();
        float[] x = {1f, -1f, 0f, 0.5f};
        int[] y = {1, 2, 0, 2};
        double want = (crossEntropy(1, 1) + crossEntropy(-1, 2) + crossEntropy(0, 0) + crossEntropy(0.5, 2)) / 4;
        // by hand: h = tanh(4) = 0.99933, so the first two cost log(1 + e^-5 + e^-10) = 0.006784 each; the third log 3
        assertEquals(Math.log(1 + Math.exp(-5 * Math.tanh(4)) + Math.exp(-10 * Math.tanh(4))), crossEntropy(1, 1), 1e-12);
        assertEquals(Math.log(3), crossEntropy(0, 0), 1e-12);
        Bptt b = new Bptt(ONE, new Gru(ONE, p));
        double loss = b.accumulateFrames(new Gru(ONE, p), p, x, x.length, y, null);
        assertEquals(want, loss, 1e-5);
        // one step: that step's cross-entropy, not divided by anything else
        Bptt one = new Bptt(ONE, new Gru(ONE, p));
        assertEquals(crossEntropy(0.5, 2), one.accumulateFrames(new Gru(ONE, p), p, new float[] {0.5f}, 1, new int[] {2}, null), 1e-5);
        // only the first steps count: a longer x is read up to steps
        Bptt part = new Bptt(ONE, new Gru(ONE, p));
        assertEquals((crossEntropy(1, 1) + crossEntropy(-1, 2)) / 2, part.accumulateFrames(new Gru(ONE, p), p, x, 2, y, null), 1e-5);
    }

    @Test
    void aWeightMakesTheGesturesStepsCountMoreThanTheRejectClasssAndWeightOneIsThePlainMeanToTheBit() {
        float[] p = oneUnit();
        float[] x = {1f, -1f, 0f, 0.5f};
        int[] y = {1, 2, 0, 2};
        // class 0 is the reject class here: the other three steps weigh 3 each, the third step 1
        double want = (3 * crossEntropy(1, 1) + 3 * crossEntropy(-1, 2) + crossEntropy(0, 0) + 3 * crossEntropy(0.5, 2)) / 10;
        Bptt w = new Bptt(ONE, new Gru(ONE, p));
        assertEquals(want, w.accumulateFrames(new Gru(ONE, p), p, x, x.length, y, 0, 3f, null), 1e-5);
        // the head bias's gradient is the same weighted mean of p - target
        double[] at0 = softmax(0);
        assertEquals((at0[0] - 1) / 10 + 3 * (softmax(Math.tanh(4))[0] + softmax(Math.tanh(-4))[0] + softmax(Math.tanh(2))[0]) / 10,
                w.grad[ONE.bOut()], 1e-4);
        Bptt plain = new Bptt(ONE, new Gru(ONE, p)), one = new Bptt(ONE, new Gru(ONE, p));
        assertEquals(plain.accumulateFrames(new Gru(ONE, p), p, x, x.length, y, null),
                one.accumulateFrames(new Gru(ONE, p), p, x, x.length, y, 0, 1f, null));
        assertArrayEquals(plain.grad, one.grad);
    }

    @Test
    void aTeachersRowMixesWithTheClassOnGestureStepsOnlyAndAZeroRowKeepsTheClass() {
        float[] p = oneUnit();
        float[] x = {1f, -1f, 0f, 0.5f};
        int[] y = {1, 2, 0, 2};
        float alpha = 0.8f;
        // class 0 rejects: its step keeps its class though its row has a distribution; the last step's row is zero
        float[] soft = {
                0.1f, 0.3f, 0.6f,
                0.0f, 0.5f, 0.5f,
                0.2f, 0.2f, 0.6f,
                0f, 0f, 0f};
        double[] first = mix(soft, 0, 1, alpha), second = mix(soft, 3, 2, alpha);
        double want = (3 * taughtCrossEntropy(1, first) + 3 * taughtCrossEntropy(-1, second) + crossEntropy(0, 0)
                + 3 * crossEntropy(0.5, 2)) / 10;
        Bptt b = new Bptt(ONE, new Gru(ONE, p));
        assertEquals(want, b.accumulateFrames(new Gru(ONE, p), p, x, x.length, y, 0, 3f, null, soft, alpha), 1e-5);
        // the head bias's gradient: the weighted mean of p - target, the mixed target where taught
        double[] s1 = softmax(Math.tanh(4)), s2 = softmax(Math.tanh(-4)), s0 = softmax(0), s3 = softmax(Math.tanh(2));
        for (int c = 0; c < 3; c++) {
            double g = (3 * (s1[c] - first[c]) + 3 * (s2[c] - second[c]) + (s0[c] - (c == 0 ? 1 : 0)) + 3 * (s3[c] - (c == 2 ? 1 : 0))) / 10;
            assertEquals(g, b.grad[ONE.bOut() + c], 1e-4, "class " + c);
        }
        // a teacher that says the class itself changes nothing (to rounding)
        float[] same = {0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1};
        Bptt taught = new Bptt(ONE, new Gru(ONE, p)), plain = new Bptt(ONE, new Gru(ONE, p));
        assertEquals(plain.accumulateFrames(new Gru(ONE, p), p, x, x.length, y, 0, 3f, null),
                taught.accumulateFrames(new Gru(ONE, p), p, x, x.length, y, 0, 3f, null, same, alpha), 1e-6);
        assertArrayEquals(plain.grad, taught.grad, 1e-6f);
    }

    /** (1 - alpha) onehot(y) + alpha soft[lo, lo + 3). */
    private static double[] mix(float[] soft, int lo, int y, float alpha) {
        double[] m = new double[3];
        for (int c = 0; c < 3; c++) m[c] = alpha * soft[lo + c] + (c == y ? 1 - alpha : 0);
        return m;
    }

    /** -sum_c target[c] log softmax(0, 5h, -5h)[c], h = tanh(4 x). */
    private static double taughtCrossEntropy(double x, double[] target) {
        double ce = 0;
        for (int c = 0; c < 3; c++) ce += target[c] * crossEntropy(x, c);
        return ce;
    }

    @Test
    void theGradientOfTheHeadBiasIsTheMeanOfPMinusTheTargets() {
        float[] p = oneUnit();
        float[] x = {1f, 0f};
        int[] y = {2, 0};
        Bptt b = frames(p, x, y);
        // dL/db_c = (1/T) sum_t (p_t[c] - [c == y_t])
        double[] at1 = softmax(Math.tanh(4)), at0 = softmax(0);
        for (int c = 0; c < 3; c++) {
            double want = ((at1[c] - (c == 2 ? 1 : 0)) + (at0[c] - (c == 0 ? 1 : 0))) / 2;
            assertEquals(want, b.grad[ONE.bOut() + c], 1e-5, "class " + c);
        }
        // added, not set: a second stream adds its own
        b.accumulateFrames(new Gru(ONE, p), p, x, x.length, y, null);
        assertEquals(2 * ((at1[0] + at0[0] - 1) / 2), b.grad[ONE.bOut()], 1e-5);
    }

    private static double[] softmax(double h) {
        double[] e = {1, Math.exp(5 * h), Math.exp(-5 * h)};
        double s = e[0] + e[1] + e[2];
        return new double[] {e[0] / s, e[1] / s, e[2] / s};
    }

    @Test
    void rightOnlyWhenEveryStepsAnswerIsItsTarget() {
        float[] p = oneUnit();
        float[] x = {1f, -1f, 0f};
        assertTrue(frames(p, x, new int[] {1, 2, 0}).lastCorrect());
        assertFalse(frames(p, x, new int[] {2, 2, 0}).lastCorrect(), "the first step wrong");
        assertFalse(frames(p, x, new int[] {1, 1, 0}).lastCorrect(), "a middle step wrong");
        assertFalse(frames(p, x, new int[] {1, 2, 1}).lastCorrect(), "the last step wrong (a tie goes to class 0)");
        // the flag is the last stream's: right again after a wrong one
        Bptt b = frames(p, x, new int[] {0, 0, 0});
        assertFalse(b.lastCorrect());
        b.accumulateFrames(new Gru(ONE, p), p, x, 3, new int[] {1, 2, 0}, null);
        assertTrue(b.lastCorrect());
    }
}
