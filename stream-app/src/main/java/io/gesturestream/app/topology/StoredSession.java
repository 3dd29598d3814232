package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.Varint;
import io.gesturestream.schemas.avro.FinalReason;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A session as the store holds it: the wall-clock time at which its last event was processed
 * and that record's Kafka timestamp (both for the idle timeout), the index of its last top
 * label (for change-only predictions, -1 none), and one of
 * <ul>
 *   <li>OPEN: the recognizer's packed {@link SessionState}, a gesture in progress; for a
 *   spotting model's session (which never ends by itself, see {@link SessionMachine}), also the
 *   class of the gesture its last applied event completed, if it completed one ({@code spotted},
 *   else -1), so that under at-least-once a redelivery of that event repeats its SPOTTED final
 *   as an ENDED marker repeats its final;</li>
 *   <li>CLOSED: the gesture has ended; {@code closedSeq} is the last seq applied, so that a
 *   redelivered event of the ended gesture is not taken for the start of a new one, until the
 *   idle timeout removes the marker. When the gesture ended with a final result, the marker
 *   also keeps the state it ended in, the seq of the event that ended it and the reason, so
 *   that under at-least-once a redelivery of that event repeats the final result instead of
 *   losing it.</li>
 * </ul>
 *
 * <p>Stored form (issue 17): every value is written on each event and so to the changelog, so
 * the fields around the floats are varints ({@link Varint}: LEB128, zigzag for a signed one),
 * each relative to the value it is close to: 16 bytes besides the floats (and a transcript) for
 * a live pen's open session, 19 when its fields take a byte more (a stroke past 127 points, the
 * times more than 63 ms apart); 572 bytes for the bundled 2x64 pendigits model, 602 before:
 * <pre>
 *   u8      kind: 7 OPEN, 8 CLOSED, 9 ENDED, 10 OPEN after an event that completed a gesture
 *   zigzag  lastRecordMs
 *   zigzag  lastWallMs - lastRecordMs (wrapping)
 *   OPEN:   varint lastTop + 1 (as an unsigned int; -1, none, is 0), state
 *   10:     varint lastTop + 1, varint spotted, state
 *   CLOSED: zigzag closedSeq
 *   ENDED:  zigzag closedSeq, zigzag finalSeq - closedSeq (wrapping),
 *           u8 final reason (FinalReason ordinal), state
 * </pre>
 * where state is {@link SessionState}'s compact form with lastRecordMs as its time base (the
 * kind says it is that form, the model whether it holds a transcript). The state is last and
 * its model checksum first, so {@link #modelChecksum} finds the model without reading floats.
 *
 * <p>Earlier kinds are still read, from changelogs and state directories written before, and
 * written again in the compact form on the session's next change: 4 OPEN, 5 CLOSED, 6 ENDED
 * (issue 13) are a fixed header, u8 kind, i64 lastWallMs, i64 lastRecordMs, i32 lastTop, then
 * OPEN: state; CLOSED: i64 closedSeq; ENDED: i64 closedSeq, i64 finalSeq, u8 reason, state;
 * all little-endian, the state in {@link SessionState}'s standalone form ({@link SessionState#read}).
 * Kinds 1, 2 and 3 are the same with a big-endian header, as the first builds wrote it. A build
 * cannot read the kinds of a later one (it logs the session as unreadable and starts it afresh),
 * so going back to an older build loses the gestures in progress, as does a rolling upgrade that
 * moves a session from a new instance to an old one.
 */
record StoredSession(long lastWallMs, long lastRecordMs, int lastTop, SessionState state, boolean isClosed,
                     long closedSeq, long finalSeq, FinalReason finalReason, int spotted) {
    private static final byte OPEN = 7, CLOSED = 8, ENDED = 9, OPEN_SPOTTED = 10;
    /** The kinds of issue 13's fixed-size header, little-endian: read, never written. */
    private static final byte FIXED_OPEN = 4, FIXED_CLOSED = 5, FIXED_ENDED = 6;
    /** The kinds of the first stored form, the same header big-endian: read, never written. */
    private static final byte BIG_ENDIAN_OPEN = 1, BIG_ENDIAN_ENDED = 3;

    static StoredSession open(long wallMs, long recordMs, int top, SessionState state) {
        return open(wallMs, recordMs, top, state, -1);
    }

    /** A session in progress whose last applied event completed a gesture of class {@code spotted} (-1: none). */
    static StoredSession open(long wallMs, long recordMs, int top, SessionState state, int spotted) {
        if (spotted < -1) throw new IllegalArgumentException("spotted class " + spotted);
        return new StoredSession(wallMs, recordMs, top, state, false, Long.MIN_VALUE, Long.MIN_VALUE, null, spotted);
    }

    /** A gesture that ended without a final result (END of an empty session). */
    static StoredSession closed(long wallMs, long recordMs, long lastSeq) {
        return new StoredSession(wallMs, recordMs, -1, null, true, lastSeq, Long.MIN_VALUE, null, -1);
    }

    /** A gesture that ended with a final result: that of {@code state}, given for event {@code finalSeq}. */
    static StoredSession ended(long wallMs, long recordMs, long lastSeq, SessionState state, long finalSeq, FinalReason reason) {
        return new StoredSession(wallMs, recordMs, -1, state, true, lastSeq, finalSeq, reason, -1);
    }

    /** Whether this ended gesture's final result can be repeated for a redelivery of event {@code seq}. */
    boolean endedBy(long seq) {
        return isClosed && state != null && seq == finalSeq;
    }

    byte[] toBytes() {
        byte kind = !isClosed ? (spotted >= 0 ? OPEN_SPOTTED : OPEN) : state == null ? CLOSED : ENDED;
        int fields = switch (kind) {
            case OPEN -> Varint.size(topPlusOne());
            case OPEN_SPOTTED -> Varint.size(topPlusOne()) + Varint.size(spotted);
            case CLOSED -> Varint.sizeSigned(closedSeq);
            default -> Varint.sizeSigned(closedSeq) + Varint.sizeSigned(finalSeq - closedSeq) + 1;
        };
        int size = 1 + Varint.sizeSigned(lastRecordMs) + Varint.sizeSigned(lastWallMs - lastRecordMs) + fields
                + (kind == CLOSED ? 0 : state.compactSize(lastRecordMs));
        // one array, the state written straight into it
        ByteBuffer b = ByteBuffer.allocate(size).put(kind);
        Varint.putSigned(b, lastRecordMs);
        Varint.putSigned(b, lastWallMs - lastRecordMs);
        switch (kind) {
            case OPEN -> Varint.put(b, topPlusOne());
            case OPEN_SPOTTED -> {
                Varint.put(b, topPlusOne());
                Varint.put(b, spotted);
            }
            case CLOSED -> Varint.putSigned(b, closedSeq);
            default -> {
                Varint.putSigned(b, closedSeq);
                Varint.putSigned(b, finalSeq - closedSeq);
                b.put((byte) finalReason.ordinal());
            }
        }
        if (kind != CLOSED) state.writeCompact(b, lastRecordMs);
        return b.array();
    }

    /** lastTop + 1 as an unsigned int: 0 for none, one byte for the first 127 labels; any int round-trips. */
    private long topPlusOne() {
        return Integer.toUnsignedLong(lastTop + 1);
    }

    /**
     * The checksum of the model the stored session's state belongs to, without reading the rest;
     * null for a marker without state, or bytes too short or damaged to say.
     */
    static Integer modelChecksum(byte[] b) {
        if (b == null || b.length == 0) return null;
        try {
            ByteBuffer buf = ByteBuffer.wrap(b);
            if (withoutState(buf).isMarker()) return null;
            return compact(b) ? SessionState.compactModelChecksum(buf) : SessionState.modelChecksum(buf);
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            return null;  // fromBytes says what is wrong
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a session of {@code model}, whatever they are */
    static StoredSession fromBytes(byte[] b, Model model) {
        if (b == null || b.length == 0) throw new IllegalArgumentException("empty stored session");
        try {
            ByteBuffer buf = ByteBuffer.wrap(b);
            StoredSession s = withoutState(buf);
            if (s.isMarker()) {
                if (buf.hasRemaining()) throw new IllegalArgumentException(buf.remaining() + " bytes too many after a closed session marker");
                return s;
            }
            SessionState state = compact(b) ? SessionState.readCompact(buf, model, s.lastRecordMs) : SessionState.read(buf, model);
            if (s.spotted >= model.shape().classes()) throw new IllegalArgumentException("spotted class " + s.spotted + " out of range in stored session");
            return new StoredSession(s.lastWallMs, s.lastRecordMs, s.lastTop, state, s.isClosed, s.closedSeq, s.finalSeq, s.finalReason, s.spotted);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("stored session too short", e);
        }
    }

    /** Whether the state in bytes that {@link #withoutState} read is the compact form: kinds 7 to 10, not 1 to 6. */
    private static boolean compact(byte[] b) {
        return b[0] >= OPEN;
    }

    /** A CLOSED marker: no state, now or after {@link #withoutState}. */
    private boolean isMarker() {
        return isClosed && finalReason == null;
    }

    /**
     * Reads the fields before the state, of any kind this build reads, leaving the buffer at the
     * state: a CLOSED marker whole, an OPEN or ENDED session with its state still null.
     */
    private static StoredSession withoutState(ByteBuffer buf) {
        byte kind = buf.get();
        if (kind >= OPEN && kind <= OPEN_SPOTTED) {
            long record = Varint.getSigned(buf);
            long wall = record + Varint.getSigned(buf);
            return switch (kind) {
                case OPEN, OPEN_SPOTTED -> {
                    long top = Varint.get(buf);
                    if (top < 0 || top > 0xFFFF_FFFFL) throw new IllegalArgumentException("last top label out of range in stored session");
                    long spotted = kind == OPEN ? -1 : Varint.get(buf);
                    if (spotted < -1 || spotted > Integer.MAX_VALUE) throw new IllegalArgumentException("spotted class out of range in stored session");
                    yield open(wall, record, (int) top - 1, null, (int) spotted);
                }
                case CLOSED -> closed(wall, record, Varint.getSigned(buf));
                default -> {
                    long closedSeq = Varint.getSigned(buf);
                    yield ended(wall, record, closedSeq, null, closedSeq + Varint.getSigned(buf), reason(buf.get()));
                }
            };
        }
        if (kind >= BIG_ENDIAN_OPEN && kind <= BIG_ENDIAN_ENDED) {
            kind += FIXED_OPEN - BIG_ENDIAN_OPEN;  // the same fields, in the other byte order
        } else if (kind >= FIXED_OPEN && kind <= FIXED_ENDED) {
            buf.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw new IllegalArgumentException("unknown stored session kind " + kind);
        }
        long wall = buf.getLong(), record = buf.getLong();
        int top = buf.getInt();
        return switch (kind) {
            case FIXED_OPEN -> open(wall, record, top, null);
            case FIXED_CLOSED -> closed(wall, record, buf.getLong());
            default -> {
                long closedSeq = buf.getLong();
                yield ended(wall, record, closedSeq, null, buf.getLong(), reason(buf.get()));
            }
        };
    }

    private static FinalReason reason(byte ordinal) {
        if (ordinal < 0 || ordinal >= FinalReason.values().length) throw new IllegalArgumentException("unknown final reason " + ordinal);
        return FinalReason.values()[ordinal];
    }
}
