package io.gesturestream.model.train;

import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backpropagation through time against central finite differences, for every parameter block. */
class GradientCheckTest {

    @Test
    void everyParameterBlockMatchesFiniteDifferencesOneLayer() {
        check(new GruShape(3, 4, 1, 3), 7, 11L);
    }

    @Test
    void everyParameterBlockMatchesFiniteDifferencesTwoLayers() {
        check(new GruShape(3, 4, 2, 3), 6, 12L);
    }

    @Test
    void everyParameterBlockMatchesFiniteDifferencesWithDropout() {
        check(new GruShape(3, 4, 2, 3), 5, 13L, new float[] {2f, 0f, 2f, 2f});
    }

    @Test
    void everyParameterBlockMatchesFiniteDifferencesWithATeachersSoftTargets() {
        GruShape shape = new GruShape(3, 4, 2, 3);
        int steps = 5;
        float[] soft = new float[steps * 3];
        SplittableRandom r = new SplittableRandom(14);
        for (int t = 0; t < steps; t++) {
            float a = (float) r.nextDouble(), b = (float) r.nextDouble(), c = (float) r.nextDouble(), sum = a + b + c;
            soft[3 * t] = a / sum;
            soft[3 * t + 1] = b / sum;
            soft[3 * t + 2] = c / sum;
        }
        check(shape, steps, 15L, null, soft, 0.6f);
    }

    private static void check(GruShape shape, int steps, long seed) {
        check(shape, steps, seed, (float[]) null);
    }

    private static void check(GruShape shape, int steps, long seed, float[] mask) {
        check(shape, steps, seed, mask, null, 0f);
    }

    private static void check(GruShape shape, int steps, long seed, float[] mask, float[] soft, float alpha) {
        int label = 1;
        check(shape, steps, seed, (b, p, x) -> b.accumulate(new Gru(shape, p), p, x, steps, label, mask, soft, alpha));
    }

    @Test
    void everyParameterBlockMatchesFiniteDifferencesUnderTheCtcLoss() {
        GruShape shape = new GruShape(3, 4, 2, 4);
        int steps = 8;
        int[] target = {2, 3, 3};   // a repeat, which needs a blank between its two copies
        check(shape, steps, 16L, (b, p, x) -> b.accumulateCtc(new Gru(shape, p), p, x, steps, target, target.length, null));
        check(shape, steps, 17L, (b, p, x) -> b.accumulateCtc(new Gru(shape, p), p, x, steps, target, target.length,
                new float[] {0f, 2f, 2f, 2f}));
    }

    @Test
    void everyParameterBlockMatchesFiniteDifferencesUnderTheLossOfAClassPerStep() {
        GruShape one = new GruShape(3, 4, 1, 3), two = new GruShape(3, 4, 2, 3);
        int[] targets = {0, 2, 2, 1, 0, 1, 2};   // a target per step, as a spotting model learns
        check(one, 7, 21L, (b, p, x) -> b.accumulateFrames(new Gru(one, p), p, x, 7, targets, null));
        check(two, 6, 22L, (b, p, x) -> b.accumulateFrames(new Gru(two, p), p, x, 6, targets, new float[] {2f, 0f, 2f, 2f}));
        // a spotting model's loss: the steps of classes other than the reject class (2 here) weigh 3
        check(two, 7, 23L, (b, p, x) -> b.accumulateFrames(new Gru(two, p), p, x, 7, targets, 2, 3f, null));
        // and taught: a teacher's distribution on some of the gesture steps (rows of zeros keep the one class)
        float[] soft = new float[7 * 3];
        float[][] rows = {{0.7f, 0.2f, 0.1f}, null, {0.1f, 0.1f, 0.8f}, {0.3f, 0.6f, 0.1f}, null, {0.5f, 0.5f, 0f}, null};
        for (int t = 0; t < 7; t++) if (rows[t] != null) System.arraycopy(rows[t], 0, soft, 3 * t, 3);
        check(two, 7, 24L, (b, p, x) -> b.accumulateFrames(new Gru(two, p), p, x, 7, targets, 2, 3f, null, soft, 0.8f));
    }

    @Test
    void aCtcTargetLongerThanTheSequenceCanSpellAddsNothing() {
        GruShape shape = new GruShape(3, 4, 1, 4);
        float[] p = new float[shape.size()];
        java.util.Arrays.fill(p, 0.1f);
        Bptt b = new Bptt(shape, new Gru(shape, p));
        double loss = b.accumulateCtc(new Gru(shape, p), p, new float[3 * 3], 3, new int[] {1, 1, 2}, 3, null);
        assertTrue(loss == Double.POSITIVE_INFINITY);
        for (float g : b.grad) assertTrue(g == 0f);
    }

    @Test
    void theBidirectionalReferenceMatchesFiniteDifferencesInBothDirections() {
        GruShape shape = new GruShape(3, 4, 2, 4);
        int steps = 7;
        int[] target = {1, 3, 3};
        SplittableRandom r = new SplittableRandom(18L);
        float[] p = new float[2 * shape.size()];
        for (int i = 0; i < p.length; i++) p[i] = (float) r.nextDouble(-0.8, 0.8);
        float[] x = new float[steps * shape.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-1, 1);
        float[] maskF = {2f, 0f, 2f, 2f}, maskB = {2f, 2f, 0f, 2f};
        BiCtc b = pair(shape, p);
        double loss = lossOf(b, shape, p, x, steps, target, maskF, maskB);
        assertTrue(Double.isFinite(loss));
        float[] analytic = new float[p.length];
        System.arraycopy(b.forward.grad, 0, analytic, 0, shape.size());
        System.arraycopy(b.backward.grad, 0, analytic, shape.size(), shape.size());
        for (int dir = 0; dir < 2; dir++) {
            for (GruShape.Tensor t : shape.tensors()) {
                double worst = 0;
                for (int i = 0; i < t.length(); i++) {
                    int k = dir * shape.size() + t.offset() + i;
                    float eps = 1e-2f, orig = p[k];
                    p[k] = orig + eps;
                    double up = lossOf(pair(shape, p), shape, p, x, steps, target, maskF, maskB);
                    p[k] = orig - eps;
                    double down = lossOf(pair(shape, p), shape, p, x, steps, target, maskF, maskB);
                    p[k] = orig;
                    double numeric = (up - down) / (2 * eps);
                    worst = Math.max(worst, Math.abs(numeric - analytic[k]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[k])));
                }
                assertTrue(worst < 2e-2, (dir == 0 ? "forward " : "backward ") + t.name() + ": worst relative error " + worst);
            }
        }
    }

    @Test
    void aCosineHeadMatchesFiniteDifferencesThroughEveryWeightAndTheRowsScaling() {
        GruShape shape = new GruShape(3, 4, 2, 3);
        int steps = 6, label = 2;
        SplittableRandom r = new SplittableRandom(19L);
        float[] p = new float[shape.size()];
        for (int i = 0; i < p.length; i++) p[i] = (float) r.nextDouble(-0.8, 0.8);
        float[] x = new float[steps * shape.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-1, 1);
        Bptt b = new Bptt(shape, new Gru(shape, CosineHead.headParams(shape, p)), true);
        cosineLoss(b, shape, p, x, steps, label);
        float[] analytic = b.grad.clone();
        CosineHead.rawGradient(shape, p, analytic);
        for (GruShape.Tensor t : shape.tensors()) {
            double worst = 0;
            for (int i = 0; i < t.length(); i++) {
                int k = t.offset() + i;
                float eps = 1e-2f, orig = p[k];
                p[k] = orig + eps;
                double up = cosineLoss(new Bptt(shape, new Gru(shape, CosineHead.headParams(shape, p)), true), shape, p, x, steps, label);
                p[k] = orig - eps;
                double down = cosineLoss(new Bptt(shape, new Gru(shape, CosineHead.headParams(shape, p)), true), shape, p, x, steps, label);
                p[k] = orig;
                double numeric = (up - down) / (2 * eps);
                worst = Math.max(worst, Math.abs(numeric - analytic[k]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[k])));
            }
            assertTrue(worst < 3e-2, t.name() + ": worst relative error " + worst);
        }
    }

    private static double cosineLoss(Bptt b, GruShape shape, float[] raw, float[] x, int steps, int label) {
        float[] head = CosineHead.headParams(shape, raw);
        return b.accumulate(new Gru(shape, head), head, x, steps, label);
    }

    private static BiCtc pair(GruShape shape, float[] p) {
        return new BiCtc(shape, new Gru(shape, BiCtc.forwardPart(shape, p)), new Gru(shape, BiCtc.backwardPart(shape, p)));
    }

    private static double lossOf(BiCtc b, GruShape shape, float[] p, float[] x, int steps, int[] target, float[] maskF, float[] maskB) {
        float[] pf = BiCtc.forwardPart(shape, p), pb = BiCtc.backwardPart(shape, p);
        return b.accumulate(new Gru(shape, pf), new Gru(shape, pb), pf, pb, x, steps, target, target.length, maskF, maskB);
    }

    /** The loss of one sequence, accumulated into {@code b}'s gradient. */
    private interface Loss {
        double of(Bptt b, float[] params, float[] x);
    }

    private static void check(GruShape shape, int steps, long seed, Loss loss) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[shape.size()];
        for (int i = 0; i < p.length; i++) p[i] = (float) r.nextDouble(-0.8, 0.8);
        float[] x = new float[steps * shape.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-1, 1);
        Bptt b = new Bptt(shape, new Gru(shape, p));
        loss.of(b, p, x);
        float[] analytic = b.grad.clone();
        for (GruShape.Tensor t : shape.tensors()) {
            double worst = 0;
            for (int i = 0; i < t.length(); i++) {
                int k = t.offset() + i;
                float eps = 1e-2f;
                float orig = p[k];
                p[k] = orig + eps;
                double up = loss.of(new Bptt(shape, new Gru(shape, p)), p, x);
                p[k] = orig - eps;
                double down = loss.of(new Bptt(shape, new Gru(shape, p)), p, x);
                p[k] = orig;
                double numeric = (up - down) / (2 * eps);
                double err = Math.abs(numeric - analytic[k]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[k]));
                worst = Math.max(worst, err);
            }
            assertTrue(worst < 2e-2, t.name() + ": worst relative error " + worst);
        }
    }
}
