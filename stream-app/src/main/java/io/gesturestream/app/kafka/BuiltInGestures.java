package io.gesturestream.app.kafka;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Digits this project wrote itself, as point lists in a 100 x 100 box (y down), so that
 * {@code demo} shows something on a machine without any dataset. Each digit is a few strokes
 * of key points, densified to about 3 units per point and jittered; a few variants per digit.
 */
public final class BuiltInGestures {
    private BuiltInGestures() {}

    /** Strokes of key points (x, y pairs) per digit. */
    private static final double[][][][] DIGITS = {
            {{{50, 0}, {25, 10}, {12, 45}, {22, 85}, {50, 100}, {78, 85}, {88, 45}, {75, 10}, {50, 0}}},               // 0
            {{{45, 5}, {55, 0}, {55, 100}}},                                                                            // 1
            {{{15, 20}, {35, 2}, {65, 2}, {82, 22}, {70, 50}, {12, 100}, {88, 100}}},                                    // 2
            {{{15, 10}, {45, 0}, {78, 12}, {72, 40}, {42, 50}, {80, 62}, {82, 88}, {48, 100}, {12, 90}}},               // 3
            {{{55, 0}, {12, 65}, {88, 65}}, {{68, 30}, {68, 100}}},                                                      // 4
            {{{80, 0}, {25, 0}, {20, 45}, {60, 40}, {85, 65}, {70, 95}, {35, 100}, {12, 88}}},                          // 5
            {{{75, 5}, {45, 0}, {18, 40}, {15, 80}, {45, 100}, {78, 85}, {75, 58}, {45, 50}, {18, 68}}},                // 6
            {{{10, 2}, {88, 2}, {35, 100}}},                                                                            // 7
            {{{78, 12}, {50, 0}, {22, 12}, {30, 38}, {70, 58}, {78, 85}, {50, 100}, {22, 85}, {30, 58}, {70, 38}, {78, 12}}}, // 8
            {{{80, 25}, {55, 2}, {25, 10}, {20, 35}, {45, 50}, {78, 35}, {80, 25}, {78, 100}}},                          // 9
    };

    public static List<Gesture> digits(int variants, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Gesture> out = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            for (int d = 0; d < DIGITS.length; d++) out.add(digit(d, r));
        }
        return out;
    }

    private static Gesture digit(int d, SplittableRandom r) {
        double scale = 0.8 + 0.4 * r.nextDouble(), slant = r.nextDouble(-0.15, 0.15);
        double ox = r.nextDouble(0, 200), oy = r.nextDouble(0, 200);
        List<Sample> s = new ArrayList<>();
        long t = 0;
        for (double[][] stroke : DIGITS[d]) {
            List<double[]> pts = new ArrayList<>();
            for (int k = 0; k + 1 < stroke.length; k++) {
                double[] a = stroke[k], b = stroke[k + 1];
                int n = Math.max(1, (int) (Math.hypot(b[0] - a[0], b[1] - a[1]) / 3));
                for (int i = 0; i < n; i++) {
                    double f = (double) i / n;
                    pts.add(new double[] {a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])});
                }
            }
            pts.add(stroke[stroke.length - 1]);
            for (int i = 0; i < pts.size(); i++) {
                double x = pts.get(i)[0] + r.nextGaussian() * 0.8, y = pts.get(i)[1] + r.nextGaussian() * 0.8;
                x += slant * (100 - y);
                PenSample.Phase ph = i == 0 ? PenSample.Phase.DOWN : i == pts.size() - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
                s.add(PenSample.of(ph, ox + scale * x, oy + scale * y, t));
                t += 10;
            }
            t += 100;
        }
        return new Gesture(Integer.toString(d), "built-in", s);
    }
}
