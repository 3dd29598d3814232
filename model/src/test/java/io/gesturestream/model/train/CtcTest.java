package io.gesturestream.model.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CTC against the definition (every path enumerated) and its gradient against finite differences. */
class CtcTest {

    @Test
    void lossIsMinusTheLogOfTheSummedProbabilityOfEveryPathThatCollapsesToTheTarget() {
        SplittableRandom r = new SplittableRandom(1);
        int classes = 3;
        for (int[] target : new int[][] {{1}, {1, 2}, {2, 2}, {1, 1, 2}, {}}) {
            for (int steps = 1; steps <= 6; steps++) {
                float[] probs = softmax(randomLogits(r, steps, classes), steps, classes);
                double p = 0;
                for (int[] path : paths(steps, classes)) {
                    if (!Arrays.equals(collapse(path), target)) continue;
                    double q = 1;
                    for (int t = 0; t < steps; t++) q *= probs[t * classes + path[t]];
                    p += q;
                }
                float[] grad = new float[steps * classes];
                double loss = new Ctc().lossAndGradient(probs, steps, classes, target, target.length, 1f, grad, 0);
                String what = Arrays.toString(target) + " in " + steps + " steps";
                if (p == 0) {
                    assertFalse(Ctc.feasible(steps, target, target.length), what);
                    assertEquals(Double.POSITIVE_INFINITY, loss, what);
                    for (float g : grad) assertEquals(0f, g, what);
                } else {
                    assertTrue(Ctc.feasible(steps, target, target.length), what);
                    assertEquals(-Math.log(p), loss, 1e-9 * Math.max(1, -Math.log(p)), what);
                }
            }
        }
    }

    @Test
    void gradientWithRespectToTheLogitsMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(2);
        int classes = 5;
        for (int[] target : new int[][] {{1, 2, 2, 3}, {4}, {3, 1, 3}}) {
            int steps = 9;
            double[] logits = randomLogits(r, steps, classes);
            float[] grad = new float[steps * classes];
            Ctc ctc = new Ctc();
            ctc.lossAndGradient(softmax(logits, steps, classes), steps, classes, target, target.length, 0.5f, grad, 0);
            double eps = 1e-3;
            for (int i = 0; i < logits.length; i++) {
                double keep = logits[i];
                logits[i] = keep + eps;
                double up = lossOf(ctc, logits, steps, classes, target);
                logits[i] = keep - eps;
                double down = lossOf(ctc, logits, steps, classes, target);
                logits[i] = keep;
                double numeric = 0.5 * (up - down) / (2 * eps);
                assertEquals(numeric, grad[i], 2e-4 + 1e-3 * Math.abs(numeric), Arrays.toString(target) + " logit " + i);
            }
            for (int t = 0; t < steps; t++) {   // softmax: the gradient of each step sums to zero
                double sum = 0;
                for (int k = 0; k < classes; k++) sum += grad[t * classes + k];
                assertEquals(0, sum, 1e-5);
            }
        }
    }

    @Test
    void staysFiniteOnLongSequencesWherePlainProbabilitiesWouldUnderflow() {
        SplittableRandom r = new SplittableRandom(3);
        int steps = 3000, classes = 30;
        int[] target = new int[60];
        for (int i = 0; i < target.length; i++) target[i] = 1 + r.nextInt(classes - 1);
        float[] probs = softmax(randomLogits(r, steps, classes), steps, classes);
        float[] grad = new float[steps * classes];
        double loss = new Ctc().lossAndGradient(probs, steps, classes, target, target.length, 1f, grad, 0);
        assertTrue(loss > 3000 && Double.isFinite(loss), "loss " + loss);   // far below what a double product could hold
        for (float g : grad) assertTrue(Float.isFinite(g) && Math.abs(g) <= 1f);
        float[] again = new float[grad.length];
        assertEquals(loss, new Ctc().lossAndGradient(probs, steps, classes, target, target.length, 1f, again, 0));
        assertTrue(Arrays.equals(grad, again), "the same bits from the same input");
    }

    @Test
    void refusesABlankOrOutOfRangeLabelInTheTarget() {
        float[] probs = softmax(randomLogits(new SplittableRandom(4), 4, 3), 4, 3);
        float[] grad = new float[12];
        assertThrows(IllegalArgumentException.class, () -> new Ctc().lossAndGradient(probs, 4, 3, new int[] {0}, 1, 1f, grad, 0));
        assertThrows(IllegalArgumentException.class, () -> new Ctc().lossAndGradient(probs, 4, 3, new int[] {3}, 1, 1f, grad, 0));
    }

    private static double lossOf(Ctc ctc, double[] logits, int steps, int classes, int[] target) {
        float[] g = new float[steps * classes];
        return ctc.lossAndGradient(softmax(logits, steps, classes), steps, classes, target, target.length, 1f, g, 0);
    }

    private static double[] randomLogits(SplittableRandom r, int steps, int classes) {
        double[] a = new double[steps * classes];
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble(-2, 2);
        return a;
    }

    private static float[] softmax(double[] logits, int steps, int classes) {
        float[] p = new float[logits.length];
        for (int t = 0; t < steps; t++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int k = 0; k < classes; k++) max = Math.max(max, logits[t * classes + k]);
            for (int k = 0; k < classes; k++) sum += Math.exp(logits[t * classes + k] - max);
            for (int k = 0; k < classes; k++) p[t * classes + k] = (float) (Math.exp(logits[t * classes + k] - max) / sum);
        }
        return p;
    }

    /** Every sequence of {@code steps} classes. */
    private static List<int[]> paths(int steps, int classes) {
        List<int[]> all = new ArrayList<>();
        int n = (int) Math.pow(classes, steps);
        for (int code = 0; code < n; code++) {
            int[] p = new int[steps];
            for (int t = 0, c = code; t < steps; t++, c /= classes) p[t] = c % classes;
            all.add(p);
        }
        return all;
    }

    /** Repeats merged, then blanks dropped: the path's transcription. */
    private static int[] collapse(int[] path) {
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < path.length; t++) {
            if (path[t] != Ctc.BLANK && (t == 0 || path[t] != path[t - 1])) out.add(path[t]);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
