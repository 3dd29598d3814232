package io.gesturestream.model;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.FeatureEncoder;
import io.gesturestream.model.features.PenEncoder;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import io.gesturestream.model.gru.GruShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Test data the tests make themselves: synthetic strokes and tiny seeded models. */
public final class Fixtures {
    private Fixtures() {}

    /** Classes of {@link #shape}. */
    public static final List<String> SHAPES = List.of("circle", "line", "vee", "zigzag");

    /** A one-stroke pen gesture of the given class with some per-instance variation. */
    public static Gesture shape(String label, String subject, SplittableRandom r) {
        int n = 20 + r.nextInt(20);
        double[] xs = new double[n], ys = new double[n];
        double jitter = 0.03;
        for (int i = 0; i < n; i++) {
            double u = (double) i / (n - 1);
            switch (label) {
                case "circle" -> { xs[i] = Math.cos(2 * Math.PI * u); ys[i] = Math.sin(2 * Math.PI * u); }
                case "line" -> { xs[i] = 2 * u - 1; ys[i] = 0.3 * (2 * u - 1); }
                case "vee" -> { xs[i] = 2 * u - 1; ys[i] = -Math.abs(2 * u - 1) * 2; }
                case "zigzag" -> { xs[i] = 2 * u - 1; ys[i] = (Math.floor(u * 4) % 2 == 0 ? 1 : -1) * (u * 4 % 1 - 0.5); }
                default -> throw new IllegalArgumentException(label);
            }
            xs[i] += r.nextGaussian() * jitter;
            ys[i] += r.nextGaussian() * jitter;
        }
        double scale = 50 + r.nextDouble() * 100, ox = r.nextDouble() * 300, oy = r.nextDouble() * 300;
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PenSample.Phase ph = i == 0 ? PenSample.Phase.DOWN : i == n - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
            s.add(PenSample.of(ph, ox + scale * xs[i], oy + scale * ys[i], 1000L + 10L * i));
        }
        return new Gesture(label, subject, s);
    }

    /** {@code perClass} gestures of every class in {@link #SHAPES}, spread over {@code subjects} subjects. */
    public static List<Gesture> shapes(int perClass, int subjects, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Gesture> out = new ArrayList<>();
        for (int k = 0; k < perClass; k++) {
            for (String label : SHAPES) out.add(shape(label, "w" + (k % subjects), r));
        }
        return out;
    }

    /** A small pen model with seeded random weights. */
    public static Model tinyModel(int hidden, int layers, long seed) {
        FeatureEncoder enc = new PenEncoder(false);
        GruShape shape = new GruShape(enc.inputSize(), hidden, layers, SHAPES.size());
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[shape.size()];
        for (int i = 0; i < p.length; i++) p[i] = (float) r.nextDouble(-0.5, 0.5);
        return new Model("tiny", "1", shape, enc, SHAPES, Map.of("seed", Long.toString(seed)), p);
    }

    /** A small untrained transcription model (CTC) over the blank and a, b, c, with seeded random weights. */
    public static Model tinyTranscriber(int hidden, int layers, long seed) {
        FeatureEncoder enc = new PenEncoder(false);
        GruShape shape = new GruShape(enc.inputSize(), hidden, layers, 4);
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[shape.size()];
        for (int i = 0; i < p.length; i++) p[i] = (float) r.nextDouble(-1.5, 1.5);
        return new Model("tiny-words", "1", OutputKind.CTC, shape, enc, List.of(OutputKind.BLANK, "a", "b", "c"), Map.of(), p);
    }

    /** A tiny untrained IMU model (accelerometer only), for tests of what refuses it. */
    public static Model tinyImuModel() {
        FeatureEncoder enc = new io.gesturestream.model.features.ImuEncoder(false, 500f);
        GruShape shape = new GruShape(enc.inputSize(), 4, 1, SHAPES.size());
        float[] p = new float[shape.size()];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < p.length; i++) p[i] = (float) r.nextDouble(-0.5, 0.5);
        return new Model("tiny-imu", "1", shape, enc, SHAPES, Map.of(), p);
    }

    /**
     * Words of 1-4 letters from {a, b, c}, each letter a stroke of its own left to right: a a
     * circle, b a tall line down, c a "v"; each writer has a size, slant and spacing, each letter
     * some jitter.
     */
    public static List<Gesture> words(int count, int writers, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Gesture> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int w = i % writers;
            SplittableRandom wr = new SplittableRandom(seed * 1000 + w);
            double size = 20 + 30 * wr.nextDouble(), slant = wr.nextDouble(-0.3, 0.3), gap = 0.3 + wr.nextDouble(0.5);
            int len = 1 + r.nextInt(4);
            StringBuilder label = new StringBuilder();
            List<Sample> s = new ArrayList<>();
            long t = 0;
            double x0 = 100;
            for (int c = 0; c < len; c++) {
                char ch = "abc".charAt(r.nextInt(3));
                label.append(ch);
                List<double[]> pts = new ArrayList<>();
                int n = 10 + r.nextInt(6);
                for (int k = 0; k <= n; k++) {
                    double u = (double) k / n, px, py;
                    switch (ch) {
                        case 'a' -> { px = 0.5 + 0.5 * Math.cos(2 * Math.PI * u + Math.PI / 2); py = 0.5 - 0.5 * Math.sin(2 * Math.PI * u + Math.PI / 2) + 0.5; }
                        case 'b' -> { px = 0.2; py = -0.5 + 1.5 * u; }
                        default -> { px = u; py = u < 0.5 ? 2 * u : 2 - 2 * u; }
                    }
                    px += r.nextDouble(-0.03, 0.03);
                    py += r.nextDouble(-0.03, 0.03);
                    pts.add(new double[] {x0 + size * (px + slant * (1 - py)), 100 + size * py});
                }
                for (int k = 0; k < pts.size(); k++) {
                    PenSample.Phase ph = k == 0 ? PenSample.Phase.DOWN : k == pts.size() - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
                    s.add(PenSample.of(ph, pts.get(k)[0], pts.get(k)[1], t += 10));
                }
                x0 += size * (1 + gap);
            }
            out.add(new Gesture(label.toString(), "writer" + w, s));
        }
        return out;
    }
}
