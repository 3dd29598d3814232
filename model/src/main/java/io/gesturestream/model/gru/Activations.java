package io.gesturestream.model.gru;

/**
 * The nonlinearities, in one place so that inference, the scalar reference and training
 * compute exactly the same function. Evaluated in double and rounded once to float.
 */
public final class Activations {
    private Activations() {}

    /** sigma(x) = 1 / (1 + e^-x). */
    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** tanh(x) = 1 - 2 / (e^2x + 1); exact limits at +-infinity. */
    public static float tanh(float x) {
        return (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
    }

    /** In-place softmax over {@code v[0, n)}, shifted by the maximum for stability. */
    public static void softmax(float[] v, int n) {
        float max = v[0];
        for (int i = 1; i < n; i++) if (v[i] > max) max = v[i];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(v[i] - max);
            v[i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) v[i] *= inv;
    }
}
