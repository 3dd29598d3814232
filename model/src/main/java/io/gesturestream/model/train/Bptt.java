package io.gesturestream.model.train;

import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;

/**
 * Forward and backward pass of one sequence through the GRU and its head: backpropagation
 * through time, with every per-step activation cached in arrays allocated once and grown only
 * for a longer sequence. One instance per worker; it accumulates into its own gradient.
 *
 * <p>The forward pass is {@link Gru#layerStep}, the same code the recognizer runs. The loss is a
 * weighted cross-entropy over <em>every</em> step, so that the network learns to answer before
 * the gesture ends: {@code L = sum_t w_t CE(p_t, y)}, with half the weight spread over the steps
 * in proportion to t+1 (later steps have seen more of the gesture) and half on the last step.
 *
 * <p>Backward, per layer and step, from dh (the gradient reaching h_t), in the PyTorch
 * convention of {@link Gru}:
 * <pre>
 *   dn = dh (1 - z)      dz = dh (h' - n)      dh' += dh z
 *   da_n = dn (1 - n^2)                 (a_n = gi_n + r ghn, ghn = W_hn h' + b_hn)
 *   dr = da_n ghn        dghn = da_n r
 *   da_r = dr r (1 - r)  da_z = dz z (1 - z)
 *   dgi = [da_r, da_z, da_n]    dgh = [da_r, da_z, dghn]
 *   dW_ih += dgi x^T   db_ih += dgi   dx  = W_ih^T dgi
 *   dW_hh += dgh h'^T  db_hh += dgh   dh' += W_hh^T dgh
 * </pre>
 */
final class Bptt {
    private final GruShape shape;
    private final int hs, classes, layers;
    final float[] grad;
    private final Gru.Workspace ws;
    private int capacity;
    /** Per layer: h_t at [(t+1)H, (t+2)H), h_0 = 0 at [0, H). */
    private float[][] h;
    /** Per layer, per step: r, z, n, ghn at [tH, (t+1)H). */
    private float[][] r, z, n, ghn;
    /** Per step: class probabilities at [tC, (t+1)C). */
    private float[] probs;
    private final float[][] carry;
    private final float[] dh, dIn, dgi, dgh, dlogits, hDrop, dhHead;

    Bptt(GruShape shape, Gru gru) {
        this.shape = shape;
        this.hs = shape.hiddenSize();
        this.classes = shape.classes();
        this.layers = shape.layers();
        this.grad = new float[shape.size()];
        this.ws = gru.newWorkspace();
        this.carry = new float[layers][hs];
        this.dh = new float[hs];
        this.dIn = new float[Math.max(hs, shape.inputSize())];
        this.dgi = new float[3 * hs];
        this.dgh = new float[3 * hs];
        this.dlogits = new float[classes];
        this.hDrop = new float[hs];
        this.dhHead = new float[hs];
        ensure(64);
    }

    private void ensure(int steps) {
        if (steps <= capacity) return;
        capacity = Math.max(steps, capacity * 2);
        h = new float[layers][(capacity + 1) * hs];
        r = new float[layers][capacity * hs];
        z = new float[layers][capacity * hs];
        n = new float[layers][capacity * hs];
        ghn = new float[layers][capacity * hs];
        probs = new float[capacity * classes];
    }

    /** Weight of step t of T in the loss. */
    static float stepWeight(int t, int steps) {
        float ramp = 0.5f * (t + 1) / (0.5f * steps * (steps + 1));
        return t == steps - 1 ? ramp + 0.5f : ramp;
    }

    /**
     * Runs one sequence forward (with {@code gru}) and backward (with the row-major
     * {@code params}), adding its gradient to {@link #grad}.
     *
     * @param x {@code steps x inputSize} features
     * @return the loss; {@link #lastCorrect()} tells whether the final prediction was right
     */
    double accumulate(Gru gru, float[] params, float[] x, int steps, int label) {
        return accumulate(gru, params, x, steps, label, null);
    }

    /**
     * As above, with dropout on the top layer's output before the head: {@code mask[k]} is 0 or
     * 1/(1-p), the same for every step of the sequence (variational dropout, Gal and Ghahramani,
     * NeurIPS 2016); {@code null} for none.
     */
    double accumulate(Gru gru, float[] params, float[] x, int steps, int label, float[] mask) {
        ensure(steps);
        int in0 = shape.inputSize();
        double loss = 0;
        for (int l = 0; l < layers; l++) java.util.Arrays.fill(h[l], 0, hs, 0f);
        for (int t = 0; t < steps; t++) {
            for (int l = 0; l < layers; l++) {
                if (l == 0) gru.layerStep(0, x, t * in0, h[0], t * hs, ws);
                else gru.layerStep(l, h[l - 1], (t + 1) * hs, h[l], t * hs, ws);
                System.arraycopy(ws.r, 0, r[l], t * hs, hs);
                System.arraycopy(ws.z, 0, z[l], t * hs, hs);
                System.arraycopy(ws.n, 0, n[l], t * hs, hs);
                System.arraycopy(ws.gh, 2 * hs, ghn[l], t * hs, hs);
                System.arraycopy(ws.hNew, 0, h[l], (t + 1) * hs, hs);
            }
            if (mask == null) {
                gru.probabilities(h[layers - 1], (t + 1) * hs, ws.logits, ws);
            } else {
                for (int k = 0; k < hs; k++) hDrop[k] = h[layers - 1][(t + 1) * hs + k] * mask[k];
                gru.probabilities(hDrop, 0, ws.logits, ws);
            }
            System.arraycopy(ws.logits, 0, probs, t * classes, classes);
            loss -= stepWeight(t, steps) * Math.log(Math.max(probs[t * classes + label], 1e-30f));
        }
        lastCorrect = argmax(probs, (steps - 1) * classes, classes) == label;

        for (int l = 0; l < layers; l++) java.util.Arrays.fill(carry[l], 0f);
        int top = layers - 1;
        int wOut = shape.wOut(), bOut = shape.bOut();
        for (int t = steps - 1; t >= 0; t--) {
            // head: dlogits = w_t (p - onehot); dW_o += dlogits h^T; dh_top = W_o^T dlogits + carry
            float w = stepWeight(t, steps);
            for (int c = 0; c < classes; c++) dlogits[c] = w * (probs[t * classes + c] - (c == label ? 1f : 0f));
            System.arraycopy(carry[top], 0, dh, 0, hs);
            int hTop = (t + 1) * hs;
            float[] hIn = h[top];
            int hInOff = hTop;
            if (mask != null) {
                for (int k = 0; k < hs; k++) hDrop[k] = h[top][hTop + k] * mask[k];
                hIn = hDrop;
                hInOff = 0;
                java.util.Arrays.fill(dhHead, 0f);
            }
            float[] dHead = mask == null ? dh : dhHead;
            for (int c = 0; c < classes; c++) {
                float d = dlogits[c];
                int row = wOut + c * hs;
                grad[bOut + c] += d;
                for (int k = 0; k < hs; k++) {
                    grad[row + k] += d * hIn[hInOff + k];
                    dHead[k] += params[row + k] * d;
                }
            }
            if (mask != null) for (int k = 0; k < hs; k++) dh[k] += dhHead[k] * mask[k];
            for (int l = top; l >= 0; l--) {
                if (l < top) {
                    // dh of a lower layer: what the layer above sent down, plus its own future
                    for (int k = 0; k < hs; k++) dh[k] = dIn[k] + carry[l][k];
                }
                backwardLayer(l, t, params, x, dh);
            }
        }
        return loss;
    }

    private boolean lastCorrect;

    boolean lastCorrect() {
        return lastCorrect;
    }

    /** Backward through layer l at step t; leaves dx in {@link #dIn} and dh' in carry[l]. */
    private void backwardLayer(int l, int t, float[] p, float[] x, float[] dhT) {
        int o = t * hs;
        float[] hl = h[l];
        float[] rl = r[l], zl = z[l], nl = n[l], gl = ghn[l];
        float[] dPrev = carry[l];
        for (int i = 0; i < hs; i++) {
            float d = dhT[i];
            float zi = zl[o + i], ni = nl[o + i], ri = rl[o + i];
            float hPrev = hl[o + i];
            float dn = d * (1f - zi);
            float dz = d * (hPrev - ni);
            dPrev[i] = d * zi;                       // dh' (direct path), replaced, not added: carry is consumed
            float dan = dn * (1f - ni * ni);
            float dr = dan * gl[o + i];
            dgi[i] = dr * ri * (1f - ri);            // da_r
            dgi[hs + i] = dz * zi * (1f - zi);       // da_z
            dgi[2 * hs + i] = dan;                   // da_n
            dgh[i] = dgi[i];
            dgh[hs + i] = dgi[hs + i];
            dgh[2 * hs + i] = dan * ri;              // dghn
        }
        int nIn = shape.layerInput(l);
        float[] in = l == 0 ? x : h[l - 1];
        int inOff = l == 0 ? t * nIn : (t + 1) * hs;
        int wIh = shape.wIh(l), wHh = shape.wHh(l), bIh = shape.bIh(l), bHh = shape.bHh(l);
        boolean needDx = l > 0;
        if (needDx) java.util.Arrays.fill(dIn, 0, nIn, 0f);
        int g3 = 3 * hs;
        for (int i = 0; i < g3; i++) {
            float di = dgi[i];
            grad[bIh + i] += di;
            int row = wIh + i * nIn;
            for (int j = 0; j < nIn; j++) grad[row + j] += di * in[inOff + j];
            if (needDx) for (int j = 0; j < nIn; j++) dIn[j] += p[row + j] * di;
            float dg = dgh[i];
            grad[bHh + i] += dg;
            int rowH = wHh + i * hs;
            for (int k = 0; k < hs; k++) {
                grad[rowH + k] += dg * hl[o + k];
                dPrev[k] += p[rowH + k] * dg;
            }
        }
    }

    private static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[off + i] > v[off + best]) best = i;
        return best;
    }
}
