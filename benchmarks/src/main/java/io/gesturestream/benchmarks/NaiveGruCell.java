package io.gesturestream.benchmarks;

import io.gesturestream.model.gru.Activations;
import io.gesturestream.model.gru.GruShape;

/**
 * The textbook GRU step of one layer, as {@code GruReference} writes it (one row-by-row dot
 * product per gate and unit, over the flat row-major PyTorch parameters), but with its buffer
 * allocated once, so the benchmark measures arithmetic and not the allocator:
 * <pre>
 *   r = sigmoid(W_ir x + b_ir + W_hr h' + b_hr)
 *   z = sigmoid(W_iz x + b_iz + W_hz h' + b_hz)
 *   n = tanh(W_in x + b_in + r * (W_hn h' + b_hn))
 *   h = (1 - z) * n + z * h'
 * </pre>
 * Same activations ({@link Activations}) and summation order as the model's kernels.
 */
public final class NaiveGruCell {
    private final float[] p;
    private final int in, hs, wIh, wHh, bIh, bHh;
    private final float[] hNew;

    public NaiveGruCell(GruShape shape, float[] params, int layer) {
        this.p = params.clone();
        this.in = shape.layerInput(layer);
        this.hs = shape.hiddenSize();
        this.wIh = shape.wIh(layer);
        this.wHh = shape.wHh(layer);
        this.bIh = shape.bIh(layer);
        this.bHh = shape.bHh(layer);
        this.hNew = new float[hs];
    }

    /** One step: reads {@code x[0, in)} and {@code h[0, H)}, writes the new state into {@code h}. */
    public void step(float[] x, float[] h) {
        for (int i = 0; i < hs; i++) {
            float air = dot(wIh, i, x, in, p[bIh + i]);
            float ahr = dot(wHh, i, h, hs, p[bHh + i]);
            float aiz = dot(wIh, hs + i, x, in, p[bIh + hs + i]);
            float ahz = dot(wHh, hs + i, h, hs, p[bHh + hs + i]);
            float ain = dot(wIh, 2 * hs + i, x, in, p[bIh + 2 * hs + i]);
            float ahn = dot(wHh, 2 * hs + i, h, hs, p[bHh + 2 * hs + i]);
            float r = Activations.sigmoid(air + ahr);
            float z = Activations.sigmoid(aiz + ahz);
            float n = Activations.tanh(ain + r * ahn);
            hNew[i] = (1f - z) * n + z * h[i];
        }
        System.arraycopy(hNew, 0, h, 0, hs);
    }

    /** bias + row {@code row} of the matrix at {@code off} (row length n) . v, left to right. */
    private float dot(int off, int row, float[] v, int n, float bias) {
        float s = bias;
        int base = off + row * n;
        for (int j = 0; j < n; j++) s += p[base + j] * v[j];
        return s;
    }
}
