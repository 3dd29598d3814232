package io.gesturestream.model.train;

import io.gesturestream.model.features.Augmenter;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SpotStreams}: the training streams of a spotting model. The gesture of {@link #around}
 * carries a mark no other sample can have (gz = 777: the training gestures, whole, in pieces or
 * played backwards, have gz = -100 or 100, the other motion 0, rest and tilts no gyroscope, and a
 * join lies strictly between its ends), so its place in the stream is known and the targets can be
 * counted by hand. The one training gesture is of class 1, the gesture around which the stream is
 * built of class 0, so the targets tell them apart.
 */
class SpotStreamsTest {
    private static final int A = 0, SECOND = 1, UNKNOWN = 2;
    private static final float MARK = 777f;

    /** {@code n} samples {@code dt} apart from 5000 ms, marked. */
    private static List<Sample> gesture(int n, long dt) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) s.add(new ImuSample(0.1f * i, 0.5f, 1f, i, -i, MARK, 5000 + dt * i));
        return s;
    }

    /** Other motion at 25 ms a sample, 10 s of it, gz 0. */
    private static List<Sample> negative() {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < 400; i++) s.add(new ImuSample((float) Math.sin(i / 7.0), 0.2f, 0.9f, 3f, 0f, 0f, 25L * i));
        return s;
    }

    /** The training gesture (class 1): a second gesture, pieces, played backwards; 30 ms a sample, gz -100 (100 once reversed). */
    private static List<Sample> toReverse() {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < 20; i++) s.add(new ImuSample(0.05f * i, -0.3f, 0.8f, 10f, 20f, -100f, 30L * i));
        return s;
    }

    private static SpotStreams streams(float augment) {
        return new SpotStreams(List.of(negative()), List.of(toReverse()), List.of(SECOND), augment, Augmenter.ALL_IMU);
    }

    /** Where the marked samples are: they must be one run, the gesture's samples shifted by one time. */
    private static int findGesture(List<Sample> stream, List<Sample> g) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < stream.size(); i++) if (((ImuSample) stream.get(i)).gz() == MARK) at.add(i);
        assertEquals(g.size(), at.size(), "the gesture's samples, once each");
        int f = at.get(0);
        long shift = stream.get(f).t() - g.get(0).t();
        for (int k = 0; k < g.size(); k++) {
            assertEquals(f + k, at.get(k), "one run");
            ImuSample m = (ImuSample) g.get(k);
            assertEquals(new ImuSample(m.ax(), m.ay(), m.az(), m.gx(), m.gy(), m.gz(), m.t() + shift), stream.get(f + k), "unchanged but its time");
        }
        return f;
    }

    /** Samples of the join after a gesture, {@code dt} ms apart, that are within {@link SpotStreams#TAIL_MS} of its last sample. */
    private static int tail(long dt) {
        return (int) Math.min(io.gesturestream.model.data.Splice.JOIN, SpotStreams.TAIL_MS / dt);
    }

    /**
     * The targets after the gesture ({@code from} on): unknown, or the second gesture's class over one
     * run of 21 + tail samples (its 29 samples at 20 ms, from ceil(0.25 * 29) = 8 on, and those of
     * the join after it); whether there was a second gesture.
     */
    private static boolean second(int[] targets, int from) {
        int first = -1, count = 0;
        for (int i = from; i < targets.length; i++) {
            assertTrue(targets[i] == UNKNOWN || targets[i] == SECOND, "sample " + i + ": " + targets[i]);
            if (targets[i] == SECOND) {
                if (first < 0) first = i;
                count++;
            }
        }
        if (count == 0) return false;
        assertEquals(21 + tail(20), count, "the second gesture's targets");
        for (int i = first; i < first + count; i++) assertEquals(SECOND, targets[i], "one run, at " + i);
        return true;
    }

    @Test
    void theTailEndsOnAJoinSample() {
        // so that the join sample exactly TAIL_MS after the last one tells whether the tail includes its end
        assertEquals(0, SpotStreams.TAIL_MS % 20);
        assertTrue(SpotStreams.TAIL_MS / 20 <= 5 && SpotStreams.TAIL_MS > 30, "within the join, past one sample at 30 ms");
    }

    @Test
    void aGesturesClassIsTheTargetFromAQuarterOfItsSamplesToOneHundredMsAfterItsLast() {
        SpotStreams ss = streams(0f);
        List<Sample> g = gesture(10, 20);
        boolean before = false, notBefore = false, second = false, alone = false;
        for (long seed = 1; seed <= 40; seed++) {
            SpotStreams.Built b = ss.around(g, A, UNKNOWN, new SplittableRandom(seed));
            List<Sample> s = b.samples();
            assertEquals(s.size(), b.targets().length);
            assertEquals(0, s.get(0).t(), "times from 0");
            for (int i = 1; i < s.size(); i++) assertEquals(20, s.get(i).t() - s.get(i - 1).t(), "one rate, the gesture's: at " + i);
            int f = findGesture(s, g);
            // ceil(0.25 * 10) = 3: samples 3..9 of the gesture, then the join's samples up to TAIL_MS after its last
            int to = f + 9 + tail(20);
            for (int i = 0; i <= f + 15; i++) {
                int want = i >= f + 3 && i <= to ? A : UNKNOWN;
                assertEquals(want, b.targets()[i], "seed " + seed + ", sample " + i + " (gesture from " + f + ")");
            }
            if (second(b.targets(), f + 15)) second = true;
            else alone = true;
            long end = s.get(f + 9).t();
            assertEquals(end + 120, s.get(f + 15).t());
            assertTrue(s.get(s.size() - 1).t() - end >= 1000, "at least 1 s of other motion after");
            if (f == 0) {
                notBefore = true;
            } else {
                before = true;
                assertTrue(s.get(f).t() >= 500, "at least 0.5 s of other motion before: " + s.get(f).t());
            }
        }
        assertTrue(before && notBefore, "other motion before the gesture some of the time");
        assertTrue(second && alone, "a second gesture some of the time");
    }

    @Test
    void atThirtyMsASampleTheTailEndsByTailMsAndTheQuarterRoundsUp() {
        SpotStreams ss = streams(0f);
        List<Sample> g = gesture(9, 30);
        for (long seed = 1; seed <= 10; seed++) {
            SpotStreams.Built b = ss.around(g, A, UNKNOWN, new SplittableRandom(seed));
            int f = findGesture(b.samples(), g);
            // ceil(0.25 * 9) = 3: samples 3..8, then the join's every 30 ms up to TAIL_MS after the last
            int to = f + 8 + tail(30);
            for (int i = 0; i <= f + 12; i++) {
                assertEquals(i >= f + 3 && i <= to ? A : UNKNOWN, b.targets()[i], "seed " + seed + ", sample " + i);
            }
            for (int i = f + 12; i < b.targets().length; i++) assertTrue(b.targets()[i] != A);
        }
    }

    @Test
    void otherMotionGivesUnknownTargetsAroundIt() {
        SpotStreams ss = streams(0f);
        List<Sample> g = gesture(12, 20);
        for (long seed = 1; seed <= 10; seed++) {
            SpotStreams.Built b = ss.around(g, UNKNOWN, UNKNOWN, new SplittableRandom(seed));
            int f = findGesture(b.samples(), g);
            for (int i = 0; i < f + 12 + 50; i++) assertEquals(UNKNOWN, b.targets()[i], "sample " + i);
            second(b.targets(), f);
        }
    }

    @Test
    void theSameSeedBuildsTheSameStreamAndAnotherSeedAnother() {
        List<Sample> g = gesture(10, 20);
        for (float augment : new float[] {0f, 0.5f}) {
            SpotStreams.Built one = streams(augment).around(g, A, UNKNOWN, new SplittableRandom(7));
            SpotStreams.Built two = streams(augment).around(g, A, UNKNOWN, new SplittableRandom(7));
            assertEquals(one.samples(), two.samples());
            assertArrayEquals(one.targets(), two.targets());
            SpotStreams.Built other = streams(augment).around(g, A, UNKNOWN, new SplittableRandom(8));
            assertNotEquals(one.samples(), other.samples());
        }
    }

    @Test
    void spottingNeedsGestures() {
        assertThrows(IllegalArgumentException.class, () -> new SpotStreams(List.of(negative()), List.of(), List.of(), 0f, Augmenter.ALL_IMU));
        assertThrows(IllegalArgumentException.class,
                () -> new SpotStreams(List.of(negative()), List.of(toReverse()), List.of(1, 1), 0f, Augmenter.ALL_IMU), "a label per gesture");
        // no other motion of the people's own: rest, tilts and reversed gestures still fill the stretches
        SpotStreams.Built b = new SpotStreams(List.of(), List.of(toReverse()), List.of(SECOND), 0f, Augmenter.ALL_IMU)
                .around(gesture(10, 20), A, UNKNOWN, new SplittableRandom(3));
        assertTrue(b.samples().size() > 10 + 50);
    }

    @Test
    void aRecordingPlayedBackwardsRunsFromItsFirstTimeWithItsAngularRateNegated() {
        List<Sample> s = List.of(new ImuSample(1, 2, 3, 4, 5, 6, 100), new ImuSample(7, 8, 9, 10, 11, 12, 130),
                new ImuSample(13, 14, 15, -16, 17, 18, 200));
        assertEquals(List.of(new ImuSample(13, 14, 15, 16, -17, -18, 100), new ImuSample(7, 8, 9, -10, -11, -12, 170),
                new ImuSample(1, 2, 3, -4, -5, -6, 200)), SpotStreams.reversed(s));
        // no gyroscope stays none
        ImuSample r = (ImuSample) SpotStreams.reversed(List.of(ImuSample.accel(1, 0, 0, 5))).get(0);
        assertTrue(!r.hasGyro() && r.t() == 5 && r.ax() == 1f);
    }

    @Test
    void restIsOnePoseAtOneGAndATiltTurnsFromOnePoseToAnotherAtOneG() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Sample> rest = SpotStreams.still(1000, new SplittableRandom(seed), false);
            assertEquals(26, rest.size(), "every 40 ms from 0 to 1000");
            ImuSample first = (ImuSample) rest.get(0);
            assertEquals(1.0, norm(first), 1e-6);
            for (int i = 0; i < rest.size(); i++) {
                ImuSample m = (ImuSample) rest.get(i);
                assertEquals(40L * i, m.t());
                assertTrue(!m.hasGyro());
                assertEquals(first.ax(), m.ax());
                assertEquals(first.ay(), m.ay());
                assertEquals(first.az(), m.az());
            }
            List<Sample> tilt = SpotStreams.still(1019, new SplittableRandom(seed), true);
            assertEquals(26, tilt.size());
            ImuSample u = (ImuSample) tilt.get(0), v = (ImuSample) tilt.get(25);
            assertEquals(first, u, "the same seed: the same first pose");
            assertTrue(Math.abs(u.ax() - v.ax()) + Math.abs(u.ay() - v.ay()) + Math.abs(u.az() - v.az()) > 1e-3, "another pose at the end");
            for (int i = 0; i < tilt.size(); i++) {
                ImuSample m = (ImuSample) tilt.get(i);
                assertEquals(40L * i, m.t());
                assertTrue(!m.hasGyro());
                assertEquals(1.0, norm(m), 1e-5, "1 g at " + i);
                double f = i / 25.0;
                double x = u.ax() + f * (v.ax() - u.ax()), y = u.ay() + f * (v.ay() - u.ay()), z = u.az() + f * (v.az() - u.az());
                double len = Math.sqrt(x * x + y * y + z * z);
                assertEquals(x / len, m.ax(), 1e-5);
                assertEquals(y / len, m.ay(), 1e-5);
                assertEquals(z / len, m.az(), 1e-5);
            }
        }
        assertEquals(2, SpotStreams.still(0, new SplittableRandom(1), false).size(), "at least two samples");
        assertEquals(40, SpotStreams.still(10, new SplittableRandom(1), true).get(1).t());
    }

    private static double norm(ImuSample m) {
        return Math.sqrt((double) m.ax() * m.ax() + (double) m.ay() * m.ay() + (double) m.az() * m.az());
    }

    @Test
    void resamplingTakesOneSampleEveryDtLinearInTime() {
        List<Sample> s = List.of(new ImuSample(0, 0, 0, 0, 0, 0, 100), new ImuSample(1, 2, 3, 4, 5, 6, 110),
                new ImuSample(4, 8, 12, 16, 20, 24, 140), new ImuSample(4, 8, 12, 16, 20, 24, 155));
        List<Sample> r = SpotStreams.resample(s, 20);
        // 100: the first; 120: a third of the way from 110 to 140; 140: the third sample; 160 is past the end
        assertEquals(3, r.size());
        assertEquals(new ImuSample(0, 0, 0, 0, 0, 0, 100), r.get(0));
        ImuSample m = (ImuSample) r.get(1);
        assertEquals(120, m.t());
        float[] want = {2, 4, 6, 8, 10, 12};
        float[] got = {m.ax(), m.ay(), m.az(), m.gx(), m.gy(), m.gz()};
        assertArrayEquals(want, got, 1e-5f);
        assertEquals(new ImuSample(4, 8, 12, 16, 20, 24, 140), r.get(2));
        // denser than the source: every 12 ms over 0..50 (48 the last), linear between its two samples
        List<Sample> two = List.of(ImuSample.accel(0, 0, 0, 0), ImuSample.accel(1, -1, 2, 50));
        List<Sample> slow = SpotStreams.resample(two, 12);
        assertEquals(5, slow.size());
        assertEquals(48, slow.get(4).t());
        assertEquals(0.96f, ((ImuSample) slow.get(4)).ax(), 1e-6f);
        assertEquals(-0.24f, ((ImuSample) slow.get(1)).ay(), 1e-6f);
        assertTrue(!((ImuSample) slow.get(1)).hasGyro(), "no gyroscope stays none");
        // one sample: itself
        assertEquals(List.of(ImuSample.accel(1, 2, 3, 9)), SpotStreams.resample(List.of(ImuSample.accel(1, 2, 3, 9)), 20));
    }
}
