package io.gesturestream.app.kafka;

import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.InputKind;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * The 16 unistroke gestures of the $1 recognizer's set (Wobbrock, Wilson and Li 2007), as key
     * points in a 10 x 10 box, y down, from the first point: the shapes the drawing page shows as
     * hints. Written here from their published pictures, not taken from any recording.
     */
    private static final Map<String, double[][]> DOLLAR = new LinkedHashMap<>();

    static {
        DOLLAR.put("arrow", new double[][] {{1, 9}, {8, 2}, {4, 2.4}, {8, 2}, {7.6, 6}});
        DOLLAR.put("caret", new double[][] {{1, 9}, {5, 1}, {9, 9}});
        DOLLAR.put("check", new double[][] {{1, 5}, {4, 9}, {9, 1}});
        double[][] circle = new double[25][];
        for (int i = 0; i < 25; i++) {
            circle[i] = new double[] {5 + 4 * Math.cos(-Math.PI / 2 - i * Math.PI / 12), 5 + 4 * Math.sin(-Math.PI / 2 - i * Math.PI / 12)};
        }
        DOLLAR.put("circle", circle);
        DOLLAR.put("delete_mark", new double[][] {{1, 1}, {9, 9}, {1, 9}, {9, 1}});
        DOLLAR.put("left_curly_brace", new double[][] {{7, 1}, {4, 2}, {5, 4.5}, {2, 5}, {5, 5.5}, {4, 8}, {7, 9}});
        DOLLAR.put("left_sq_bracket", new double[][] {{7, 1}, {3, 1}, {3, 9}, {7, 9}});
        DOLLAR.put("pigtail", new double[][] {{1, 9}, {5, 4}, {7, 2}, {8.5, 4}, {6.5, 6}, {4.5, 4.5}, {6, 2.5}, {9, 1}});
        DOLLAR.put("question_mark", new double[][] {{2, 3}, {3, 1.2}, {6, 1}, {8, 2.6}, {7, 4.5}, {5, 5.6}, {5, 8}});
        DOLLAR.put("rectangle", new double[][] {{1, 2}, {1, 8}, {9, 8}, {9, 2}, {1, 2}});
        DOLLAR.put("right_curly_brace", new double[][] {{3, 1}, {6, 2}, {5, 4.5}, {8, 5}, {5, 5.5}, {6, 8}, {3, 9}});
        DOLLAR.put("right_sq_bracket", new double[][] {{3, 1}, {7, 1}, {7, 9}, {3, 9}});
        DOLLAR.put("star", new double[][] {{2, 9}, {5, 1}, {8, 9}, {1, 4}, {9, 4}, {2, 9}});
        DOLLAR.put("triangle", new double[][] {{5, 1}, {1, 9}, {9, 9}, {5, 1}});
        DOLLAR.put("v", new double[][] {{1, 1}, {5, 9}, {9, 1}});
        DOLLAR.put("x", new double[][] {{1, 1}, {9, 9}, {9, 1}, {1, 9}});
    }

    /**
     * Built-in gestures of the model's own kind: digits for a model of the ten digits, the $1
     * shapes for one of those; none for any other model (an IMU model, or other classes).
     */
    public static List<Gesture> forModel(Model model, int variants, long seed) {
        Set<String> labels = new HashSet<>(model.labels());
        if (model.encoder().kind() != InputKind.PEN) return List.of();
        if (labels.equals(Set.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"))) return digits(variants, seed);
        if (labels.equals(DOLLAR.keySet())) return dollar(variants, seed);
        return List.of();
    }

    /** The 16 $1 shapes, each drawn {@code variants} times with random size, slant, position and jitter. */
    public static List<Gesture> dollar(int variants, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Gesture> out = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            for (Map.Entry<String, double[][]> e : DOLLAR.entrySet()) {
                double[][] pts = new double[e.getValue().length][];
                for (int i = 0; i < pts.length; i++) pts[i] = new double[] {10 * e.getValue()[i][0], 10 * e.getValue()[i][1]};
                out.add(draw(e.getKey(), new double[][][] {pts}, r));
            }
        }
        return out;
    }

    public static List<Gesture> digits(int variants, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Gesture> out = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            for (int d = 0; d < DIGITS.length; d++) out.add(draw(Integer.toString(d), DIGITS[d], r));
        }
        return out;
    }

    /** Strokes of key points in a 100 x 100 box, densified to about 3 units per point, scaled, slanted, moved and jittered. */
    private static Gesture draw(String label, double[][][] strokes, SplittableRandom r) {
        double scale = 0.8 + 0.4 * r.nextDouble(), slant = r.nextDouble(-0.15, 0.15);
        double ox = r.nextDouble(0, 200), oy = r.nextDouble(0, 200);
        List<Sample> s = new ArrayList<>();
        long t = 0;
        for (double[][] stroke : strokes) {
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
        return new Gesture(label, "built-in", s);
    }
}
