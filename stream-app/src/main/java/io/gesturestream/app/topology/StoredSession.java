package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.SessionState;

import java.nio.ByteBuffer;

/**
 * A session as the store holds it: the wall-clock time at which its last event was processed
 * and that record's Kafka timestamp (both for the idle timeout), the index of its last top
 * label (for change-only predictions, -1 none) and the recognizer's packed {@link SessionState}.
 */
record StoredSession(long lastWallMs, long lastRecordMs, int lastTop, SessionState state) {
    private static final int HEADER = 8 + 8 + 4;

    byte[] toBytes() {
        byte[] s = state.toBytes();
        return ByteBuffer.allocate(HEADER + s.length).putLong(lastWallMs).putLong(lastRecordMs).putInt(lastTop).put(s).array();
    }

    /** @throws IllegalArgumentException when the bytes are not a session of {@code model} */
    static StoredSession fromBytes(byte[] b, Model model) {
        if (b.length < HEADER) throw new IllegalArgumentException("stored session too short");
        ByteBuffer buf = ByteBuffer.wrap(b);
        long wall = buf.getLong();
        long record = buf.getLong();
        int top = buf.getInt();
        byte[] s = new byte[b.length - HEADER];
        buf.get(s);
        return new StoredSession(wall, record, top, SessionState.fromBytes(s, model));
    }
}
