package io.gesturestream.model.train;

import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where each style's stroke goes, how densely and when, against the ranges {@link Styles}
 * draws from, worked out by hand for small shapes (y down). The wobble is 0.15 of the point
 * spacing (a standard deviation), so positions are checked with a slack of a few spacings.
 */
class StylesGeometryTest {
    private static final PenSample.Phase DOWN = PenSample.Phase.DOWN, MOVE = PenSample.Phase.MOVE, UP = PenSample.Phase.UP;

    /** One stroke through the points, {@code step} units apart, 10 ms apart from t = 1000, pressure 0.5. */
    private static List<Sample> stroke(double step, double[]... pts) {
        List<Sample> out = new ArrayList<>();
        long t = 1000;
        for (int k = 0; k + 1 < pts.length; k++) {
            double[] a = pts[k], b = pts[k + 1];
            int n = (int) Math.round(Math.hypot(b[0] - a[0], b[1] - a[1]) / step);
            for (int i = k == 0 ? 0 : 1; i <= n; i++) {
                double u = (double) i / n;
                out.add(new PenSample(MOVE, (float) (a[0] + u * (b[0] - a[0])), (float) (a[1] + u * (b[1] - a[1])), 0.5f, t));
                t += 10;
            }
        }
        PenSample first = (PenSample) out.get(0), last = (PenSample) out.get(out.size() - 1);
        out.set(0, new PenSample(DOWN, first.x(), first.y(), first.pressure(), first.t()));
        out.set(out.size() - 1, new PenSample(UP, last.x(), last.y(), last.pressure(), last.t()));
        return out;
    }

    /** The styled versions of {@code in} among {@code draws} draws from a seeded generator. */
    private static List<List<Sample>> styled(List<Sample> in, String label, int draws) {
        SplittableRandom r = new SplittableRandom(7);
        List<List<Sample>> out = new ArrayList<>();
        for (int i = 0; i < draws; i++) {
            List<Sample> s = Styles.restyle(in, label, r);
            if (s != in) out.add(s);
        }
        assertTrue(out.size() > draws / 10, out.size() + " of " + draws + " styled");
        return out;
    }

    private static PenSample at(List<Sample> s, int i) {
        return (PenSample) s.get(i);
    }

    /** The added stroke: from {@code from} to the end; phases DOWN, MOVE..., UP; 10 ms apart from 150 ms after {@code after}. */
    private static List<PenSample> addedStroke(List<Sample> s, int from, PenSample after) {
        List<PenSample> added = new ArrayList<>();
        for (int i = from; i < s.size(); i++) added.add(at(s, i));
        assertTrue(added.size() >= 2);
        for (int i = 0; i < added.size(); i++) {
            PenSample p = added.get(i);
            assertEquals(i == 0 ? DOWN : i == added.size() - 1 ? UP : MOVE, p.phase(), "phase of point " + i);
            assertEquals(after.t() + 150 + 10L * i, p.t(), "time of point " + i);
            assertEquals(after.pressure(), p.pressure());
        }
        return added;
    }

    /** Every point within {@code slack} of the straight line through the first and the last. */
    private static void straight(List<PenSample> pts, double slack) {
        PenSample a = pts.get(0), b = pts.get(pts.size() - 1);
        double len = Math.hypot(b.x() - a.x(), b.y() - a.y());
        for (PenSample p : pts) {
            double off = Math.abs((b.x() - a.x()) * (a.y() - p.y()) - (a.x() - p.x()) * (b.y() - a.y())) / len;
            assertTrue(off < slack, "off the line by " + off);
        }
    }

    /** Mean distance between consecutive points. */
    private static double meanStep(List<PenSample> pts) {
        double d = 0;
        for (int i = 1; i < pts.size(); i++) d += Math.hypot(pts.get(i).x() - pts.get(i - 1).x(), pts.get(i).y() - pts.get(i - 1).y());
        return d / (pts.size() - 1);
    }

    @Test
    void aZerosSlashRunsFromBelowLeftToAboveRightBeyondItsBoxAsDenseAsItsInk() {
        // a diamond in a 100 x 100 box, points 10 apart: the spacing is the ink's (10), not the box's 100 / 40
        List<Sample> zero = stroke(10, new double[] {50, 0}, new double[] {0, 50}, new double[] {50, 100}, new double[] {100, 50},
                new double[] {50, 0});
        double inkSpacing = 4 * Math.hypot(50, 50) / (zero.size() - 1);
        for (String label : List.of("0", "O")) {
            for (List<Sample> s : styled(zero, label, 60)) {
                assertEquals(zero, s.subList(0, zero.size()), "the ring is kept as it was");
                List<PenSample> slash = addedStroke(s, zero.size(), at(zero, zero.size() - 1));
                PenSample a = slash.get(0), b = slash.get(slash.size() - 1);
                double slack = 4 * 0.15 * inkSpacing;
                // start: x = 0 - over 100, y = 100 + over 100 u with over in [0.05, 0.25), u in [0.3, 1)
                assertTrue(a.x() > -25 - slack && a.x() < -5 + slack, "start x " + a.x());
                assertTrue(a.y() > 101.5 - slack && a.y() < 125 + slack, "start y " + a.y());
                assertTrue(b.x() > 105 - slack && b.x() < 125 + slack, "end x " + b.x());
                assertTrue(b.y() > -25 - slack && b.y() < -1.5 + slack, "end y " + b.y());
                assertEquals(inkSpacing, meanStep(slash), 0.15 * inkSpacing, "points as dense as the ring's");
                straight(slash, 6 * 0.15 * inkSpacing);   // the line through two wobbly ends: a wider slack
            }
        }
    }

    @Test
    void aDenseShapesStrokeIsSpacedAFortiethOfItsSize() {
        List<Sample> zero = stroke(0.5, new double[] {50, 0}, new double[] {0, 50}, new double[] {50, 100}, new double[] {100, 50},
                new double[] {50, 0});
        for (List<Sample> s : styled(zero, "0", 40)) {
            List<PenSample> slash = addedStroke(s, zero.size(), at(zero, zero.size() - 1));
            assertEquals(100 / 40.0, meanStep(slash), 0.3, "the box's 100 / 40, not the ink's 0.5");
        }
    }

    @Test
    void aSevensBarCrossesItsStemAtMidHeight() {
        // 0,0 -> 60,0 -> 20,100: the stem at height y is at x = 60 - 0.4 y
        List<Sample> seven = stroke(2, new double[] {0, 0}, new double[] {60, 0}, new double[] {20, 100});
        for (String label : List.of("7", "Z", "z")) {
            for (List<Sample> s : styled(seven, label, 60)) {
                List<PenSample> bar = addedStroke(s, seven.size(), at(seven, seven.size() - 1));
                PenSample a = bar.get(0), b = bar.get(bar.size() - 1);
                double midX = (a.x() + b.x()) / 2, midY = (a.y() + b.y()) / 2;
                assertTrue(midY > 39 && midY < 61, "across the middle: y " + midY);
                assertEquals(60 - 0.4 * midY, midX, 3, "centred on the stem");
                // half = max(60, 50) x [0.2, 0.35): 12 to 21; the tilt is at most 5 each way
                double half = (b.x() - a.x()) / 2;
                assertTrue(half > 11 && half < 22, "half length " + half);
                assertTrue(Math.abs(a.y() - b.y()) < 11, "nearly level: " + a.y() + " " + b.y());
            }
        }
    }

    @Test
    void aOnesFlagStartsBelowLeftOfItsTopAndItsFootLiesUnderItsLowestPoint() {
        // a slanted 1, 100 high and 10 wide: the top at (50, 0), the lowest point at (40, 100)
        List<Sample> one = stroke(2, new double[] {50, 0}, new double[] {40, 100});
        PenSample top = at(one, 0);
        int flags = 0, feet = 0;
        for (List<Sample> s : styled(one, "1", 200)) {
            boolean flag = at(s, 0).x() < top.x();
            int downs = 0;
            for (Sample x : s) if (((PenSample) x).phase() == DOWN) downs++;
            boolean foot = downs == 2;
            assertTrue(flag || foot);
            if (flag) {
                flags++;
                PenSample start = at(s, 0);
                // dx = -100 x [0.15, 0.35), dy = +100 x [0.15, 0.35)
                assertTrue(start.x() > 50 - 35 && start.x() <= 50 - 15, "flag start x " + start.x());
                assertTrue(start.y() >= 15 && start.y() < 35, "flag start y " + start.y());
                assertEquals(DOWN, start.phase());
                int n = s.indexOf(top);   // the 1's own first point follows the flag, as a MOVE
                assertTrue(n < 0, "the first point is no longer a DOWN");
                int k = 1;
                while (at(s, k).x() != top.x() || at(s, k).y() != top.y()) {
                    assertEquals(MOVE, at(s, k).phase());
                    // on the segment from the start to the top, nearer the top at each point
                    double u = (at(s, k).x() - start.x()) / (top.x() - start.x());
                    assertEquals(start.y() + u * (top.y() - start.y()), at(s, k).y(), 1e-3);
                    assertTrue(at(s, k).x() > at(s, k - 1).x());
                    assertEquals(start.t() + 10L * k, at(s, k).t());
                    k++;
                }
                assertEquals(MOVE, at(s, k).phase());
                assertEquals(top.t(), at(s, k).t());
                assertEquals(top.t() - 10L * k, start.t(), "the flag ends where the 1 began, 10 ms a point");
                assertEquals(100 / 40.0, Math.hypot(start.x() - top.x(), start.y() - top.y()) / k, 0.4, "a fortieth of its size apart (its ink is denser)");
            }
            if (foot) {
                feet++;
                int d = s.size() - 1;
                while (at(s, d).phase() != DOWN) d--;
                List<PenSample> bar = addedStroke(s, d, at(s, d - 1));
                PenSample a = bar.get(0), b = bar.get(bar.size() - 1);
                assertEquals(102, (a.y() + b.y()) / 2, 1.5, "just under the 1: maxY + 2% of its height");
                assertEquals(40, (a.x() + b.x()) / 2, 1.5, "centred under its lowest point");
                double half = (b.x() - a.x()) / 2;
                assertTrue(half > 14 && half < 31, "half length " + half);
            }
        }
        assertTrue(flags > 20 && feet > 20, flags + " flags, " + feet + " feet");
    }

    @Test
    void aOneWhoseFirstStrokeIsAPointGetsAFlagEndingInAnUp() {
        // a dot, then the stem: the flag leads into the dot, which stays a stroke of its own
        List<Sample> one = new ArrayList<>();
        one.add(new PenSample(DOWN, 50, 0, 0.5f, 1000));
        one.addAll(stroke(2, new double[] {50, 2}, new double[] {50, 100}));
        boolean seen = false;
        for (List<Sample> s : styled(one, "1", 200)) {
            if (at(s, 0).x() >= 50) continue;
            int k = 1;
            while (at(s, k).t() != 1000) k++;
            assertEquals(UP, at(s, k).phase(), "the dot's point ends the flag's stroke");
            assertEquals(DOWN, at(s, k + 1).phase());
            seen = true;
        }
        assertTrue(seen);
    }

    @Test
    void onlyAnUprightOneIsStyledFromTwiceItsWidth() {
        // 100 high, exactly 50 wide: upright enough
        List<Sample> edge = stroke(2, new double[] {0, 0}, new double[] {50, 100});
        styled(edge, "1", 200);
        List<Sample> wide = stroke(2, new double[] {0, 0}, new double[] {51, 100});
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 40; i++) assertSame(wide, Styles.restyle(wide, "1", r));
    }

    @Test
    void whatCannotBeStyledIsReturnedAsItIs() {
        SplittableRandom r = new SplittableRandom(7);
        List<Sample> point = List.of(new PenSample(DOWN, 5, 5, 0f, 0));
        List<Sample> still = List.of(new PenSample(DOWN, 5, 5, 0f, 0), new PenSample(UP, 5, 5, 0f, 10));
        List<Sample> imu = List.of(new ImuSample(0, 0, 1, 0, 0, 0, 0), new ImuSample(0, 0, 1, 0, 0, 0, 10));
        for (int i = 0; i < 40; i++) {
            assertSame(point, Styles.restyle(point, "0", r));
            assertSame(still, Styles.restyle(still, "0", r));
            assertSame(imu, Styles.restyle(imu, "0", r));
        }
        List<Sample> two = List.of(new PenSample(DOWN, 0, 0, 0f, 0), new PenSample(UP, 10, 10, 0f, 10));
        styled(two, "0", 200);   // two points are a shape
        for (String l : List.of("0", "O", "7", "Z", "z", "1")) assertTrue(Styles.applies(l), l);
        for (String l : List.of("o", "2", "l", "I", "")) assertTrue(!Styles.applies(l), l);
    }
}
