package io.gesturestream.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalfTest {

    @Test
    void everyHalfConvertsToAFloatAndBackToItself() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat(h);
            if (Float.isNaN(f)) {
                assertTrue((h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0, Integer.toHexString(h));
                assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(f))));
            } else {
                assertEquals(h, Half.fromFloat(f), Integer.toHexString(h));
            }
        }
        assertEquals(65504f, Half.toFloat(0x7bff));          // the largest half
        assertEquals(0x1p-24f, Half.toFloat(0x0001));        // the smallest subnormal
        assertEquals(0x1p-14f, Half.toFloat(0x0400));        // the smallest normal
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Half.toFloat(0x8000)));
    }

    @Test
    void floatsRoundToTheNearestHalfTiesToEven() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (r.nextDouble(-1, 1) * Math.pow(2, r.nextInt(-28, 17)));
            int h = Half.fromFloat(f);
            double got = Half.toFloat(h);
            // no half is nearer: the neighbours of h (by bits, same sign) are not closer
            for (int n : new int[] {h - 1, h + 1}) {
                if ((n & 0x7fff) == 0x7fff || (n & 0x7c00) == 0x7c00 || ((n ^ h) & 0x8000) != 0) continue;
                double other = Half.toFloat(n);
                assertTrue(Math.abs(f - got) <= Math.abs(f - other), f + " -> " + got + ", but " + other + " is nearer");
                if (Math.abs(f - got) == Math.abs(f - other)) assertEquals(0, h & 1, "a tie goes to the even half: " + f);
            }
        }
        assertEquals(0x3c00, Half.fromFloat(1f + 0x1p-11f));            // halfway between 1 and 1 + 2^-10: even, 1
        assertEquals(0x3c02, Half.fromFloat(1f + 3 * 0x1p-11f));        // halfway to the next: even, 1 + 2^-9
        assertEquals(0x7c00, Half.fromFloat(65520f));                  // rounds past the largest half: infinity
        assertEquals(0x7bff, Half.fromFloat(65519f));
        assertEquals(0x0000, Half.fromFloat(0x1p-25f));                // halfway to the smallest subnormal: even, 0
        assertEquals(0x0001, Half.fromFloat(0x1.8p-25f));
        assertEquals(0x0400, Half.fromFloat(0x1.ffcp-15f));            // the largest subnormal rounds up into the normals
        assertEquals(0x8000, Half.fromFloat(-1e-30f));
        assertEquals(0xfc00, Half.fromFloat(Float.NEGATIVE_INFINITY));
    }
}
