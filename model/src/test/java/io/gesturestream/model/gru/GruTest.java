package io.gesturestream.model.gru;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GruTest {

    /**
     * The parameter count of a shape with embedding logits and a pooled state, from the layout in
     * GruShape's comment; a shape whose count would not fit an array is refused with it.
     */
    @org.junit.jupiter.api.Test
    void aShapesParametersAreItsLayoutsAndTooManyAreRefused() {
        GruShape s = new GruShape(3, 4, 2, 5, 6, 1);
        long layer0 = 12L * 3 + 12 * 4 + 24, layer1 = 12L * 4 + 12 * 4 + 24, head = 5L * (4 + 6 + 4) + 5, embed = 6L * 4 + 6;
        assertEquals(layer0 + layer1 + head + embed, s.size());
        assertEquals(layer0 + layer1, s.wOut());
        assertEquals(4 + 6 + 4, s.headInput());
        // both layers pooled: the top's mean, then the layer below's state and mean
        GruShape both = new GruShape(3, 4, 2, 5, 0, 2);
        assertEquals(4 + 3 * 4, both.headInput());
        assertEquals(layer0 + layer1 + 5L * (4 + 3 * 4) + 5, both.size());
        assertEquals("pooled layers must be in [0, 1], got 2",
                assertThrows(IllegalArgumentException.class, () -> new GruShape(3, 4, 1, 5, 0, 2)).getMessage());
        assertEquals("pooled layers must be in [0, 2], got -1",
                assertThrows(IllegalArgumentException.class, () -> new GruShape(3, 4, 2, 5, 0, -1)).getMessage());
        assertEquals(layer0 + layer1 + head, s.wEmbed());
        assertEquals(s.wEmbed() + 24, s.bEmbed());
        long h = 4096, c = 65536, e = 65536;
        long big = 3 * h * 4096 + 3 * h * h + 6 * h + (3 * h * h * 2 + 6 * h) + c * (h + e + h + 1) + e * (h + 1);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new GruShape(4096, 4096, 2, 65536, 65536, 1));
        assertEquals(big + " parameters is more than " + GruShape.MAX_PARAMETERS, x.getMessage());
        assertEquals("embedding logits must be in [0, 65536], got -1",
                assertThrows(IllegalArgumentException.class, () -> new GruShape(3, 4, 1, 5, -1, 0)).getMessage());
        assertEquals(new GruShape(3, 4, 1, 5), new GruShape(3, 4, 1, 5, 0, 0));
    }

    /** Parameters 2 -> 3 -> 2, every one different, p_i = ((7 i) mod 11 - 5) / 10, in the GruShape layout. */
    private static float[] handParams(GruShape s) {
        float[] p = new float[s.size()];
        for (int i = 0; i < p.length; i++) p[i] = ((i * 7) % 11 - 5) / 10f;
        return p;
    }

    /**
     * Golden vectors worked out independently of this code, in double precision, from
     * r = s(W_ir x + b_ir + W_hr h + b_hr), z = s(...), n = tanh(W_in x + b_in + r (W_hn h + b_hn)),
     * h = (1 - z) n + z h', gates stacked r, z, n. Swapping any two gates, resetting before the
     * matmul, or letting (1 - z) keep the old state changes these numbers.
     */
    @Test
    void matchesHandComputedVectorsForATinyCell() {
        GruShape s = new GruShape(2, 3, 1, 2);
        Gru gru = new Gru(s, handParams(s));
        Gru.Workspace ws = gru.newWorkspace();
        float[] h = new float[3];
        float[] p = new float[2];
        gru.step(new float[] {0.5f, -1f}, 0, h, ws);
        gru.probabilities(h, p, ws);
        assertArrayEquals(new float[] {0.082744208f, -0.093559731f, -0.068304098f}, h, 1e-6f);
        assertArrayEquals(new float[] {0.596785251f, 0.403214749f}, p, 1e-6f);
        gru.step(new float[] {1f, 0.25f}, 0, h, ws);
        gru.probabilities(h, p, ws);
        assertArrayEquals(new float[] {0.066827725f, 0.102369599f, 0.025751610f}, h, 1e-6f);
        assertArrayEquals(new float[] {0.603362376f, 0.396637624f}, p, 1e-6f);
    }

    @Test
    void optimizedStepEqualsScalarReferenceBitForBit() {
        // class counts that exercise every block of the head (8 vectors, 4, 2, 1, none) and its padding
        int[] classCounts = {10, 94, 2, 3, 16, 40, 57};
        for (int layers = 1; layers <= 2; layers++) {
            for (int hidden : new int[] {1, 7, 64}) {
              for (int classes : classCounts) {
                GruShape s = new GruShape(9, hidden, layers, classes);
                SplittableRandom r = new SplittableRandom(hidden * 31L + layers + 1000L * classes);
                float[] params = new float[s.size()];
                for (int i = 0; i < params.length; i++) params[i] = (float) r.nextDouble(-0.4, 0.4);
                Gru gru = new Gru(s, params);
                GruReference ref = new GruReference(s, params);
                Gru.Workspace ws = gru.newWorkspace();
                float[] h1 = new float[s.stateSize()], h2 = new float[s.stateSize()];
                float[] p1 = new float[classes];
                for (int t = 0; t < 50; t++) {
                    float[] x = new float[9];
                    for (int j = 0; j < 9; j++) x[j] = (float) r.nextGaussian();
                    gru.step(x, 0, h1, ws);
                    gru.probabilities(h1, p1, ws);
                    float[] p2 = ref.step(x, h2);
                    assertArrayEquals(h2, h1, "hidden state, H=" + hidden + " layers=" + layers + " t=" + t);
                    assertArrayEquals(p2, p1, "C=" + classes);
                }
              }
            }
        }
    }

    @Test
    void simdAndScalarKernelsAgreeBitForBit() {
        // the build's tests run with --add-modules jdk.incubator.vector; the mutation tests' JVMs choose the scalar kernel
        assertEquals("false".equals(System.getProperty("gesture.simd")) ? "scalar" : "vector", Gru.kernelName());
        for (int hidden : new int[] {3, 8, 32, 33, 64, 128}) {
          for (int classes : new int[] {10, 94, 2, 16, 24, 100}) {
            GruShape s = new GruShape(9, hidden, 2, classes);
            SplittableRandom r = new SplittableRandom(hidden + 1000L * classes);
            float[] params = new float[s.size()];
            for (int i = 0; i < params.length; i++) params[i] = (float) r.nextDouble(-0.4, 0.4);
            Gru simd = new Gru(s, params, new VectorKernel());
            Gru scalar = new Gru(s, params, new ScalarKernel());
            Gru.Workspace w1 = simd.newWorkspace(), w2 = scalar.newWorkspace();
            float[] h1 = new float[s.stateSize()], h2 = new float[s.stateSize()];
            float[] p1 = new float[classes], p2 = new float[classes];
            for (int t = 0; t < 30; t++) {
                float[] x = new float[9];
                for (int j = 0; j < 9; j++) x[j] = (float) r.nextGaussian();
                simd.step(x, 0, h1, w1);
                scalar.step(x, 0, h2, w2);
                simd.probabilities(h1, p1, w1);
                scalar.probabilities(h2, p2, w2);
                assertArrayEquals(h2, h1, "H=" + hidden + " t=" + t);
                assertArrayEquals(p2, p1, "C=" + classes);
            }
          }
        }
    }

    @Test
    void simdSoftmaxGivesTheSameBitsWhereverTheMaximumIs() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[] {1, 7, 8, 9, 16, 94}) {
            for (int at = 0; at < n; at++) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-20, 5);
                v[at] = 12f;
                if (n > 2) v[(at + 1) % n] = r.nextBoolean() ? 0f : -0f;
                float[] w = v.clone();
                new VectorKernel().softmax(v, n);
                Activations.softmax(w, n);
                assertArrayEquals(w, v, "n=" + n + " max at " + at);
            }
            float[] zeros = new float[n];   // every logit a signed zero: the maximum +0 or -0 gives the same bits
            for (int i = 0; i < n; i++) zeros[i] = i % 2 == 0 ? -0f : 0f;
            float[] z2 = zeros.clone();
            new VectorKernel().softmax(zeros, n);
            Activations.softmax(z2, n);
            assertArrayEquals(z2, zeros, "signed zeros, n=" + n);
        }
    }

    @Test
    void floatExpIsAccurateAndTheSimdVersionGivesTheSameBits() {
        SplittableRandom r = new SplittableRandom(9);
        float[] xs = new float[4096];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) (i < 16 ? (i - 8) * 11.0 : r.nextDouble(-90, 90));
        for (int i = 0; i < xs.length; i += 8) {
            float[] v = java.util.Arrays.copyOfRange(xs, i, i + 8);
            VectorKernel.expInPlace(v, 8);
            for (int k = 0; k < 8; k++) {
                float x = xs[i + k];
                float e = Activations.exp(x);
                assertEquals(Float.floatToRawIntBits(e), Float.floatToRawIntBits(v[k]), "x = " + x);
                double exact = Math.exp(Math.max(-87, Math.min(88, x)));
                assertEquals(exact, e, exact * 4e-7, "x = " + x);
            }
        }
        assertEquals(0.5f, Activations.sigmoid(0f));
        assertEquals(0f, Activations.tanh(0f));
        assertEquals(1f, Activations.tanh(50f));
        assertEquals(-1f, Activations.tanh(-50f));
    }

    @Test
    void shapeLaysOutEveryTensorOnceInPyTorchOrder() {
        GruShape s = new GruShape(9, 5, 2, 4);
        int next = 0;
        for (GruShape.Tensor t : s.tensors()) {
            assertEquals(next, t.offset(), t.name());
            next += t.length();
        }
        assertEquals(s.size(), next);
        assertEquals("weight_ih_l0", s.tensors().get(0).name());
        assertArrayEquals(new int[] {15, 9}, s.tensors().get(0).dims());
        assertArrayEquals(new int[] {15, 5}, s.tensors().get(4).dims());
    }

    @Test
    void rejectsShapesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new GruShape(0, 4, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new GruShape(4, 4, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> new GruShape(4, 4, 1, 0));   // one class is a prototype model of one gesture
        assertThrows(IllegalArgumentException.class, () -> new Gru(new GruShape(4, 4, 1, 2), new float[3]));
    }
}
