package io.gesturestream.model.features;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.gesturestream.model.features.PenSample.Phase.DOWN;
import static io.gesturestream.model.features.PenSample.Phase.MOVE;
import static io.gesturestream.model.features.PenSample.Phase.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each transform of {@link Augmenter} does, with actual values. The augmenter draws, in this
 * order (its reproducibility contract):
 * <ul>
 *   <li>pen: angle, x scale, y scale, shear, "resample" (&lt; 0.7), density; then per stroke, when it is
 *   resampled, four tempo weights; then per output point its jitter (inner points of a resampled
 *   stroke only) and a Gaussian for x and one for y;</li>
 *   <li>IMU: angle, three Gaussians for the axis, tempo, gain, "resample" (&lt; 0.5), rate, three biases;
 *   then per output sample its jitter (drawn for every sample, applied to inner ones only), one
 *   Gaussian per acceleration axis, and one per gyroscope axis that is not NaN.</li>
 * </ul>
 * The tests draw the same numbers from a generator of the same seed and check the output against
 * the documented transform of them (or, at strength 0, against the input itself).
 */
class AugmenterTest {

    /** Pen draws of a seed: angle (rad), sx, sy, shear, resample, density. */
    private record PenDraws(double angle, double sx, double sy, double shear, boolean resample, double density, SplittableRandom rest) {
        static PenDraws of(long seed, double k, double maxDensity) {
            SplittableRandom r = new SplittableRandom(seed);
            double angle = Math.toRadians(k * r.nextDouble(-12, 12));
            double sx = Math.exp(k * r.nextDouble(-0.15, 0.15)), sy = Math.exp(k * r.nextDouble(-0.15, 0.15));
            double shear = k * r.nextDouble(-0.15, 0.15);
            boolean resample = r.nextDouble() < 0.7;
            double density = Math.exp(r.nextDouble(Math.log(0.45), Math.log(maxDensity)));
            return new PenDraws(angle, sx, sy, shear, resample, density, r);
        }

        /** The affine part: shear and scale, then rotation. */
        double[] apply(double x, double y) {
            double x1 = sx * (x + shear * y), y1 = sy * y;
            return new double[] {Math.cos(angle) * x1 - Math.sin(angle) * y1, Math.sin(angle) * x1 + Math.cos(angle) * y1};
        }
    }

    private static long seedWhere(double k, boolean resample) {
        for (long seed = 1; ; seed++) if (PenDraws.of(seed, k, Augmenter.MAX_DENSITY).resample() == resample) return seed;
    }

    /** One stroke of n points, x = i^2 + 3 (curved in x against time), y = 5 - 2i, t = 1000 i, pressure i / 10. */
    private static List<Sample> curve(int n) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PenSample.Phase ph = i == 0 ? DOWN : i == n - 1 ? UP : MOVE;
            s.add(new PenSample(ph, i * i + 3, 5 - 2 * i, i / 10f, 1000L * i));
        }
        return s;
    }

    private static PenSample pen(List<Sample> s, int i) {
        return (PenSample) s.get(i);
    }

    @Test
    void strengthZeroWithoutResamplingOnlyMovesTheShapeToTheOrigin() {
        List<Sample> in = curve(6);   // x in [3, 28], y in [-5, 5]
        List<Sample> out = Augmenter.augment(in, 0f, new SplittableRandom(seedWhere(0, false)));
        assertEquals(6, out.size());
        for (int i = 0; i < 6; i++) {
            PenSample p = pen(in, i), q = pen(out, i);
            assertEquals(p.phase(), q.phase());
            assertEquals(p.x() - 3, q.x(), 1e-5, "x " + i);
            assertEquals(p.y() + 5, q.y(), 1e-5, "y " + i);
            assertEquals(p.t(), q.t());
            assertEquals(p.pressure(), q.pressure());
        }
    }

    /** Without resampling: every point, moved to the origin, plus its noise, sheared, scaled and rotated by the drawn amounts. */
    @Test
    void withoutResamplingEachPointIsTheDrawnAffineMapOfItsNoisyPosition() {
        double k = 0.5;
        long seed = seedWhere(k, false);
        List<Sample> in = new ArrayList<>(curve(5));   // with the dash below, box [3, 19] x [-3, 30]: scale 33, from the height
        in.addAll(List.of(new PenSample(DOWN, 10, 30, 0.7f, 5000), new PenSample(UP, 12, 30, 0.8f, 5100)));
        List<Sample> out = Augmenter.augment(in, (float) k, new SplittableRandom(seed));
        PenDraws d = PenDraws.of(seed, k, Augmenter.MAX_DENSITY);
        assertTrue(Math.abs(d.angle()) <= Math.toRadians(6) && Math.abs(d.shear()) <= 0.075);
        assertTrue(Math.abs(Math.log(d.sx())) <= 0.075 && Math.abs(Math.log(d.sy())) <= 0.075);
        double noise = k * 0.006 * 33;
        assertEquals(7, out.size());
        for (int i = 0; i < 7; i++) {
            PenSample p = pen(in, i), q = pen(out, i);
            double gx = d.rest().nextGaussian(), gy = d.rest().nextGaussian();
            double[] e = d.apply(p.x() - 3 + gx * noise, p.y() + 3 + gy * noise);
            assertEquals(e[0], q.x(), 1e-5, "x " + i);
            assertEquals(e[1], q.y(), 1e-5, "y " + i);
            assertEquals(p.phase(), q.phase());
            assertEquals(p.t(), q.t());
            assertEquals(p.pressure(), q.pressure());
        }
        // the map is a rotation of a small shear and scale: a length changes by at most e^0.075 (1 + 0.075) plus noise
        double len = Math.hypot(pen(out, 4).x() - pen(out, 0).x(), pen(out, 4).y() - pen(out, 0).y());
        double len0 = Math.hypot(16, 8);
        assertTrue(len > len0 * Math.exp(-0.075) * 0.92 && len < len0 * Math.exp(0.075) * 1.08, len + " vs " + len0);
    }

    /**
     * Strength 0 and resampled: the tempo weights are all e^0 = 1, so the time warp is the identity, and the
     * m = round(n x density) output points sit at u_q = q (n-1)/(m-1), inner ones jittered by up to 0.4 of a
     * step; each is the input stroke interpolated at u_q, with the pressure of the point before it.
     */
    @Test
    void aResampledStrokeIsTheInputInterpolatedAtEvenlySpacedJitteredPositions() {
        long seed = seedWhere(0, true);
        int n = 9;
        List<Sample> in = curve(n);
        List<Sample> out = Augmenter.augment(in, 0f, new SplittableRandom(seed));
        PenDraws d = PenDraws.of(seed, 0, Augmenter.MAX_DENSITY);
        int m = Math.max(2, (int) Math.round(n * d.density()));
        assertEquals(m, out.size());
        for (int w = 0; w < 4; w++) d.rest().nextDouble();   // the tempo weights, unused at strength 0
        double step = (double) (n - 1) / (m - 1);
        for (int q = 0; q < m; q++) {
            double u = (double) q / (m - 1) * (n - 1);
            if (q > 0 && q < m - 1) {
                double j = d.rest().nextDouble(-0.4, 0.4);
                u = Math.max(0, Math.min(n - 1, u + j * (n - 1) / (m - 1)));
                assertTrue(Math.abs(u - q * step) <= 0.4 * step + 1e-9);
            }
            d.rest().nextGaussian();
            d.rest().nextGaussian();
            int a = (int) Math.floor(u);
            double f = u - a;
            PenSample p = pen(out, q);
            assertEquals(q == 0 ? DOWN : q == m - 1 ? UP : MOVE, p.phase(), "q " + q);
            // x = a^2 + f ((a+1)^2 - a^2) + 3, less the minimum 3; y = 5 - 2u less the minimum 5 - 2(n-1)
            double x = a * a + f * (2 * a + 1), y = 2 * (n - 1) - 2 * u;
            assertEquals(x, p.x(), 1e-4, "x " + q);
            assertEquals(y, p.y(), 1e-4, "y " + q);
            assertEquals(Math.round(1000 * u), p.t(), "t " + q);
            assertEquals(a / 10f, p.pressure(), "pressure " + q);
        }
        assertEquals(0f, pen(out, 0).x());
        assertEquals((n - 1) * (n - 1), pen(out, m - 1).x(), 1e-4, "the ends stay where they were");
        assertEquals(1000L * (n - 1), pen(out, m - 1).t());
    }

    /**
     * Strength 0.5 and resampled, everything at once: quarter i of the stroke gets output points in
     * proportion to its weight w_i = e^(k U(-0.3, 0.3)), i.e. output share v reaches the stroke at
     * (i + (v - W_i) / w'_i) / 4 where W_i is the share of the quarters before and w'_i = w_i / sum w.
     */
    @Test
    void aResampledStrokeFollowsTheDrawnTempoOfEachQuarter() {
        double k = 0.5;
        long seed = seedWhere(k, true);
        int n = 13;
        List<Sample> in = curve(n);   // box [3, 147] x [-19, 5]: scale 144
        List<Sample> out = Augmenter.augment(in, (float) k, new SplittableRandom(seed));
        PenDraws d = PenDraws.of(seed, k, Augmenter.MAX_DENSITY);
        int m = Math.max(2, (int) Math.round(n * d.density()));
        assertEquals(m, out.size());
        double[] w = new double[4];
        double total = 0;
        for (int i = 0; i < 4; i++) {
            w[i] = Math.exp(k * d.rest().nextDouble(-0.3, 0.3));
            total += w[i];
        }
        double noise = k * 0.006 * 144;
        for (int q = 0; q < m; q++) {
            double v = (double) q / (m - 1), before = 0, warped = 1;
            for (int i = 0; i < 4; i++) {
                double share = w[i] / total;
                if (v <= before + share + 1e-12 || i == 3) {
                    warped = Math.min(1, (i + (v - before) / share) / 4);
                    break;
                }
                before += share;
            }
            double u = warped * (n - 1);
            if (q > 0 && q < m - 1) u += d.rest().nextDouble(-0.4, 0.4) * (n - 1) / (m - 1);
            u = Math.max(0, Math.min(n - 1, u));
            int a = (int) Math.floor(u);
            double f = u - a;
            double x = a * a + f * (2 * a + 1) + d.rest().nextGaussian() * noise, y = 2 * (n - 1) - 2 * u + d.rest().nextGaussian() * noise;
            double[] e = d.apply(x, y);
            PenSample p = pen(out, q);
            assertEquals(e[0], p.x(), 2e-4, "x " + q);
            assertEquals(e[1], p.y(), 2e-4, "y " + q);
            assertEquals(1000 * u, p.t(), 0.5 + 1e-6, "t " + q);
            assertEquals(a / 10f, p.pressure(), "pressure " + q);
        }
    }

    /** A stroke of two points is never resampled: no tempo weights drawn, only the noise of its two points. */
    @Test
    void aTwoPointStrokeIsOnlyMovedNoisedAndMapped() {
        double k = 0.5;
        long seed = seedWhere(k, true);
        List<Sample> in = List.of(new PenSample(DOWN, 5, 10, 0.5f, 0), new PenSample(UP, 15, 30, 0.5f, 40));
        List<Sample> out = Augmenter.augment(in, (float) k, new SplittableRandom(seed));
        PenDraws d = PenDraws.of(seed, k, Augmenter.MAX_DENSITY);
        double noise = k * 0.006 * 20;
        assertEquals(2, out.size());
        for (int i = 0; i < 2; i++) {
            double[] e = d.apply(10 * i + d.rest().nextGaussian() * noise, 20 * i + d.rest().nextGaussian() * noise);
            assertEquals(e[0], pen(out, i).x(), 1e-5, "x " + i);
            assertEquals(e[1], pen(out, i).y(), 1e-5, "y " + i);
            assertEquals(40L * i, pen(out, i).t());
        }
    }

    @Test
    void strokesAreResampledOneByOneAndShortOnesKeptWhole() {
        long seed = seedWhere(0, true);
        List<Sample> in = new ArrayList<>(curve(9));
        in.add(new PenSample(DOWN, 40, 0, 0.2f, 9000));   // a dot: DOWN, UP
        in.add(new PenSample(UP, 40, 0, 0.3f, 9010));
        in.add(new PenSample(DOWN, 50, 0, 0.4f, 9100));   // a last stroke that never lifts
        in.add(new PenSample(MOVE, 60, 0, 0.5f, 9200));
        in.add(new PenSample(MOVE, 70, 0, 0.6f, 9300));
        in.add(new PenSample(MOVE, 80, 0, 0.6f, 9400));
        List<Sample> out = Augmenter.augment(in, 0f, new SplittableRandom(seed));
        int m = Math.max(2, (int) Math.round(9 * PenDraws.of(seed, 0, Augmenter.MAX_DENSITY).density()));
        int m2 = Math.max(2, (int) Math.round(4 * PenDraws.of(seed, 0, Augmenter.MAX_DENSITY).density()));
        assertEquals(m + 2 + m2, out.size());
        assertEquals(UP, pen(out, m - 1).phase());
        PenSample dot0 = pen(out, m), dot1 = pen(out, m + 1);
        assertEquals(DOWN, dot0.phase());
        assertEquals(UP, dot1.phase());
        assertEquals(37f, dot0.x(), 1e-5);   // 40 less the minimum x, 3
        assertEquals(9010, dot1.t());
        assertEquals(0.3f, dot1.pressure());
        PenSample last = pen(out, out.size() - 1);
        assertEquals(UP, last.phase(), "the last point of a stroke is its UP");
        assertEquals(77f, last.x(), 1e-5);
        assertEquals(9400, last.t());
        assertEquals(DOWN, pen(out, m + 2).phase());
        assertEquals(47f, pen(out, m + 2).x(), 1e-5);
    }

    @Test
    void theDensityStaysInItsRangeAndTheCallerCanLowerItsTop() {
        List<Sample> in = curve(40);
        int lo = Integer.MAX_VALUE, hi = 0, resampled = 0;
        for (long seed = 1; seed <= 200; seed++) {
            PenDraws d = PenDraws.of(seed, 1, 1.0);
            List<Sample> out = Augmenter.augment(in, 1f, 1.0, new SplittableRandom(seed));
            assertEquals(d.resample() ? (int) Math.round(40 * d.density()) : 40, out.size(), "seed " + seed);
            if (d.resample()) {
                resampled++;
                lo = Math.min(lo, out.size());
                hi = Math.max(hi, out.size());
            }
            assertEquals(Augmenter.augment(in, 1f, 1.6, new SplittableRandom(seed)).size(),
                    Augmenter.augment(in, 1f, new SplittableRandom(seed)).size());
        }
        assertTrue(lo >= 18 && lo <= 20 && hi >= 38 && hi <= 40, lo + ".." + hi);   // 40 x [0.45, 1]
        assertTrue(resampled > 120 && resampled < 160, resampled + " of 200 resampled");
    }

    @Test
    void aSeedGivesTheSameOutputTwiceAndAnotherSeedAnotherOne() {
        List<Sample> pen = curve(12);
        assertEquals(Augmenter.augment(pen, 1f, new SplittableRandom(42)), Augmenter.augment(pen, 1f, new SplittableRandom(42)));
        assertNotEquals(Augmenter.augment(pen, 1f, new SplittableRandom(42)), Augmenter.augment(pen, 1f, new SplittableRandom(43)));
        List<Sample> imu = imu(20);
        assertEquals(Augmenter.augment(imu, 1f, new SplittableRandom(7)), Augmenter.augment(imu, 1f, new SplittableRandom(7)));
        assertNotEquals(Augmenter.augment(imu, 1f, new SplittableRandom(7)), Augmenter.augment(imu, 1f, new SplittableRandom(8)));
    }

    /** ax = i, ay = -2i, az = 1, a gyroscope on every other sample (NaN otherwise), every 20 ms from t = 500. */
    private static List<Sample> imu(int n) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float g = i % 2 == 0 ? 10f * i : Float.NaN;
            s.add(new ImuSample(i, -2 * i, 1, g, -g, 3, 500 + 20L * i));
        }
        return s;
    }

    private static final java.util.Set<Augmenter.ImuPart> NONE = java.util.EnumSet.noneOf(Augmenter.ImuPart.class);

    private static java.util.Set<Augmenter.ImuPart> only(Augmenter.ImuPart p) {
        return java.util.EnumSet.of(p);
    }

    /** ax = i/10, ay = 1 - i/20, az = 0.5, no gyroscope, every 40 ms from t = 1000. */
    private static List<Sample> ramp(int n) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) s.add(ImuSample.accel(i / 10.0, 1 - i / 20.0, 0.5, 1000 + 40L * i));
        return s;
    }

    @Test
    void imuWithNoPartIsTheInput() {
        List<Sample> in = imu(15);
        for (float k : new float[] {0f, 1f, 3f}) {
            List<Sample> out = Augmenter.augment(in, k, 1.6, NONE, new SplittableRandom(5));
            assertEquals(in.size(), out.size());
            for (int q = 0; q < in.size(); q++) {
                ImuSample a = (ImuSample) in.get(q), b = (ImuSample) out.get(q);
                assertEquals(a.t(), b.t());
                assertEquals(a.ax(), b.ax(), 1e-5);
                assertEquals(a.ay(), b.ay(), 1e-5);
                assertEquals(a.az(), b.az(), 1e-5);
                assertEquals(a.hasGyro(), b.hasGyro(), "a gyroscope reading stays one, a missing one stays missing: " + q);
                if (a.hasGyro()) assertEquals(a.gz(), b.gz(), 1e-4);
            }
        }
        assertEquals(Augmenter.ALL_IMU, Augmenter.ImuPart.parse("all"));
        assertEquals(NONE, Augmenter.ImuPart.parse(" None"));
        assertEquals(java.util.EnumSet.of(Augmenter.ImuPart.RATE, Augmenter.ImuPart.BIAS), Augmenter.ImuPart.parse("rate, BIAS"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Augmenter.ImuPart.parse("rotate,spin"));
        assertTrue(e.getMessage().contains("'spin'") && e.getMessage().contains("rotate,tempo,gain,rate,noise,bias"), e.getMessage());
    }

    /** The draws in the order the augmenter makes them, before the per-sample ones. */
    private record Draws(double angle, double[] axis, double speed, double gain, boolean resample, double rate, double bx, double by, double bz) {
        static Draws of(SplittableRandom r, double k) {
            double angle = Math.toRadians(k * r.nextDouble(0, 30));
            double[] axis = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            double speed = Math.exp(k * r.nextDouble(-0.2, 0.2)), gain = Math.exp(k * r.nextDouble(-0.15, 0.15));
            boolean resample = r.nextDouble() < 0.5;
            double rate = Math.exp(r.nextDouble(Math.log(25), Math.log(100)));
            return new Draws(angle, axis, speed, gain, resample, rate, k * r.nextDouble(-0.05, 0.05), k * r.nextDouble(-0.05, 0.05),
                    k * r.nextDouble(-0.05, 0.05));
        }

        /** (x, y, z) turned by the drawn angle about the drawn axis, by Rodrigues' formula: v cos + (u x v) sin + u (u . v)(1 - cos). */
        double[] rotate(double x, double y, double z) {
            double len = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
            double ux = axis[0] / len, uy = axis[1] / len, uz = axis[2] / len;
            double c = Math.cos(angle), s = Math.sin(angle), dot = ux * x + uy * y + uz * z;
            return new double[] {
                    x * c + (uy * z - uz * y) * s + ux * dot * (1 - c),
                    y * c + (uz * x - ux * z) * s + uy * dot * (1 - c),
                    z * c + (ux * y - uy * x) * s + uz * dot * (1 - c)};
        }
    }

    /** TEMPO: a span shorter by the speed s, each output time t reading the input at s t, the motion scaled by s^2. */
    @Test
    void imuTempoSpeedsTheGestureUpAndScalesItsMotionBySpeedSquared() {
        int n = 21;
        List<Sample> in = ramp(n);
        double mx = 1.0, my = 0.5;   // means of i/10 and 1 - i/20 over i = 0..20
        for (long seed = 1; seed <= 6; seed++) {
            double k = 2;
            Draws d = Draws.of(new SplittableRandom(seed), k);
            List<Sample> out = Augmenter.augment(in, (float) k, 1.6, only(Augmenter.ImuPart.TEMPO), new SplittableRandom(seed));
            int m = Math.max(2, (int) Math.round(800 / d.speed() / 40) + 1);
            assertEquals(m, out.size(), "seed " + seed);
            assertEquals(1000 + Math.round(800 / d.speed()), out.get(m - 1).t(), "the last sample at the end of the sped-up span");
            for (int q = 0; q < m; q++) {
                ImuSample s = (ImuSample) out.get(q);
                double t = q == m - 1 ? 800 / d.speed() : 40.0 * q;
                double i = Math.min(800, t * d.speed()) / 40;   // the input index read, fractional
                double s2 = d.speed() * d.speed();
                assertEquals(mx + s2 * (i / 10 - mx), s.ax(), 1e-4, "seed " + seed + " q " + q);
                assertEquals(my + s2 * (1 - i / 20 - my), s.ay(), 1e-4, "seed " + seed + " q " + q);
                assertEquals(0.5, s.az(), 1e-5);
            }
        }
    }

    /** GAIN: the motion about the mean scaled by g; BIAS: a constant offset per axis, at most 0.05k. */
    @Test
    void imuGainScalesTheMotionAboutTheMeanAndBiasOffsetsEachAxis() {
        List<Sample> in = ramp(21);
        for (long seed = 1; seed <= 6; seed++) {
            double k = 1.5;
            Draws d = Draws.of(new SplittableRandom(seed), k);
            List<Sample> gained = Augmenter.augment(in, (float) k, 1.6, only(Augmenter.ImuPart.GAIN), new SplittableRandom(seed));
            List<Sample> biased = Augmenter.augment(in, (float) k, 1.6, only(Augmenter.ImuPart.BIAS), new SplittableRandom(seed));
            assertTrue(Math.abs(d.bx()) <= 0.05 * k && Math.abs(d.by()) <= 0.05 * k && Math.abs(d.bz()) <= 0.05 * k);
            for (int i = 0; i < 21; i++) {
                ImuSample a = (ImuSample) in.get(i), g = (ImuSample) gained.get(i), b = (ImuSample) biased.get(i);
                assertEquals(1.0 + d.gain() * (a.ax() - 1.0), g.ax(), 1e-5);
                assertEquals(0.5 + d.gain() * (a.ay() - 0.5), g.ay(), 1e-5);
                assertEquals(a.ax() + d.bx(), b.ax(), 1e-5);
                assertEquals(a.ay() + d.by(), b.ay(), 1e-5);
                assertEquals(a.az() + d.bz(), b.az(), 1e-5);
                assertEquals(a.t(), g.t());
            }
        }
    }

    /** ROTATE: one rotation for the whole recording, of at most 30k degrees: lengths and angles between samples kept. */
    @Test
    void imuRotationTurnsTheWholeRecordingByOneRotationOfAtMost30kDegrees() {
        List<Sample> in = imu(12);
        for (long seed = 1; seed <= 20; seed++) {
            double k = 1;
            Draws d = Draws.of(new SplittableRandom(seed), k);
            List<Sample> out = Augmenter.augment(in, (float) k, 1.6, only(Augmenter.ImuPart.ROTATE), new SplittableRandom(seed));
            assertEquals(in.size(), out.size());
            for (int i = 0; i < in.size(); i++) {
                ImuSample a = (ImuSample) in.get(i), b = (ImuSample) out.get(i);
                double la = Math.sqrt(a.ax() * a.ax() + a.ay() * a.ay() + a.az() * a.az());
                double lb = Math.sqrt(b.ax() * b.ax() + b.ay() * b.ay() + b.az() * b.az());
                assertEquals(la, lb, 1e-4 * Math.max(1, la), "a rotation keeps lengths");
                double cos = (a.ax() * b.ax() + a.ay() * b.ay() + a.az() * b.az()) / (la * lb);
                assertTrue(cos >= Math.cos(d.angle()) - 1e-5, "turned by at most the angle drawn, " + Math.toDegrees(d.angle()));
                assertEquals(a.hasGyro(), b.hasGyro());
                for (int j = 0; j < i; j++) {
                    ImuSample c = (ImuSample) in.get(j), e = (ImuSample) out.get(j);
                    assertEquals(a.ax() * c.ax() + a.ay() * c.ay() + a.az() * c.az(), b.ax() * e.ax() + b.ay() * e.ay() + b.az() * e.az(),
                            1e-3, "one rotation for all samples: dot products kept");
                }
            }
        }
    }

    /** RATE: half the time another rate in [25, 100] per second (the interval 1000/rate), inner times jittered by a tenth of it. */
    @Test
    void imuRateResamplesHalfTheTimeAtAnotherRate() {
        List<Sample> in = ramp(41);   // 1.6 s at 25 per second
        int other = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Draws d = Draws.of(new SplittableRandom(seed), 1);
            List<Sample> out = Augmenter.augment(in, 1f, 1.6, only(Augmenter.ImuPart.RATE), new SplittableRandom(seed));
            double interval = d.resample() ? 1000 / d.rate() : 40;
            assertEquals((int) Math.round(1600 / interval) + 1, out.size(), "seed " + seed);
            assertEquals(1000, out.get(0).t());
            assertEquals(2600, out.get(out.size() - 1).t());
            for (int q = 1; q < out.size() - 1; q++) {
                assertEquals(1000 + q * interval, out.get(q).t(), 0.1 * interval + 0.5, "seed " + seed + " q " + q);
                ImuSample s = (ImuSample) out.get(q);
                assertEquals((out.get(q).t() - 1000) / 400.0, s.ax(), 0.003, "read at its own time, rounded to the ms");
            }
            if (d.resample()) other++;
        }
        assertTrue(other > 10 && other < 30, "about half resampled: " + other);
    }

    @Test
    void imuNoiseIsSmallWhiteAndScalesWithStrength() {
        List<Sample> in = ramp(400);
        for (double k : new double[] {1, 3}) {
            List<Sample> out = Augmenter.augment(in, (float) k, 1.6, only(Augmenter.ImuPart.NOISE), new SplittableRandom(9));
            double sum = 0, sq = 0;
            for (int i = 0; i < in.size(); i++) {
                double e = ((ImuSample) out.get(i)).ay() - ((ImuSample) in.get(i)).ay();
                sum += e;
                sq += e * e;
            }
            double mean = sum / in.size(), sd = Math.sqrt(sq / in.size() - mean * mean);
            assertEquals(0.02 * k, sd, 0.004 * k, "k " + k);
            assertEquals(0, mean, 0.005 * k);
        }
        // a single sample stays a single sample at its time
        List<Sample> one = Augmenter.augment(List.of(ImuSample.accel(1, 2, 3, 77)), 1f, new SplittableRandom(3));
        assertEquals(1, one.size());
        assertEquals(77, one.get(0).t());
        assertEquals(2, ((ImuSample) one.get(0)).ay(), 0.5);
    }

    /*
     * PIT mutants of Augmenter.imu / medianInterval left alive on purpose (equivalent, or only told apart on
     * inputs these tests do not pin):
     *  - imu "nextDouble() < 0.5" to "<= 0.5": differs only when the draw is exactly 0.5.
     *  - imu "q * (interval > 0 ? interval : 0)" to ">= 0", "interval > 0 ? min(span, t s) : 0" to ">= 0",
     *    "min(n - 1, a + 1)" to "min(n + 1, a + 1)" (a never passes n - 2; with one sample b is unused):
     *    the same result for every input.
     *  - imu "q == m - 1 && interval > 0" to ">= 0" and "in.get(interval > 0 ? b : q)" to ">= 0": interval 0
     *    with times that never decrease means every time is the same (span 0, dt 0, f 0); they differ only
     *    when the times run backwards (e.g. 1000, 1040, 990, 990, where the median interval is 0).
     *  - medianInterval "last > first" to ">=": with last == first the span over the count is 0 either way.
     *  - imu "a < n - 2" to "<=": differs only when the last two samples share a time (now the earlier of
     *    them is read at the end, where elsewhere the later of readings at one time is read); not pinned.
     */
    private static ImuSample at(List<Sample> s, int i) {
        return (ImuSample) s.get(i);
    }

    private static void assertNoGyro(ImuSample s, String at) {
        assertTrue(Float.isNaN(s.gx()) && Float.isNaN(s.gy()) && Float.isNaN(s.gz()), "no gyroscope reading: " + at + " " + s);
    }

    /** ROTATE: each acceleration and gyroscope vector turned by the drawn angle about the drawn axis (the three Gaussians, normalized). */
    @Test
    void imuRotationIsRodriguesFormulaForTheDrawnAxisAndAngle() {
        List<Sample> in = imu(12);
        for (double k : new double[] {1, 1.5}) {
            for (long seed = 1; seed <= 5; seed++) {
                Draws d = Draws.of(new SplittableRandom(seed), k);
                assertTrue(d.angle() > 0 && d.angle() <= Math.toRadians(30 * k));
                List<Sample> out = Augmenter.augment(in, (float) k, 1.6, only(Augmenter.ImuPart.ROTATE), new SplittableRandom(seed));
                assertEquals(in.size(), out.size());
                for (int i = 0; i < in.size(); i++) {
                    ImuSample a = at(in, i), b = at(out, i);
                    String where = "k " + k + " seed " + seed + " sample " + i;
                    double[] e = d.rotate(a.ax(), a.ay(), a.az());
                    assertEquals(e[0], b.ax(), 1e-4, where);
                    assertEquals(e[1], b.ay(), 1e-4, where);
                    assertEquals(e[2], b.az(), 1e-4, where);
                    assertEquals(a.t(), b.t());
                    if (a.hasGyro()) {
                        double[] w = d.rotate(a.gx(), a.gy(), a.gz());
                        assertEquals(w[0], b.gx(), 1e-3, where);
                        assertEquals(w[1], b.gy(), 1e-3, where);
                        assertEquals(w[2], b.gz(), 1e-3, where);
                    } else {
                        assertNoGyro(b, where);
                    }
                }
            }
        }
    }

    /** ROTATE and TEMPO on a device held still: the mean (all there is) turned, the gyroscope's rate turned and scaled by the speed. */
    @Test
    void imuRotationAndTempoTurnTheGravityAndTurnAndSpeedUpTheGyroscope() {
        List<Sample> in = new ArrayList<>();
        for (int i = 0; i < 21; i++) in.add(new ImuSample(0.25f, -0.5f, 0.75f, 10f, -20f, 30f, 1000 + 40L * i));
        double k = 2;
        for (long seed = 1; seed <= 5; seed++) {
            Draws d = Draws.of(new SplittableRandom(seed), k);
            List<Sample> out = Augmenter.augment(in, (float) k, 1.6, java.util.EnumSet.of(Augmenter.ImuPart.ROTATE, Augmenter.ImuPart.TEMPO),
                    new SplittableRandom(seed));
            double s = d.speed();
            int m = Math.max(2, (int) Math.round(800 / s / 40) + 1);
            assertEquals(m, out.size(), "seed " + seed);
            double[] g = d.rotate(0.25, -0.5, 0.75), w = d.rotate(10 * s, -20 * s, 30 * s);
            for (int q = 0; q < m; q++) {
                ImuSample b = at(out, q);
                String where = "seed " + seed + " q " + q;
                assertEquals(g[0], b.ax(), 1e-5, where);
                assertEquals(g[1], b.ay(), 1e-5, where);
                assertEquals(g[2], b.az(), 1e-5, where);
                assertEquals(w[0], b.gx(), 1e-4, where);
                assertEquals(w[1], b.gy(), 1e-4, where);
                assertEquals(w[2], b.gz(), 1e-4, where);
            }
        }
    }

    @Test
    void rotationIsTheIdentityForAngleZeroOrNoAxisAndRodriguesOtherwise() {
        double[] id = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        org.junit.jupiter.api.Assertions.assertArrayEquals(id, Augmenter.rotation(0.3, -1, 2, 0), 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(id, Augmenter.rotation(0, 0, 0, 0.7), 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(id, Augmenter.rotation(Double.NaN, 0, 1, 0.7), 0);
        // a quarter turn about z (the axis's length does not matter): x to y, y to -x
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1}, Augmenter.rotation(0, 0, 2, Math.PI / 2), 1e-12);
        // a third of a turn about (1, 1, 1): x to y, y to z, z to x
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, Augmenter.rotation(1, 1, 1, 2 * Math.PI / 3), 1e-12);
    }

    /**
     * RATE, exactly: sample q at q times the interval (40 ms, or 1000/rate when resampled), plus, for inner
     * samples only, the jitter drawn for it times the interval; the last at the end of the span. Each is the
     * input read at its exact (unrounded) time.
     */
    @Test
    void imuRateTimesAreTheIntervalPlusTheDrawnJitterAndValuesAreReadThere() {
        List<Sample> in = ramp(41);   // ax = u / 400, ay = 1 - u / 800 at u ms after the first sample, over 1600 ms
        int resampled = 0;
        for (long seed = 1; seed <= 12; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Draws d = Draws.of(r, 1);
            List<Sample> out = Augmenter.augment(in, 1f, 1.6, only(Augmenter.ImuPart.RATE), new SplittableRandom(seed));
            double interval = d.resample() ? 1000 / d.rate() : 40;
            int m = Math.max(2, (int) Math.round(1600 / interval) + 1);
            assertEquals(m, out.size(), "seed " + seed);
            for (int q = 0; q < m; q++) {
                double jitter = r.nextDouble(-0.1, 0.1);   // drawn for every sample, the ends included
                for (int g = 0; g < 3; g++) r.nextGaussian();   // the acceleration's noise, drawn with NOISE off; no gyroscope, none for it
                double t = q == m - 1 ? 1600 : q * interval;
                if (q > 0 && q < m - 1) t += jitter * interval;
                String where = "seed " + seed + " q " + q;
                ImuSample s = at(out, q);
                assertEquals(1000 + Math.round(t), s.t(), where);
                assertEquals(t / 400, s.ax(), 1e-5, where);
                assertEquals(1 - t / 800, s.ay(), 1e-5, where);
                assertEquals(0.5, s.az(), 1e-6, where);
            }
            if (d.resample()) resampled++;
        }
        assertTrue(resampled > 0 && resampled < 12, resampled + " of 12");
    }

    /**
     * NOISE and BIAS, exactly: per sample (after its jitter) 3 Gaussians times 0.02k for the acceleration, then
     * 3 times 2k deg/s for the gyroscope only where it has a reading (none drawn for a missing one).
     */
    @Test
    void imuNoiseAndBiasAreTheDrawnValuesAndGyroscopeNoiseOnlyWhereThereIsAReading() {
        List<Sample> in = imu(10);   // a gyroscope on even samples
        double k = 1.5, noise = 0.02 * k, gyroNoise = 2 * k;
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Draws d = Draws.of(r, k);
            List<Sample> out = Augmenter.augment(in, (float) k, 1.6, java.util.EnumSet.of(Augmenter.ImuPart.NOISE, Augmenter.ImuPart.BIAS),
                    new SplittableRandom(seed));
            assertEquals(in.size(), out.size());
            for (int i = 0; i < in.size(); i++) {
                ImuSample a = at(in, i), b = at(out, i);
                String where = "seed " + seed + " sample " + i;
                r.nextDouble(-0.1, 0.1);   // the jitter
                assertEquals(a.t(), b.t(), where);
                assertEquals(a.ax() + d.bx() + noise * r.nextGaussian(), b.ax(), 1e-5, where);
                assertEquals(a.ay() + d.by() + noise * r.nextGaussian(), b.ay(), 1e-5, where);
                assertEquals(a.az() + d.bz() + noise * r.nextGaussian(), b.az(), 1e-5, where);
                if (a.hasGyro()) {
                    assertEquals(a.gx() + gyroNoise * r.nextGaussian(), b.gx(), 1e-4, where);
                    assertEquals(a.gy() + gyroNoise * r.nextGaussian(), b.gy(), 1e-4, where);
                    assertEquals(a.gz() + gyroNoise * r.nextGaussian(), b.gz(), 1e-4, where);
                } else {
                    assertNoGyro(b, where);
                }
            }
        }
    }

    /** GAIN on every axis (z too): the mean plus g times the motion about it; the gyroscope left as it is. */
    @Test
    void imuGainScalesTheMotionAboutTheMeanOnEachAxisAndLeavesTheGyroscope() {
        List<Sample> in = new ArrayList<>();
        for (int i = 0; i < 9; i++) in.add(new ImuSample(i / 8f, 1 - i / 4f, 0.5f + i * i / 16f, 3f * i, -i, 2, 200 + 25L * i));
        double mx = 0, my = 0, mz = 0;
        for (Sample s : in) {
            mx += ((ImuSample) s).ax();
            my += ((ImuSample) s).ay();
            mz += ((ImuSample) s).az();
        }
        mx /= 9;
        my /= 9;
        mz /= 9;
        double k = 2;
        for (long seed = 1; seed <= 4; seed++) {
            Draws d = Draws.of(new SplittableRandom(seed), k);
            assertTrue(Math.abs(Math.log(d.gain())) > 1e-3, "a gain that shows: " + d.gain());
            List<Sample> out = Augmenter.augment(in, (float) k, 1.6, only(Augmenter.ImuPart.GAIN), new SplittableRandom(seed));
            assertEquals(in.size(), out.size());
            for (int i = 0; i < in.size(); i++) {
                ImuSample a = at(in, i), b = at(out, i);
                String where = "seed " + seed + " sample " + i;
                assertEquals(mx + d.gain() * (a.ax() - mx), b.ax(), 1e-5, where);
                assertEquals(my + d.gain() * (a.ay() - my), b.ay(), 1e-5, where);
                assertEquals(mz + d.gain() * (a.az() - mz), b.az(), 1e-5, where);
                assertEquals(a.gx(), b.gx(), 1e-5, where);
                assertEquals(a.gy(), b.gy(), 1e-5, where);
                assertEquals(a.gz(), b.gz(), 1e-5, where);
                assertEquals(a.t(), b.t());
            }
        }
    }

    /**
     * Read between a gyroscope reading and a missing one, there is no gyroscope reading; read at a sample
     * (the first, at f = 0, and the last, at f = 1, whose neighbour has none) it is that sample's own.
     */
    @Test
    void imuReadingsBetweenAGyroscopeReadingAndAMissingOneHaveNoneButTheEndsKeepTheirs() {
        List<Sample> in = imu(11);   // a gyroscope on even samples, the first and the last included; every 20 ms from 500
        for (long seed = 1; seed <= 10; seed++) {
            List<Sample> out = Augmenter.augment(in, 1f, 1.6, only(Augmenter.ImuPart.RATE), new SplittableRandom(seed));
            ImuSample first = at(out, 0), last = at(out, out.size() - 1);
            assertEquals(500, first.t());
            assertEquals(0f, first.gx(), 1e-6);
            assertEquals(3f, first.gz(), 1e-6);
            assertEquals(700, last.t());
            assertEquals(10f, last.ax(), 1e-5);
            assertEquals(100f, last.gx(), 1e-6, "seed " + seed);
            assertEquals(-100f, last.gy(), 1e-6);
            assertEquals(3f, last.gz(), 1e-6);
            int between = 0;
            for (int q = 1; q < out.size() - 1; q++) {
                if ((out.get(q).t() - 500) % 20 == 0) continue;   // perhaps read at a sample
                assertNoGyro(at(out, q), "seed " + seed + " q " + q);
                between++;
            }
            assertTrue(between > 0);
        }
    }

    /**
     * Intervals 20, 60, 10, 30, 40 ms: the output interval is their median, 30 ms (not their mean, 32, nor
     * the middle one as recorded, 10); each output is the input interpolated at its time.
     */
    @Test
    void imuOutputIntervalIsTheMedianOfIrregularIntervals() {
        long[] ts = {1000, 1020, 1080, 1090, 1120, 1160};
        List<Sample> in = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) in.add(new ImuSample(i, (ts[i] - 1000) / 100f, i * i / 10f, 5f * i, -3, 1, ts[i]));
        Draws d = Draws.of(new SplittableRandom(4), 1);
        List<Sample> out = Augmenter.augment(in, 1f, 1.6, only(Augmenter.ImuPart.BIAS), new SplittableRandom(4));
        double[] u = {0, 30, 60, 90, 120, 160};
        double[] p = {0, 1 + 1 / 6.0, 1 + 2 / 3.0, 3, 4, 5};   // the input index read, fractional: 30 ms is 1/6 of the way from 20 to 80
        assertEquals(u.length, out.size());
        for (int q = 0; q < u.length; q++) {
            ImuSample s = at(out, q);
            int a = (int) p[q];
            double f = p[q] - a;
            assertEquals(1000 + (long) u[q], s.t());
            assertEquals(p[q] + d.bx(), s.ax(), 1e-5, "q " + q);
            assertEquals(u[q] / 100 + d.by(), s.ay(), 1e-5, "q " + q);
            assertEquals((a * a + f * (2 * a + 1)) / 10 + d.bz(), s.az(), 1e-5, "q " + q);
            assertEquals(5 * p[q], s.gx(), 1e-5, "q " + q);
            assertEquals(-3, s.gy(), 1e-6);
            assertEquals(1, s.gz(), 1e-6);
        }
    }

    /**
     * Four readings at once, then one 100 ms later: the median interval is 0, so the interval is the span over
     * the intervals, 100 / 4 = 25 ms. Of readings made at one time, the last is read from that time on.
     */
    @Test
    void imuMostlyZeroIntervalsFallBackToTheSpanOverTheirCount() {
        long[] ts = {1000, 1000, 1000, 1000, 1100};
        List<Sample> in = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) in.add(new ImuSample(i, -2 * i, 1, 4f * i, 0, 0, ts[i]));
        List<Sample> out = Augmenter.augment(in, 1f, 1.6, NONE, new SplittableRandom(2));
        double[] p = {3, 3.25, 3.5, 3.75, 4};
        assertEquals(p.length, out.size());
        for (int q = 0; q < p.length; q++) {
            ImuSample s = at(out, q);
            assertEquals(1000 + 25L * q, s.t());
            assertEquals(p[q], s.ax(), 1e-5, "q " + q);
            assertEquals(-2 * p[q], s.ay(), 1e-5, "q " + q);
            assertEquals(1, s.az(), 1e-6);
            assertEquals(4 * p[q], s.gx(), 1e-5, "q " + q);
        }
    }

    /** Every reading at one time: no interval to resample at, so each output is its input sample (plus the bias), at that time. */
    @Test
    void imuReadingsAllAtOneTimeAreKeptOneByOne() {
        List<Sample> in = new ArrayList<>();
        for (int i = 0; i < 4; i++) in.add(new ImuSample(i, 1 - i, i * i, 7f * i, 1, 2, 77));
        Draws d = Draws.of(new SplittableRandom(6), 1);
        List<Sample> out = Augmenter.augment(in, 1f, 1.6, only(Augmenter.ImuPart.BIAS), new SplittableRandom(6));
        assertEquals(4, out.size());
        for (int i = 0; i < 4; i++) {
            ImuSample a = at(in, i), b = at(out, i);
            assertEquals(77, b.t());
            assertEquals(a.ax() + d.bx(), b.ax(), 1e-5, "sample " + i);
            assertEquals(a.ay() + d.by(), b.ay(), 1e-5, "sample " + i);
            assertEquals(a.az() + d.bz(), b.az(), 1e-5, "sample " + i);
            assertEquals(a.gx(), b.gx(), 1e-6, "sample " + i);
        }
    }
}
