package io.gesturestream.model;

import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spotting model's session ({@link SessionState} with its {@link Spotter} run) and
 * {@link Recognizer#spotted()}, on {@link SpotModels}: an answer set by each event alone.
 */
class SpottingSessionTest {
    private static final Model SPOT = SpotModels.model(true), PLAIN = SpotModels.model(false);
    /** Standalone: version, checksum, seq, time, steps; then 2 hidden floats and the encoder's 4. */
    private static final int SPOT_AT = 25 + 4 * (2 + 4);

    /** A session that has named a for 60 ms (t = 0..60) and then been at rest for 20: run (1, 60, 20). */
    private static SessionState midRun(Recognizer rec) {
        SessionState s = rec.newSession();
        for (Sample x : SpotModels.samples("aaaa-", 0, 20)) rec.step(s, x);
        return s;
    }

    @Test
    void theModelsAnswersAreWhatItsCommentSays() {
        Recognizer rec = new Recognizer(SPOT);
        SessionState s = rec.newSession();
        assertEquals(0, Recognizer.argmax(rec.step(s, SpotModels.sample('a', 0))));
        assertTrue(rec.probabilities(s)[0] > 0.99f);
        assertEquals(1, Recognizer.argmax(rec.step(s, SpotModels.sample('b', 20))));
        assertEquals(2, Recognizer.argmax(rec.step(s, SpotModels.sample('-', 40))));
        assertTrue(SPOT.spotting() && !PLAIN.spotting());
    }

    /** The class of the gesture that {@code pattern} (20 ms a sample) completes, or -1; and what is open at its end. */
    private static int[] spot(Model m, String pattern) {
        Recognizer rec = new Recognizer(m);
        SessionState s = rec.newSession();
        int done = -1;
        for (Sample x : SpotModels.samples(pattern, 0, 20)) {
            rec.step(s, x);
            if (rec.spotted() >= 0) done = rec.spotted();
        }
        return new int[] {done, rec.openRun(s)};
    }

    @Test
    void theShortestRunIsTheModelsOwnAnd400MsWhenItDoesNotSay() throws Exception {
        String run420 = "a".repeat(22) + "-----", run600 = "a".repeat(31) + "-----";   // 420 ms and 600 ms from the first naming to the last
        assertEquals(400f, SPOT.spotMinRunMs());
        assertArrayEquals(new int[] {0, -1}, spot(SPOT, run420));
        Model m600 = SpotModels.withMinRun("600");
        assertEquals(600f, m600.spotMinRunMs());
        assertArrayEquals(new int[] {-1, -1}, spot(m600, run420), "420 ms is too short for this model");
        assertArrayEquals(new int[] {0, -1}, spot(m600, run600));
        assertArrayEquals(new int[] {-1, -1}, spot(m600, "a".repeat(22)), "still open at the end, but too short");
        assertArrayEquals(new int[] {-1, 0}, spot(m600, "a".repeat(31)), "open at the end and long enough");
        // the key survives the file, and a bad value is refused when the model is made
        assertEquals(600f, ModelFile.read(ModelFile.write(m600)).spotMinRunMs());
        for (String bad : List.of("soon", "-1", "60001", "NaN")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpotModels.withMinRun(bad), bad);
            assertTrue(e.getMessage().startsWith(Model.SPOT_MIN_RUN_KEY), e.getMessage());
        }
    }

    @Test
    void aSpottingSessionCarriesThreeMoreFloatsAndANonSpottingOneNone() {
        assertEquals(25 + 4 * 6, new Recognizer(PLAIN).newSession().serializedSize());
        assertEquals(25 + 4 * 9, new Recognizer(SPOT).newSession().serializedSize());
        assertEquals(25 + 4 * 6, midRun(new Recognizer(PLAIN)).toBytes().length);
        assertEquals(0, SessionState.spotFloats(PLAIN));
        assertEquals(3, SessionState.spotFloats(SPOT));
        // a plain model's state is refused by the spotting one and the other way round (the size, then the checksum)
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(midRun(new Recognizer(PLAIN)).toBytes(), SPOT));
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(midRun(new Recognizer(SPOT)).toBytes(), PLAIN));
    }

    @Test
    void theRunRoundTripsInTheStandaloneForm() {
        Recognizer rec = new Recognizer(SPOT);
        SessionState s = midRun(rec);
        byte[] b = s.toBytes();
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(SPOT_AT + 12, b.length);
        assertEquals(1f, le.getFloat(SPOT_AT), "class a + 1");
        assertEquals(60f, le.getFloat(SPOT_AT + 4), "named from 0 to 60 ms");
        assertEquals(20f, le.getFloat(SPOT_AT + 8), "unnamed for 20 ms");
        SessionState back = SessionState.fromBytes(b, SPOT);
        assertArrayEquals(b, back.toBytes());
        assertArrayEquals(new float[] {1, 60, 20}, back.spot);
        goesOnAlike(rec, s, back);
    }

    @Test
    void theRunRoundTripsInTheCompactForm() {
        Recognizer rec = new Recognizer(SPOT);
        SessionState s = midRun(rec);
        long base = 10_000;
        ByteBuffer b = ByteBuffer.allocate(s.compactSize(base));
        s.writeCompact(b, base);
        assertEquals(b.capacity(), b.position());
        // the run is the last 12 bytes
        ByteBuffer le = ByteBuffer.wrap(b.array()).order(ByteOrder.LITTLE_ENDIAN);
        int at = b.capacity() - 12;
        assertEquals(1f, le.getFloat(at));
        assertEquals(60f, le.getFloat(at + 4));
        assertEquals(20f, le.getFloat(at + 8));
        SessionState back = SessionState.readCompact(ByteBuffer.wrap(b.array()), SPOT, base);
        assertArrayEquals(new float[] {1, 60, 20}, back.spot);
        assertArrayEquals(s.toBytes(), back.toBytes());
        // a plain model's compact state is 12 bytes shorter
        SessionState plain = midRun(new Recognizer(PLAIN));
        assertEquals(s.compactSize(base) - 12, plain.compactSize(base));
        goesOnAlike(rec, s, back);
    }

    /** The run of 60 ms grows to 400 and ends: both sessions report a at the same event, the stored one only with its run. */
    private static void goesOnAlike(Recognizer rec, SessionState s, SessionState back) {
        SessionState fresh = rec.newSession();
        List<Sample> rest = SpotModels.samples("aaaaaaaaaaaaaaaaa---", 100, 20);   // a from 100 to 420: 60 + 40 + 320 = 420 ms of run
        List<Integer> one = new ArrayList<>(), two = new ArrayList<>(), three = new ArrayList<>();
        for (Sample x : rest) {
            rec.step(s, x);
            one.add(rec.spotted());
            rec.step(back, x);
            two.add(rec.spotted());
        }
        for (Sample x : rest.subList(0, rest.size())) {
            rec.step(fresh, x);
            three.add(rec.spotted());
        }
        assertEquals(one, two);
        assertEquals(0, one.get(rest.size() - 1), "a completed at the third event at rest: " + one);
        assertEquals(1, one.stream().filter(c -> c >= 0).count());
        // without the stored run, the 320 ms named after it are too short a run
        assertFalse(three.contains(0), three.toString());
        assertArrayEquals(s.toBytes(), back.toBytes());
    }

    @Test
    void aStoredRunOutOfRangeIsRefusedInEitherForm() {
        Recognizer rec = new Recognizer(SPOT);
        SessionState s = midRun(rec);
        float[][] bad = {
                {4, 60, 20},           // class 3 of three (0..2): + 1 = 4
                {-1, 60, 20},
                {1.5f, 60, 20},
                {Float.NaN, 60, 20},
                {1, -1, 20},
                {1, Float.NaN, 20},
                {1, Float.POSITIVE_INFINITY, 20},
                {1, 60, -0.5f},
                {1, 60, Float.NaN},
                {1, 60, Float.POSITIVE_INFINITY}};
        byte[] good = s.toBytes();
        long base = 0;
        ByteBuffer cb = ByteBuffer.allocate(s.compactSize(base));
        s.writeCompact(cb, base);
        byte[] compact = cb.array();
        for (float[] run : bad) {
            byte[] b = good.clone();
            ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < 3; k++) w.putFloat(SPOT_AT + 4 * k, run[k]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(b, SPOT),
                    java.util.Arrays.toString(run));
            assertTrue(e.getMessage().contains("spotting run"), e.getMessage());
            byte[] c = compact.clone();
            ByteBuffer cw = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < 3; k++) cw.putFloat(c.length - 12 + 4 * k, run[k]);
            assertThrows(IllegalArgumentException.class, () -> SessionState.readCompact(ByteBuffer.wrap(c), SPOT, base),
                    java.util.Arrays.toString(run));
        }
        // the edges that are runs: no run, the last class, zero times, long times
        for (float[] run : new float[][] {{0, 0, 0}, {3, 0, 0}, {2, 1e7f, 1e7f}}) {
            byte[] b = good.clone();
            ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < 3; k++) w.putFloat(SPOT_AT + 4 * k, run[k]);
            assertArrayEquals(run, SessionState.fromBytes(b, SPOT).spot);
        }
    }

    @Test
    void spottedIsWhatTheSpotterGivesForTheSameAnswersAndTimes() {
        Recognizer rec = new Recognizer(SPOT);
        SessionState s = rec.newSession();
        // runs long and short, a switch, a clock that goes back, a long pause
        String pattern = "--aaaaaaaaaaaaaaaaaaaaaa---bbbbbbbbbbbbbbbbbbbbbbbaaaaaaaaaaaaaaaaaa-a-aa--bbbb---aaaaaaa---";
        long[] t = new long[pattern.length()];
        for (int i = 1; i < t.length; i++) t[i] = t[i - 1] + (i == 34 ? -50 : i == 58 ? 4000 : 20 + i % 7);
        float[] st = new float[Spotter.STATE];
        List<Integer> spotted = new ArrayList<>(), expected = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            float[] p = rec.step(s, SpotModels.sample(pattern.charAt(i), t[i])).clone();
            spotted.add(rec.spotted());
            expected.add(Spotter.update(st, p, 2, i == 0 ? 0 : t[i] - t[i - 1], SPOT.spotMinRunMs()));
            assertArrayEquals(st, s.spot, "after event " + i);
        }
        assertEquals(expected, spotted);
        assertEquals(3, spotted.stream().filter(c -> c >= 0).count(), spotted.toString());
        // the spotter's first: a, at the third event at rest after the first run
        assertEquals(0, spotted.get(26));
        // a plain model's recognizer spots nothing
        Recognizer plain = new Recognizer(PLAIN);
        SessionState ps = plain.newSession();
        for (int i = 0; i < t.length; i++) {
            plain.step(ps, SpotModels.sample(pattern.charAt(i), t[i]));
            assertEquals(-1, plain.spotted());
        }
    }
}
