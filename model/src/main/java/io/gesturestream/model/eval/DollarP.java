package io.gesturestream.model.eval;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * The $P point-cloud recognizer (Vatavu, Anthony and Wobbrock, "Gestures as point clouds: a $P
 * recognizer for user interface prototypes", ICMI 2012), as the paper's pseudocode gives it: a
 * gesture is a cloud of N = 32 points, resampled along its strokes (the jumps between strokes do
 * not count as path), scaled uniformly by its larger side and centred on its centroid. A
 * candidate's distance to a template is the smallest of the greedy matchings that start at every
 * ceil(N^0.5)-th point, in both directions, each point matched to the nearest unmatched point
 * of the other cloud with a weight falling from 1 to 1/N in the order of matching. Stroke order,
 * direction and number do not matter; rotation is not normalized. A matching stops as soon as
 * its sum passes the best distance so far (early abandoning, as $Q does): the same answers.
 *
 * <p>An offline baseline, like {@link DollarOne}: it needs the whole gesture.
 */
public final class DollarP {
    public static final String NAME = "dollarP";
    static final int N = 32;
    private static final int STEP = (int) Math.floor(Math.pow(N, 1 - 0.5));

    private final double[][] templates;   // N x, then N y
    private final String[] labels;

    public DollarP(List<Gesture> templates) {
        this.templates = new double[templates.size()][];
        this.labels = new String[templates.size()];
        for (int i = 0; i < templates.size(); i++) {
            this.templates[i] = normalize(templates.get(i).samples());
            this.labels[i] = templates.get(i).label();
        }
    }

    /** The label of the nearest template. */
    public String recognize(List<Sample> samples) {
        return match(samples).label();
    }

    /** The nearest template's label and its matching distance. */
    public record Match(String label, double distance) {}

    public Match match(List<Sample> samples) {
        double[] c = normalize(samples);
        double best = Double.POSITIVE_INFINITY;
        String label = null;
        for (int t = 0; t < templates.length; t++) {
            double d = greedyCloudMatch(c, templates[t], best);
            if (d < best) {
                best = d;
                label = labels[t];
            }
        }
        return new Match(label, best);
    }

    /** Resampled along the strokes to N points, scaled by the larger side, centred; N x values then N y values. */
    static double[] normalize(List<Sample> samples) {
        List<double[]> strokes = new ArrayList<>();
        List<Double> cur = new ArrayList<>();
        for (Sample s : samples) {
            if (!(s instanceof PenSample p)) throw new IllegalArgumentException("the $P baseline reads pen gestures only");
            if (p.phase() == PenSample.Phase.DOWN && !cur.isEmpty()) {
                strokes.add(toArray(cur));
                cur.clear();
            }
            cur.add((double) p.x());
            cur.add((double) p.y());
        }
        if (!cur.isEmpty()) strokes.add(toArray(cur));
        double[] r = resample(strokes, N);
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = minX, maxY = maxX;
        for (int i = 0; i < N; i++) {
            minX = Math.min(minX, r[2 * i]);
            maxX = Math.max(maxX, r[2 * i]);
            minY = Math.min(minY, r[2 * i + 1]);
            maxY = Math.max(maxY, r[2 * i + 1]);
        }
        double size = Math.max(Math.max(maxX - minX, maxY - minY), 1e-9);
        double cx = 0, cy = 0;
        for (int i = 0; i < N; i++) {
            cx += (r[2 * i] - minX) / size;
            cy += (r[2 * i + 1] - minY) / size;
        }
        cx /= N;
        cy /= N;
        double[] out = new double[2 * N];
        for (int i = 0; i < N; i++) {
            out[i] = (r[2 * i] - minX) / size - cx;
            out[N + i] = (r[2 * i + 1] - minY) / size - cy;
        }
        return out;
    }

    private static double[] toArray(List<Double> v) {
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) a[i] = v.get(i);
        return a;
    }

    /** n points equally spaced along the strokes' paths, interleaved (x, y); a stroke's first point follows the last of the one before without a path between them. */
    static double[] resample(List<double[]> strokes, int n) {
        double len = 0;
        for (double[] s : strokes) {
            for (int i = 1; i < s.length / 2; i++) len += Math.hypot(s[2 * i] - s[2 * i - 2], s[2 * i + 1] - s[2 * i - 1]);
        }
        double interval = len / (n - 1);
        double[] out = new double[2 * n];
        int k = 0;
        out[k++] = strokes.get(0)[0];
        out[k++] = strokes.get(0)[1];
        double acc = 0;
        double[] last = {strokes.get(0)[0], strokes.get(0)[1]};
        for (double[] s : strokes) {
            double ax = s[0], ay = s[1];
            for (int i = 1; i < s.length / 2 && k < 2 * n; i++) {
                double bx = s[2 * i], by = s[2 * i + 1];
                double d = Math.hypot(bx - ax, by - ay);
                if (interval > 0 && acc + d >= interval) {
                    double t = (interval - acc) / d;
                    ax += t * (bx - ax);
                    ay += t * (by - ay);
                    out[k++] = ax;
                    out[k++] = ay;
                    acc = 0;
                    i--;   // the new point is the next one's predecessor
                } else {
                    acc += d;
                    ax = bx;
                    ay = by;
                }
            }
            last = new double[] {s[s.length - 2], s[s.length - 1]};
        }
        while (k < 2 * n) {  // rounding can leave the last point out
            out[k++] = last[0];
            out[k++] = last[1];
        }
        return out;
    }

    /** The smallest weighted matching distance over the starting points, both ways; stops early past {@code bound}. */
    private static double greedyCloudMatch(double[] c, double[] t, double bound) {
        double min = bound;
        for (int start = 0; start < N; start += STEP) {
            min = Math.min(min, cloudDistance(c, t, start, min));
            min = Math.min(min, cloudDistance(t, c, start, min));
        }
        return min;
    }

    private static double cloudDistance(double[] a, double[] b, int start, double bound) {
        boolean[] matched = new boolean[N];
        double sum = 0;
        int i = start;
        do {
            int index = -1;
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < N; j++) {
                if (matched[j]) continue;
                double dx = a[i] - b[j], dy = a[N + i] - b[N + j];
                double d = Math.sqrt(dx * dx + dy * dy);
                if (d < min) {
                    min = d;
                    index = j;
                }
            }
            matched[index] = true;
            double weight = 1 - ((i - start + N) % N) / (double) N;
            sum += weight * min;
            if (sum >= bound) return sum;   // cannot beat the best so far
            i = (i + 1) % N;
        } while (i != start);
        return sum;
    }
}
