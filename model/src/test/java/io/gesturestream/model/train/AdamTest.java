package io.gesturestream.model.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Adam's update against its equations (Kingma and Ba 2015, Algorithm 1) worked in double, two parameters, three steps. */
class AdamTest {
    @Test
    void stepsFollowTheBiasCorrectedMomentsAndTheDecoupledDecay() {
        float baseLr = 0.1f, decay = 0.01f;
        Adam adam = new Adam(2, baseLr, decay);
        float[] p = {1f, -2f};
        double[] q = {1, -2}, m = new double[2], v = new double[2];
        float[][] grads = {{0.5f, -3f}, {-0.25f, 1f}, {2f, 0f}};
        float[] lrs = {0.1f, 0.05f, 0.02f};
        for (int t = 1; t <= 3; t++) {
            float[] g = grads[t - 1];
            float lr = lrs[t - 1];
            adam.update(p, g, lr);
            for (int i = 0; i < 2; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mh = m[i] / (1 - Math.pow(0.9, t)), vh = v[i] / (1 - Math.pow(0.999, t));
                q[i] -= lr * mh / (Math.sqrt(vh) + 1e-8) + decay * (lr / baseLr) * q[i];
                assertEquals(q[i], p[i], 2e-6, "parameter " + i + " after step " + t);
            }
        }
        // the first step of Adam moves each parameter by about lr, whatever the gradient's size
        assertEquals(1 - 0.1 - 0.01, stepOnce(0.5f), 1e-6);
        assertEquals(1 - 0.1 - 0.01, stepOnce(500f), 1e-6);
    }

    private static float stepOnce(float g) {
        Adam a = new Adam(1, 0.1f, 0.01f);
        float[] p = {1f};
        a.update(p, new float[] {g}, 0.1f);
        return p[0];
    }
}
