package io.gesturestream.model;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionStateTest {
    private final Model model = Fixtures.tinyModel(8, 2, 5);

    private SessionState midGesture() {
        Recognizer rec = new Recognizer(model);
        SessionState s = rec.newSession();
        Gesture g = Fixtures.shape("circle", "w", new SplittableRandom(1));
        for (Sample x : g.samples().subList(0, 10)) rec.step(s, x);
        return s;
    }

    @Test
    void writesTheSameLittleEndianBytesIntoABufferOfEitherOrderAndLeavesItsOrder() {
        SessionState s = midGesture();
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer b = ByteBuffer.allocate(3 + s.serializedSize()).order(order);
            b.put((byte) 7).putShort((short) 0x0102);
            s.writeTo(b);
            assertSame(order, b.order());
            assertEquals(b.capacity(), b.position());
            assertArrayEquals(s.toBytes(), Arrays.copyOfRange(b.array(), 3, b.capacity()));
        }
        ByteBuffer le = ByteBuffer.wrap(s.toBytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(SessionState.VERSION, le.get(0));
        assertEquals(model.checksum(), le.getInt(1));
        assertEquals(s.lastSeq(), le.getLong(5));
        assertEquals(s.lastTime(), le.getLong(13));
        assertEquals(s.steps(), le.getInt(21));
        assertEquals(s.hidden()[0], le.getFloat(25));
    }

    @Test
    void readsFromABufferOfEitherOrderAndLeavesItsOrder() {
        SessionState s = midGesture();
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            byte[] b = new byte[5 + s.serializedSize()];
            System.arraycopy(s.toBytes(), 0, b, 5, s.serializedSize());
            ByteBuffer buf = ByteBuffer.wrap(b).order(order).position(5);
            SessionState back = SessionState.read(buf, model);
            assertSame(order, buf.order());
            assertArrayEquals(s.toBytes(), back.toBytes());
        }
    }

    @Test
    void modelChecksumIsReadAtThePositionInEitherOrderWithoutMovingIt() {
        byte[] state = midGesture().toBytes();
        byte[] b = new byte[4 + state.length];
        System.arraycopy(state, 0, b, 4, state.length);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer buf = ByteBuffer.wrap(b, 4, state.length).order(order);
            assertEquals(model.checksum(), SessionState.modelChecksum(buf));
            assertEquals(4, buf.position());
            assertSame(order, buf.order());
        }
        // the checksum is all it needs
        assertEquals(model.checksum(), SessionState.modelChecksum(ByteBuffer.wrap(state, 0, 5)));
    }

    @Test
    void modelChecksumOfTooFewBytesOrAnUnknownVersionIsRefused() {
        byte[] state = midGesture().toBytes();
        assertThrows(IllegalArgumentException.class, () -> SessionState.modelChecksum(ByteBuffer.wrap(state, 0, 4)));
        assertThrows(IllegalArgumentException.class, () -> SessionState.modelChecksum(ByteBuffer.allocate(0)));
        state[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> SessionState.modelChecksum(ByteBuffer.wrap(state)));
    }
}
