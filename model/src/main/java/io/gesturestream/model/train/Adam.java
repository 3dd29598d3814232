package io.gesturestream.model.train;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), with bias
 * correction and optional decoupled weight decay (Loshchilov and Hutter, ICLR 2019). Moments use
 * the parameters' flat layout, so one loop updates everything.
 */
final class Adam {
    private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;
    private final float[] m, v;
    private final float weightDecay;
    private final float baseLr;
    private int t;

    Adam(int size, float baseLr, float weightDecay) {
        this.m = new float[size];
        this.v = new float[size];
        this.baseLr = baseLr;
        this.weightDecay = weightDecay;
    }

    void update(float[] p, float[] g, float lr) {
        t++;
        float c1 = (float) (1 - Math.pow(BETA1, t)), c2 = (float) (1 - Math.pow(BETA2, t));
        float decay = weightDecay * lr / baseLr;
        for (int i = 0; i < p.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
            float mh = m[i] / c1, vh = v[i] / c2;
            p[i] -= lr * mh / ((float) Math.sqrt(vh) + EPS) + decay * p[i];
        }
    }
}
