package io.gesturestream.model.train;

import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Ways of writing a character that many people use but few datasets hold, drawn onto training
 * samples of that character (x right, y down, as every reader delivers them):
 * <ul>
 *   <li>{@code 0}, {@code O}: a slash through it, bottom left to top right (Ø), as a stroke after it;</li>
 *   <li>{@code 7}, {@code Z}, {@code z}: a bar across its middle, as a stroke after it;</li>
 *   <li>{@code 1}: a flag (the stroke starts lower left and goes up to the top) and a foot (a
 *   short bar under it, a stroke after it), together or alone.</li>
 * </ul>
 * Each applies to a share {@link #RATE} of a label's samples, with random size and angle. The
 * new strokes are sampled as densely as the sample's own points.
 */
final class Styles {
    /** Share of a label's samples that gets a style. */
    static final double RATE = 0.3;

    private Styles() {}

    /** Whether {@code label} has a style here. */
    static boolean applies(String label) {
        return switch (label) {
            case "0", "O", "7", "Z", "z", "1" -> true;
            default -> false;
        };
    }

    static List<Sample> restyle(List<Sample> in, String label, SplittableRandom rnd) {
        if (!applies(label) || rnd.nextDouble() >= RATE || in.size() < 2 || !(in.get(0) instanceof PenSample)) return in;
        Box b = Box.of(in);
        if (b.h <= 0 && b.w <= 0) return in;
        double size = Math.max(b.w, b.h);
        double spacing = Math.max(size / 40, b.ink / Math.max(1, in.size() - 1));  // the sample's own point spacing
        List<Sample> out = new ArrayList<>(in);
        switch (label) {
            case "0", "O" -> {
                double over = rnd.nextDouble(0.05, 0.25);
                stroke(out, b.minX - over * b.w, b.maxY + over * b.h * rnd.nextDouble(0.3, 1),
                        b.maxX + over * b.w, b.minY - over * b.h * rnd.nextDouble(0.3, 1), spacing, rnd);
            }
            case "7", "Z", "z" -> {
                double y = b.minY + b.h * rnd.nextDouble(0.4, 0.6);
                double x = xAt(in, y);
                double half = Math.max(b.w, 0.5 * b.h) * rnd.nextDouble(0.2, 0.35);
                double tilt = b.h * rnd.nextDouble(-0.05, 0.05);
                stroke(out, x - half, y + tilt, x + half, y - tilt, spacing, rnd);
            }
            case "1" -> {
                if (b.h < 2 * b.w) return in;  // only a plain upright 1
                int kind = rnd.nextInt(3);  // 0 flag, 1 foot, 2 both
                if (kind != 1) out = flag(out, b, spacing, rnd);
                if (kind != 0) {
                    PenSample last = lowest(in);
                    double half = b.h * rnd.nextDouble(0.15, 0.3);
                    stroke(out, last.x() - half, b.maxY + 0.02 * b.h, last.x() + half, b.maxY + 0.02 * b.h, spacing, rnd);
                }
            }
            default -> {
                return in;
            }
        }
        return out;
    }

    /** The flag of a 1: the first stroke now starts lower left of its first point and goes up to it. */
    private static List<Sample> flag(List<Sample> in, Box b, double spacing, SplittableRandom rnd) {
        PenSample first = (PenSample) in.get(0);
        double dx = -b.h * rnd.nextDouble(0.15, 0.35), dy = b.h * rnd.nextDouble(0.15, 0.35);
        int n = Math.max(2, (int) Math.round(Math.hypot(dx, dy) / spacing));
        List<Sample> out = new ArrayList<>(in.size() + n);
        long t0 = first.t() - 10L * n;
        for (int i = 0; i < n; i++) {
            double u = (double) i / n;
            out.add(new PenSample(i == 0 ? PenSample.Phase.DOWN : PenSample.Phase.MOVE, (float) (first.x() + dx * (1 - u)),
                    (float) (first.y() + dy * (1 - u)), first.pressure(), t0 + 10L * i));
        }
        boolean alone = in.size() == 1 || ((PenSample) in.get(1)).phase() == PenSample.Phase.DOWN;  // a one-point first stroke
        out.add(new PenSample(alone ? PenSample.Phase.UP : PenSample.Phase.MOVE, first.x(), first.y(), first.pressure(), first.t()));
        out.addAll(in.subList(1, in.size()));
        return out;
    }

    /** Appends a straight stroke from (x0, y0) to (x1, y1), a little wobbly, after the last point. */
    private static void stroke(List<Sample> out, double x0, double y0, double x1, double y1, double spacing, SplittableRandom rnd) {
        PenSample last = (PenSample) out.get(out.size() - 1);
        int n = Math.max(2, (int) Math.round(Math.hypot(x1 - x0, y1 - y0) / spacing) + 1);
        double wobble = 0.15 * spacing;
        long t = last.t() + 150;
        for (int i = 0; i < n; i++) {
            double u = (double) i / (n - 1);
            PenSample.Phase ph = i == 0 ? PenSample.Phase.DOWN : i == n - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
            out.add(new PenSample(ph, (float) (x0 + u * (x1 - x0) + rnd.nextGaussian() * wobble),
                    (float) (y0 + u * (y1 - y0) + rnd.nextGaussian() * wobble), last.pressure(), t + 10L * i));
        }
    }

    /** x of the ink nearest height y. */
    private static double xAt(List<Sample> in, double y) {
        double best = Double.MAX_VALUE, x = 0;
        for (Sample s : in) {
            PenSample p = (PenSample) s;
            if (Math.abs(p.y() - y) < best) {
                best = Math.abs(p.y() - y);
                x = p.x();
            }
        }
        return x;
    }

    private static PenSample lowest(List<Sample> in) {
        PenSample low = (PenSample) in.get(0);
        for (Sample s : in) if (((PenSample) s).y() > low.y()) low = (PenSample) s;
        return low;
    }

    private record Box(double minX, double maxX, double minY, double maxY, double w, double h, double ink) {
        static Box of(List<Sample> in) {
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE, ink = 0;
            PenSample prev = null;
            for (Sample s : in) {
                PenSample p = (PenSample) s;
                minX = Math.min(minX, p.x()); maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, p.y()); maxY = Math.max(maxY, p.y());
                if (prev != null && p.phase() != PenSample.Phase.DOWN) ink += Math.hypot(p.x() - prev.x(), p.y() - prev.y());
                prev = p;
            }
            return new Box(minX, maxX, minY, maxY, maxX - minX, maxY - minY, ink);
        }
    }
}
