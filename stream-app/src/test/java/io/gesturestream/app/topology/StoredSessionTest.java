package io.gesturestream.app.topology;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.avro.FinalReason;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoredSessionTest {
    private static final Model MODEL = Fixtures.tinyModel(8, 2, 5);
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

    /** Every kind of stored session, with each final reason for an ended gesture. */
    private static List<StoredSession> everyKind() {
        SessionState s = midGesture();
        List<StoredSession> all = new ArrayList<>();
        all.add(StoredSession.open(WALL, RECORD, TOP, s));
        all.add(StoredSession.closed(WALL, RECORD, CLOSED_SEQ));
        for (FinalReason r : FinalReason.values()) all.add(StoredSession.ended(WALL, RECORD, CLOSED_SEQ, s, FINAL_SEQ, r));
        return all;
    }

    /** The bytes the code before issue 13 wrote: a big-endian header, kinds 1 to 3, then the state as it writes itself. */
    private static byte[] asTheFirstFormWroteIt(StoredSession s) {
        if (s.isClosed() && s.state() == null) {
            return ByteBuffer.allocate(21 + 8).put((byte) 2).putLong(s.lastWallMs()).putLong(s.lastRecordMs()).putInt(s.lastTop())
                    .putLong(s.closedSeq()).array();
        }
        byte[] state = s.state().toBytes();  // little-endian: SessionState.writeTo turned the buffer around
        ByteBuffer b;
        if (s.isClosed()) {
            b = ByteBuffer.allocate(21 + 17 + state.length).put((byte) 3).putLong(s.lastWallMs()).putLong(s.lastRecordMs())
                    .putInt(s.lastTop()).putLong(s.closedSeq()).putLong(s.finalSeq()).put((byte) s.finalReason().ordinal());
        } else {
            b = ByteBuffer.allocate(21 + state.length).put((byte) 1).putLong(s.lastWallMs()).putLong(s.lastRecordMs()).putInt(s.lastTop());
        }
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
        if (want.state() == null) {
            assertNull(got.state());
        } else {
            assertArrayEquals(want.state().toBytes(), got.state().toBytes());
        }
    }

    @Test
    void sessionsStoredByTheFirstFormAreStillRead() {
        for (StoredSession s : everyKind()) {
            byte[] old = asTheFirstFormWroteIt(s);
            String what = (s.isClosed() ? s.state() == null ? "closed" : "ended " + s.finalReason() : "open");
            assertSameSession(s, StoredSession.fromBytes(old, MODEL));
            assertEquals(s.state() == null ? null : MODEL.checksum(), StoredSession.modelChecksum(old), what);
            // and written again in the new form
            assertArrayEquals(s.toBytes(), StoredSession.fromBytes(old, MODEL).toBytes(), what);
        }
    }

    @Test
    void newFormIsLittleEndianThroughoutAndReadBack() {
        for (StoredSession s : everyKind()) {
            byte[] b = s.toBytes();
            ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            byte kind = le.get(0);
            assertEquals(s.isClosed() ? s.state() == null ? 5 : 6 : 4, kind);
            assertEquals(WALL, le.getLong(1));
            assertEquals(RECORD, le.getLong(9));
            assertEquals(s.lastTop(), le.getInt(17));
            int stateAt = 21;
            if (s.isClosed()) {
                assertEquals(CLOSED_SEQ, le.getLong(21));
                stateAt += 8;
            }
            if (s.state() != null && s.isClosed()) {
                assertEquals(FINAL_SEQ, le.getLong(29));
                assertEquals(s.finalReason().ordinal(), le.get(37));
                stateAt += 9;
            }
            if (s.state() == null) {
                assertEquals(stateAt, b.length);
                assertNull(StoredSession.modelChecksum(b));
            } else {
                byte[] state = s.state().toBytes();
                assertArrayEquals(state, java.util.Arrays.copyOfRange(b, stateAt, b.length));
                assertEquals(MODEL.checksum(), StoredSession.modelChecksum(b));
            }
            StoredSession back = StoredSession.fromBytes(b, MODEL);
            assertSameSession(s, back);
            assertArrayEquals(b, back.toBytes());
        }
    }

    @Test
    void anEndedSessionRepeatsItsFinalOnlyForTheEventThatEndedIt() {
        StoredSession ended = StoredSession.fromBytes(asTheFirstFormWroteIt(everyKind().get(2)), MODEL);
        assertTrue(ended.endedBy(FINAL_SEQ));
        assertFalse(ended.endedBy(FINAL_SEQ + 1));
        assertFalse(StoredSession.fromBytes(StoredSession.closed(WALL, RECORD, CLOSED_SEQ).toBytes(), MODEL).endedBy(CLOSED_SEQ));
    }

    @Test
    void unknownKindsAndDamagedMarkersAreRefused() {
        byte[] closed = StoredSession.closed(WALL, RECORD, CLOSED_SEQ).toBytes();
        for (byte kind : new byte[] {0, 7, -1}) {
            byte[] b = closed.clone();
            b[0] = kind;
            assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(b, MODEL));
            assertNull(StoredSession.modelChecksum(b));
        }
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(java.util.Arrays.copyOf(closed, 28), MODEL));
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(new byte[3], MODEL));
        byte[] open = everyKind().get(0).toBytes();
        assertNull(StoredSession.modelChecksum(java.util.Arrays.copyOf(open, 21 + 4)), "too short to say");
        assertEquals(MODEL.checksum(), StoredSession.modelChecksum(java.util.Arrays.copyOf(open, 21 + 5)));
        open[21] = 9;  // a state version this build does not read
        assertNull(StoredSession.modelChecksum(open));
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(open, MODEL));
        byte[] ended = everyKind().get(2).toBytes();
        ended[37] = (byte) FinalReason.values().length;
        assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(ended, MODEL));
    }
}
