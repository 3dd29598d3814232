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

    /** A session that has named a for 60 ms (t = 0..60) and then been at rest for 20: run (1, 60, 20), none before it, nothing reported. */
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

    /** The class of the gesture that {@code pattern} (20 ms a sample) completes, or -1; and what a session that ends there names ({@link Recognizer#atEnd}; 2: unknown). */
    private static int[] spot(Model m, String pattern) {
        Recognizer rec = new Recognizer(m);
        SessionState s = rec.newSession();
        int done = -1;
        for (Sample x : SpotModels.samples(pattern, 0, 20)) {
            rec.step(s, x);
            if (rec.spotted() >= 0) done = rec.spotted();
        }
        assertEquals(done >= 0, rec.reported(s));
        return new int[] {done, rec.atEnd(s)};
    }

    @Test
    void theShortestRunIsTheModelsOwnAnd400MsWhenItDoesNotSay() throws Exception {
        String run420 = "a".repeat(22) + "-----", run600 = "a".repeat(31) + "-----";   // 420 ms and 600 ms from the first naming to the last
        assertEquals(400f, SPOT.spotMinRunMs());
        assertArrayEquals(new int[] {0, 0}, spot(SPOT, run420));
        Model m600 = SpotModels.withMinRun("600");
        assertEquals(600f, m600.spotMinRunMs());
        assertArrayEquals(new int[] {-1, 0}, spot(m600, run420), "420 ms is too short a gesture for this model, long enough to name an ending session's");
        assertArrayEquals(new int[] {0, 0}, spot(m600, run600));
        assertArrayEquals(new int[] {-1, 0}, spot(m600, "a".repeat(22)), "still open at the end, and 300 ms or more");
        assertArrayEquals(new int[] {-1, 0}, spot(m600, "a".repeat(16)), "open for exactly 300 ms");
        assertArrayEquals(new int[] {-1, 2}, spot(m600, "a".repeat(15)), "open for 280 ms");
        assertArrayEquals(new int[] {-1, 2}, spot(m600, "a".repeat(15) + "-----"), "a run of 280 ms, over");
        // the last run long enough names the ending session, the one still open first
        assertArrayEquals(new int[] {-1, 1}, spot(m600, "a".repeat(20) + "---" + "b".repeat(20) + "---"));
        assertArrayEquals(new int[] {-1, 0}, spot(m600, "a".repeat(20) + "---" + "b".repeat(5) + "---"), "b's 80 ms do not replace a's 380");
        assertArrayEquals(new int[] {-1, 1}, spot(m600, "a".repeat(20) + "---" + "b".repeat(16)));
        // a model whose gestures are shorter than 300 ms: an ending session's run is no longer than its gestures
        Model m200 = SpotModels.withMinRun("200");
        assertArrayEquals(new int[] {-1, 0}, spot(m200, "a".repeat(11)), "open for 200 ms");
        assertArrayEquals(new int[] {0, 0}, spot(m200, "a".repeat(11) + "---"));
        // the key survives the file, and a bad value is refused when the model is made
        assertEquals(600f, ModelFile.read(ModelFile.write(m600)).spotMinRunMs());
        for (String bad : List.of("soon", "-1", "60001", "NaN")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpotModels.withMinRun(bad), bad);
            assertTrue(e.getMessage().startsWith(Model.SPOT_MIN_RUN_KEY), e.getMessage());
        }
    }

    @Test
    void aSpottingSessionCarriesFiveMoreFloatsAndANonSpottingOneNone() {
        assertEquals(25 + 4 * 6, new Recognizer(PLAIN).newSession().serializedSize());
        assertEquals(25 + 4 * 11, new Recognizer(SPOT).newSession().serializedSize());
        assertEquals(25 + 4 * 6, midRun(new Recognizer(PLAIN)).toBytes().length);
        assertEquals(0, SessionState.spotFloats(PLAIN));
        assertEquals(5, SessionState.spotFloats(SPOT));
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
        assertEquals(SPOT_AT + 20, b.length);
        assertEquals(1f, le.getFloat(SPOT_AT), "class a + 1");
        assertEquals(60f, le.getFloat(SPOT_AT + 4), "named from 0 to 60 ms");
        assertEquals(20f, le.getFloat(SPOT_AT + 8), "unnamed for 20 ms");
        SessionState back = SessionState.fromBytes(b, SPOT);
        assertArrayEquals(b, back.toBytes());
        assertArrayEquals(new float[] {1, 60, 20, 0, 0}, back.spot);
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
        // the spotter's state is the last 20 bytes
        ByteBuffer le = ByteBuffer.wrap(b.array()).order(ByteOrder.LITTLE_ENDIAN);
        int at = b.capacity() - 20;
        assertEquals(1f, le.getFloat(at));
        assertEquals(60f, le.getFloat(at + 4));
        assertEquals(20f, le.getFloat(at + 8));
        SessionState back = SessionState.readCompact(ByteBuffer.wrap(b.array()), SPOT, base);
        assertArrayEquals(new float[] {1, 60, 20, 0, 0}, back.spot);
        assertArrayEquals(s.toBytes(), back.toBytes());
        // a plain model's compact state is 20 bytes shorter
        SessionState plain = midRun(new Recognizer(PLAIN));
        assertEquals(s.compactSize(base) - 20, plain.compactSize(base));
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
                {4, 60, 20, 0, 0},           // class 3 of three (0..2): + 1 = 4
                {-1, 60, 20, 0, 0},
                {1.5f, 60, 20, 0, 0},
                {Float.NaN, 60, 20, 0, 0},
                {1, -1, 20, 0, 0},
                {1, Float.NaN, 20, 0, 0},
                {1, Float.POSITIVE_INFINITY, 20, 0, 0},
                {1, 60, -0.5f, 0, 0},
                {1, 60, Float.NaN, 0, 0},
                {1, 60, Float.POSITIVE_INFINITY, 0, 0},
                {1, 60, 20, 4, 0},           // the last long run's class, as the run's
                {1, 60, 20, -1, 0},
                {1, 60, 20, 0.5f, 0},
                {1, 60, 20, Float.NaN, 0},
                {1, 60, 20, 0, 0.5f},        // reported: 0 or 1
                {1, 60, 20, 0, 2},
                {1, 60, 20, 0, -1},
                {1, 60, 20, 0, Float.NaN}};
        byte[] good = s.toBytes();
        long base = 0;
        ByteBuffer cb = ByteBuffer.allocate(s.compactSize(base));
        s.writeCompact(cb, base);
        byte[] compact = cb.array();
        for (float[] run : bad) {
            byte[] b = good.clone();
            ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < 5; k++) w.putFloat(SPOT_AT + 4 * k, run[k]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(b, SPOT),
                    java.util.Arrays.toString(run));
            assertTrue(e.getMessage().contains("spotting run"), e.getMessage());
            byte[] c = compact.clone();
            ByteBuffer cw = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < 5; k++) cw.putFloat(c.length - 20 + 4 * k, run[k]);
            assertThrows(IllegalArgumentException.class, () -> SessionState.readCompact(ByteBuffer.wrap(c), SPOT, base),
                    java.util.Arrays.toString(run));
        }
        // the edges that are runs: no run, the last class, zero times, long times
        for (float[] run : new float[][] {{0, 0, 0, 0, 0}, {3, 0, 0, 3, 1}, {2, 1e7f, 1e7f, 1, 0}}) {
            byte[] b = good.clone();
            ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < 5; k++) w.putFloat(SPOT_AT + 4 * k, run[k]);
            assertArrayEquals(run, SessionState.fromBytes(b, SPOT).spot);
        }
    }

    /**
     * A session stored before the spotter remembered its last long run (its run alone: 3 floats)
     * is read, in either form, as one that has reported a gesture: its end then adds no final, as
     * it did not when it was stored. Its run goes on as before.
     */
    @Test
    void aSessionStoredWithItsRunAloneIsReadAsHavingReported() {
        Recognizer rec = new Recognizer(SPOT);
        SessionState s = midRun(rec);
        byte[] now = s.toBytes();
        byte[] before = new byte[now.length - 8];
        System.arraycopy(now, 0, before, 0, SPOT_AT + 12);   // the header, the floats, the run; not the last two
        SessionState back = SessionState.fromBytes(before, SPOT);
        assertArrayEquals(new float[] {1, 60, 20, 0, 1}, back.spot);
        assertTrue(back.spot.length == Spotter.STATE && rec.reported(back) && !rec.reported(s));
        long base = 10_000;
        ByteBuffer cb = ByteBuffer.allocate(s.compactSize(base));
        s.writeCompact(cb, base);
        byte[] compactBefore = java.util.Arrays.copyOf(cb.array(), cb.capacity() - 8);
        assertArrayEquals(new float[] {1, 60, 20, 0, 1}, SessionState.readCompact(ByteBuffer.wrap(compactBefore), SPOT, base).spot);
        // any other size is still refused
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(java.util.Arrays.copyOf(now, now.length - 4), SPOT));
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(java.util.Arrays.copyOf(now, now.length - 12), SPOT));
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
