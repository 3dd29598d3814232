package io.gesturestream.model.gru;

/**
 * The naive scalar GRU step, straight from the equations on {@link Gru}, reading the flat
 * row-major parameters with one dot product per output. The reference that every faster
 * implementation is checked against, and the baseline of the step benchmark. Allocates freely.
 */
public final class GruReference {
    private final GruShape shape;
    private final float[] p;

    public GruReference(GruShape shape, float[] params) {
        this.shape = shape;
        this.p = params.clone();
    }

    /** One step through every layer; returns the class probabilities. {@code h} is updated. */
    public float[] step(float[] x, float[] h) {
        int hs = shape.hiddenSize();
        float[] in = x;
        for (int l = 0; l < shape.layers(); l++) {
            int nIn = shape.layerInput(l);
            float[] hPrev = new float[hs];
            System.arraycopy(h, l * hs, hPrev, 0, hs);
            float[] hNew = new float[hs];
            for (int i = 0; i < hs; i++) {
                float air = dot(shape.wIh(l), i, in, nIn, p[shape.bIh(l) + i]);
                float ahr = dot(shape.wHh(l), i, hPrev, hs, p[shape.bHh(l) + i]);
                float aiz = dot(shape.wIh(l), hs + i, in, nIn, p[shape.bIh(l) + hs + i]);
                float ahz = dot(shape.wHh(l), hs + i, hPrev, hs, p[shape.bHh(l) + hs + i]);
                float ain = dot(shape.wIh(l), 2 * hs + i, in, nIn, p[shape.bIh(l) + 2 * hs + i]);
                float ahn = dot(shape.wHh(l), 2 * hs + i, hPrev, hs, p[shape.bHh(l) + 2 * hs + i]);
                float r = Activations.sigmoid(air + ahr);
                float z = Activations.sigmoid(aiz + ahz);
                float n = Activations.tanh(ain + r * ahn);
                hNew[i] = (1f - z) * n + z * hPrev[i];
            }
            System.arraycopy(hNew, 0, h, l * hs, hs);
            in = hNew;
        }
        float[] out = new float[shape.classes()];
        for (int c = 0; c < out.length; c++) {
            out[c] = dot(shape.wOut(), c, in, hs, p[shape.bOut() + c]);
        }
        Activations.softmax(out, out.length);
        return out;
    }

    /**
     * {@code bias} plus row {@code row} of the matrix at {@code off} (row length n) dotted with
     * {@code v}, summed left to right: b + w_0 v_0 + w_1 v_1 + ..., the order {@link Gru} uses.
     */
    private float dot(int off, int row, float[] v, int n, float bias) {
        float s = bias;
        int base = off + row * n;
        for (int j = 0; j < n; j++) s += p[base + j] * v[j];
        return s;
    }
}
