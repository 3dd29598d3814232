package io.gesturestream.model.features;

/**
 * Inertial features. Acceleration is in g and angular rate in deg/s whatever the device, so
 * no per-device scaling is needed; what differs between devices is the sampling rate and the
 * orientation of gravity. Per sample:
 * <pre>
 *   0..2  a / 2                     clipped to [-4, 4]: raw acceleration (holds gravity)
 *   3..5  (a - g~) / 2              dynamic part: a minus a low-pass estimate g~ of gravity
 *   6..8  w / 500                   angular rate, only when the model was built with a gyroscope
 * </pre>
 * The low-pass filter is g~ += alpha (a - g~) with alpha = 1 - exp(-dt / tau), dt the real time
 * since the previous sample: a time constant in seconds, not in samples, so it means the same
 * at 50 Hz and at 200 Hz. The first sample starts g~ at a.
 *
 * <p>State: started, g~x, g~y, g~z.
 */
public final class ImuEncoder implements FeatureEncoder {
    public static final int FEATURE_SET_VERSION = 1;
    private static final int STATE = 4;

    private final boolean useGyro;
    private final float tauMs;

    public ImuEncoder(boolean useGyro, float tauMs) {
        if (!(tauMs > 0f) || !Float.isFinite(tauMs)) throw new IllegalArgumentException("tau must be > 0 ms");
        this.useGyro = useGyro;
        this.tauMs = tauMs;
    }

    static ImuEncoder fromParameters(float[] p) {
        if (p.length != 3 || p[0] != FEATURE_SET_VERSION || (p[1] != 0f && p[1] != 1f) || !(p[2] > 0f)
                || !Float.isFinite(p[2])) {
            throw new IllegalArgumentException("IMU encoder parameters must be [" + FEATURE_SET_VERSION
                    + ", useGyro 0|1, tau ms > 0], got " + java.util.Arrays.toString(p));
        }
        return new ImuEncoder(p[1] == 1f, p[2]);
    }

    @Override
    public InputKind kind() {
        return InputKind.IMU;
    }

    @Override
    public int inputSize() {
        return useGyro ? 9 : 6;
    }

    @Override
    public int stateSize() {
        return STATE;
    }

    @Override
    public float[] parameters() {
        return new float[] {FEATURE_SET_VERSION, useGyro ? 1f : 0f, tauMs};
    }

    @Override
    public void reset(float[] st) {
        java.util.Arrays.fill(st, 0, STATE, 0f);
    }

    @Override
    public boolean encode(Sample s, long prevT, float[] st, float[] out, int off) {
        if (!(s instanceof ImuSample m)) {
            throw new IllegalArgumentException("an IMU model cannot read a " + s.kind() + " sample");
        }
        if (!Float.isFinite(m.ax()) || !Float.isFinite(m.ay()) || !Float.isFinite(m.az())) {
            throw new IllegalArgumentException("acceleration must be finite");
        }
        if (useGyro && m.hasGyro() && !(Float.isFinite(m.gx()) && Float.isFinite(m.gy()) && Float.isFinite(m.gz()))) {
            throw new IllegalArgumentException("angular rate must be finite");
        }
        float ax = clip(m.ax()), ay = clip(m.ay()), az = clip(m.az());
        if (st[0] == 0f) {
            st[0] = 1f;
            st[1] = ax; st[2] = ay; st[3] = az;
        } else {
            long dt = prevT == Long.MIN_VALUE ? 0 : Math.max(0, Math.min(1000, m.t() - prevT));
            float alpha = (float) (1.0 - Math.exp(-dt / (double) tauMs));
            st[1] += alpha * (ax - st[1]);
            st[2] += alpha * (ay - st[2]);
            st[3] += alpha * (az - st[3]);
        }
        out[off] = ax * 0.5f;
        out[off + 1] = ay * 0.5f;
        out[off + 2] = az * 0.5f;
        out[off + 3] = (ax - st[1]) * 0.5f;
        out[off + 4] = (ay - st[2]) * 0.5f;
        out[off + 5] = (az - st[3]) * 0.5f;
        if (useGyro) {
            boolean g = m.hasGyro();
            out[off + 6] = g ? m.gx() / 500f : 0f;
            out[off + 7] = g ? m.gy() / 500f : 0f;
            out[off + 8] = g ? m.gz() / 500f : 0f;
        }
        return true;
    }

    private static float clip(float v) {
        return Math.max(-8f, Math.min(8f, v));
    }
}
