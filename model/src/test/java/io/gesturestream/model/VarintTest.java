package io.gesturestream.model;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VarintTest {
    private static byte[] unsigned(long v) {
        ByteBuffer b = ByteBuffer.allocate(Varint.size(v));
        Varint.put(b, v);
        assertFalse(b.hasRemaining(), "size() is what put() writes for " + v);
        return b.array();
    }

    private static byte[] signed(long v) {
        ByteBuffer b = ByteBuffer.allocate(Varint.sizeSigned(v));
        Varint.putSigned(b, v);
        assertFalse(b.hasRemaining(), "sizeSigned() is what putSigned() writes for " + v);
        return b.array();
    }

    private static byte[] bytes(int... b) {
        byte[] a = new byte[b.length];
        for (int i = 0; i < b.length; i++) a[i] = (byte) b[i];
        return a;
    }

    @Test
    void writesLeb128SevenBitsAByteLeastSignificantFirst() {
        assertArrayEquals(bytes(0), unsigned(0));
        assertArrayEquals(bytes(0x7F), unsigned(127));
        assertArrayEquals(bytes(0x80, 0x01), unsigned(128));
        assertArrayEquals(bytes(0xAC, 0x02), unsigned(300));
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), unsigned(-1));
        assertArrayEquals(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), unsigned(Long.MIN_VALUE));
        // zigzag: a small number of either sign is one byte
        assertArrayEquals(bytes(0), signed(0));
        assertArrayEquals(bytes(1), signed(-1));
        assertArrayEquals(bytes(2), signed(1));
        assertArrayEquals(bytes(0x7F), signed(-64));
        assertArrayEquals(bytes(0x80, 0x01), signed(64));
        assertEquals(10, Varint.sizeSigned(Long.MIN_VALUE));
        assertEquals(10, Varint.sizeSigned(Long.MAX_VALUE));
        assertEquals(6, Varint.sizeSigned(1_764_000_000_456L), "epoch milliseconds");
    }

    @Test
    void everyLongRoundTrips() {
        SplittableRandom r = new SplittableRandom(17);
        long[] edges = {0, 1, -1, 63, 64, -64, -65, 127, 128, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE - 1, Long.MIN_VALUE + 1};
        for (int i = 0; i < 20_000; i++) {
            long v = i < edges.length ? edges[i] : r.nextLong() >> r.nextInt(64);
            assertEquals(v, Varint.get(ByteBuffer.wrap(unsigned(v))));
            assertEquals(v, Varint.getSigned(ByteBuffer.wrap(signed(v))));
            // and each size boundary: 2^(7k) - 1 and 2^(7k)
            if (i < 10) {
                long p = 1L << (7 * i);
                assertEquals(Math.max(1, i), unsigned(p - 1).length);
                assertEquals(i + 1, unsigned(p).length);
            }
        }
    }

    @Test
    void readsOnlyItsOwnBytesFromTheBuffer() {
        ByteBuffer b = ByteBuffer.wrap(bytes(9, 0xAC, 0x02, 0x7F));
        b.get();
        assertEquals(300, Varint.get(b));
        assertEquals(3, b.position());
    }

    @Test
    void damagedBytesAreRefusedWithAReason() {
        var cut = assertThrows(IllegalArgumentException.class, () -> Varint.get(ByteBuffer.wrap(bytes(0x80, 0x80))));
        assertTrue(cut.getMessage().contains("cut short"), cut.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Varint.get(ByteBuffer.allocate(0)));
        var tooLong = assertThrows(IllegalArgumentException.class,
                () -> Varint.get(ByteBuffer.wrap(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x00))));
        assertTrue(tooLong.getMessage().contains("longer than 10"), tooLong.getMessage());
        var over = assertThrows(IllegalArgumentException.class,
                () -> Varint.get(ByteBuffer.wrap(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02))));
        assertTrue(over.getMessage().contains("overflows"), over.getMessage());
        // a longer form of a number would read, but not write back to the same bytes
        var padded = assertThrows(IllegalArgumentException.class, () -> Varint.get(ByteBuffer.wrap(bytes(0x81, 0x00))));
        assertTrue(padded.getMessage().contains("shortest"), padded.getMessage());
        // however long the run of continuation bytes, it stops at the tenth
        ByteBuffer endless = ByteBuffer.wrap(new byte[1000]);
        for (int i = 0; i < 1000; i++) endless.put(i, (byte) 0x80);
        assertThrows(IllegalArgumentException.class, () -> Varint.get(endless));
        assertEquals(10, endless.position());
    }
}
