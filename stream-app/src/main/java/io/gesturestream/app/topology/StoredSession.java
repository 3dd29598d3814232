package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.SessionState;

import java.nio.ByteBuffer;

/**
 * A session as the store holds it: the wall-clock time at which its last event was processed
 * and that record's Kafka timestamp (both for the idle timeout), the index of its last top
 * label (for change-only predictions, -1 none) and either the recognizer's packed
 * {@link SessionState} (a gesture in progress) or, once the gesture has ended, only the last
 * seq applied ({@code state == null}): a closed marker that keeps redelivered events of the
 * ended gesture from starting a new one, until the idle timeout removes it.
 */
record StoredSession(long lastWallMs, long lastRecordMs, int lastTop, SessionState state, long closedSeq) {
    private static final int HEADER = 1 + 8 + 8 + 4;
    private static final byte OPEN = 1, CLOSED = 2;

    static StoredSession open(long wallMs, long recordMs, int top, SessionState state) {
        return new StoredSession(wallMs, recordMs, top, state, Long.MIN_VALUE);
    }

    static StoredSession closed(long wallMs, long recordMs, long lastSeq) {
        return new StoredSession(wallMs, recordMs, -1, null, lastSeq);
    }

    boolean isClosed() {
        return state == null;
    }

    byte[] toBytes() {
        if (isClosed()) {
            return ByteBuffer.allocate(HEADER + 8).put(CLOSED).putLong(lastWallMs).putLong(lastRecordMs).putInt(lastTop)
                    .putLong(closedSeq).array();
        }
        byte[] s = state.toBytes();
        return ByteBuffer.allocate(HEADER + s.length).put(OPEN).putLong(lastWallMs).putLong(lastRecordMs).putInt(lastTop)
                .put(s).array();
    }

    /** @throws IllegalArgumentException when the bytes are not a session of {@code model} */
    static StoredSession fromBytes(byte[] b, Model model) {
        if (b.length < HEADER) throw new IllegalArgumentException("stored session too short");
        ByteBuffer buf = ByteBuffer.wrap(b);
        byte kind = buf.get();
        long wall = buf.getLong();
        long record = buf.getLong();
        int top = buf.getInt();
        if (kind == CLOSED) {
            if (buf.remaining() != 8) throw new IllegalArgumentException("closed session marker of the wrong size");
            return closed(wall, record, buf.getLong());
        }
        if (kind != OPEN) throw new IllegalArgumentException("unknown stored session kind " + kind);
        byte[] s = new byte[buf.remaining()];
        buf.get(s);
        return open(wall, record, top, SessionState.fromBytes(s, model));
    }
}
