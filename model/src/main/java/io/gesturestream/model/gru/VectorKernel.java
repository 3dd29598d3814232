package io.gesturestream.model.gru;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD {@link Kernel} through {@code jdk.incubator.vector}: 4 x 8 outputs held in registers
 * while the inputs stream by, and the gate activations eight at a time with the same float
 * formulas as {@link Activations}. 256-bit vectors: on the AVX-512 machines this was measured
 * on, they beat 512-bit ones for a GRU step. Loaded only when the module is present.
 */
final class VectorKernel implements Kernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();

    /**
     * The output columns in the blocks {@link #affine} computes them in: 8, then 4, then 2 vectors
     * wide, then single vectors, then the scalar tail; each block's weights one after the other,
     * input by input: block [i, i + w) at {@code i * in}, input j's row of it at {@code i * in + j * w}.
     * The matrix then streams through once, front to back (15% faster than rows {@code out} apart
     * for a 64 x 192 matrix on AVX2), and every output still sums its terms in input order.
     */
    @Override
    public float[] pack(float[] wT, int in, int out) {
        float[] p = new float[in * out];
        int i = 0;
        for (; i + 8 * L <= out; i += 8 * L) block(wT, in, out, i, 8 * L, p);
        if (i + 4 * L <= out) {
            block(wT, in, out, i, 4 * L, p);
            i += 4 * L;
        }
        if (i + 2 * L <= out) {
            block(wT, in, out, i, 2 * L, p);
            i += 2 * L;
        }
        for (; i + L <= out; i += L) block(wT, in, out, i, L, p);
        block(wT, in, out, i, out - i, p);
        return p;
    }

    /** Columns [i, i + w) of wT, input by input, at {@code p[i * in]}. */
    private static void block(float[] wT, int in, int out, int i, int w, float[] p) {
        for (int j = 0; j < in; j++) System.arraycopy(wT, j * out + i, p, i * in + j * w, w);
    }

    @Override
    public void affine(float[] w, float[] b, float[] x, int xOff, int in, float[] y, int out) {
        int i = 0;
        for (; i + 8 * L <= out; i += 8 * L) {
            FloatVector a0 = FloatVector.fromArray(S, b, i);
            FloatVector a1 = FloatVector.fromArray(S, b, i + L);
            FloatVector a2 = FloatVector.fromArray(S, b, i + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, b, i + 3 * L);
            FloatVector a4 = FloatVector.fromArray(S, b, i + 4 * L);
            FloatVector a5 = FloatVector.fromArray(S, b, i + 5 * L);
            FloatVector a6 = FloatVector.fromArray(S, b, i + 6 * L);
            FloatVector a7 = FloatVector.fromArray(S, b, i + 7 * L);
            for (int j = 0, row = i * in; j < in; j++, row += 8 * L) {
                FloatVector xj = FloatVector.broadcast(S, x[xOff + j]);
                a0 = a0.add(FloatVector.fromArray(S, w, row).mul(xj));
                a1 = a1.add(FloatVector.fromArray(S, w, row + L).mul(xj));
                a2 = a2.add(FloatVector.fromArray(S, w, row + 2 * L).mul(xj));
                a3 = a3.add(FloatVector.fromArray(S, w, row + 3 * L).mul(xj));
                a4 = a4.add(FloatVector.fromArray(S, w, row + 4 * L).mul(xj));
                a5 = a5.add(FloatVector.fromArray(S, w, row + 5 * L).mul(xj));
                a6 = a6.add(FloatVector.fromArray(S, w, row + 6 * L).mul(xj));
                a7 = a7.add(FloatVector.fromArray(S, w, row + 7 * L).mul(xj));
            }
            a0.intoArray(y, i);
            a1.intoArray(y, i + L);
            a2.intoArray(y, i + 2 * L);
            a3.intoArray(y, i + 3 * L);
            a4.intoArray(y, i + 4 * L);
            a5.intoArray(y, i + 5 * L);
            a6.intoArray(y, i + 6 * L);
            a7.intoArray(y, i + 7 * L);
        }
        // the rest in one block of 4 or 2 vectors (independent accumulators, as above), then single vectors
        if (i + 4 * L <= out) {
            FloatVector a0 = FloatVector.fromArray(S, b, i);
            FloatVector a1 = FloatVector.fromArray(S, b, i + L);
            FloatVector a2 = FloatVector.fromArray(S, b, i + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, b, i + 3 * L);
            for (int j = 0, row = i * in; j < in; j++, row += 4 * L) {
                FloatVector xj = FloatVector.broadcast(S, x[xOff + j]);
                a0 = a0.add(FloatVector.fromArray(S, w, row).mul(xj));
                a1 = a1.add(FloatVector.fromArray(S, w, row + L).mul(xj));
                a2 = a2.add(FloatVector.fromArray(S, w, row + 2 * L).mul(xj));
                a3 = a3.add(FloatVector.fromArray(S, w, row + 3 * L).mul(xj));
            }
            a0.intoArray(y, i);
            a1.intoArray(y, i + L);
            a2.intoArray(y, i + 2 * L);
            a3.intoArray(y, i + 3 * L);
            i += 4 * L;
        }
        if (i + 2 * L <= out) {
            FloatVector a0 = FloatVector.fromArray(S, b, i);
            FloatVector a1 = FloatVector.fromArray(S, b, i + L);
            for (int j = 0, row = i * in; j < in; j++, row += 2 * L) {
                FloatVector xj = FloatVector.broadcast(S, x[xOff + j]);
                a0 = a0.add(FloatVector.fromArray(S, w, row).mul(xj));
                a1 = a1.add(FloatVector.fromArray(S, w, row + L).mul(xj));
            }
            a0.intoArray(y, i);
            a1.intoArray(y, i + L);
            i += 2 * L;
        }
        for (; i + L <= out; i += L) {
            FloatVector a = FloatVector.fromArray(S, b, i);
            for (int j = 0, row = i * in; j < in; j++, row += L) {
                a = a.add(FloatVector.fromArray(S, w, row).mul(FloatVector.broadcast(S, x[xOff + j])));
            }
            a.intoArray(y, i);
        }
        ScalarKernel.affineFrom(i, w, i * in, out - i, b, x, xOff, in, y, out);
    }

    /**
     * In passes over whole arrays, so that each loop's vector operations are compiled inline and
     * nothing is boxed: the pre-activations go into r, z and n, e^v replaces them in place, then
     * the activations are finished. The same float operations as {@link ScalarKernel#gatesFrom}.
     */
    @Override
    public void gates(float[] gi, float[] gh, float[] hPrev, int hOff, int hidden, float[] r, float[] z, float[] n,
                      float[] hNew) {
        int full = hidden - hidden % L;
        for (int i = 0; i < full; i += L) {
            FloatVector.fromArray(S, gi, i).add(FloatVector.fromArray(S, gh, i)).neg().intoArray(r, i);
            FloatVector.fromArray(S, gi, hidden + i).add(FloatVector.fromArray(S, gh, hidden + i)).neg().intoArray(z, i);
        }
        expInPlace(r, full);
        expInPlace(z, full);
        // vectors are made after each call: one kept alive across a call would be boxed
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < full; i += L) {
            FloatVector ri = one.div(one.add(FloatVector.fromArray(S, r, i)));           // r = 1 / (1 + e^-a)
            ri.intoArray(r, i);
            one.div(one.add(FloatVector.fromArray(S, z, i))).intoArray(z, i);           // z
            FloatVector.fromArray(S, gi, 2 * hidden + i).add(ri.mul(FloatVector.fromArray(S, gh, 2 * hidden + i)))
                    .mul(2f).intoArray(n, i);
        }
        expInPlace(n, full);
        FloatVector one1 = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f);
        for (int i = 0; i < full; i += L) {
            FloatVector ni = one1.sub(two.div(FloatVector.fromArray(S, n, i).add(one1)));  // n = 1 - 2 / (e^2a + 1)
            ni.intoArray(n, i);
            FloatVector zi = FloatVector.fromArray(S, z, i);
            one1.sub(zi).mul(ni).add(zi.mul(FloatVector.fromArray(S, hPrev, hOff + i))).intoArray(hNew, i);
        }
        ScalarKernel.gatesFrom(full, gi, gh, hPrev, hOff, hidden, r, z, n, hNew);
    }

    @Override
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i).mul(a)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += x[xOff + i] * a;
    }

    @Override
    public void axpySum(float[] a, int aOff, int aStride, int count, float[] x, int xOff, int xStride, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            FloatVector y0 = FloatVector.fromArray(S, y, yOff + i), y1 = FloatVector.fromArray(S, y, yOff + i + L);
            FloatVector y2 = FloatVector.fromArray(S, y, yOff + i + 2 * L), y3 = FloatVector.fromArray(S, y, yOff + i + 3 * L);
            for (int s = 0, ao = aOff, xo = xOff + i; s < count; s++, ao += aStride, xo += xStride) {
                float as = a[ao];
                y0 = y0.add(FloatVector.fromArray(S, x, xo).mul(as));
                y1 = y1.add(FloatVector.fromArray(S, x, xo + L).mul(as));
                y2 = y2.add(FloatVector.fromArray(S, x, xo + 2 * L).mul(as));
                y3 = y3.add(FloatVector.fromArray(S, x, xo + 3 * L).mul(as));
            }
            y0.intoArray(y, yOff + i);
            y1.intoArray(y, yOff + i + L);
            y2.intoArray(y, yOff + i + 2 * L);
            y3.intoArray(y, yOff + i + 3 * L);
        }
        for (; i + L <= n; i += L) {
            FloatVector y0 = FloatVector.fromArray(S, y, yOff + i);
            for (int s = 0, ao = aOff, xo = xOff + i; s < count; s++, ao += aStride, xo += xStride) {
                y0 = y0.add(FloatVector.fromArray(S, x, xo).mul(a[ao]));
            }
            y0.intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float acc = y[yOff + i];
            for (int s = 0, ao = aOff, xo = xOff + i; s < count; s++, ao += aStride, xo += xStride) acc += x[xo] * a[ao];
            y[yOff + i] = acc;
        }
    }

    /** The exponentials eight at a time; the maximum and the sum stay in {@link Activations#softmax}'s order. */
    @Override
    public void softmax(float[] v, int n) {
        int full = n - n % L;
        // the maximum is the same whatever the order it is searched in (finite logits; +0 and -0, which may
        // swap, give the same v - max for every v). Each block's maximum goes to a float at once: a vector
        // carried from one iteration to the next was sometimes left boxed by C2 (192 bytes a step in one
        // JMH fork of four at dollar16's 16 classes)
        float max = v[0];
        for (int i = 0; i < full; i += L) max = Math.max(max, FloatVector.fromArray(S, v, i).reduceLanes(VectorOperators.MAX));
        for (int i = full; i < n; i++) max = Math.max(max, v[i]);
        for (int i = 0; i < full; i += L) FloatVector.fromArray(S, v, i).sub(max).intoArray(v, i);
        expInPlace(v, full);
        for (int i = full; i < n; i++) v[i] = Activations.exp(v[i] - max);
        float sum = 0f;
        for (int i = 0; i < n; i++) sum += v[i];
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) v[i] *= inv;
    }

    /** v[i] = {@link Activations#exp}(v[i]) for i in [0, count), count a multiple of the vector length. */
    static void expInPlace(float[] v, int count) {
        for (int i = 0; i < count; i += L) {
            FloatVector x = FloatVector.fromArray(S, v, i).min(Activations.EXP_MAX).max(Activations.EXP_MIN);
            FloatVector t = x.mul(Activations.LOG2E).add(Activations.ROUND);
            FloatVector nf = t.sub(Activations.ROUND);
            FloatVector r = x.sub(nf.mul(Activations.LN2_HI)).sub(nf.mul(Activations.LN2_LO));
            FloatVector p = FloatVector.broadcast(S, Activations.C6);
            p = p.mul(r).add(Activations.C5);
            p = p.mul(r).add(Activations.C4);
            p = p.mul(r).add(Activations.C3);
            p = p.mul(r).add(Activations.C2);
            p = p.mul(r).add(1f);
            p = p.mul(r).add(1f);
            // as in Activations.exp: t's bits serve as n, the shift drops the rest
            p.mul(t.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats()).intoArray(v, i);
        }
    }
}
