package io.gesturestream.model.gru;

/** Portable {@link Kernel}: eight outputs at a time, held in locals while the inputs stream by. */
final class ScalarKernel implements Kernel {
    @Override
    public void affine(float[] wT, float[] b, float[] x, int xOff, int in, float[] y, int out) {
        int i = 0;
        for (; i + 8 <= out; i += 8) {
            float s0 = b[i], s1 = b[i + 1], s2 = b[i + 2], s3 = b[i + 3];
            float s4 = b[i + 4], s5 = b[i + 5], s6 = b[i + 6], s7 = b[i + 7];
            for (int j = 0, row = i; j < in; j++, row += out) {
                float xj = x[xOff + j];
                s0 += wT[row] * xj;
                s1 += wT[row + 1] * xj;
                s2 += wT[row + 2] * xj;
                s3 += wT[row + 3] * xj;
                s4 += wT[row + 4] * xj;
                s5 += wT[row + 5] * xj;
                s6 += wT[row + 6] * xj;
                s7 += wT[row + 7] * xj;
            }
            y[i] = s0; y[i + 1] = s1; y[i + 2] = s2; y[i + 3] = s3;
            y[i + 4] = s4; y[i + 5] = s5; y[i + 6] = s6; y[i + 7] = s7;
        }
        affineFrom(i, wT, i, out, b, x, xOff, in, y, out);
    }

    /**
     * Outputs {@code [from, out)} one at a time, the tail that a blocked kernel leaves: input j's
     * weight for output i at {@code w[at + j * stride + i - from]}.
     */
    static void affineFrom(int from, float[] w, int at, int stride, float[] b, float[] x, int xOff, int in, float[] y, int out) {
        for (int i = from; i < out; i++) {
            float s = b[i];
            for (int j = 0, row = at + i - from; j < in; j++, row += stride) s += w[row] * x[xOff + j];
            y[i] = s;
        }
    }

    @Override
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] += x[xOff + i] * a;
    }

    @Override
    public void gates(float[] gi, float[] gh, float[] hPrev, int hOff, int hidden, float[] r, float[] z, float[] n,
                      float[] hNew) {
        gatesFrom(0, gi, gh, hPrev, hOff, hidden, r, z, n, hNew);
    }

    /** Units {@code [from, hidden)} one at a time. */
    static void gatesFrom(int from, float[] gi, float[] gh, float[] hPrev, int hOff, int hidden, float[] r, float[] z,
                          float[] n, float[] hNew) {
        for (int i = from; i < hidden; i++) {
            float ri = Activations.sigmoid(gi[i] + gh[i]);                                // r
            float zi = Activations.sigmoid(gi[hidden + i] + gh[hidden + i]);              // z
            float ni = Activations.tanh(gi[2 * hidden + i] + ri * gh[2 * hidden + i]);    // n
            r[i] = ri;
            z[i] = zi;
            n[i] = ni;
            hNew[i] = (1f - zi) * ni + zi * hPrev[hOff + i];                              // h
        }
    }
}
