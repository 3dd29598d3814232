package io.gesturestream.model.train;

import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StylesTest {
    /** One stroke through the points, 2 units apart, y down. */
    private static List<Sample> stroke(double[][] pts) {
        List<Sample> out = new ArrayList<>();
        long t = 0;
        for (int k = 0; k + 1 < pts.length; k++) {
            double[] a = pts[k], b = pts[k + 1];
            int n = (int) Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 2);
            for (int i = k == 0 ? 0 : 1; i <= n; i++) {
                double u = (double) i / n;
                out.add(PenSample.of(PenSample.Phase.MOVE, a[0] + u * (b[0] - a[0]), a[1] + u * (b[1] - a[1]), t += 10));
            }
        }
        out.set(0, PenSample.of(PenSample.Phase.DOWN, ((PenSample) out.get(0)).x(), ((PenSample) out.get(0)).y(), 0));
        PenSample last = (PenSample) out.get(out.size() - 1);
        out.set(out.size() - 1, PenSample.of(PenSample.Phase.UP, last.x(), last.y(), last.t()));
        return out;
    }

    private static int strokes(List<Sample> s) {
        int n = 0;
        for (Sample x : s) if (((PenSample) x).phase() == PenSample.Phase.DOWN) n++;
        return n;
    }

    @Test
    void aShareOfTheStyledLabelsGetTheirStrokeAndOtherLabelsNone() {
        List<Sample> zero = stroke(new double[][] {{50, 0}, {0, 50}, {50, 100}, {100, 50}, {50, 0}});
        List<Sample> seven = stroke(new double[][] {{0, 0}, {60, 0}, {20, 100}});
        List<Sample> one = stroke(new double[][] {{50, 0}, {50, 100}});
        SplittableRandom r = new SplittableRandom(1);
        int styled = 0, flags = 0, feet = 0;
        for (int i = 0; i < 1000; i++) {
            List<Sample> z = Styles.restyle(zero, "0", r);
            if (z != zero) {
                styled++;
                assertEquals(2, strokes(z), "a slash after the ring");
                PenSample a = (PenSample) z.get(zero.size()), b = (PenSample) z.get(z.size() - 1);
                assertTrue(a.x() < 0 && a.y() > 100 && b.x() > 100 && b.y() < 0, "bottom left to top right, beyond the ring: " + a + " " + b);
            }
            List<Sample> s = Styles.restyle(seven, "7", r);
            if (s != seven) {
                PenSample a = (PenSample) s.get(seven.size());
                assertEquals(2, strokes(s));
                assertTrue(a.y() > 30 && a.y() < 70, "a bar across the middle: " + a);
            }
            List<Sample> o = Styles.restyle(one, "1", r);
            if (o != one) {
                PenSample first = (PenSample) o.get(0);
                if (first.x() < 50) flags++;
                if (strokes(o) == 2) feet++;
                assertTrue(first.x() < 50 || strokes(o) == 2, "a flag, a foot or both");
            }
            assertSame(seven, Styles.restyle(seven, "L", r));
        }
        assertTrue(Math.abs(styled - 1000 * Styles.RATE) < 60, styled + " of 1000 zeros styled");
        assertTrue(flags > 100 && feet > 100, flags + " flags, " + feet + " feet");
        assertSame(zero, Styles.restyle(zero, "1", r), "a wide 1 is not a plain upright 1: left alone");
    }
}
