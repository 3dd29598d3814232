package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.SessionState;
import io.gesturestream.schemas.avro.FinalReason;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
 *
 * <p>Stored form, little-endian throughout (the state is {@link SessionState}'s own serialized form):
 * <pre>
 *   u8   kind: 4 OPEN, 5 CLOSED, 6 ENDED
 *   i64  lastWallMs
 *   i64  lastRecordMs
 *   i32  lastTop
 *   OPEN:   state
 *   CLOSED: i64 closedSeq
 *   ENDED:  i64 closedSeq, i64 finalSeq, u8 final reason (FinalReason ordinal), state
 * </pre>
 * Kinds 1, 2 and 3 are the same layout with a big-endian header (the state was little-endian
 * already), as builds before issue 13 wrote it; they are still read, from changelogs and state
 * directories written then, and written again in the new form on the session's next change.
 * The older builds cannot read kinds 4 to 6 (they log the session as unreadable and start it
 * afresh), so going back to one loses the gestures in progress, as does a rolling upgrade that
 * moves a session from a new instance to an old one.
 */
record StoredSession(long lastWallMs, long lastRecordMs, int lastTop, SessionState state, boolean isClosed,
                     long closedSeq, long finalSeq, FinalReason finalReason) {
    private static final int HEADER = 1 + 8 + 8 + 4;
    private static final byte OPEN = 4, CLOSED = 5, ENDED = 6;
    /** The kinds of the first stored form, whose header is big-endian: read, never written. */
    private static final byte BIG_ENDIAN_OPEN = 1, BIG_ENDIAN_CLOSED = 2, BIG_ENDIAN_ENDED = 3;

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
            return ByteBuffer.allocate(HEADER + 8).order(ByteOrder.LITTLE_ENDIAN).put(CLOSED).putLong(lastWallMs)
                    .putLong(lastRecordMs).putInt(lastTop).putLong(closedSeq).array();
        }
        // one array, the state written straight into it
        ByteBuffer b;
        if (isClosed) {
            b = ByteBuffer.allocate(HEADER + 8 + 8 + 1 + state.serializedSize()).order(ByteOrder.LITTLE_ENDIAN).put(ENDED)
                    .putLong(lastWallMs).putLong(lastRecordMs).putInt(lastTop).putLong(closedSeq).putLong(finalSeq)
                    .put((byte) finalReason.ordinal());
        } else {
            b = ByteBuffer.allocate(HEADER + state.serializedSize()).order(ByteOrder.LITTLE_ENDIAN).put(OPEN).putLong(lastWallMs)
                    .putLong(lastRecordMs).putInt(lastTop);
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
        int at = switch (b[0]) {
            case OPEN, BIG_ENDIAN_OPEN -> HEADER;
            case ENDED, BIG_ENDIAN_ENDED -> HEADER + 8 + 8 + 1;
            default -> -1;
        };
        if (at < 0 || b.length <= at) return null;
        try {
            return SessionState.modelChecksum(ByteBuffer.wrap(b, at, b.length - at));
        } catch (IllegalArgumentException e) {
            return null;  // fromBytes says what is wrong
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a session of {@code model} */
    static StoredSession fromBytes(byte[] b, Model model) {
        if (b.length < HEADER) throw new IllegalArgumentException("stored session too short");
        ByteBuffer buf = ByteBuffer.wrap(b);
        byte kind = buf.get();
        if (kind == BIG_ENDIAN_OPEN || kind == BIG_ENDIAN_CLOSED || kind == BIG_ENDIAN_ENDED) {
            kind += OPEN - BIG_ENDIAN_OPEN;  // the same fields, in the other byte order
        } else {
            buf.order(ByteOrder.LITTLE_ENDIAN);
        }
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
