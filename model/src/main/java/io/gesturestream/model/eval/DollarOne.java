package io.gesturestream.model.eval;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * The $1 unistroke recognizer (Wobbrock, Wilson and Li, "Gestures without libraries, toolkits
 * or training", UIST 2007), as the paper's pseudocode gives it: resample to N = 64 points equally
 * spaced along the path, rotate so the indicative angle (centroid to first point) is zero,
 * scale non-uniformly to a 250 x 250 square, translate the centroid to the origin; then the
 * nearest template by mean point distance at the best angle, found by golden section search over
 * +-45 degrees down to 2 degrees. A multi-stroke gesture's strokes are joined in order.
 *
 * <p>An offline baseline: it needs the whole gesture, unlike the online GRU.
 */
public final class DollarOne {
    public static final String NAME = "dollar1";
    static final int N = 64;
    static final double SQUARE = 250;
    static final double HALF_DIAGONAL = 0.5 * Math.sqrt(2 * SQUARE * SQUARE);
    static final double ANGLE_RANGE = Math.toRadians(45), ANGLE_PRECISION = Math.toRadians(2);
    static final double PHI = 0.5 * (-1 + Math.sqrt(5));

    private final double[][] templates;  // N x, then N y
    private final String[] labels;

    public DollarOne(List<Gesture> training) {
        templates = new double[training.size()][];
        labels = new String[training.size()];
        for (int i = 0; i < training.size(); i++) {
            templates[i] = normalize(points(training.get(i).samples()));
            labels[i] = training.get(i).label();
        }
    }

    /** The label of the nearest template. */
    public String recognize(List<Sample> samples) {
        return match(samples).label();
    }

    /** The nearest template's label, its mean point distance, and $1's score {@code 1 - d / (0.5 sqrt(2) 250)}. */
    public record Match(String label, double distance, double score) {}

    public Match match(List<Sample> samples) {
        double[] c = normalize(points(samples));
        double best = Double.POSITIVE_INFINITY;
        String label = null;
        for (int t = 0; t < templates.length; t++) {
            double d = distanceAtBestAngle(c, templates[t], -ANGLE_RANGE, ANGLE_RANGE, ANGLE_PRECISION);
            if (d < best) {
                best = d;
                label = labels[t];
            }
        }
        return new Match(label, best, 1 - best / HALF_DIAGONAL);
    }

    /** Share of {@code test} recognized as its label, using all cores. */
    public double accuracy(List<Gesture> test) {
        return accuracy(test, done -> {});
    }

    /** Like {@link #accuracy(List)}, telling {@code progress} the number of gestures done as they finish. */
    public double accuracy(List<Gesture> test, LongConsumer progress) {
        AtomicLong done = new AtomicLong();
        long ok = IntStream.range(0, test.size()).parallel().filter(i -> {
            boolean right = test.get(i).label().equals(recognize(test.get(i).samples()));
            progress.accept(done.incrementAndGet());
            return right;
        }).count();
        return test.isEmpty() ? 0 : (double) ok / test.size();
    }

    private static double[] points(List<Sample> samples) {
        double[] p = new double[2 * samples.size()];
        int n = 0;
        for (Sample s : samples) {
            if (!(s instanceof PenSample ps)) throw new IllegalArgumentException("the $1 baseline reads pen gestures only");
            p[2 * n] = ps.x();
            p[2 * n + 1] = ps.y();
            n++;
        }
        return java.util.Arrays.copyOf(p, 2 * n);
    }

    /** Steps 1 to 3 of $1, on interleaved (x, y) points; returns N x values then N y values. */
    static double[] normalize(double[] xy) {
        double[] r = resample(xy, N);
        double[] x = new double[N], y = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = r[2 * i];
            y[i] = r[2 * i + 1];
        }
        // rotate to zero: theta = atan2(c_y - p0_y, c_x - p0_x), rotate by -theta about c
        double cx = mean(x), cy = mean(y);
        double theta = Math.atan2(cy - y[0], cx - x[0]);
        rotate(x, y, -theta, cx, cy);
        // scale to the square (non-uniformly), then translate the centroid to the origin
        double minX = min(x), maxX = max(x), minY = min(y), maxY = max(y);
        double w = Math.max(maxX - minX, 1e-9), h = Math.max(maxY - minY, 1e-9);
        for (int i = 0; i < N; i++) {
            x[i] *= SQUARE / w;
            y[i] *= SQUARE / h;
        }
        cx = mean(x);
        cy = mean(y);
        double[] out = new double[2 * N];
        for (int i = 0; i < N; i++) {
            out[i] = x[i] - cx;
            out[N + i] = y[i] - cy;
        }
        return out;
    }

    /** Step 1: n points equally spaced along the path. */
    static double[] resample(double[] xy, int n) {
        int m = xy.length / 2;
        double len = 0;
        for (int i = 1; i < m; i++) len += Math.hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
        double interval = len / (n - 1);
        List<double[]> pts = new ArrayList<>(m);
        for (int i = 0; i < m; i++) pts.add(new double[] {xy[2 * i], xy[2 * i + 1]});
        double[] out = new double[2 * n];
        int k = 0;
        out[k++] = pts.get(0)[0];
        out[k++] = pts.get(0)[1];
        double acc = 0;
        for (int i = 1; i < pts.size() && k < 2 * n; i++) {
            double[] a = pts.get(i - 1), b = pts.get(i);
            double d = Math.hypot(b[0] - a[0], b[1] - a[1]);
            if (interval > 0 && acc + d >= interval) {
                double t = (interval - acc) / d;
                double[] q = {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
                out[k++] = q[0];
                out[k++] = q[1];
                pts.add(i, q);  // q is the next point's predecessor
                acc = 0;
            } else {
                acc += d;
            }
        }
        double[] last = pts.get(pts.size() - 1);
        while (k < 2 * n) {  // rounding can leave the last point out
            out[k++] = last[0];
            out[k++] = last[1];
        }
        return out;
    }

    private static double distanceAtBestAngle(double[] c, double[] t, double a, double b, double threshold) {
        double x1 = PHI * a + (1 - PHI) * b, f1 = distanceAtAngle(c, t, x1);
        double x2 = (1 - PHI) * a + PHI * b, f2 = distanceAtAngle(c, t, x2);
        while (Math.abs(b - a) > threshold) {
            if (f1 < f2) {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = PHI * a + (1 - PHI) * b;
                f1 = distanceAtAngle(c, t, x1);
            } else {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = (1 - PHI) * a + PHI * b;
                f2 = distanceAtAngle(c, t, x2);
            }
        }
        return Math.min(f1, f2);
    }

    /** Mean distance between the candidate rotated by theta about its centroid (the origin) and the template. */
    private static double distanceAtAngle(double[] c, double[] t, double theta) {
        double cos = Math.cos(theta), sin = Math.sin(theta);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            double x = c[i] * cos - c[N + i] * sin, y = c[i] * sin + c[N + i] * cos;
            double dx = x - t[i], dy = y - t[N + i];
            sum += Math.sqrt(dx * dx + dy * dy);
        }
        return sum / N;
    }

    private static void rotate(double[] x, double[] y, double theta, double cx, double cy) {
        double cos = Math.cos(theta), sin = Math.sin(theta);
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - cx, dy = y[i] - cy;
            x[i] = dx * cos - dy * sin + cx;
            y[i] = dx * sin + dy * cos + cy;
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s / v.length;
    }

    private static double min(double[] v) {
        double m = v[0];
        for (double d : v) m = Math.min(m, d);
        return m;
    }

    private static double max(double[] v) {
        double m = v[0];
        for (double d : v) m = Math.max(m, d);
        return m;
    }
}
