package io.gesturestream.model.gru;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD {@link Affine} through {@code jdk.incubator.vector}: 4 x 8 outputs held in registers
 * while the inputs stream by. 256-bit vectors: on the AVX-512 machines this was measured on,
 * they beat 512-bit ones for a GRU step. Loaded only when the module is present.
 */
final class VectorAffine implements Affine {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();

    @Override
    public void apply(float[] wT, float[] b, float[] x, int xOff, int in, float[] y, int out) {
        int i = 0;
        for (; i + 4 * L <= out; i += 4 * L) {
            FloatVector a0 = FloatVector.fromArray(S, b, i);
            FloatVector a1 = FloatVector.fromArray(S, b, i + L);
            FloatVector a2 = FloatVector.fromArray(S, b, i + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, b, i + 3 * L);
            for (int j = 0, row = i; j < in; j++, row += out) {
                FloatVector xj = FloatVector.broadcast(S, x[xOff + j]);
                a0 = a0.add(FloatVector.fromArray(S, wT, row).mul(xj));
                a1 = a1.add(FloatVector.fromArray(S, wT, row + L).mul(xj));
                a2 = a2.add(FloatVector.fromArray(S, wT, row + 2 * L).mul(xj));
                a3 = a3.add(FloatVector.fromArray(S, wT, row + 3 * L).mul(xj));
            }
            a0.intoArray(y, i);
            a1.intoArray(y, i + L);
            a2.intoArray(y, i + 2 * L);
            a3.intoArray(y, i + 3 * L);
        }
        for (; i + L <= out; i += L) {
            FloatVector a = FloatVector.fromArray(S, b, i);
            for (int j = 0, row = i; j < in; j++, row += out) {
                a = a.add(FloatVector.fromArray(S, wT, row).mul(FloatVector.broadcast(S, x[xOff + j])));
            }
            a.intoArray(y, i);
        }
        for (; i < out; i++) {
            float s = b[i];
            for (int j = 0, row = i; j < in; j++, row += out) s += wT[row] * x[xOff + j];
            y[i] = s;
        }
    }
}
