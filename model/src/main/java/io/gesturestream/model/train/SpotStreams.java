package io.gesturestream.model.train;

import io.gesturestream.model.data.Splice;
import io.gesturestream.model.features.Augmenter;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The training streams of a spotting model: each training recording, augmented, between two
 * stretches of other motion ({@link Splice}), with a class per step to learn.
 *
 * <p>Targets: a gesture's class from {@link #FROM} of its samples to {@link #TAIL_MS} after its
 * last one, the reject class ({@code unknown}) everywhere else. So the model names a gesture
 * while it is being made (early answers), and drops the name once it is over: a run of one class
 * that ends is a completed gesture (see {@link io.gesturestream.model.Spotter}).
 *
 * <p>Half the streams hold a second gesture, another training recording of any class, after the
 * first's stretch and before a last one. Stretches last 0.5-8 s (none before the first gesture a
 * fifth of the time), 1-8 s after it.
 *
 * <p>Other motion, drawn per stretch until it lasts long enough: windows of the training people's
 * own recordings of other motion (label {@code unknown}) and the long recordings of other motion
 * given ({@link Trainer#withNegativeStreams}), drawn in proportion to their length, pieces of training gestures (each at
 * most 40% of one) one after the other, the training gestures played backwards
 * (the same motion the other way round: a counter-clockwise ring is a clockwise one reversed, and
 * the accelerometer's reading of a reversed path is its reading reversed in time), the device at
 * rest in any pose, and the device slowly tilted. Everything is resampled to the gesture's own
 * interval: a device has one rate.
 */
final class SpotStreams {
    /** Where, as a share of its samples, a gesture's class becomes the target. */
    static final double FROM = 0.25;
    /** How long after a gesture's last sample its class stays the target, ms. */
    static final long TAIL_MS = 40;

    private final List<List<Sample>> negatives, gestures;
    private final List<Integer> gestureLabels;
    private final long negativeSamples;
    private final float augment;
    private final Set<Augmenter.ImuPart> parts;

    /** A stream to train on, its target class per sample, and where its gestures are. */
    record Built(List<Sample> samples, int[] targets, List<Splice.Event> gestures) {}

    /**
     * @param negatives recordings of other motion: the training people's, and long unsegmented ones
     * @param gestures  the training gestures, played backwards as other motion
     */
    SpotStreams(List<List<Sample>> negatives, List<List<Sample>> gestures, List<Integer> gestureLabels, float augment,
                Set<Augmenter.ImuPart> parts) {
        if (gestures.isEmpty()) throw new IllegalArgumentException("spotting needs gestures to train on");
        if (gestureLabels.size() != gestures.size()) throw new IllegalArgumentException("a label per gesture");
        this.negatives = negatives;
        this.negativeSamples = negatives.stream().mapToLong(List::size).sum();
        this.gestures = gestures;
        this.gestureLabels = gestureLabels;
        this.augment = augment;
        EnumSet<Augmenter.ImuPart> p = EnumSet.noneOf(Augmenter.ImuPart.class);
        p.addAll(parts);
        p.remove(Augmenter.ImuPart.RATE);
        this.parts = p;
    }

    /**
     * {@code samples} (augmented already) of class {@code label} (or of other motion, when it is
     * {@code unknown}) between stretches of other motion, maybe followed by another gesture (see
     * the class comment).
     */
    Built around(List<Sample> samples, int label, int unknown, SplittableRandom rnd) {
        long dt = Splice.interval(samples);
        List<Splice.Piece> pieces = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        if (rnd.nextDouble() >= 0.2) stretch(pieces, rnd.nextLong(500, 8000), dt, rnd);
        pieces.add(new Splice.Piece(samples, label == unknown ? null : "g"));
        if (label != unknown) classes.add(label);
        stretch(pieces, rnd.nextLong(1000, 8000), dt, rnd);
        if (rnd.nextDouble() < 0.5) {
            // a second gesture, so that the model learns to name one after another in the same stream
            int k = rnd.nextInt(gestures.size());
            List<Sample> g = gestures.get(k);
            if (augment > 0) g = Augmenter.augment(g, augment, 1, parts, rnd);
            pieces.add(new Splice.Piece(resample(g, dt), "g"));
            classes.add(gestureLabels.get(k));
            stretch(pieces, rnd.nextLong(1000, 8000), dt, rnd);
        }
        Splice.Stream s = Splice.of(pieces);
        int[] targets = new int[s.samples().size()];
        java.util.Arrays.fill(targets, unknown);
        for (int ev = 0; ev < s.events().size(); ev++) {
            Splice.Event e = s.events().get(ev);
            int c = classes.get(ev);
            int n = e.last() - e.first() + 1;
            for (int i = e.first() + (int) Math.ceil(FROM * n); i <= e.last(); i++) targets[i] = c;
            long end = s.samples().get(e.last()).t();
            for (int i = e.last() + 1; i < targets.length && s.samples().get(i).t() <= end + TAIL_MS; i++) targets[i] = c;
        }
        return new Built(s.samples(), targets, s.events());
    }

    /** Pieces of other motion, at interval {@code dt}, until they last {@code ms}. */
    private void stretch(List<Splice.Piece> pieces, long ms, long dt, SplittableRandom rnd) {
        long left = ms;
        while (left > 0) {
            double kind = rnd.nextDouble();
            List<Sample> s;
            if (kind < 0.3 && !negatives.isEmpty()) {
                s = Splice.window(negative(rnd), left, rnd);
            } else if (kind < 0.5) {
                s = reversed(gestures.get(rnd.nextInt(gestures.size())));
            } else if (kind < 0.8) {
                s = salad(left, rnd);
            } else if (kind < 0.9) {
                s = still(Math.min(left, rnd.nextLong(500, 2000)), rnd, false);
            } else {
                s = still(Math.min(left, rnd.nextLong(1000, 4000)), rnd, true);
            }
            if (augment > 0) s = Augmenter.augment(s, augment, 1, parts, rnd);
            s = resample(s, dt);
            pieces.add(new Splice.Piece(s, null));
            left -= s.get(s.size() - 1).t() - s.get(0).t() + dt * (Splice.JOIN + 1);
        }
    }

    /**
     * Up to {@code ms} of pieces of training gestures, each at most {@link #SALAD_SHARE} of its
     * gesture, from random places, one after the other: motion like the gestures' own that
     * completes none of them.
     */
    private List<Sample> salad(long ms, SplittableRandom rnd) {
        List<Sample> out = new ArrayList<>();
        long t = 0;
        while (t < ms) {
            List<Sample> g = gestures.get(rnd.nextInt(gestures.size()));
            int n = Math.max(2, (int) (g.size() * rnd.nextDouble(0.15, SALAD_SHARE)));
            int from = rnd.nextInt(g.size() - n + 1);
            long t0 = g.get(from).t();
            long dt = Splice.interval(g);
            for (int i = from; i < from + n; i++) {
                ImuSample m = (ImuSample) g.get(i);
                out.add(new ImuSample(m.ax(), m.ay(), m.az(), m.gx(), m.gy(), m.gz(), t + m.t() - t0));
            }
            t = out.get(out.size() - 1).t() + dt;
        }
        return out;
    }

    /** The largest share of a gesture that a piece of {@link #salad} takes. */
    static final double SALAD_SHARE = 0.4;

    /** One of the recordings of other motion, drawn in proportion to its samples: a long one is drawn more often. */
    private List<Sample> negative(SplittableRandom rnd) {
        long at = rnd.nextLong(negativeSamples);
        for (List<Sample> n : negatives) {
            if (at < n.size()) return n;
            at -= n.size();
        }
        throw new AssertionError(at);
    }

    /** The recording played backwards, from its first sample's time. */
    static List<Sample> reversed(List<Sample> s) {
        List<Sample> out = new ArrayList<>(s.size());
        long t0 = s.get(0).t(), t1 = s.get(s.size() - 1).t();
        for (int i = s.size() - 1; i >= 0; i--) {
            ImuSample m = (ImuSample) s.get(i);
            // angular rate changes sign when time runs backwards
            out.add(new ImuSample(m.ax(), m.ay(), m.az(), -m.gx(), -m.gy(), -m.gz(), t0 + (t1 - m.t())));
        }
        return out;
    }

    /**
     * {@code ms} of the device at rest in a random pose (1 g along a random direction), or,
     * when {@code tilt}, slowly turned from one pose to another; no gyroscope.
     */
    static List<Sample> still(long ms, SplittableRandom rnd, boolean tilt) {
        double[] u = unit(rnd), v = tilt ? unit(rnd) : u;
        int n = (int) Math.max(2, ms / Splice.DEFAULT_INTERVAL + 1);
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double f = (double) i / (n - 1);
            double x = u[0] + f * (v[0] - u[0]), y = u[1] + f * (v[1] - u[1]), z = u[2] + f * (v[2] - u[2]);
            double len = Math.sqrt(x * x + y * y + z * z);
            if (!(len > 1e-6)) len = 1;
            out.add(ImuSample.accel(x / len, y / len, z / len, i * Splice.DEFAULT_INTERVAL));
        }
        return out;
    }

    private static double[] unit(SplittableRandom rnd) {
        double x = rnd.nextGaussian(), y = rnd.nextGaussian(), z = rnd.nextGaussian();
        double len = Math.sqrt(x * x + y * y + z * z);
        return len > 1e-9 ? new double[] {x / len, y / len, z / len} : new double[] {0, 0, 1};
    }

    /** {@code s} at one sample every {@code dt} ms from its first, linear between its samples in time. */
    static List<Sample> resample(List<Sample> s, long dt) {
        long t0 = s.get(0).t(), span = s.get(s.size() - 1).t() - t0;
        int m = (int) (span / dt) + 1;
        List<Sample> out = new ArrayList<>(m);
        int a = 0;
        for (int q = 0; q < m; q++) {
            long t = t0 + q * dt;
            while (a < s.size() - 2 && s.get(a + 1).t() <= t) a++;
            ImuSample pa = (ImuSample) s.get(a), pb = (ImuSample) s.get(Math.min(s.size() - 1, a + 1));
            long d = pb.t() - pa.t();
            float f = d > 0 ? Math.max(0f, Math.min(1f, (float) (t - pa.t()) / d)) : 0f;
            out.add(new ImuSample(pa.ax() + f * (pb.ax() - pa.ax()), pa.ay() + f * (pb.ay() - pa.ay()), pa.az() + f * (pb.az() - pa.az()),
                    pa.gx() + f * (pb.gx() - pa.gx()), pa.gy() + f * (pb.gy() - pa.gy()), pa.gz() + f * (pb.gz() - pa.gz()), t));
        }
        return out;
    }
}
