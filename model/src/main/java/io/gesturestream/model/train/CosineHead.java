package io.gesturestream.model.train;

import io.gesturestream.model.Model;
import io.gesturestream.model.gru.GruShape;

/**
 * Training a prototype model directly: the head of a cosine classifier (Wang et al., NormFace,
 * 2017; Chen et al., A closer look at few-shot classification, 2019), whose logits are
 * {@code s cos(w_c, h) = s w_c . h / (|w_c| |h|)} with s = {@link Model#PROTOTYPE_SCALE}. Its
 * rows are then directions in the space of the GRU's top state, as an enrolled class's mean
 * embedding is, so the states it learns separate classes by angle, the measure enrollment and
 * the {@link io.gesturestream.model.Recognizer} use; and the trained model is itself a prototype
 * model whose classes are the training labels.
 *
 * <p>The forward and backward passes ({@link Bptt} with a cosine head) see the head's rows already
 * scaled ({@link #headParams}) and the state divided by its length; {@link #rawGradient} carries
 * the rows' gradient back through their scaling.
 */
final class CosineHead {
    static final float SCALE = Model.PROTOTYPE_SCALE;

    private CosineHead() {}

    /** {@code raw} with each head row scaled to length {@link #SCALE} and the head's bias 0. */
    static float[] headParams(GruShape s, float[] raw) {
        float[] p = raw.clone();
        int h = s.hiddenSize();
        for (int c = 0; c < s.classes(); c++) {
            int o = s.wOut() + c * h;
            float n2 = 0f;
            for (int k = 0; k < h; k++) n2 += raw[o + k] * raw[o + k];
            float f = n2 > 0f ? SCALE / (float) Math.sqrt(n2) : 0f;
            for (int k = 0; k < h; k++) p[o + k] = raw[o + k] * f;
        }
        java.util.Arrays.fill(p, s.bOut(), s.size(), 0f);
        return p;
    }

    /**
     * In place: the gradient with respect to the scaled rows becomes the gradient with respect to
     * the raw rows of {@code raw}, {@code g <- s (g - (g . u) u) / |w|} with u = w / |w|; the bias gets none.
     */
    static void rawGradient(GruShape s, float[] raw, float[] grad) {
        int h = s.hiddenSize();
        for (int c = 0; c < s.classes(); c++) {
            int o = s.wOut() + c * h;
            float n2 = 0f;
            for (int k = 0; k < h; k++) n2 += raw[o + k] * raw[o + k];
            if (!(n2 > 0f)) continue;
            float n = (float) Math.sqrt(n2), dot = 0f;
            for (int k = 0; k < h; k++) dot += grad[o + k] * raw[o + k] / n;
            for (int k = 0; k < h; k++) grad[o + k] = SCALE * (grad[o + k] - dot * raw[o + k] / n) / n;
        }
        java.util.Arrays.fill(grad, s.bOut(), s.size(), 0f);
    }
}
