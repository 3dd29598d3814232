package io.gesturestream.model.gru;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The kernels' loops one by one, against the plain loops their contracts state ({@link Kernel}), at
 * lengths that take every path of the SIMD code (blocks of 4 vectors, single vectors, scalar tails) and
 * at offsets inside larger arrays, plus a few values worked out by hand.
 */
class KernelTest {
    private static final Kernel[] KERNELS = {new ScalarKernel(), new VectorKernel()};

    /** 0 to 41 (none, part of one block of 4 vectors, single vectors, tails) and beyond two blocks of 4 vectors. */
    private static final int[] LENGTHS = java.util.stream.IntStream.concat(java.util.stream.IntStream.rangeClosed(0, 41),
            java.util.stream.IntStream.of(63, 64, 65, 100)).toArray();

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-2, 2);
        return v;
    }

    @Test
    void axpyByHand() {
        for (Kernel k : KERNELS) {
            float[] y = {1, 2, 3, 4};
            k.axpy(2f, new float[] {9, 10, 20, 30}, 1, y, 1, 2);   // y[1..2] += 2 * (10, 20)
            assertArrayEquals(new float[] {1, 22, 43, 4}, y, k.getClass().getSimpleName());
        }
    }

    @Test
    void axpyIsThePlainLoopAtEveryLengthAndOffset() {
        SplittableRandom r = new SplittableRandom(1);
        for (Kernel k : KERNELS) {
            for (int n : LENGTHS) {
                float[] x = random(r, n + 5), y = random(r, n + 7);
                float a = (float) r.nextDouble(-3, 3);
                float[] expected = y.clone();
                for (int i = 0; i < n; i++) expected[4 + i] += x[3 + i] * a;
                k.axpy(a, x, 3, y, 4, n);
                assertArrayEquals(expected, y, k.getClass().getSimpleName() + " n=" + n);
            }
        }
    }

    @Test
    void axpySumByHand() {
        // y += 1 * (1, 2) + 10 * (3, 4) + 100 * (5, 6): rows of x two apart, a one apart
        float[] x = {1, 2, 3, 4, 5, 6}, a = {1, 10, 100};
        for (Kernel k : KERNELS) {
            float[] y = {0.5f, 0.25f, 7};
            k.axpySum(a, 0, 1, 3, x, 0, 2, y, 0, 2);
            assertArrayEquals(new float[] {531.5f, 642.25f, 7}, y, k.getClass().getSimpleName());
            // backwards: a from its end, x from its last row
            float[] z = new float[2];
            k.axpySum(a, 2, -1, 2, x, 4, -2, z, 0, 2);   // 100 * (5, 6) + 10 * (3, 4)
            assertArrayEquals(new float[] {530, 640}, z, k.getClass().getSimpleName());
        }
    }

    @Test
    void axpySumIsThatManyAxpysInOrderAtEveryLengthStrideAndOffset() {
        SplittableRandom r = new SplittableRandom(2);
        for (Kernel k : KERNELS) {
            for (int n : LENGTHS) {
                for (int count : new int[] {0, 1, 3}) {
                    for (int sign : new int[] {1, -1}) {
                        int xStride = sign * (n + 2), aStride = sign * 2;
                        float[] x = random(r, (count + 1) * (n + 2) + 3), a = random(r, 2 * count + 3), y = random(r, n + 6);
                        int xOff = sign > 0 ? 3 : 3 + count * (n + 2), aOff = sign > 0 ? 1 : 1 + 2 * count;
                        float[] expected = y.clone();
                        for (int s = 0; s < count; s++) {
                            for (int i = 0; i < n; i++) expected[5 + i] += x[xOff + s * xStride + i] * a[aOff + s * aStride];
                        }
                        k.axpySum(a, aOff, aStride, count, x, xOff, xStride, y, 5, n);
                        assertArrayEquals(expected, y, k.getClass().getSimpleName() + " n=" + n + " count=" + count + " sign=" + sign);
                    }
                }
            }
        }
    }

    @Test
    void affineByHandAndAtEveryWidth() {
        // W = [[1, 2], [3, 4], [5, 6]] stored transposed (in 2, out 3), b = (0.5, -1, 2), x = (10, 100) at offset 1
        float[] wT = {1, 3, 5, 2, 4, 6};
        for (Kernel k : KERNELS) {
            float[] y = new float[3];
            k.affine(k.pack(wT, 2, 3), new float[] {0.5f, -1, 2}, new float[] {7, 10, 100}, 1, 2, y, 3);
            assertArrayEquals(new float[] {210.5f, 429, 652}, y, k.getClass().getSimpleName());
        }
        SplittableRandom r = new SplittableRandom(3);
        List<Integer> widths = new ArrayList<>();
        for (int out = 1; out <= 140; out += out < 20 ? 1 : 7) widths.add(out);
        // every block boundary of the SIMD kernel (8, 16, 32, 64 columns) met exactly, and the GRU's 3H
        widths.addAll(List.of(32, 64, 72, 96, 120, 128, 136, 192, 200, 312));
        for (int out : widths) {
            int in = 1 + out % 5;
            float[] w = random(r, in * out), b = random(r, out), x = random(r, in + 2);
            float[] expected = new float[out];
            for (int i = 0; i < out; i++) {
                float s = b[i];
                for (int j = 0; j < in; j++) s += w[j * out + i] * x[2 + j];
                expected[i] = s;
            }
            for (Kernel k : KERNELS) {
                float[] y = new float[out];
                float[] packed = k.pack(w, in, out);
                assertEquals(in * out, packed.length);
                k.affine(packed, b, x, 2, in, y, out);
                assertArrayEquals(expected, y, k.getClass().getSimpleName() + " out=" + out);
            }
        }
    }

    /** The gates the kernels leave in r, z and n (a workspace exposes them), not only the new state. */
    @Test
    void gatesWriteEveryActivationAtEveryWidth() {
        SplittableRandom r = new SplittableRandom(4);
        for (int hidden : new int[] {1, 7, 8, 9, 16, 21}) {
            float[] gi = random(r, 3 * hidden), gh = random(r, 3 * hidden), hPrev = random(r, hidden + 2);
            float[] er = new float[hidden], ez = new float[hidden], en = new float[hidden], eh = new float[hidden];
            for (int i = 0; i < hidden; i++) {
                er[i] = Activations.sigmoid(gi[i] + gh[i]);
                ez[i] = Activations.sigmoid(gi[hidden + i] + gh[hidden + i]);
                en[i] = Activations.tanh(gi[2 * hidden + i] + er[i] * gh[2 * hidden + i]);
                eh[i] = (1f - ez[i]) * en[i] + ez[i] * hPrev[2 + i];
            }
            for (Kernel k : KERNELS) {
                float[] rr = new float[hidden], zz = new float[hidden], nn = new float[hidden], hh = new float[hidden];
                k.gates(gi, gh, hPrev, 2, hidden, rr, zz, nn, hh);
                String what = k.getClass().getSimpleName() + " H=" + hidden;
                assertArrayEquals(er, rr, "r " + what);
                assertArrayEquals(ez, zz, "z " + what);
                assertArrayEquals(en, nn, "n " + what);
                assertArrayEquals(eh, hh, "h " + what);
            }
        }
        // by hand: every pre-activation 0 gives r = z = 1/2, n = 0, h = h' / 2
        for (Kernel k : KERNELS) {
            float[] rr = new float[8], zz = new float[8], nn = new float[8], hh = new float[8], hp = new float[8];
            java.util.Arrays.fill(hp, 3f);
            k.gates(new float[24], new float[24], hp, 0, 8, rr, zz, nn, hh);
            float[] half = new float[8], three = new float[8];
            java.util.Arrays.fill(half, 0.5f);
            java.util.Arrays.fill(three, 1.5f);
            assertArrayEquals(half, rr);
            assertArrayEquals(half, zz);
            assertArrayEquals(new float[8], nn);
            assertArrayEquals(three, hh);
        }
    }

    @Test
    void theBestKernelIsSimdUnlessSwitchedOff() {
        String old = System.getProperty("gesture.simd");
        try {
            System.clearProperty("gesture.simd");
            assertInstanceOf(VectorKernel.class, Kernel.best());
            System.setProperty("gesture.simd", "true");
            assertInstanceOf(VectorKernel.class, Kernel.best());
            System.setProperty("gesture.simd", "FALSE");
            assertInstanceOf(ScalarKernel.class, Kernel.best());
        } finally {
            if (old == null) System.clearProperty("gesture.simd"); else System.setProperty("gesture.simd", old);
        }
    }

    @Test
    void gruDelegatesToItsKernel() {
        GruShape s = new GruShape(3, 5, 2, 4);
        SplittableRandom r = new SplittableRandom(6);
        float[] params = random(r, s.size());
        Gru simd = new Gru(s, params), scalar = Gru.scalar(s, params);
        assertSame(s, scalar.shape());
        assertSame(s, simd.shape());
        float[] h1 = new float[s.stateSize()], h2 = new float[s.stateSize()], p1 = new float[4], p2 = new float[4];
        float[] x = {0.5f, -1, 2};
        simd.step(x, 0, h1, simd.newWorkspace());
        scalar.step(x, 0, h2, scalar.newWorkspace());
        assertArrayEquals(h1, h2);
        simd.probabilities(h1, p1, simd.newWorkspace());
        scalar.probabilities(h2, p2, scalar.newWorkspace());
        assertArrayEquals(p1, p2);
        float[] v = {1, 2, 3};
        simd.softmax(v, 3);
        assertArrayEquals(new float[] {0.09003057317038046f, 0.24472847105479764f, 0.6652409557748218f}, v, 1e-7f);
        float[] y = {1, 1, 1};
        scalar.axpy(2f, new float[] {1, 2, 3}, 0, y, 0, 3);
        assertArrayEquals(new float[] {3, 5, 7}, y);
        simd.axpy(-1f, new float[] {1, 2, 3}, 0, y, 0, 3);
        assertArrayEquals(new float[] {2, 3, 4}, y);
        scalar.axpySum(new float[] {1, 2}, 0, 1, 2, new float[] {1, 1, 1, 10, 10, 10}, 0, 3, y, 0, 3);
        assertArrayEquals(new float[] {23, 24, 25}, y);
        simd.axpySum(new float[] {1, 2}, 0, 1, 2, new float[] {1, 1, 1, 10, 10, 10}, 0, 3, y, 0, 3);
        assertArrayEquals(new float[] {44, 45, 46}, y);
    }

    @Test
    void shapeLimitsAreInclusive() {
        new GruShape(1, 1, 1, 1);
        new GruShape(GruShape.MAX_INPUT, 1, GruShape.MAX_LAYERS, 1);
        assertEquals(GruShape.MAX_HIDDEN, new GruShape(1, GruShape.MAX_HIDDEN, 1, 1).hiddenSize());
        assertEquals(GruShape.MAX_CLASSES, new GruShape(1, 1, 1, GruShape.MAX_CLASSES).classes());
        int[][] bad = {{0, 1, 1, 1}, {GruShape.MAX_INPUT + 1, 1, 1, 1}, {1, 0, 1, 1}, {1, GruShape.MAX_HIDDEN + 1, 1, 1},
                {1, 1, 0, 1}, {1, 1, GruShape.MAX_LAYERS + 1, 1}, {1, 1, 1, 0}, {1, 1, 1, GruShape.MAX_CLASSES + 1}};
        for (int[] b : bad) {
            assertThrows(IllegalArgumentException.class, () -> new GruShape(b[0], b[1], b[2], b[3]), java.util.Arrays.toString(b));
        }
    }
}
