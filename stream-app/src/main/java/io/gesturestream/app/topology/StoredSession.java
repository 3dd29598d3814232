package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.SessionState;
import io.gesturestream.schemas.avro.FinalReason;

import java.nio.ByteBuffer;

/**
 * A session as the store holds it: the wall-clock time at which its last event was processed
 * and that record's Kafka timestamp (both for the idle timeout), the index of its last top
 * label (for change-only predictions, -1 none), and one of
 * <ul>
 *   <li>OPEN: the recognizer's packed {@link SessionState}, a gesture in progress;</li>
 *   <li>CLOSED: the gesture has ended; {@code closedSeq} is the last seq applied, so that a
 *   redelivered event of the ended gesture is not taken for the start of a new one, until the
 *   idle timeout removes the marker. When the gesture ended with a final result, the marker
 *   also keeps the state it ended in, the seq of the event that ended it and the reason, so
 *   that under at-least-once a redelivery of that event repeats the final result instead of
 *   losing it.</li>
 * </ul>
 */
record StoredSession(long lastWallMs, long lastRecordMs, int lastTop, SessionState state, boolean isClosed,
                     long closedSeq, long finalSeq, FinalReason finalReason) {
    private static final int HEADER = 1 + 8 + 8 + 4;
    private static final byte OPEN = 1, CLOSED = 2, ENDED = 3;

    static StoredSession open(long wallMs, long recordMs, int top, SessionState state) {
        return new StoredSession(wallMs, recordMs, top, state, false, Long.MIN_VALUE, Long.MIN_VALUE, null);
    }

    /** A gesture that ended without a final result (END of an empty session). */
    static StoredSession closed(long wallMs, long recordMs, long lastSeq) {
        return new StoredSession(wallMs, recordMs, -1, null, true, lastSeq, Long.MIN_VALUE, null);
    }

    /** A gesture that ended with a final result: that of {@code state}, given for event {@code finalSeq}. */
    static StoredSession ended(long wallMs, long recordMs, long lastSeq, SessionState state, long finalSeq, FinalReason reason) {
        return new StoredSession(wallMs, recordMs, -1, state, true, lastSeq, finalSeq, reason);
    }

    /** Whether this ended gesture's final result can be repeated for a redelivery of event {@code seq}. */
    boolean endedBy(long seq) {
        return isClosed && state != null && seq == finalSeq;
    }

    byte[] toBytes() {
        if (isClosed && state == null) {
            return ByteBuffer.allocate(HEADER + 8).put(CLOSED).putLong(lastWallMs).putLong(lastRecordMs).putInt(lastTop)
                    .putLong(closedSeq).array();
        }
        // one array, the state written straight into it
        ByteBuffer b;
        if (isClosed) {
            b = ByteBuffer.allocate(HEADER + 8 + 8 + 1 + state.serializedSize()).put(ENDED).putLong(lastWallMs).putLong(lastRecordMs)
                    .putInt(lastTop).putLong(closedSeq).putLong(finalSeq).put((byte) finalReason.ordinal());
        } else {
            b = ByteBuffer.allocate(HEADER + state.serializedSize()).put(OPEN).putLong(lastWallMs).putLong(lastRecordMs).putInt(lastTop);
        }
        state.writeTo(b);
        return b.array();
    }

    /**
     * The checksum of the model the stored session's state belongs to, without reading the rest;
     * null for a marker without state, or bytes too short to say.
     */
    static Integer modelChecksum(byte[] b) {
        if (b == null || b.length < 1) return null;
        int at = b[0] == OPEN ? HEADER : b[0] == ENDED ? HEADER + 17 : -1;
        if (at < 0 || b.length < at + 5) return null;
        return ByteBuffer.wrap(b, at + 1, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();  // after the state's version byte
    }

    /** @throws IllegalArgumentException when the bytes are not a session of {@code model} */
    static StoredSession fromBytes(byte[] b, Model model) {
        if (b.length < HEADER) throw new IllegalArgumentException("stored session too short");
        ByteBuffer buf = ByteBuffer.wrap(b);
        byte kind = buf.get();
        long wall = buf.getLong();
        long record = buf.getLong();
        int top = buf.getInt();
        switch (kind) {
            case CLOSED -> {
                if (buf.remaining() != 8) throw new IllegalArgumentException("closed session marker of the wrong size");
                return closed(wall, record, buf.getLong());
            }
            case ENDED -> {
                if (buf.remaining() < 17) throw new IllegalArgumentException("ended session marker too short");
                long closedSeq = buf.getLong(), finalSeq = buf.getLong();
                int reason = buf.get();
                if (reason < 0 || reason >= FinalReason.values().length) throw new IllegalArgumentException("unknown final reason " + reason);
                return ended(wall, record, closedSeq, SessionState.read(buf, model), finalSeq, FinalReason.values()[reason]);
            }
            case OPEN -> {
                return open(wall, record, top, SessionState.read(buf, model));
            }
            default -> throw new IllegalArgumentException("unknown stored session kind " + kind);
        }
    }
}
