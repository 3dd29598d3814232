package io.gesturestream.model.data;

import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Splice#of} on pieces written by hand: every time, every join value and every event index worked out. */
class SpliceTest {
    private static ImuSample acc(double ax, long t) {
        return ImuSample.accel(ax, 0, 1, t);
    }

    private static ImuSample gyro(double ax, double g, long t) {
        return new ImuSample((float) ax, 0f, 1f, (float) g, (float) (2 * g), (float) (-g), t);
    }

    private static long[] times(List<Sample> s) {
        return s.stream().mapToLong(Sample::t).toArray();
    }

    private static void assertSample(Sample s, double ax, double gx, long t) {
        ImuSample m = (ImuSample) s;
        assertEquals(t, m.t(), "time");
        assertEquals(ax, m.ax(), 1e-5, "ax at " + t);
        assertEquals(0f, m.ay(), "ay at " + t);
        assertEquals(1f, m.az(), 1e-6, "az at " + t);
        if (Double.isNaN(gx)) {
            assertTrue(Float.isNaN(m.gx()) && Float.isNaN(m.gy()) && Float.isNaN(m.gz()), "no gyroscope at " + t + ": " + m);
        } else {
            assertEquals(gx, m.gx(), 1e-5, "gx at " + t);
            assertEquals(2 * gx, m.gy(), 1e-5, "gy at " + t);
            assertEquals(-gx, m.gz(), 1e-5, "gz at " + t);
        }
    }

    @Test
    void piecesFollowFromTimeZeroJoinedByFiveSamplesOnTheLineAtTheNextPiecesMedianInterval() {
        // other motion, no gyroscope, times from 500
        List<Sample> rest = List.of(acc(1, 500), acc(2, 520), acc(3, 560));
        // a gesture with a gyroscope: intervals 30, 30, 60, median 30
        List<Sample> g = List.of(gyro(9, 6, 7), gyro(10, 12, 37), gyro(11, 18, 67), gyro(12, 24, 127));
        // a gesture of one sample: the default interval, 40 ms
        List<Sample> one = List.of(gyro(-3, 0, 99_999));
        // other motion whose intervals are 10 and 30: the median of an even count is the upper one, 30
        List<Sample> tail = List.of(gyro(0, 0, 0), gyro(1, 0, 10), gyro(2, 0, 40));
        Splice.Stream s = Splice.of(List.of(new Splice.Piece(rest, null), new Splice.Piece(g, "ring"),
                new Splice.Piece(one, "tap"), new Splice.Piece(tail, null)));
        List<Sample> x = s.samples();
        assertEquals(3 + 5 + 4 + 5 + 1 + 5 + 3, x.size());
        // the first piece from 0, its own intervals
        assertSample(x.get(0), 1, Double.NaN, 0);
        assertSample(x.get(1), 2, Double.NaN, 20);
        assertSample(x.get(2), 3, Double.NaN, 60);
        // join: ax 3 -> 9 in sixths, every 30 ms (the gesture's median); no gyroscope where one end has none
        for (int j = 1; j <= 5; j++) assertSample(x.get(2 + j), 3 + j, Double.NaN, 60 + 30L * j);
        // the gesture: 6 intervals after the last sample, its own intervals 30, 30, 60 kept
        assertSample(x.get(8), 9, 6, 240);
        assertSample(x.get(9), 10, 12, 270);
        assertSample(x.get(10), 11, 18, 300);
        assertSample(x.get(11), 12, 24, 360);
        // join to the one-sample piece, every 40 ms: ax 12 -> -3, gyroscope 24 -> 0, both on the line
        for (int j = 1; j <= 5; j++) assertSample(x.get(11 + j), 12 - 15.0 * j / 6, 24 - 24.0 * j / 6, 360 + 40L * j);
        assertSample(x.get(17), -3, 0, 600);
        // join to the tail every 30 ms, the tail's times 0, 10, 40 kept
        for (int j = 1; j <= 5; j++) assertSample(x.get(17 + j), -3 + 3.0 * j / 6, 0, 600 + 30L * j);
        assertSample(x.get(23), 0, 0, 780);
        assertSample(x.get(24), 1, 0, 790);
        assertSample(x.get(25), 2, 0, 820);
        assertEquals(List.of(new Splice.Event("ring", 8, 11), new Splice.Event("tap", 17, 17)), s.events());
    }

    @Test
    void aStreamOfOnePieceIsThatPieceFromTimeZero() {
        List<Sample> g = List.of(gyro(1, 1, 1000), gyro(2, 2, 1025));
        Splice.Stream s = Splice.of(List.of(new Splice.Piece(g, "x")));
        assertEquals(2, s.samples().size());
        assertSample(s.samples().get(0), 1, 1, 0);
        assertSample(s.samples().get(1), 2, 2, 25);
        assertEquals(List.of(new Splice.Event("x", 0, 1)), s.events());
        // a gesture first: its first index is 0
        Splice.Stream two = Splice.of(List.of(new Splice.Piece(g, "x"), new Splice.Piece(List.of(acc(0, 5)), null)));
        assertEquals(List.of(new Splice.Event("x", 0, 1)), two.events());
        assertEquals(List.of(0L, 25L, 65L, 105L, 145L, 185L, 225L, 265L), java.util.Arrays.stream(times(two.samples())).boxed().toList());
    }

    @Test
    void aPieceWhoseSamplesShareOneTimeIsJoinedAtTheDefaultInterval() {
        List<Sample> a = List.of(acc(0, 0), acc(6, 10));
        List<Sample> same = List.of(acc(6, 70), acc(6, 70), acc(6, 70));
        Splice.Stream s = Splice.of(List.of(new Splice.Piece(a, null), new Splice.Piece(same, "z")));
        assertEquals(Splice.DEFAULT_INTERVAL, Splice.interval(same));
        assertEquals(40, Splice.DEFAULT_INTERVAL);
        long[] t = times(s.samples());
        assertEquals(10, t.length);
        assertEquals(List.of(0L, 10L, 50L, 90L, 130L, 170L, 210L, 250L, 250L, 250L), java.util.Arrays.stream(t).boxed().toList());
        assertEquals(List.of(new Splice.Event("z", 7, 9)), s.events());
    }

    @Test
    void theIntervalIsTheMedianGapAndNeverLessThanOneMs() {
        assertEquals(40, Splice.interval(List.of(acc(0, 5))));
        assertEquals(7, Splice.interval(List.of(acc(0, 0), acc(0, 7))));
        assertEquals(20, Splice.interval(List.of(acc(0, 0), acc(0, 20), acc(0, 25), acc(0, 45))));   // 20, 5, 20
        assertEquals(40, Splice.interval(List.of(acc(0, 10), acc(0, 5), acc(0, 3))));              // -5, -2: not positive
        assertEquals(5, Splice.JOIN);
    }

    @Test
    void thePiecesAreNotChangedAndAnEmptyPieceIsRefused() {
        List<Sample> g = new ArrayList<>(List.of(gyro(1, 1, 100), gyro(2, 2, 120)));
        List<Sample> copy = List.copyOf(g);
        Splice.of(List.of(new Splice.Piece(List.of(acc(0, 0)), null), new Splice.Piece(g, "x")));
        assertEquals(copy, g);
        assertThrows(IllegalArgumentException.class, () -> new Splice.Piece(List.of(), "x"));
        assertEquals(0, Splice.of(List.of()).samples().size());
    }
}
