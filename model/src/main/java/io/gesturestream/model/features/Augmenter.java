package io.gesturestream.model.features;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random variations of a recorded gesture that a person or a device could have produced:
 * the network should not care about them.
 * <ul>
 *   <li>pen: a small rotation (up to 12k degrees), a change of aspect (up to 15k%) and slant
 *   (15k%), a resampling of every stroke at a random density (0.45x to 1.6x as many points),
 *   with a random tempo per quarter of the stroke (a time warp) and jittered positions, and a
 *   little noise;</li>
 *   <li>IMU: a change of tempo, a resampling at jittered times, a gain and a little noise.</li>
 * </ul>
 * Ranges scale with the strength k (1 = the ranges above). Each call draws from the generator it
 * is given, so augmentation is reproducible.
 */
public final class Augmenter {
    /** The densest resampling by default: 1.6 times as many points. */
    public static final double MAX_DENSITY = 1.6;

    private Augmenter() {}

    public static List<Sample> augment(List<Sample> in, float strength, SplittableRandom rnd) {
        return augment(in, strength, MAX_DENSITY, rnd);
    }

    /** Pen strokes resampled at up to {@code maxDensity} times their points (a faster tablet), instead of 1.6. */
    public static List<Sample> augment(List<Sample> in, float strength, double maxDensity, SplittableRandom rnd) {
        return in.get(0) instanceof PenSample ? pen(in, strength, maxDensity, rnd) : imu(in, strength, rnd);
    }

    private static List<Sample> pen(List<Sample> in, float strength, double maxDensity, SplittableRandom rnd) {
        double k = strength;
        double angle = Math.toRadians(k * rnd.nextDouble(-12, 12));
        double sx = Math.exp(k * rnd.nextDouble(-0.15, 0.15)), sy = Math.exp(k * rnd.nextDouble(-0.15, 0.15));
        double shear = k * rnd.nextDouble(-0.15, 0.15);
        double cos = Math.cos(angle), sin = Math.sin(angle);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Sample s : in) {
            PenSample p = (PenSample) s;
            minX = Math.min(minX, p.x()); maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y()); maxY = Math.max(maxY, p.y());
        }
        double scale = Math.max(maxX - minX, maxY - minY);
        double noise = k * 0.006 * scale;
        boolean resample = rnd.nextDouble() < 0.7;
        double density = Math.exp(rnd.nextDouble(Math.log(0.45), Math.log(maxDensity)));
        List<Sample> out = new ArrayList<>(in.size() * 2);
        int i = 0;
        while (i < in.size()) {
            int j = i;  // stroke [i, j]: DOWN ... UP
            while (j < in.size() - 1 && ((PenSample) in.get(j)).phase() != PenSample.Phase.UP) j++;
            int n = j - i + 1;
            boolean warp = resample && n > 2;
            int m = warp ? Math.max(2, (int) Math.round(n * density)) : n;
            double[] speed = warp ? speedProfile(k, rnd) : null;
            for (int q = 0; q < m; q++) {
                // position along the stroke, in points: ends fixed, inner positions warped and jittered
                double u = (double) q / (m - 1);
                if (warp) u = warped(u, speed);
                u *= n - 1;
                if (warp && q > 0 && q < m - 1) u += rnd.nextDouble(-0.4, 0.4) * (n - 1) / (m - 1);
                u = Math.max(0, Math.min(n - 1, u));
                int a = (int) Math.floor(u);
                int b = Math.min(n - 1, a + 1);
                double f = u - a;
                PenSample pa = (PenSample) in.get(i + a), pb = (PenSample) in.get(i + b);
                double x = pa.x() + f * (pb.x() - pa.x()) - minX + rnd.nextGaussian() * noise;
                double y = pa.y() + f * (pb.y() - pa.y()) - minY + rnd.nextGaussian() * noise;
                double x1 = sx * (x + shear * y), y1 = sy * y;
                double xr = cos * x1 - sin * y1, yr = sin * x1 + cos * y1;
                long t = Math.round(pa.t() + f * (pb.t() - pa.t()));
                PenSample.Phase ph = q == 0 ? PenSample.Phase.DOWN : q == m - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
                out.add(new PenSample(ph, (float) xr, (float) yr, pa.pressure(), t));
            }
            i = j + 1;
        }
        return out;
    }

    /** Relative writing speed over the quarters of a stroke: how a writer's tempo varies. */
    private static double[] speedProfile(double k, SplittableRandom rnd) {
        double[] w = new double[4];
        for (int i = 0; i < w.length; i++) w[i] = Math.exp(k * rnd.nextDouble(-0.3, 0.3));
        return w;
    }

    /**
     * Where along the stroke (0..1) the share {@code v} of the output points is reached when
     * quarter i gets points in proportion to {@code w[i]}: a monotone, piecewise-linear time warp.
     */
    private static double warped(double v, double[] w) {
        double total = 0;
        for (double x : w) total += x;
        double target = v * total, acc = 0;
        for (int i = 0; i < w.length; i++) {
            if (target <= acc + w[i] || i == w.length - 1) {
                return Math.min(1.0, (i + (target - acc) / w[i]) / w.length);
            }
            acc += w[i];
        }
        return 1.0;
    }

    private static List<Sample> imu(List<Sample> in, float strength, SplittableRandom rnd) {
        double k = strength;
        double tempo = Math.exp(k * rnd.nextDouble(-0.2, 0.2));
        double gain = Math.exp(k * rnd.nextDouble(-0.1, 0.1));
        int n = in.size();
        int m = Math.max(2, (int) Math.round(n * tempo));
        List<Sample> out = new ArrayList<>(m);
        long t0 = in.get(0).t();
        for (int q = 0; q < m; q++) {
            double u = (double) q * (n - 1) / Math.max(1, m - 1);
            if (q > 0 && q < m - 1) u += rnd.nextDouble(-0.3, 0.3);
            u = Math.max(0, Math.min(n - 1, u));
            int a = (int) Math.floor(u), b = Math.min(n - 1, a + 1);
            double f = u - a;
            ImuSample pa = (ImuSample) in.get(a), pb = (ImuSample) in.get(b);
            long t = t0 + Math.round((pa.t() - t0 + f * (pb.t() - pa.t())) / tempo);
            out.add(new ImuSample(mix(pa.ax(), pb.ax(), f, gain, rnd), mix(pa.ay(), pb.ay(), f, gain, rnd),
                    mix(pa.az(), pb.az(), f, gain, rnd), mix(pa.gx(), pb.gx(), f, gain, rnd),
                    mix(pa.gy(), pb.gy(), f, gain, rnd), mix(pa.gz(), pb.gz(), f, gain, rnd), t));
        }
        return out;
    }

    private static float mix(float a, float b, double f, double gain, SplittableRandom rnd) {
        if (Float.isNaN(a) || Float.isNaN(b)) return Float.NaN;
        return (float) ((a + f * (b - a)) * gain + rnd.nextGaussian() * 0.02);
    }
}
