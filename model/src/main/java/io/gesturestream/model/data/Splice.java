package io.gesturestream.model.data;

import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Continuous IMU streams made of recorded pieces, one after the other, as a device that is never
 * put down would record them: gestures between stretches of other motion. The training of a
 * spotting model and the evaluation of spotting both build their streams with it.
 *
 * <p>The first piece starts at time 0. Each next piece keeps its own sampling (the times
 * between its samples) and is joined to what comes before by {@link #JOIN} samples on the straight
 * line from the last sample to its first, at its own median interval, so that no step between two
 * recordings (another orientation, another person) tells where a piece begins. The join belongs
 * to no gesture.
 */
public final class Splice {
    /** Samples on the straight line between two pieces. */
    public static final int JOIN = 5;
    /** The interval of a piece whose samples all have one time, ms. */
    public static final long DEFAULT_INTERVAL = 40;

    private Splice() {}

    /** A piece of a stream: its samples (IMU) and its gesture's label, or null for other motion. */
    public record Piece(List<Sample> samples, String label) {
        public Piece {
            if (samples.isEmpty()) throw new IllegalArgumentException("a piece needs samples");
        }
    }

    /** A gesture in a stream: its label and the indices of its first and last samples in the stream. */
    public record Event(String label, int first, int last) {}

    /** A stream: its samples, times from 0, and the gestures in it, in order. */
    public record Stream(List<Sample> samples, List<Event> events) {}

    /** The pieces one after the other, joined as the class comment says. */
    public static Stream of(List<Piece> pieces) {
        List<Sample> out = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (Piece p : pieces) {
            List<Sample> s = p.samples();
            long dt = interval(s);
            long shift;
            if (out.isEmpty()) {
                shift = -s.get(0).t();
            } else {
                ImuSample from = (ImuSample) out.get(out.size() - 1), to = (ImuSample) s.get(0);
                long t = from.t();
                for (int j = 1; j <= JOIN; j++) {
                    double f = (double) j / (JOIN + 1);
                    t += dt;
                    out.add(new ImuSample(lerp(from.ax(), to.ax(), f), lerp(from.ay(), to.ay(), f), lerp(from.az(), to.az(), f),
                            lerp(from.gx(), to.gx(), f), lerp(from.gy(), to.gy(), f), lerp(from.gz(), to.gz(), f), t));
                }
                shift = t + dt - s.get(0).t();
            }
            int first = out.size();
            for (Sample x : s) {
                ImuSample m = (ImuSample) x;
                out.add(new ImuSample(m.ax(), m.ay(), m.az(), m.gx(), m.gy(), m.gz(), m.t() + shift));
            }
            if (p.label() != null) events.add(new Event(p.label(), first, out.size() - 1));
        }
        return new Stream(List.copyOf(out), List.copyOf(events));
    }

    /** The median time between a piece's consecutive samples; {@link #DEFAULT_INTERVAL} when it is not positive. */
    public static long interval(List<Sample> s) {
        if (s.size() < 2) return DEFAULT_INTERVAL;
        long[] d = new long[s.size() - 1];
        for (int i = 1; i < s.size(); i++) d[i - 1] = s.get(i).t() - s.get(i - 1).t();
        Arrays.sort(d);
        long m = d[d.length / 2];
        return m > 0 ? m : DEFAULT_INTERVAL;
    }

    /**
     * At most {@code ms} of {@code s} (at its own interval; all of a shorter one), from a start
     * drawn from {@code rnd}: a stretch of a recording of other motion.
     */
    public static List<Sample> window(List<Sample> s, long ms, java.util.SplittableRandom rnd) {
        int n = (int) Math.min(s.size(), Math.max(2, ms / interval(s) + 1));
        int from = rnd.nextInt(s.size() - n + 1);
        return s.subList(from, from + n);
    }

    private static float lerp(float a, float b, double f) {
        return (float) (a + f * (b - a));
    }
}
