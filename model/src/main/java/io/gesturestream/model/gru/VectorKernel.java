package io.gesturestream.model.gru;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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

    @Override
    public void affine(float[] wT, float[] b, float[] x, int xOff, int in, float[] y, int out) {
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
            for (int j = 0, row = i; j < in; j++, row += out) {
                FloatVector xj = FloatVector.broadcast(S, x[xOff + j]);
                a0 = a0.add(FloatVector.fromArray(S, wT, row).mul(xj));
                a1 = a1.add(FloatVector.fromArray(S, wT, row + L).mul(xj));
                a2 = a2.add(FloatVector.fromArray(S, wT, row + 2 * L).mul(xj));
                a3 = a3.add(FloatVector.fromArray(S, wT, row + 3 * L).mul(xj));
                a4 = a4.add(FloatVector.fromArray(S, wT, row + 4 * L).mul(xj));
                a5 = a5.add(FloatVector.fromArray(S, wT, row + 5 * L).mul(xj));
                a6 = a6.add(FloatVector.fromArray(S, wT, row + 6 * L).mul(xj));
                a7 = a7.add(FloatVector.fromArray(S, wT, row + 7 * L).mul(xj));
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
        for (; i + L <= out; i += L) {
            FloatVector a = FloatVector.fromArray(S, b, i);
            for (int j = 0, row = i; j < in; j++, row += out) {
                a = a.add(FloatVector.fromArray(S, wT, row).mul(FloatVector.broadcast(S, x[xOff + j])));
            }
            a.intoArray(y, i);
        }
        ScalarKernel.affineFrom(i, wT, b, x, xOff, in, y, out);
    }

    @Override
    public void gates(float[] gi, float[] gh, float[] hPrev, int hOff, int hidden, float[] r, float[] z, float[] n,
                      float[] hNew) {
        int i = 0;
        for (; i + L <= hidden; i += L) {
            FloatVector ri = sigmoid(FloatVector.fromArray(S, gi, i).add(FloatVector.fromArray(S, gh, i)));
            FloatVector zi = sigmoid(FloatVector.fromArray(S, gi, hidden + i).add(FloatVector.fromArray(S, gh, hidden + i)));
            FloatVector ni = tanh(FloatVector.fromArray(S, gi, 2 * hidden + i)
                    .add(ri.mul(FloatVector.fromArray(S, gh, 2 * hidden + i))));
            ri.intoArray(r, i);
            zi.intoArray(z, i);
            ni.intoArray(n, i);
            FloatVector one = FloatVector.broadcast(S, 1f);
            one.sub(zi).mul(ni).add(zi.mul(FloatVector.fromArray(S, hPrev, hOff + i))).intoArray(hNew, i);
        }
        ScalarKernel.gatesFrom(i, gi, gh, hPrev, hOff, hidden, r, z, n, hNew);
    }

    /** {@link Activations#exp}, lane by lane, operation for operation. */
    static FloatVector exp(FloatVector x) {
        x = x.min(Activations.EXP_MAX).max(Activations.EXP_MIN);
        FloatVector t = x.mul(Activations.LOG2E).add(Activations.ROUND);
        FloatVector nf = t.sub(Activations.ROUND);
        IntVector ni = t.reinterpretAsInts().sub(Activations.ROUND_BITS);
        FloatVector r = x.sub(nf.mul(Activations.LN2_HI)).sub(nf.mul(Activations.LN2_LO));
        FloatVector p = FloatVector.broadcast(S, Activations.C6);
        p = p.mul(r).add(Activations.C5);
        p = p.mul(r).add(Activations.C4);
        p = p.mul(r).add(Activations.C3);
        p = p.mul(r).add(Activations.C2);
        p = p.mul(r).add(1f);
        p = p.mul(r).add(1f);
        FloatVector scale = ni.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.div(one.add(exp(x.neg())));
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.sub(FloatVector.broadcast(S, 2f).div(exp(x.mul(2f)).add(one)));
    }
}
