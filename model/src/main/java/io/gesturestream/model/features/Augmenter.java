package io.gesturestream.model.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random variations of a recorded gesture that a person or a device could have produced:
 * the network should not care about them.
 * <ul>
 *   <li>pen: a small rotation (up to 12k degrees), a change of aspect (up to 15k%) and slant
 *   (15k%), a resampling of every stroke at a random density (0.45x to 1.6x as many points),
 *   with a random tempo per quarter of the stroke (a time warp) and jittered positions, and a
 *   little noise;</li>
 *   <li>IMU ({@link ImuPart}): the sensor frame turned, a change of tempo, a gain on the motion, a
 *   resampling at another rate (25 to 100 per second) at jittered times, noise and a bias.</li>
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
        return augment(in, strength, maxDensity, ALL_IMU, rnd);
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

    /**
     * The parts of the IMU augmentation. Each can be left out ({@link #augment(List, float, double, Set, SplittableRandom)}),
     * so that what each does to accuracy on people never seen can be measured one by one.
     */
    public enum ImuPart {
        /** The sensor frame turned by up to 30k degrees about a random axis: how the device sits in the hand. */
        ROTATE,
        /** The gesture made up to e^(0.2k) faster or slower, its motion's acceleration scaled by the square of that. */
        TEMPO,
        /** The motion (acceleration less the recording's mean, which is mostly gravity) scaled by up to e^(0.15k). */
        GAIN,
        /**
         * Half the time, resampled at a rate drawn log-uniformly from 25 to 100 per second; always,
         * each inner sample's time jittered by up to a tenth of the interval.
         */
        RATE,
        /** White noise of 0.02k g (and 2k deg/s) on every sample. */
        NOISE,
        /** A constant offset of up to 0.05k g per axis: an accelerometer's zero-g bias. */
        BIAS;

        /** Parts by name, separated by commas (any case), or {@code all} or {@code none}. */
        public static Set<ImuPart> parse(String names) {
            String v = names.strip().toLowerCase(java.util.Locale.ROOT);
            if (v.equals("all")) return ALL_IMU;
            Set<ImuPart> out = java.util.EnumSet.noneOf(ImuPart.class);
            if (v.equals("none")) return out;
            for (String n : v.split(",", -1)) {
                try {
                    out.add(valueOf(n.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown IMU augmentation '" + n.strip() + "' (use all, none, or some of "
                            + String.join(",", java.util.Arrays.stream(values()).map(p -> p.name().toLowerCase(java.util.Locale.ROOT)).toList())
                            + ")");
                }
            }
            return out;
        }
    }

    /** Every IMU augmentation: what {@code train} does by default. */
    public static final Set<ImuPart> ALL_IMU = java.util.Collections.unmodifiableSet(java.util.EnumSet.allOf(ImuPart.class));

    /** The lowest and highest rate, per second, that {@link ImuPart#RATE} resamples at. */
    public static final double MIN_RATE = 25, MAX_RATE = 100;

    /** As {@link #augment(List, float, double, SplittableRandom)}, with only the IMU augmentations {@code parts}. */
    public static List<Sample> augment(List<Sample> in, float strength, double maxDensity, Set<ImuPart> parts, SplittableRandom rnd) {
        return in.get(0) instanceof PenSample ? pen(in, strength, maxDensity, rnd) : imu(in, strength, parts, rnd);
    }

    /**
     * An IMU recording as another person, grip and device could have made it. With speed s (TEMPO),
     * gain g (GAIN), rotation R (ROTATE), bias b (BIAS) and the recording's mean acceleration m:
     * <pre>
     *   a'(t) = R (m + g s^2 (a(s t) - m)) + b + noise        w'(t) = R s w(s t) + noise
     * </pre>
     * sampled from the first sample's time at the input's own rate (its median interval), the last
     * sample at the end of the sped-up span; with RATE, half the time at another rate, and each
     * inner time jittered by up to a tenth of the interval. a(u) is linear between the input's
     * samples in time (NaN gyroscope values stay NaN). Every draw is made whether its part is on or
     * not, so that leaving one out changes nothing else; with no part the output is the input.
     */
    private static List<Sample> imu(List<Sample> in, float strength, Set<ImuPart> parts, SplittableRandom rnd) {
        double k = strength;
        double angle = Math.toRadians(k * rnd.nextDouble(0, 30));
        double ux = rnd.nextGaussian(), uy = rnd.nextGaussian(), uz = rnd.nextGaussian();
        double speed = Math.exp(k * rnd.nextDouble(-0.2, 0.2));
        double gain = Math.exp(k * rnd.nextDouble(-0.15, 0.15));
        boolean resample = rnd.nextDouble() < 0.5;
        double rate = Math.exp(rnd.nextDouble(Math.log(MIN_RATE), Math.log(MAX_RATE)));
        double bx = k * rnd.nextDouble(-0.05, 0.05), by = k * rnd.nextDouble(-0.05, 0.05), bz = k * rnd.nextDouble(-0.05, 0.05);
        if (!parts.contains(ImuPart.ROTATE)) angle = 0;
        if (!parts.contains(ImuPart.TEMPO)) speed = 1;
        if (!parts.contains(ImuPart.GAIN)) gain = 1;
        if (!parts.contains(ImuPart.RATE)) resample = false;
        if (!parts.contains(ImuPart.BIAS)) bx = by = bz = 0;
        double noise = parts.contains(ImuPart.NOISE) ? 0.02 * k : 0, gyroNoise = 100 * noise;
        double[] rot = rotation(ux, uy, uz, angle);
        int n = in.size();
        double mx = 0, my = 0, mz = 0;
        for (Sample s : in) {
            ImuSample a = (ImuSample) s;
            mx += a.ax(); my += a.ay(); mz += a.az();
        }
        mx /= n; my /= n; mz /= n;
        long t0 = in.get(0).t();
        double span = in.get(n - 1).t() - t0;
        double interval = medianInterval(in);
        if (resample && interval > 0) interval = 1000.0 / rate;
        // output times from t0, every interval ms over the sped-up span; the source time of each is t0 + s (t - t0)
        int m = interval > 0 ? Math.max(2, (int) Math.round(span / speed / interval) + 1) : n;
        double motion = gain * speed * speed;
        List<Sample> out = new ArrayList<>(m);
        int a = 0;
        for (int q = 0; q < m; q++) {
            double t = q == m - 1 && interval > 0 ? span / speed : q * (interval > 0 ? interval : 0);
            double jitter = rnd.nextDouble(-0.1, 0.1);
            if (q > 0 && q < m - 1 && parts.contains(ImuPart.RATE)) t += jitter * interval;
            double u = interval > 0 ? Math.min(span, t * speed) : 0;
            // the input sample at or before u, and the fraction to the next
            while (a < n - 2 && in.get(a + 1).t() - t0 <= u) a++;
            int b = Math.min(n - 1, a + 1);
            ImuSample pa = (ImuSample) in.get(interval > 0 ? a : q), pb = (ImuSample) in.get(interval > 0 ? b : q);
            double dt = pb.t() - pa.t();
            double f = dt > 0 ? Math.max(0, Math.min(1, (u - (pa.t() - t0)) / dt)) : 0;
            double ax = mx + motion * (lerp(pa.ax(), pb.ax(), f) - mx);
            double ay = my + motion * (lerp(pa.ay(), pb.ay(), f) - my);
            double az = mz + motion * (lerp(pa.az(), pb.az(), f) - mz);
            double gx = speed * lerp(pa.gx(), pb.gx(), f), gy = speed * lerp(pa.gy(), pb.gy(), f), gz = speed * lerp(pa.gz(), pb.gz(), f);
            float[] r = new float[6];
            turn(rot, ax, ay, az, r, 0);
            turn(rot, gx, gy, gz, r, 3);
            r[0] += (float) (bx + noise * rnd.nextGaussian());
            r[1] += (float) (by + noise * rnd.nextGaussian());
            r[2] += (float) (bz + noise * rnd.nextGaussian());
            for (int i = 3; i < 6; i++) if (!Float.isNaN(r[i])) r[i] += (float) (gyroNoise * rnd.nextGaussian());
            out.add(new ImuSample(r[0], r[1], r[2], r[3], r[4], r[5], t0 + Math.round(t)));
        }
        return out;
    }

    /** The median time between consecutive samples, ms; 0 when every sample has the same time. */
    private static double medianInterval(List<Sample> in) {
        long[] d = new long[in.size() - 1];
        for (int i = 1; i < in.size(); i++) d[i - 1] = Math.max(0, in.get(i).t() - in.get(i - 1).t());
        if (d.length == 0) return 0;
        java.util.Arrays.sort(d);
        long med = d[d.length / 2];
        return med > 0 ? med : in.get(in.size() - 1).t() > in.get(0).t() ? (double) (in.get(in.size() - 1).t() - in.get(0).t()) / d.length : 0;
    }

    /** Linear from a to b; at f = 0 exactly a and at 1 exactly b, so a reading next to a missing one (NaN) is still read where it is. */
    private static double lerp(float a, float b, double f) {
        if (f == 0) return a;
        if (f == 1) return b;
        if (Float.isNaN(a) || Float.isNaN(b)) return Double.NaN;
        return a + f * (b - a);
    }

    /** The rotation matrix, row-major, of {@code angle} radians about the axis (x, y, z) (Rodrigues); the identity for angle 0. */
    static double[] rotation(double x, double y, double z, double angle) {
        double len = Math.sqrt(x * x + y * y + z * z);
        if (angle == 0 || !(len > 0)) return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        x /= len; y /= len; z /= len;
        double c = Math.cos(angle), s = Math.sin(angle), v = 1 - c;
        return new double[] {
                c + x * x * v, x * y * v - z * s, x * z * v + y * s,
                y * x * v + z * s, c + y * y * v, y * z * v - x * s,
                z * x * v - y * s, z * y * v + x * s, c + z * z * v};
    }

    /** {@code rot} times (x, y, z), into out[off..off+2]; NaN stays NaN. */
    private static void turn(double[] rot, double x, double y, double z, float[] out, int off) {
        for (int i = 0; i < 3; i++) out[off + i] = (float) (rot[3 * i] * x + rot[3 * i + 1] * y + rot[3 * i + 2] * z);
    }
}
