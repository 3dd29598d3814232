package io.gesturestream.model.train;

import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;

import java.util.List;

/**
 * The offline reference for what streaming costs, never in the stream: a bidirectional GRU
 * (Schuster and Paliwal 1997) trained with CTC by the same trainer. Two stacks of one
 * {@link GruShape}, each with its head: the forward one reads the gesture from its first step,
 * the backward one from its last (its step s reads x at T-1-s), and their logits add,
 * <pre>
 *   a_t = W_f h^f_t + b_f + W_b h^b_(T-1-t) + b_b        p_t = softmax(a_t)
 * </pre>
 * which is one linear head over the concatenation {@code [h^f; h^b]}. The two stacks meet only
 * in the head (Graves et al.'s BLSTM also feeds both directions of a layer into the next
 * layer: this one keeps {@link Bptt} as it is). Parameters: the forward stack's, then the
 * backward stack's, each laid out as the shape says. The gradient of the loss with respect to
 * {@code a_t} ({@link Ctc}) reaches both heads unchanged, the backward one at its step T-1-t.
 *
 * <p>One instance per worker; it reuses its buffers.
 */
final class BiCtc {
    private final GruShape shape;
    private final int classes, in;
    final Bptt forward, backward;
    private final Ctc ctc = new Ctc();
    private float[] xr = new float[0], probs = new float[0], dl = new float[0], dlBack = new float[0];
    private boolean lastCorrect;

    BiCtc(GruShape shape, Gru fwd, Gru bwd) {
        this.shape = shape;
        this.classes = shape.classes();
        this.in = shape.inputSize();
        this.forward = new Bptt(shape, fwd);
        this.backward = new Bptt(shape, bwd);
    }

    /** The forward stack's parameters of the two stacks' {@code params}. */
    static float[] forwardPart(GruShape shape, float[] params) {
        return java.util.Arrays.copyOfRange(params, 0, shape.size());
    }

    /** The backward stack's parameters of the two stacks' {@code params}. */
    static float[] backwardPart(GruShape shape, float[] params) {
        return java.util.Arrays.copyOfRange(params, shape.size(), 2 * shape.size());
    }

    /**
     * The CTC loss of {@code target[0, length)} and its gradient, the forward stack's into
     * {@code forward.grad}, the backward's into {@code backward.grad}.
     *
     * @return the loss, or {@code +Infinity} when the target cannot be aligned to the steps: nothing is then added
     */
    double accumulate(Gru gf, Gru gb, float[] pf, float[] pb, float[] x, int steps, int[] target, int length,
                      float[] maskF, float[] maskB) {
        probabilities(gf, gb, x, steps, maskF, maskB);
        lastCorrect = collapse(probs, steps, classes).equals(java.util.Arrays.stream(target, 0, length).boxed().toList());
        double loss = ctc.lossAndGradient(probs, steps, classes, target, length, 1f, dl, 0);
        if (loss == Double.POSITIVE_INFINITY) return loss;
        for (int t = 0; t < steps; t++) System.arraycopy(dl, t * classes, dlBack, (steps - 1 - t) * classes, classes);
        forward.backwardFromLogits(gf, pf, x, steps, maskF, dl);
        backward.backwardFromLogits(gb, pb, xr, steps, maskB, dlBack);
        return loss;
    }

    boolean lastCorrect() {
        return lastCorrect;
    }

    /** The greedy (best-path) transcription of {@code x}, as class indices, blanks and repeats removed. */
    List<Integer> greedy(Gru gf, Gru gb, float[] x, int steps) {
        probabilities(gf, gb, x, steps, null, null);
        return collapse(probs, steps, classes);
    }

    /** Both stacks over the whole sequence; p_t at {@code [tC, (t+1)C)} of the array returned, which this instance reuses. */
    float[] probabilities(Gru gf, Gru gb, float[] x, int steps, float[] maskF, float[] maskB) {
        int n = steps * classes;
        if (probs.length < n) {
            probs = new float[n];
            dl = new float[n];
            dlBack = new float[n];
        }
        if (xr.length < steps * in) xr = new float[steps * in];
        for (int t = 0; t < steps; t++) System.arraycopy(x, t * in, xr, (steps - 1 - t) * in, in);
        float[] a = forward.forwardLogits(gf, x, steps, maskF);
        float[] b = backward.forwardLogits(gb, xr, steps, maskB);
        for (int t = 0; t < steps; t++) {
            int o = t * classes, ob = (steps - 1 - t) * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                probs[o + c] = a[o + c] + b[ob + c];
                max = Math.max(max, probs[o + c]);
            }
            float sum = 0f;
            for (int c = 0; c < classes; c++) {
                probs[o + c] = (float) Math.exp(probs[o + c] - max);
                sum += probs[o + c];
            }
            for (int c = 0; c < classes; c++) probs[o + c] /= sum;
        }
        return probs;
    }

    /** The best path through per-step distributions, its repeats merged and its blanks removed. */
    private static List<Integer> collapse(float[] p, int steps, int classes) {
        List<Integer> out = new java.util.ArrayList<>();
        int last = Ctc.BLANK;
        for (int t = 0; t < steps; t++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (p[t * classes + c] > p[t * classes + best]) best = c;
            if (best != Ctc.BLANK && best != last) out.add(best);
            last = best;
        }
        return out;
    }

    GruShape shape() {
        return shape;
    }
}
