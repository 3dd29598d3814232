package io.gesturestream.model;

/**
 * IEEE 754 binary16 ("half") conversions, for model files that store their weights in 2 bytes
 * ({@link Model#withHalfWeights}): float to half rounds to nearest, ties to even, as hardware
 * does; half to float is exact. (Java 17 has no {@code Float.floatToFloat16}.)
 */
public final class Half {
    private Half() {}

    /** The half nearest to {@code f} (ties to even), as its 16 bits; infinities and NaN kept, overflow to infinity. */
    public static int fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) return sign | 0x7c00 | (mant != 0 ? 0x200 : 0);
        int e = exp - 127 + 15;
        if (e >= 0x1f) return sign | 0x7c00;
        int half, rem, halfway;
        if (e <= 0) {                                  // a subnormal half (or zero): value = m x 2^-24
            int shift = 14 - e;
            if (shift > 24) return sign;
            int m = exp == 0 ? mant : mant | 0x800000;  // float subnormals are far below the half's range
            half = m >>> shift;
            rem = m & ((1 << shift) - 1);
            halfway = 1 << (shift - 1);
        } else {
            half = (e << 10) | (mant >>> 13);
            rem = mant & 0x1fff;
            halfway = 0x1000;
        }
        if (rem > halfway || (rem == halfway && (half & 1) == 1)) half++;   // a carry into the exponent is right
        return sign | half;
    }

    /** The float of a half's 16 bits (exact). */
    public static float toFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** {@code f} rounded to the nearest half. */
    public static float round(float f) {
        return toFloat(fromFloat(f));
    }
}
