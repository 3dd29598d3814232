package io.gesturestream.model.train;

/**
 * Connectionist temporal classification (Graves, Fernandez, Gomez and Schmidhuber, ICML 2006):
 * the loss of a label sequence given per-step class distributions, summed over every alignment,
 * and its gradient with respect to the logits, for training a network that transcribes.
 *
 * <p>Class {@link #BLANK} (0) is the blank, as in PyTorch's {@code CTCLoss}; the target holds
 * classes 1..C-1. With the target extended to {@code l' = (blank, l_1, blank, l_2, ..., blank)}
 * of length S = 2U + 1, in log space (every quantity a logarithm, sums by log-sum-exp, so that
 * long sequences do not underflow):
 * <pre>
 *   alpha_0(0) = y_0(blank)   alpha_0(1) = y_0(l_1)
 *   alpha_t(s) = y_t(l'_s) (alpha_t-1(s) + alpha_t-1(s-1) [+ alpha_t-1(s-2) if l'_s != blank and l'_s != l'_s-2])
 *   beta_T-1(S-1) = beta_T-1(S-2) = 1
 *   beta_t(s)  = beta_t+1(s) y_t+1(l'_s) + beta_t+1(s+1) y_t+1(l'_s+1) [+ beta_t+1(s+2) y_t+1(l'_s+2), same rule]
 *   P(l | x)   = alpha_T-1(S-1) + alpha_T-1(S-2)              loss = -ln P
 *   d loss / d a_t(k) = y_t(k) - (1 / P) sum over s with l'_s = k of alpha_t(s) beta_t(s)
 * </pre>
 * (beta here leaves out step t's own probability, so alpha_t(s) beta_t(s) is the probability of
 * the alignments that pass through s at t.) The gradient is with respect to the logits a of a
 * softmax, which is how the head produces y. Everything is in double, in a fixed order: the same
 * inputs give the same bits.
 *
 * <p>One instance per worker: it keeps its tables and grows them for longer inputs.
 */
final class Ctc {
    /** The blank's class index. */
    static final int BLANK = 0;
    /** Probabilities are floored here before the logarithm: a float softmax can underflow to 0. */
    private static final double MIN_PROB = 1e-30;

    private double[] logY = new double[0], alpha = new double[0], beta = new double[0];
    private int[] ext = new int[0];

    /**
     * Whether some alignment of {@code steps} outputs spells {@code target}: a repeated label
     * needs a blank between its two copies, so the steps must be at least U plus the repeats.
     */
    static boolean feasible(int steps, int[] target, int length) {
        int need = length;
        for (int i = 1; i < length; i++) if (target[i] == target[i - 1]) need++;
        return steps >= Math.max(1, need);
    }

    /**
     * The loss {@code -ln P(target | x)} and, into {@code dLogits[off + tC + k]} (overwritten),
     * {@code weight} times its gradient with respect to the logits.
     *
     * @param probs  per step t, the softmax output at {@code [tC, (t+1)C)}
     * @param target the labels at {@code [0, length)}, each in [1, C)
     * @return the loss, or {@code +Infinity} when the target cannot be aligned to the steps
     *         ({@link #feasible}); the gradient is then zero
     */
    double lossAndGradient(float[] probs, int steps, int classes, int[] target, int length, float weight,
                           float[] dLogits, int off) {
        for (int i = 0; i < length; i++) {
            if (target[i] <= BLANK || target[i] >= classes) {
                throw new IllegalArgumentException("CTC target label " + target[i] + " is not in [1, " + classes + ")");
            }
        }
        if (!feasible(steps, target, length)) {
            java.util.Arrays.fill(dLogits, off, off + steps * classes, 0f);
            return Double.POSITIVE_INFINITY;
        }
        int s = 2 * length + 1;
        ensure(steps, classes, s);
        for (int i = 0; i < s; i++) ext[i] = i % 2 == 0 ? BLANK : target[i / 2];
        for (int i = 0; i < steps * classes; i++) logY[i] = Math.log(Math.max(probs[i], MIN_PROB));

        double ninf = Double.NEGATIVE_INFINITY;
        // forward
        java.util.Arrays.fill(alpha, 0, steps * s, ninf);
        alpha[0] = logY[ext[0]];
        if (s > 1) alpha[1] = logY[ext[1]];
        for (int t = 1; t < steps; t++) {
            int row = t * s, prev = (t - 1) * s, y = t * classes;
            for (int i = 0; i < s; i++) {
                double a = alpha[prev + i];
                if (i >= 1) a = logAdd(a, alpha[prev + i - 1]);
                if (skips(i)) a = logAdd(a, alpha[prev + i - 2]);
                alpha[row + i] = a == ninf ? ninf : a + logY[y + ext[i]];
            }
        }
        int last = (steps - 1) * s;
        double logP = s > 1 ? logAdd(alpha[last + s - 1], alpha[last + s - 2]) : alpha[last];
        // backward
        java.util.Arrays.fill(beta, 0, steps * s, ninf);
        beta[last + s - 1] = 0;
        if (s > 1) beta[last + s - 2] = 0;
        for (int t = steps - 2; t >= 0; t--) {
            int row = t * s, next = (t + 1) * s, y = (t + 1) * classes;
            for (int i = 0; i < s; i++) {
                double b = beta[next + i] + logY[y + ext[i]];
                if (i + 1 < s) b = logAdd(b, beta[next + i + 1] + logY[y + ext[i + 1]]);
                if (i + 2 < s && skips(i + 2)) b = logAdd(b, beta[next + i + 2] + logY[y + ext[i + 2]]);
                beta[row + i] = b;
            }
        }
        // gradient: y_t(k) - posterior_t(k); the posterior of a class sums its positions in l' in order
        for (int t = 0; t < steps; t++) {
            int row = t * s, o = off + t * classes, y = t * classes;
            for (int k = 0; k < classes; k++) dLogits[o + k] = weight * probs[y + k];
            for (int k : classesOf(length)) {
                double post = ninf;
                for (int i = 0; i < s; i++) if (ext[i] == k) post = logAdd(post, alpha[row + i] + beta[row + i]);
                dLogits[o + k] = (float) (weight * (probs[y + k] - Math.exp(post - logP)));
            }
        }
        return -logP;
    }

    /** The classes that occur in l' (blank, then the target's labels in first-seen order), for the posterior loop. */
    private int[] classesOf(int length) {
        int[] seen = new int[length + 1];
        int count = 0;
        for (int i = 0; i < 2 * length + 1; i++) {
            int k = ext[i];
            boolean dup = false;
            for (int j = 0; j < count; j++) dup |= seen[j] == k;
            if (!dup) seen[count++] = k;
        }
        return java.util.Arrays.copyOf(seen, count);
    }

    /** Whether position i of l' may be entered from i - 2 (a label different from the one before the blank). */
    private boolean skips(int i) {
        return i >= 2 && ext[i] != BLANK && ext[i] != ext[i - 2];
    }

    /** ln(e^a + e^b), exact when either is -infinity. */
    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) return b;
        if (b == Double.NEGATIVE_INFINITY) return a;
        return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
    }

    private void ensure(int steps, int classes, int s) {
        if (logY.length < steps * classes) logY = new double[steps * classes];
        if (alpha.length < steps * s) {
            alpha = new double[steps * s];
            beta = new double[steps * s];
        }
        if (ext.length < s) ext = new int[s];
    }
}
