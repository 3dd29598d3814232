package io.gesturestream.model.train;

import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;

/**
 * Forward and backward pass of one sequence through the GRU and its head: backpropagation
 * through time, with every per-step activation cached in arrays allocated once and grown only
 * for a longer sequence. One instance per worker; it accumulates into its own gradient.
 *
 * <p>The forward pass is {@link Gru#layerStep}, the same code the recognizer runs. For a
 * transcription model the loss is CTC ({@link #accumulateCtc}, {@link Ctc}); for a classifier it is a
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
    /** Per step: class probabilities at [tC, (t+1)C), then, backward, the logits' gradient at the same place in dLogits. */
    private float[] probs, dLogits;
    /** Per layer, per step: the gradient of the gate pre-activations, input side (dgi) and hidden side (dgh), at [3tH, 3(t+1)H). */
    private float[][] dGi, dGh;
    /** Per step: the top layer's output after dropout, at [tH, (t+1)H), when there is dropout. */
    private float[] hDropped;
    private final float[][] carry;
    private final float[] dh, dIn, dhHead;
    private final Ctc ctc = new Ctc();
    /** A cosine head ({@link CosineHead}): the head reads the top state scaled to length 1, kept per step here with its length. */
    private final boolean cosine;
    private float[] hHat, hNorm;

    Bptt(GruShape shape, Gru gru) {
        this(shape, gru, false);
    }

    /**
     * @param cosine the head is a cosine classifier's ({@link CosineHead}): it reads the top layer's
     *               state divided by its length, and its weights are given already scaled to rows of length
     *               {@link CosineHead#SCALE} with no bias; no dropout
     */
    Bptt(GruShape shape, Gru gru, boolean cosine) {
        this.cosine = cosine;
        this.shape = shape;
        this.hs = shape.hiddenSize();
        this.classes = shape.classes();
        this.layers = shape.layers();
        this.grad = new float[shape.size()];
        this.ws = gru.newWorkspace();
        this.carry = new float[layers][hs];
        this.dh = new float[hs];
        this.dIn = new float[Math.max(hs, shape.inputSize())];
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
        dLogits = new float[capacity * classes];
        dGi = new float[layers][capacity * 3 * hs];
        dGh = new float[layers][capacity * 3 * hs];
        hDropped = new float[capacity * hs];
        hHat = new float[capacity * hs];
        hNorm = new float[capacity];
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
        return accumulate(gru, params, x, steps, label, mask, null, 0f);
    }

    /**
     * As above, learning also from a teacher (knowledge distillation, Hinton, Vinyals and Dean
     * 2015): at step t the target is {@code (1 - alpha) onehot(label) + alpha soft_t}, where
     * {@code soft[tC, (t+1)C)} is the teacher's distribution after the same step; {@code soft}
     * null for none.
     */
    double accumulate(Gru gru, float[] params, float[] x, int steps, int label, float[] mask, float[] soft, float alpha) {
        forward(gru, x, steps, mask);
        double loss = 0;
        for (int t = 0; t < steps; t++) loss += stepLoss(t * classes, label, stepWeight(t, steps), soft, alpha);
        lastCorrect = argmax(probs, (steps - 1) * classes, classes) == label;
        backward(gru, params, x, steps, mask);
        return loss;
    }

    /**
     * A continuous stream with a class per step ({@code targets[t]}, for spotting): the mean
     * cross-entropy over the steps, {@code L = (1/T) sum_t CE(p_t, targets[t])}, and its gradient
     * added to {@link #grad}. {@link #lastCorrect()} tells whether every step's answer was right.
     */
    double accumulateFrames(Gru gru, float[] params, float[] x, int steps, int[] targets, float[] mask) {
        return accumulateFrames(gru, params, x, steps, targets, -1, 1f, mask);
    }

    /**
     * Like {@link #accumulateFrames(Gru, float[], float[], int, int[], float[])}, with a step whose
     * target is not {@code reject} weighing {@code weight} against 1 for a step of the reject class:
     * {@code L = sum_t w_t CE(p_t, targets[t]) / sum_t w_t}. A spotting model's streams are mostly
     * other motion; weighing the gestures' steps more keeps the reject class from drowning them.
     * With weight 1 it is the plain mean, to the bit.
     */
    double accumulateFrames(Gru gru, float[] params, float[] x, int steps, int[] targets, int reject, float weight, float[] mask) {
        return accumulateFrames(gru, params, x, steps, targets, reject, weight, mask, null, 0f);
    }

    /**
     * As above, learning also from a teacher where {@code soft} has a distribution: at a step t
     * whose row {@code soft[tC, (t+1)C)} is not all zero (and whose target is not {@code reject}),
     * the target is {@code (1 - alpha) onehot(targets[t]) + alpha soft_t}; every other step keeps
     * its one class. {@code soft} null for none.
     */
    double accumulateFrames(Gru gru, float[] params, float[] x, int steps, int[] targets, int reject, float weight, float[] mask,
                            float[] soft, float alpha) {
        forward(gru, x, steps, mask);
        double loss = 0;
        boolean all = true;
        float total = 0;
        for (int t = 0; t < steps; t++) total += targets[t] == reject ? 1f : weight;
        for (int t = 0; t < steps; t++) {
            int lo = t * classes, y = targets[t];
            float w = (y == reject ? 1f : weight) / total;
            all &= argmax(probs, lo, classes) == y;
            loss += stepLoss(lo, y, w, y != reject && soft != null && taught(soft, lo) ? soft : null, alpha);
        }
        lastCorrect = all;
        backward(gru, params, x, steps, mask);
        return loss;
    }

    /**
     * One step's loss, {@code w CE(p_t, target)}, with its gradient {@code w (p_t - target)}
     * written to the step's logits' gradient from {@code lo}: the target is {@code onehot(y)}, or
     * with a teacher ({@code soft} not null: its row from {@code lo}) {@code (1 - alpha) onehot(y)
     * + alpha soft_t}.
     */
    private double stepLoss(int lo, int y, float w, float[] soft, float alpha) {
        if (soft == null) {
            for (int c = 0; c < classes; c++) dLogits[lo + c] = w * (probs[lo + c] - (c == y ? 1f : 0f));
            return -w * Math.log(Math.max(probs[lo + y], 1e-30f));
        }
        double ce = 0;
        for (int c = 0; c < classes; c++) {
            float target = alpha * soft[lo + c] + (c == y ? 1f - alpha : 0f);
            if (target > 0f) ce -= target * Math.log(Math.max(probs[lo + c], 1e-30f));
            dLogits[lo + c] = w * (probs[lo + c] - target);
        }
        return w * ce;
    }

    /** Whether the row of {@code classes} values from {@code lo} holds a distribution (is not all zero). */
    private boolean taught(float[] soft, int lo) {
        for (int c = 0; c < classes; c++) if (soft[lo + c] != 0f) return true;
        return false;
    }

    /**
     * A transcription's sequence: the CTC loss of {@code target[0, length)} (classes 1..C-1, class 0
     * the blank; see {@link Ctc}) over the per-step distributions, and its gradient added to
     * {@link #grad}. Dropout as above.
     *
     * @return the loss, or {@code +Infinity} when the target has more labels than the sequence can
     *         spell ({@link Ctc#feasible}): nothing is then added
     */
    double accumulateCtc(Gru gru, float[] params, float[] x, int steps, int[] target, int length, float[] mask) {
        forward(gru, x, steps, mask);
        lastCorrect = greedyEquals(steps, target, length);
        double loss = ctc.lossAndGradient(probs, steps, classes, target, length, 1f, dLogits, 0);
        if (loss == Double.POSITIVE_INFINITY) return loss;
        backward(gru, params, x, steps, mask);
        return loss;
    }

    /**
     * For {@link BiCtc}: every step forward, caching what {@link #backwardFromLogits} needs, the
     * head's logits (not probabilities) at {@code [tC, (t+1)C)} of the array returned, which
     * this instance owns and reuses.
     */
    float[] forwardLogits(Gru gru, float[] x, int steps, float[] mask) {
        forward(gru, x, steps, mask, false);
        return probs;
    }

    /** For {@link BiCtc}: backward from the logits' gradient {@code dl[tC + k]} after {@link #forwardLogits} of the same sequence. */
    void backwardFromLogits(Gru gru, float[] params, float[] x, int steps, float[] mask, float[] dl) {
        System.arraycopy(dl, 0, dLogits, 0, steps * classes);
        backward(gru, params, x, steps, mask);
    }

    private void forward(Gru gru, float[] x, int steps, float[] mask) {
        forward(gru, x, steps, mask, true);
    }

    /** Every step through every layer and the head, caching what the backward pass needs; probabilities (or logits) into {@link #probs}. */
    private void forward(Gru gru, float[] x, int steps, float[] mask, boolean softmax) {
        ensure(steps);
        int in0 = shape.inputSize();
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
            float[] top = h[layers - 1];
            int at = (t + 1) * hs;
            if (cosine) {
                if (mask != null) throw new IllegalArgumentException("a cosine head takes no dropout");
                float n2 = 0f;
                for (int k = 0; k < hs; k++) n2 += top[at + k] * top[at + k];
                float norm = (float) Math.sqrt(n2), inv = norm > 0f ? 1f / norm : 0f;
                hNorm[t] = norm;
                for (int k = 0; k < hs; k++) hHat[t * hs + k] = top[at + k] * inv;
                top = hHat;
                at = t * hs;
            } else if (mask != null) {
                for (int k = 0; k < hs; k++) hDropped[t * hs + k] = h[layers - 1][(t + 1) * hs + k] * mask[k];
                top = hDropped;
                at = t * hs;
            }
            if (softmax) gru.probabilities(top, at, ws.logits, ws);
            else gru.logits(top, at, ws.logits, ws);
            System.arraycopy(ws.logits, 0, probs, t * classes, classes);
        }
    }

    /** From the logits' gradient in {@link #dLogits}, backward through time, adding every weight's gradient to {@link #grad}. */
    private void backward(Gru gru, float[] params, float[] x, int steps, float[] mask) {
        for (int l = 0; l < layers; l++) java.util.Arrays.fill(carry[l], 0f);
        int top = layers - 1;
        int wOut = shape.wOut(), bOut = shape.bOut();
        // backward through time: what flows from step to step (dh) now; the weights' gradients, sums over the steps, after
        for (int t = steps - 1; t >= 0; t--) {
            // head: dh_top = W_o^T dlogits + carry
            int lo = t * classes;
            System.arraycopy(carry[top], 0, dh, 0, hs);
            if (mask != null || cosine) java.util.Arrays.fill(dhHead, 0f);
            float[] dHead = mask == null && !cosine ? dh : dhHead;
            gru.axpySum(dLogits, lo, 1, classes, params, wOut, hs, dHead, 0, hs);  // dh += W_o^T dlogits, row c after row c
            if (mask != null) for (int k = 0; k < hs; k++) dh[k] += dhHead[k] * mask[k];
            if (cosine) {
                // through e = h / |h|: dh += (de - (de . e) e) / |h|
                float dot = 0f;
                for (int k = 0; k < hs; k++) dot += dhHead[k] * hHat[t * hs + k];
                float inv = hNorm[t] > 0f ? 1f / hNorm[t] : 0f;
                for (int k = 0; k < hs; k++) dh[k] += (dhHead[k] - dot * hHat[t * hs + k]) * inv;
            }
            for (int l = top; l >= 0; l--) {
                if (l < top) {
                    // dh of a lower layer: what the layer above sent down, plus its own future
                    for (int k = 0; k < hs; k++) dh[k] = dIn[k] + carry[l][k];
                }
                backwardLayer(gru, l, t, params, dh);
            }
        }
        // dW_o += sum_t dlogits_t h_t^T, db_o += sum_t dlogits_t; each element summed from the last step to the first,
        // the order in which a step-by-step update would add them, so the bits are the same
        float[] hIn = cosine ? hHat : mask == null ? h[top] : hDropped;
        int hLast = mask == null && !cosine ? steps * hs : (steps - 1) * hs;
        for (int c = 0; c < classes; c++) {
            float b = grad[bOut + c];
            for (int t = steps - 1; t >= 0; t--) b += dLogits[t * classes + c];
            grad[bOut + c] = b;
            gru.axpySum(dLogits, (steps - 1) * classes + c, -classes, steps, hIn, hLast, -hs, grad, wOut + c * hs, hs);
        }
        for (int l = 0; l < layers; l++) weightGradients(gru, l, steps, x);
    }

    /**
     * dW_ih += sum_t dgi_t x_t^T, dW_hh += sum_t dgh_t h'_t^T and the biases' sums for layer l,
     * from the last step to the first, a row at a time held in registers.
     */
    private void weightGradients(Gru gru, int l, int steps, float[] x) {
        int g3 = 3 * hs;
        int nIn = shape.layerInput(l);
        float[] in = l == 0 ? x : h[l - 1];
        int inLast = l == 0 ? (steps - 1) * nIn : steps * hs, inStride = l == 0 ? nIn : hs;
        int wIh = shape.wIh(l), wHh = shape.wHh(l), bIh = shape.bIh(l), bHh = shape.bHh(l);
        float[] gi = dGi[l], gh = dGh[l];
        int last = (steps - 1) * g3;
        for (int i = 0; i < g3; i++) {
            float bi = grad[bIh + i], bh = grad[bHh + i];
            for (int t = steps - 1; t >= 0; t--) {
                bi += gi[t * g3 + i];
                bh += gh[t * g3 + i];
            }
            grad[bIh + i] = bi;
            grad[bHh + i] = bh;
            gru.axpySum(gi, last + i, -g3, steps, in, inLast, -inStride, grad, wIh + i * nIn, nIn);
            gru.axpySum(gh, last + i, -g3, steps, h[l], (steps - 1) * hs, -hs, grad, wHh + i * hs, hs);
        }
    }

    private boolean lastCorrect;

    boolean lastCorrect() {
        return lastCorrect;
    }

    /**
     * Backward through layer l at step t: keeps dgi and dgh of the step for {@link #weightGradients},
     * leaves dx in {@link #dIn} (above the first layer) and dh' in carry[l].
     */
    private void backwardLayer(Gru gru, int l, int t, float[] p, float[] dhT) {
        int o = t * hs;
        int g3 = 3 * hs;
        int go = t * g3;
        float[] hl = h[l];
        float[] rl = r[l], zl = z[l], nl = n[l], gl = ghn[l];
        float[] gi = dGi[l], gh = dGh[l];
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
            gi[go + i] = dr * ri * (1f - ri);            // da_r
            gi[go + hs + i] = dz * zi * (1f - zi);       // da_z
            gi[go + 2 * hs + i] = dan;                   // da_n
            gh[go + i] = gi[go + i];
            gh[go + hs + i] = gi[go + hs + i];
            gh[go + 2 * hs + i] = dan * ri;              // dghn
        }
        int nIn = shape.layerInput(l);
        int wIh = shape.wIh(l), wHh = shape.wHh(l);
        boolean needDx = l > 0;
        if (needDx) java.util.Arrays.fill(dIn, 0, nIn, 0f);
        // dx = W_ih^T dgi and dh' += W_hh^T dgh, adding row i after row i-1 (SIMD when the JVM has it)
        if (needDx) gru.axpySum(gi, go, 1, g3, p, wIh, nIn, dIn, 0, nIn);
        gru.axpySum(gh, go, 1, g3, p, wHh, hs, dPrev, 0, hs);
    }

    /** Whether the best path through the last forward pass, collapsed, spells {@code target}. */
    private boolean greedyEquals(int steps, int[] target, int length) {
        int at = 0, last = Ctc.BLANK;
        for (int t = 0; t < steps; t++) {
            int k = argmax(probs, t * classes, classes);
            if (k != Ctc.BLANK && k != last) {
                if (at == length || target[at] != k) return false;
                at++;
            }
            last = k;
        }
        return at == length;
    }

    private static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[off + i] > v[off + best]) best = i;
        return best;
    }
}
