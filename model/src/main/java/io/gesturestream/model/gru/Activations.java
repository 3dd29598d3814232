package io.gesturestream.model.gru;

/**
 * The nonlinearities, in one place so that inference, the scalar reference, the SIMD kernel
 * and training compute exactly the same function. Written with float additions,
 * multiplications, divisions and bit moves only, each of which IEEE 754 rounds exactly, so the
 * SIMD kernel ({@code VectorKernel}) repeats them lane by lane and gets the same bits.
 */
public final class Activations {
    private Activations() {}

    static final float EXP_MAX = 88f, EXP_MIN = -87f;
    static final float LOG2E = 1.44269504f;
    /**
     * 1.5 x 2^23: adding it rounds to an integer n held in the low mantissa bits; the sum's bits
     * are then 0x4B400000 + n.
     */
    static final float ROUND = 12582912f;
    /** ln 2 split so that n x LN2_HI is exact for |n| < 2^15 (Cody and Waite). */
    static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720;

    /**
     * e^x in float, relative error about 2e-7 on [-87, 88] (x is clamped to it): x = n ln2 + r
     * with |r| <= ln2 / 2, e^r by its Taylor polynomial to degree 6, times 2^n built from bits.
     */
    public static float exp(float x) {
        x = Math.max(EXP_MIN, Math.min(EXP_MAX, x));
        float t = x * LOG2E + ROUND;
        float nf = t - ROUND;
        float r = x - nf * LN2_HI - nf * LN2_LO;
        float p = C6;
        p = p * r + C5;
        p = p * r + C4;
        p = p * r + C3;
        p = p * r + C2;
        p = p * r + 1f;
        p = p * r + 1f;
        // 2^n's exponent field is (n + 127) << 23; t's bits are 0x4B400000 + n, and the shift drops
        // 0x4B400000 (its low 9 bits are zero), so t's bits serve as n
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(t) + 127) << 23);
    }

    /** sigma(x) = 1 / (1 + e^-x). */
    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** tanh(x) = 1 - 2 / (e^2x + 1). */
    public static float tanh(float x) {
        return 1f - 2f / (exp(x * 2f) + 1f);
    }

    /** In-place softmax over {@code v[0, n)}, shifted by the maximum for stability. */
    public static void softmax(float[] v, int n) {
        float max = v[0];
        for (int i = 1; i < n; i++) max = Math.max(max, v[i]);
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = exp(v[i] - max);
            v[i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) v[i] *= inv;
    }
}
