package io.gesturestream.app.topology;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.Varint;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.avro.FinalReason;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class StoredSessionTest {
    private static final Model MODEL = Fixtures.tinyModel(8, 2, 5);
    private static final Model PENDIGITS, WORDS;

    static {
        try {
            PENDIGITS = Model.bundled("pendigits");
            WORDS = Model.bundled("words");   // a transcription model: its state holds a transcript and a lexicon beam
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // times and seqs whose bytes differ in the two orders
    private static final long WALL = 1_764_000_000_123L, RECORD = 1_764_000_000_456L, CLOSED_SEQ = 0x0102_0304_0506L, FINAL_SEQ = 300;
    private static final int TOP = 7;

    private static SessionState midGesture() {
        Recognizer rec = new Recognizer(MODEL);
        SessionState s = rec.newSession();
        Gesture g = Fixtures.shape("circle", "w", new SplittableRandom(1));
        for (Sample x : g.samples().subList(0, 10)) rec.step(s, x);
        return s;
    }

    /**
     * A live pen's session on {@code m}: {@code n} points of a spiral, numbered from 0, 10 ms apart,
     * at epoch-millisecond times ending at {@code lastT}.
     */
    private static SessionState livePen(Model m, int n, long lastT) {
        Recognizer rec = new Recognizer(m);
        SessionState s = rec.newSession();
        for (int i = 0; i < n; i++) {
            double a = i * 0.4, r = 20 + 2 * i;
            PenSample.Phase ph = i == 0 ? PenSample.Phase.DOWN : PenSample.Phase.MOVE;
            rec.step(s, i, PenSample.of(ph, 200 + r * Math.cos(a), 200 + r * Math.sin(a), lastT - 10L * (n - 1 - i)));
        }
        return s;
    }

    /** Every kind of stored session with {@code s} for a state, with each final reason for an ended gesture. */
    private static List<StoredSession> everyKind(SessionState s) {
        List<StoredSession> all = new ArrayList<>();
        all.add(StoredSession.open(WALL, RECORD, TOP, s));
        all.add(StoredSession.closed(WALL, RECORD, CLOSED_SEQ));
        for (FinalReason r : FinalReason.values()) all.add(StoredSession.ended(WALL, RECORD, CLOSED_SEQ, s, FINAL_SEQ, r));
        return all;
    }

    private static List<StoredSession> everyKind() {
        return everyKind(midGesture());
    }

    private static String what(StoredSession s) {
        return s.isClosed() ? s.state() == null ? "closed" : "ended " + s.finalReason() : "open";
    }

    /**
     * The bytes builds before issue 17 wrote: a fixed header, big-endian with kinds 1 to 3 (the
     * first form) or little-endian with kinds 4 to 6 (issue 13), then the state in its standalone form.
     */
    private static byte[] asAnEarlierBuildWroteIt(StoredSession s, ByteOrder order) {
        int first = order == ByteOrder.BIG_ENDIAN ? 1 : 4;
        boolean ended = s.isClosed() && s.state() != null;
        byte[] state = s.state() == null ? new byte[0] : s.state().toBytes();  // little-endian whatever the header
        ByteBuffer b = ByteBuffer.allocate(21 + (s.isClosed() ? 8 : 0) + (ended ? 9 : 0) + state.length).order(order)
                .put((byte) (first + (!s.isClosed() ? 0 : ended ? 2 : 1))).putLong(s.lastWallMs()).putLong(s.lastRecordMs())
                .putInt(s.lastTop());
        if (s.isClosed()) b.putLong(s.closedSeq());
        if (ended) b.putLong(s.finalSeq()).put((byte) s.finalReason().ordinal());
        return b.put(state).array();
    }

    private static void assertSameSession(StoredSession want, StoredSession got) {
        assertEquals(want.lastWallMs(), got.lastWallMs());
        assertEquals(want.lastRecordMs(), got.lastRecordMs());
        assertEquals(want.lastTop(), got.lastTop());
        assertEquals(want.isClosed(), got.isClosed());
        assertEquals(want.closedSeq(), got.closedSeq());
        assertEquals(want.finalSeq(), got.finalSeq());
        assertEquals(want.finalReason(), got.finalReason());
        assertEquals(want.spotted(), got.spotted());
        if (want.state() == null) {
            assertNull(got.state());
        } else {
            // the standalone form: every field of the state, the floats bit for bit
            assertArrayEquals(want.state().toBytes(), got.state().toBytes());
        }
    }

    @Test
    void sessionsStoredByEarlierBuildsAreStillReadAndWrittenAgainCompact() {
        for (Model m : new Model[] {MODEL, WORDS}) {
            List<StoredSession> kinds = everyKind(m == MODEL ? midGesture() : livePen(m, 30, RECORD - 20));
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                for (StoredSession s : kinds) {
                    byte[] old = asAnEarlierBuildWroteIt(s, order);
                    String what = what(s) + ", " + order + ", " + m.name();
                    StoredSession read = StoredSession.fromBytes(old, m);
                    assertSameSession(s, read);
                    assertEquals(s.state() == null ? null : m.checksum(), StoredSession.modelChecksum(old), what);
                    byte[] again = read.toBytes();
                    assertArrayEquals(s.toBytes(), again, what);
                    assertTrue(again[0] >= 7 && again[0] <= 9, what);
                    assertTrue(again.length < old.length, what);
                }
            }
        }
    }

    @Test
    void compactFormIsVarintsRelativeToTheRecordTimeThenTheCompactState() {
        for (StoredSession s : everyKind()) {
            byte[] b = s.toBytes();
            ByteBuffer in = ByteBuffer.wrap(b);
            assertEquals(s.isClosed() ? s.state() == null ? 8 : 9 : 7, in.get(), what(s));
            assertEquals(RECORD, Varint.getSigned(in));
            assertEquals(WALL - RECORD, Varint.getSigned(in));
            if (!s.isClosed()) {
                assertEquals(TOP + 1, Varint.get(in));
            } else {
                assertEquals(CLOSED_SEQ, Varint.getSigned(in));
            }
            if (s.isClosed() && s.state() != null) {
                assertEquals(FINAL_SEQ - CLOSED_SEQ, Varint.getSigned(in));
                assertEquals(s.finalReason().ordinal(), in.get());
            }
            if (s.state() == null) {
                assertFalse(in.hasRemaining());
                assertNull(StoredSession.modelChecksum(b));
            } else {
                ByteBuffer state = ByteBuffer.allocate(s.state().compactSize(RECORD));
                s.state().writeCompact(state, RECORD);
                assertArrayEquals(state.array(), Arrays.copyOfRange(b, in.position(), b.length), what(s));
                assertEquals(MODEL.checksum(), StoredSession.modelChecksum(b));
            }
            StoredSession back = StoredSession.fromBytes(b, MODEL);
            assertSameSession(s, back);
            assertArrayEquals(b, back.toBytes());
        }
    }

    @Test
    void everyKindRoundTripsWhateverItsValues() {
        long[] times = {RECORD, 0, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        long[] seqs = {0, -1, FINAL_SEQ, Long.MIN_VALUE, Long.MAX_VALUE};
        int[] tops = {-1, 0, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE};
        SessionState fresh = new Recognizer(MODEL).newSession();
        for (Model m : new Model[] {MODEL, WORDS}) {
            for (SessionState st : m == MODEL ? new SessionState[] {midGesture(), fresh} : new SessionState[] {livePen(m, 40, RECORD)}) {
                for (long wall : times) {
                    for (long record : times) {
                        for (int i = 0; i < seqs.length; i++) {
                            long closedSeq = seqs[i], finalSeq = seqs[seqs.length - 1 - i];
                            List<StoredSession> all = List.of(StoredSession.open(wall, record, tops[i], st),
                                    StoredSession.open(wall, record, tops[i + 1], st), StoredSession.closed(wall, record, closedSeq),
                                    StoredSession.ended(wall, record, closedSeq, st, finalSeq, FinalReason.values()[i % FinalReason.values().length]));
                            for (StoredSession s : all) {
                                byte[] b = s.toBytes();
                                StoredSession back = StoredSession.fromBytes(b, m);
                                assertSameSession(s, back);
                                assertArrayEquals(b, back.toBytes());
                                assertEquals(s.state() == null ? null : m.checksum(), StoredSession.modelChecksum(b));
                            }
                        }
                    }
                }
            }
        }
        StoredSession largest = StoredSession.open(WALL, RECORD, -2, midGesture());  // lastTop + 1 = 2^32 - 1, the largest stored
        assertSameSession(largest, StoredSession.fromBytes(largest.toBytes(), MODEL));
    }

    @Test
    void anOpenSpottingSessionKeepsItsDetectedClassFromTheFirstToTheLast() {
        int classes = MODEL.shape().classes();
        for (int spotted : new int[] {0, 1, classes - 1}) {
            StoredSession s = StoredSession.open(WALL, RECORD, TOP, midGesture(), spotted);
            byte[] b = s.toBytes();
            StoredSession back = StoredSession.fromBytes(b, MODEL);
            assertEquals(spotted, back.spotted(), "class " + spotted);
            assertSameSession(s, back);
            assertArrayEquals(b, back.toBytes());
        }
        assertEquals(-1, StoredSession.fromBytes(StoredSession.open(WALL, RECORD, TOP, midGesture()).toBytes(), MODEL).spotted(),
                "none detected");
        // the largest class the form holds: the model is still known from the bytes, the session refused by this model
        byte[] largest = StoredSession.open(WALL, RECORD, TOP, midGesture(), Integer.MAX_VALUE).toBytes();
        assertEquals(MODEL.checksum(), StoredSession.modelChecksum(largest));
        var e = assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(largest, MODEL));
        assertTrue(e.getMessage().contains("spotted class " + Integer.MAX_VALUE), e.getMessage());
        // one past it, as a damaged value could hold it (2^31, a varint of the same 5 bytes): damaged, model unknown
        int spottedAt = 1 + Varint.sizeSigned(RECORD) + Varint.sizeSigned(WALL - RECORD) + Varint.size(TOP + 1);
        assertEquals(5, Varint.size(Integer.MAX_VALUE));
        byte[] past = largest.clone();
        past[spottedAt] = (byte) 0x80;   // the lowest 28 bits 0, then bit 31
        past[spottedAt + 1] = (byte) 0x80;
        past[spottedAt + 2] = (byte) 0x80;
        past[spottedAt + 3] = (byte) 0x80;
        past[spottedAt + 4] = (byte) 0x08;
        assertNull(StoredSession.modelChecksum(past));
        e = assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(past, MODEL));
        assertTrue(e.getMessage().contains("spotted class out of range"), e.getMessage());
    }

    @Test
    void aLivePensSessionOfTheBundled2x64ModelTakesAtMost4SumHPlus64Bytes() {
        assertEquals(128, PENDIGITS.shape().stateSize(), "2 x 64");
        long t = 1_764_000_000_000L;
        // the event's time a little before the record's, processed a little after
        StoredSession open = StoredSession.open(t + 35, t + 12, 3, livePen(PENDIGITS, 50, t));
        byte[] b = open.toBytes();
        byte[] before = asAnEarlierBuildWroteIt(open, ByteOrder.LITTLE_ENDIAN);
        int floats = 4 * (PENDIGITS.shape().stateSize() + PENDIGITS.encoder().stateSize());
        System.out.printf("stored session, pendigits, open after 50 events: %d bytes (%d of floats), was %d%n", b.length, floats,
                before.length);
        assertEquals(602, before.length);
        assertTrue(b.length <= 4 * 128 + 64, b.length + " bytes");
        assertEquals(floats + 16, b.length, "1 kind, 6 record time, 1 wall, 1 top, 4 checksum, 1 steps, 1 seq, 1 event time");
        // with fields a byte longer each (a slow consumer, a long stroke), still within
        StoredSession slow = StoredSession.open(t + 900, t + 120, 3, livePen(PENDIGITS, 200, t));
        assertTrue(slow.toBytes().length <= 4 * 128 + 64, slow.toBytes().length + " bytes");
        StoredSession ended = StoredSession.ended(t + 35, t + 12, 49, open.state(), 49, FinalReason.END);
        assertTrue(ended.toBytes().length <= 4 * 128 + 64, ended.toBytes().length + " bytes");

        SessionState words = livePen(WORDS, 50, t);
        byte[] w = StoredSession.open(t + 35, t + 12, 3, words).toBytes();
        int wordsFloats = 4 * (WORDS.shape().stateSize() + WORDS.encoder().stateSize());
        int transcript = words.serializedSize() - 25 - wordsFloats;
        System.out.printf("stored session, words (%s), open after 50 events: %d bytes (%d of floats, %d of transcript and beam), was %d%n",
                WORDS.shape(), w.length, wordsFloats, transcript, asAnEarlierBuildWroteIt(StoredSession.open(t + 35, t + 12, 3, words),
                        ByteOrder.LITTLE_ENDIAN).length);
        assertEquals(wordsFloats + transcript + 16, w.length);
    }

    @Test
    void anEndedSessionRepeatsItsFinalOnlyForTheEventThatEndedIt() {
        StoredSession ended = StoredSession.fromBytes(everyKind().get(2).toBytes(), MODEL);
        assertTrue(ended.endedBy(FINAL_SEQ));
        assertFalse(ended.endedBy(FINAL_SEQ + 1));
        assertFalse(StoredSession.fromBytes(StoredSession.closed(WALL, RECORD, CLOSED_SEQ).toBytes(), MODEL).endedBy(CLOSED_SEQ));
    }

    @Test
    void unknownKindsAndDamagedMarkersAreRefused() {
        byte[] closed = StoredSession.closed(WALL, RECORD, CLOSED_SEQ).toBytes();
        for (byte kind : new byte[] {0, 11, -1}) {  // 10 is an open spotting session after a detection (SpottingTopologyTest)
            byte[] b = closed.clone();
            b[0] = kind;
            var e = assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(b, MODEL));
            assertTrue(e.getMessage().contains("kind"), e.getMessage());
            assertNull(StoredSession.modelChecksum(b));
        }
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(Arrays.copyOf(closed, closed.length - 1), MODEL));
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(Arrays.copyOf(closed, closed.length + 1), MODEL));
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(new byte[3], MODEL));
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(new byte[0], MODEL));
        assertNull(StoredSession.modelChecksum(new byte[0]), "nothing stored: no model to say");
        assertNull(StoredSession.modelChecksum(null));
        byte[] open = everyKind().get(0).toBytes();
        int stateAt = 1 + Varint.sizeSigned(RECORD) + Varint.sizeSigned(WALL - RECORD) + Varint.size(TOP + 1);
        assertNull(StoredSession.modelChecksum(Arrays.copyOf(open, stateAt + 3)), "too short to say");
        assertEquals(MODEL.checksum(), StoredSession.modelChecksum(Arrays.copyOf(open, stateAt + 4)));
        open[stateAt] ^= 1;  // another model's
        assertEquals(MODEL.checksum() ^ 1, StoredSession.modelChecksum(open));
        var e = assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(open, MODEL));
        assertTrue(e.getMessage().contains("belongs to model"), e.getMessage());
        byte[] ended = everyKind().get(2).toBytes();
        int reasonAt = 1 + Varint.sizeSigned(RECORD) + Varint.sizeSigned(WALL - RECORD) + Varint.sizeSigned(CLOSED_SEQ)
                + Varint.sizeSigned(FINAL_SEQ - CLOSED_SEQ);
        ended[reasonAt] = (byte) FinalReason.values().length;
        e = assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(ended, MODEL));
        assertTrue(e.getMessage().contains("final reason"), e.getMessage());
        byte[] oldEnded = asAnEarlierBuildWroteIt(everyKind().get(2), ByteOrder.LITTLE_ENDIAN);
        oldEnded[37] = -1;
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(oldEnded, MODEL));
        byte[] oldOpen = asAnEarlierBuildWroteIt(everyKind().get(0), ByteOrder.BIG_ENDIAN);
        oldOpen[21] = 9;  // a state version this build does not read
        assertNull(StoredSession.modelChecksum(oldOpen));
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(oldOpen, MODEL));
    }

    /**
     * Whatever a damaged store or changelog holds, reading it is an IllegalArgumentException or a
     * session, never another exception; a compact one read writes back to the same bytes; and the
     * model lookup never throws. Random bytes, every cut of real ones, and real ones with bytes changed.
     */
    @Test
    void damagedOrRandomBytesAreRefusedWithIllegalArgumentExceptionOnly() {
        Random r = new Random(17);
        List<byte[]> valid = new ArrayList<>();
        List<Model> validModels = new ArrayList<>();
        for (Model m : new Model[] {MODEL, PENDIGITS, WORDS}) {
            SessionState st = m == MODEL ? midGesture() : livePen(m, 30, RECORD - 15);
            for (StoredSession s : everyKind(st)) {
                for (byte[] b : new byte[][] {s.toBytes(), asAnEarlierBuildWroteIt(s, ByteOrder.BIG_ENDIAN),
                        asAnEarlierBuildWroteIt(s, ByteOrder.LITTLE_ENDIAN)}) {
                    valid.add(b);
                    validModels.add(m);
                }
            }
        }
        int cases = 0, accepted = 0;
        for (int i = 0; i < valid.size(); i++) {
            byte[] b = valid.get(i);
            for (int cut = 0; cut < b.length; cut += 1 + r.nextInt(4)) {
                readOrRefuse(Arrays.copyOf(b, cut), validModels.get(i));
                cases++;
            }
        }
        for (int i = 0; i < 4000; i++) {
            int k = r.nextInt(valid.size());
            byte[] b = valid.get(k).clone();
            // mostly in the header and the fields around the floats, where the varints are
            for (int n = 1 + r.nextInt(3); n > 0; n--) b[r.nextInt(r.nextBoolean() ? Math.min(b.length, 40) : b.length)] = (byte) r.nextInt();
            if (readOrRefuse(b, validModels.get(k))) accepted++;
            cases++;
        }
        Model[] models = {MODEL, PENDIGITS, WORDS};
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[r.nextInt(i % 10 == 0 ? 700 : 60)];
            r.nextBytes(b);
            if (b.length > 0) b[0] = (byte) r.nextInt(11);
            // runs of continuation bytes: the longest varints
            if (b.length > 12 && r.nextBoolean()) Arrays.fill(b, 1, 1 + r.nextInt(12), (byte) 0xFF);
            if (readOrRefuse(b, models[i % models.length])) accepted++;
            cases++;
        }
        assertTrue(cases > 5000, cases + " cases");
        System.out.printf("stored session garbage: %d cases, %d read as a session%n", cases, accepted);
    }

    /** @return whether the bytes were read as a session */
    private static boolean readOrRefuse(byte[] b, Model m) {
        try {
            StoredSession.modelChecksum(b);
        } catch (RuntimeException e) {
            fail("modelChecksum threw " + e + " for " + HexFormat.of().formatHex(b), e);
        }
        StoredSession s;
        try {
            s = StoredSession.fromBytes(b, m);
        } catch (IllegalArgumentException refused) {
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError("fromBytes threw " + e + " for " + HexFormat.of().formatHex(b), e);
        }
        if (b[0] >= 7) assertArrayEquals(b, s.toBytes(), "a compact session reads back to the bytes it came from");
        return true;
    }
}
