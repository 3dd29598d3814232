package io.gesturestream.model;

import java.nio.ByteBuffer;

/**
 * Variable-length integers for the compact stored forms ({@link SessionState#writeCompact} and the
 * stream app's stored session): unsigned LEB128, seven bits a byte, least significant group first,
 * the high bit set on every byte but the last; a signed value is zigzag-mapped first (0, -1, 1,
 * -2, ... to 0, 1, 2, 3, ...) so that a small difference of either sign takes one byte.
 *
 * <p>Reading is strict, for bytes from a store that may be damaged: a value that runs past the
 * buffer's limit, takes more than 10 bytes, overflows 64 bits or is not in its shortest form is
 * an {@link IllegalArgumentException}. The shortest-form rule makes the encoding one-to-one, so
 * that whatever is read writes back to the same bytes.
 */
public final class Varint {
    /** The most bytes a 64-bit value takes. */
    public static final int MAX_BYTES = 10;

    private Varint() {}

    /** Bytes {@link #put} writes for {@code v}, taken as unsigned: 1 to 10. */
    public static int size(long v) {
        // one byte per started group of 7 significant bits, and one for 0
        return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    }

    /** Bytes {@link #putSigned} writes for {@code v}. */
    public static int sizeSigned(long v) {
        return size(zigzag(v));
    }

    /** Writes {@code v}, taken as unsigned, at the buffer's position. */
    public static void put(ByteBuffer b, long v) {
        while ((v & ~0x7FL) != 0) {
            b.put((byte) (v | 0x80));
            v >>>= 7;
        }
        b.put((byte) v);
    }

    /** Writes {@code v} zigzag-mapped. */
    public static void putSigned(ByteBuffer b, long v) {
        put(b, zigzag(v));
    }

    /**
     * Reads an unsigned value at the buffer's position (to be taken as unsigned by the caller).
     *
     * @throws IllegalArgumentException when the bytes there are not a varint (see the class comment)
     */
    public static long get(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            if (!b.hasRemaining()) throw new IllegalArgumentException("varint cut short after " + shift / 7 + " bytes");
            int x = b.get() & 0xFF;
            if (shift == 63 && x > 1) {
                throw new IllegalArgumentException(x >= 0x80 ? "varint longer than " + MAX_BYTES + " bytes" : "varint overflows 64 bits");
            }
            v |= (long) (x & 0x7F) << shift;
            if (x < 0x80) {
                if (x == 0 && shift > 0) throw new IllegalArgumentException("varint not in its shortest form");
                return v;
            }
        }
    }

    /** Reads a value {@link #putSigned} wrote; throws as {@link #get} does. */
    public static long getSigned(ByteBuffer b) {
        long z = get(b);
        return (z >>> 1) ^ -(z & 1);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }
}
