package io.gesturestream.model.eval;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The $1 and $P steps on strokes whose resampled, rotated, scaled points are known. */
class DollarExactTest {
    /** A check mark: down-right 1, then up-right 3. */
    private static final double[] CHECK = {0, 0, 1, 1, 2, 0, 3, -1, 4, -2};
    private static final double[] ARC = arc();

    private static double[] arc() {
        double[] a = new double[2 * 30];
        for (int i = 0; i < 30; i++) {
            a[2 * i] = Math.cos(Math.PI * i / 29 * 1.5);
            a[2 * i + 1] = Math.sin(Math.PI * i / 29 * 1.5);
        }
        return a;
    }

    /** Rotated by {@code angle} about the origin, scaled by {@code s}, moved by (dx, dy). */
    private static double[] move(double[] xy, double angle, double s, double dx, double dy) {
        double[] out = new double[xy.length];
        double c = Math.cos(angle), sn = Math.sin(angle);
        for (int i = 0; i < xy.length; i += 2) {
            out[i] = s * (xy[i] * c - xy[i + 1] * sn) + dx;
            out[i + 1] = s * (xy[i] * sn + xy[i + 1] * c) + dy;
        }
        return out;
    }

    private static List<Sample> samples(double[] xy) {
        List<Sample> s = new ArrayList<>();
        int n = xy.length / 2;
        for (int i = 0; i < n; i++) {
            PenSample.Phase ph = i == 0 ? PenSample.Phase.DOWN : i == n - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
            s.add(PenSample.of(ph, xy[2 * i], xy[2 * i + 1], 10L * i));
        }
        return s;
    }

    @Test
    void dollarOneResamplesAroundACornerAtEqualSteps() {
        // an L of 63 + 63: 64 points 2 apart, the 33rd one past the corner
        double[] r = DollarOne.resample(new double[] {0, 0, 63, 0, 63, 63}, 64);
        for (int k = 0; k < 32; k++) {
            assertEquals(2 * k, r[2 * k], 1e-9, "x " + k);
            assertEquals(0, r[2 * k + 1], 1e-9);
        }
        for (int k = 32; k < 64; k++) {
            assertEquals(63, r[2 * k], 1e-9, "x " + k);
            assertEquals(1 + 2 * (k - 32), r[2 * k + 1], 1e-9, "y " + k);
        }
        // a single point: n copies of it
        double[] one = DollarOne.resample(new double[] {5, 7}, 4);
        assertEquals(java.util.Arrays.toString(new double[] {5, 7, 5, 7, 5, 7, 5, 7}), java.util.Arrays.toString(one));
    }

    @Test
    void dollarOneNormalizesToTheIndicativeAngleTheSquareAndTheCentroid() {
        double[] n = DollarOne.normalize(CHECK);
        double sx = 0, sy = 0, minX = 1e9, maxX = -1e9, minY = 1e9, maxY = -1e9;
        for (int i = 0; i < DollarOne.N; i++) {
            sx += n[i];
            sy += n[DollarOne.N + i];
            minX = Math.min(minX, n[i]);
            maxX = Math.max(maxX, n[i]);
            minY = Math.min(minY, n[DollarOne.N + i]);
            maxY = Math.max(maxY, n[DollarOne.N + i]);
        }
        assertEquals(0, sx, 1e-9);
        assertEquals(0, sy, 1e-9);
        assertEquals(250, maxX - minX, 1e-9);
        assertEquals(250, maxY - minY, 1e-9);
        // rotated so that the centroid is straight right of the first point
        assertEquals(0, n[DollarOne.N], 1e-9);
        assertTrue(n[0] < -50, "first point left of the centroid: " + n[0]);
        // the same whatever the stroke's rotation, size and place
        for (double angle : new double[] {0.7, -2.0, 3.0}) {
            double[] m = DollarOne.normalize(move(CHECK, angle, 3.5, 100, -40));
            for (int i = 0; i < 2 * DollarOne.N; i++) assertEquals(n[i], m[i], 1e-6, "angle " + angle + " value " + i);
        }
    }

    @Test
    void dollarOneMatchesTheNearestTemplateAtTheBestAngle() {
        DollarOne d = new DollarOne(List.of(new Gesture("check", "s", samples(CHECK)), new Gesture("arc", "s", samples(ARC))));
        DollarOne.Match m = d.match(samples(move(CHECK, 1.0, 2, 5, 5)));
        assertEquals("check", m.label());
        assertTrue(m.distance() < 1, "the same shape: " + m.distance());
        assertEquals(1 - m.distance() / (125 * Math.sqrt(2)), m.score(), 1e-12);
        assertEquals("arc", d.recognize(samples(move(ARC, -0.5, 0.3, 0, 9))));
        // the distance of the best angle within 45 degrees, to the precision of the search
        double[] c = DollarOne.normalize(ARC), t = DollarOne.normalize(CHECK);
        double best = Double.POSITIVE_INFINITY;
        for (int k = -450; k <= 450; k++) best = Math.min(best, meanDistance(c, t, Math.toRadians(k / 10.0)));
        DollarOne.Match far = new DollarOne(List.of(new Gesture("check", "s", samples(CHECK)))).match(samples(ARC));
        assertEquals(best, far.distance(), 0.02 * best, "at the best angle");
        assertTrue(far.distance() > 30, far.toString());
        assertEquals(1 - far.distance() / (125 * Math.sqrt(2)), far.score(), 1e-12);
        assertEquals(0.5, d.accuracy(List.of(new Gesture("check", "s", samples(CHECK)), new Gesture("check", "s", samples(ARC)))));
        assertEquals(0.0, d.accuracy(List.of()));
    }

    /** The paper's distance: candidate rotated by theta about its centroid (the origin), mean distance to the template's points. */
    private static double meanDistance(double[] c, double[] t, double theta) {
        int n = DollarOne.N;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = c[i] * Math.cos(theta) - c[n + i] * Math.sin(theta), y = c[i] * Math.sin(theta) + c[n + i] * Math.cos(theta);
            sum += Math.hypot(x - t[i], y - t[n + i]);
        }
        return sum / n;
    }

    /** Two strokes, (0,0) to (3,0) and (0,1) to (3,1), in unit steps. */
    private static List<Sample> twoBars() {
        List<Sample> s = new ArrayList<>();
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x <= 3; x++) {
                PenSample.Phase ph = x == 0 ? PenSample.Phase.DOWN : x == 3 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
                s.add(PenSample.of(ph, x, y, 10L * (4 * y + x)));
            }
        }
        return s;
    }

    @Test
    void dollarPResamplesAlongTheStrokesWithoutTheJumpBetweenThem() {
        // 6 of path, 31 steps of 6/31: 16 points on the first bar, 16 on the second from 3/31 on
        double[] n = DollarP.normalize(twoBars());
        int N = DollarP.N;
        for (int k = 0; k < 16; k++) {
            // scaled by the larger side (3), centred: mean x 1.5, mean y 0.5
            assertEquals((6.0 * k / 31) / 3 - 0.5, n[k], 1e-9, "x " + k);
            assertEquals(-1.0 / 6, n[N + k], 1e-9, "y " + k);
            assertEquals((3.0 / 31 + 6.0 * k / 31) / 3 - 0.5, n[16 + k], 1e-9, "x " + (16 + k));
            assertEquals(1.0 / 6, n[N + 16 + k], 1e-9, "y " + (16 + k));
        }
        DollarP p = new DollarP(List.of(new Gesture("bars", "s", twoBars()), new Gesture("arc", "s", samples(ARC))));
        DollarP.Match m = p.match(twoBars());
        assertEquals("bars", m.label());
        assertEquals(0.0, m.distance(), 1e-12);
        assertEquals("arc", p.recognize(samples(move(ARC, 0, 4, 1, 1))));
    }
}
