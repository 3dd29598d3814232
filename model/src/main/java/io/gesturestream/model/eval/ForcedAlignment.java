package io.gesturestream.model.eval;

/**
 * The most probable CTC alignment of a known text to per-step distributions (Viterbi over the
 * same lattice as the CTC loss: the text with a blank before, between and after its symbols, a
 * repeated symbol needing a blank between its copies), and where each symbol's run of steps
 * ends on it. Offline, for evaluation: it says where, by the model's own reading, each character
 * of a word was written.
 */
final class ForcedAlignment {
    private ForcedAlignment() {}

    /**
     * For each symbol of {@code target}, the last step the best alignment spends on it; null when
     * no alignment fits (fewer steps than the text needs).
     *
     * @param probs per step t, the distribution at {@code [tC, (t+1)C)}, class 0 the blank
     */
    static int[] lastSteps(float[] probs, int steps, int classes, int[] target) {
        int u = target.length, s = 2 * u + 1;
        if (u == 0) return new int[0];
        if (steps == 0) return null;
        double[] score = new double[s], next = new double[s];
        int[][] from = new int[steps][s];
        java.util.Arrays.fill(score, Double.NEGATIVE_INFINITY);
        score[0] = log(probs[0]);
        score[1] = log(probs[target[0]]);
        for (int t = 1; t < steps; t++) {
            int o = t * classes;
            for (int j = 0; j < s; j++) {
                int label = j % 2 == 0 ? 0 : target[j / 2];
                double best = score[j];
                int arg = j;
                if (j >= 1 && score[j - 1] > best) {
                    best = score[j - 1];
                    arg = j - 1;
                }
                if (j >= 2 && label != 0 && label != target[j / 2 - 1] && score[j - 2] > best) {
                    best = score[j - 2];
                    arg = j - 2;
                }
                next[j] = best + log(probs[o + label]);
                from[t][j] = arg;
            }
            double[] x = score;
            score = next;
            next = x;
        }
        int j = score[s - 1] >= score[s - 2] ? s - 1 : s - 2;
        if (score[j] == Double.NEGATIVE_INFINITY) return null;
        int[] last = new int[u];
        java.util.Arrays.fill(last, -1);
        for (int t = steps - 1; t >= 0; t--) {
            if (j % 2 == 1 && last[j / 2] < 0) last[j / 2] = t;
            if (t > 0) j = from[t][j];
        }
        return last;
    }

    private static double log(float p) {
        return Math.log(Math.max(p, 1e-30f));
    }
}
