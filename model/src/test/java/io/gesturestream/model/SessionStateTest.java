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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** A transcription model's session part way through a word, with some text. */
    private static SessionState transcribing(Model m, int events) {
        Recognizer rec = new Recognizer(m);
        SessionState s = rec.newSession();
        Gesture g = Fixtures.words(1, 1, 3).get(0);
        for (Sample x : g.samples().subList(0, Math.min(events, g.samples().size()))) rec.step(s, x);
        return s;
    }

    @Test
    void aTranscriptionModelsSessionCarriesItsTextInVersionTwo() {
        Model m = Fixtures.tinyTranscriber(8, 2, 4);
        assertEquals(null, midGesture().transcript(), "a classifier's session has no text");
        Gesture g = Fixtures.words(1, 1, 3).get(0);
        int cut = g.samples().size() * 2 / 3;
        SessionState s = transcribing(m, cut);
        String text = s.transcript().text();
        assertTrue(s.transcript().length() >= 2, "the fixture should have some text: " + text);
        byte[] b = s.toBytes();
        assertEquals(SessionState.VERSION_TRANSCRIBING, b[0]);
        assertEquals(s.serializedSize(), b.length);
        SessionState back = SessionState.fromBytes(b, m);
        assertEquals(text, back.transcript().text());
        assertArrayEquals(b, back.toBytes());
        assertEquals(m.checksum(), SessionState.modelChecksum(ByteBuffer.wrap(b)));
        // going on from the stored copy gives what going on from the original gives
        Recognizer rec = new Recognizer(m);
        for (Sample x : g.samples().subList(cut, g.samples().size())) {
            rec.step(s, x);
            rec.step(back, x);
        }
        assertArrayEquals(s.toBytes(), back.toBytes());
        assertTrue(back.transcript().text().startsWith(text), "the greedy text only grows");
    }

    @Test
    void aDamagedTranscriptOrAStateOfTheOtherKindIsRefused() {
        Model m = Fixtures.tinyTranscriber(8, 2, 4);
        byte[] good = transcribing(m, 30).toBytes();
        int at = 25 + 4 * (m.shape().stateSize() + m.encoder().stateSize());   // the transcript: last, length, symbols
        java.util.function.Consumer<java.util.function.Consumer<ByteBuffer>> refused = damage -> {
            byte[] b = good.clone();
            damage.accept(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
            assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(b, m));
        };
        refused.accept(b -> b.putInt(at, 4));                       // last class out of range
        refused.accept(b -> b.putInt(at, -1));
        refused.accept(b -> b.putInt(at + 4, b.getInt(at + 4) + 1)); // more symbols than bytes
        refused.accept(b -> b.putInt(at + 4, -1));
        refused.accept(b -> b.putInt(21, b.getInt(at + 4) - 1));     // more symbols than steps
        refused.accept(b -> b.putShort(at + 8, (short) 0));          // the blank is no symbol
        refused.accept(b -> b.putShort(at + 8, (short) 4));
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(Arrays.copyOf(good, at + 4), m));
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(Arrays.copyOf(good, good.length + 2), m));
        byte[] v1 = good.clone();
        v1[0] = SessionState.VERSION;
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(v1, m), "a classifier's state for a transcriber");
        byte[] v2 = midGesture().toBytes();
        v2[0] = SessionState.VERSION_TRANSCRIBING;
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(v2, model), "a transcriber's state for a classifier");
    }

    @Test
    void withALexiconTheStateCarriesTheBeamWhichOnlyTheSameLexiconReads() {
        Model plain = Fixtures.tinyTranscriber(8, 2, 4);
        Lexicon lex = Lexicon.of(java.util.List.of("ab", "abc", "ba", "bab", "c", "cab", "acb"), plain);
        Model m = plain.withLexicon(lex, 4);
        assertEquals(plain.checksum(), m.checksum(), "the same weights");
        Recognizer rec = new Recognizer(m);
        SessionState s = rec.newSession();
        Gesture g = Fixtures.words(1, 1, 3).get(0);
        String stable = "";
        for (Sample x : g.samples()) {
            rec.step(s, x);
            String st = rec.stableText(s), text = rec.text(s);
            assertTrue(text.startsWith(st) && st.startsWith(stable), stable + " -> " + st + " in " + text);
            stable = st;
            SessionState back = SessionState.fromBytes(s.toBytes(), m);
            assertArrayEquals(s.toBytes(), back.toBytes());
            assertEquals(text, rec.text(back));
        }
        String fin = rec.finalText(s);
        assertTrue(rec.inLexicon(s) ? lex.contains(fin) && fin.startsWith(stable) : fin.equals(s.transcript().text()), fin);
        // another lexicon, or none, cannot read its beam; a session begun without one goes on with a lexicon model
        byte[] b = s.toBytes();
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(b, plain));
        Model other = plain.withLexicon(Lexicon.of(java.util.List.of("ab"), plain), 4);
        var e = assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(b, other));
        assertTrue(e.getMessage().contains("lexicon"), e.getMessage());
        SessionState without = transcribing(plain, 20);
        SessionState carriedOn = SessionState.fromBytes(without.toBytes(), m);
        assertNull(rec.inLexicon(carriedOn));
        assertEquals(without.transcript().text(), rec.finalText(carriedOn));
        assertThrows(IllegalArgumentException.class, () -> plain.withLexicon(lex, 0));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.tinyModel(4, 1, 1).withLexicon(lex, 4));
    }

    /** The compact form of {@code s} with {@code timeBase}, after {@code prefix} bytes of someone else's, in a buffer of {@code order}. */
    private static ByteBuffer compact(SessionState s, long timeBase, int prefix, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(prefix + s.compactSize(timeBase)).order(order).position(prefix);
        s.writeCompact(b, timeBase);
        assertSame(order, b.order());
        assertEquals(b.capacity(), b.position(), "compactSize() is what writeCompact() writes");
        return b.position(prefix);
    }

    /** As a live pen's session is: events numbered from 0. */
    private SessionState live() {
        Recognizer rec = new Recognizer(model);
        SessionState s = rec.newSession();
        Gesture g = Fixtures.shape("circle", "w", new SplittableRandom(1));
        for (int i = 0; i < 10; i++) rec.step(s, i, g.samples().get(i));
        return s;
    }

    @Test
    void compactFormHoldsVarintsRelativeToStepsAndTheTimeBaseThenTheSameFloats() {
        SessionState s = live();
        long base = s.lastTime() + 25;   // the record's time, a little after the event's
        byte[] standalone = s.toBytes();
        int floats = 4 * (model.shape().stateSize() + model.encoder().stateSize());
        ByteBuffer b = compact(s, base, 0, ByteOrder.BIG_ENDIAN).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(model.checksum(), b.getInt());
        assertEquals(s.steps(), Varint.get(b));
        assertEquals(s.lastSeq() - s.steps(), Varint.getSigned(b));
        assertEquals(-25, Varint.getSigned(b));
        assertEquals(4 + 3, b.position(), "one byte a field for a session of a few steps");
        assertArrayEquals(Arrays.copyOfRange(standalone, 25, 25 + floats), Arrays.copyOfRange(b.array(), 7, 7 + floats));
        assertEquals(7 + floats, b.capacity());
        assertEquals(standalone.length - 18, s.compactSize(base));
    }

    @Test
    void compactFormReadsBackBitExactFromABufferOfEitherOrderWhateverTheFields() {
        SessionState fresh = new Recognizer(model).newSession();   // nothing applied: seq and time Long.MIN_VALUE
        SessionState extreme = midGesture();
        extreme.lastSeq = Long.MAX_VALUE;
        extreme.lastTime = Long.MIN_VALUE + 3;
        extreme.steps = Integer.MAX_VALUE;
        extreme.h[0] = -0.0f;
        extreme.h[1] = Float.MIN_VALUE;
        for (SessionState s : new SessionState[] {live(), midGesture(), fresh, extreme}) {
            for (long base : new long[] {s.lastTime(), 0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1_764_000_000_456L}) {
                for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                    ByteBuffer b = compact(s, base, 3, order);
                    assertEquals(model.checksum(), SessionState.compactModelChecksum(b));
                    assertEquals(3, b.position());
                    SessionState back = SessionState.readCompact(b, model, base);
                    assertSame(order, b.order());
                    assertEquals(b.limit(), b.position());
                    assertArrayEquals(s.toBytes(), back.toBytes(), "every field, the floats bit for bit");
                }
            }
        }
    }

    /** A pooled prototype model's session carries the sum of its top-layer states after the rest, in both forms, and goes on from it exactly. */
    @Test
    void aPooledPrototypeModelsSessionCarriesTheSumOfItsStates() {
        java.util.List<Gesture> shapes = Fixtures.shapes(2, 1, 9);
        Model pooled = Enrollment.enroll(model, "mine", java.util.List.of(shapes.get(0).samples(), shapes.get(1).samples()), Embedding.STATE_MEAN);
        int hs = pooled.shape().hiddenSize();
        Recognizer rec = new Recognizer(pooled);
        SessionState straight = rec.newSession(), hopping = rec.newSession(), compacted = rec.newSession();
        java.util.List<Sample> xs = shapes.get(2).samples();
        float[] sum = new float[hs];
        for (Sample x : xs) {
            float[] a = rec.step(straight, x).clone();
            for (int k = 0; k < hs; k++) sum[k] += straight.h[straight.h.length - hs + k];
            hopping = SessionState.fromBytes(hopping.toBytes(), pooled);
            assertArrayEquals(a, rec.step(hopping, x).clone());
            ByteBuffer b = ByteBuffer.allocate(compacted.compactSize(0));
            compacted.writeCompact(b, 0);
            compacted = SessionState.readCompact(b.flip(), pooled, 0);
            assertArrayEquals(a, rec.step(compacted, x).clone());
        }
        assertArrayEquals(sum, straight.pool, "every event's top-layer state, summed in order");
        ByteBuffer whole = ByteBuffer.allocate(straight.compactSize(0) + 3);
        straight.writeCompact(whole.position(3), 0);
        whole.flip().position(3);
        assertArrayEquals(straight.toBytes(), SessionState.readCompact(whole, pooled, 0).toBytes());
        assertEquals(whole.limit(), whole.position(), "read to its end, the sum included");
        assertArrayEquals(straight.toBytes(), hopping.toBytes());
        assertEquals(new Recognizer(model).newSession().toBytes().length + 4 * hs, rec.newSession().toBytes().length, "H floats more");
        // a sum no run of that many states reaches: a damaged store, refused
        byte[] bad = straight.toBytes();
        int at = bad.length - 4 * hs;
        ByteBuffer.wrap(bad, at, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(straight.steps() + 5f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(bad, pooled));
        assertTrue(e.getMessage().contains("outside [-steps, steps]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(new Recognizer(model).newSession().toBytes(), pooled));
        byte[] nan = straight.toBytes();
        ByteBuffer.wrap(nan, at, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
        assertEquals("non-finite value in session state", assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(nan, pooled)).getMessage());
        byte[] edge = straight.toBytes();   // a sum of exactly steps states of 1.001: the largest accepted
        ByteBuffer.wrap(edge, at, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.001f * straight.steps());
        assertEquals(1.001f * straight.steps(), SessionState.fromBytes(edge, pooled).pool[0]);
    }

    /** Every layer pooled: the session carries the sums of both layers' states, in layer order, and goes on from them exactly. */
    @Test
    void aSessionPoolingEveryLayerCarriesTheSumOfEachLayersStates() {
        java.util.List<Gesture> shapes = Fixtures.shapes(2, 1, 9);
        Model pooled = Enrollment.enroll(model, "mine", java.util.List.of(shapes.get(0).samples()), Embedding.LAYERS_MEAN);
        int n = pooled.shape().stateSize();
        assertEquals(pooled.shape().layers() * pooled.shape().hiddenSize(), n);
        Recognizer rec = new Recognizer(pooled);
        SessionState straight = rec.newSession(), hopping = rec.newSession();
        float[] sum = new float[n];
        for (Sample x : shapes.get(2).samples()) {
            float[] a = rec.step(straight, x).clone();
            for (int k = 0; k < n; k++) sum[k] += straight.h[k];
            hopping = SessionState.fromBytes(hopping.toBytes(), pooled);
            assertArrayEquals(a, rec.step(hopping, x).clone());
        }
        assertArrayEquals(sum, straight.pool, "every event's states of every layer, summed in order");
        assertArrayEquals(straight.toBytes(), hopping.toBytes());
        assertEquals(new Recognizer(model).newSession().toBytes().length + 4 * n, rec.newSession().toBytes().length, "LH floats more");
    }

    @Test
    void aDamagedCompactStateIsRefused() {
        SessionState s = midGesture();
        long base = s.lastTime();
        byte[] good = compact(s, base, 0, ByteOrder.LITTLE_ENDIAN).array();
        java.util.function.Consumer<byte[]> refused = b -> assertThrows(IllegalArgumentException.class,
                () -> SessionState.readCompact(ByteBuffer.wrap(b), model, base));
        refused.accept(new byte[0]);
        refused.accept(Arrays.copyOf(good, 3));
        refused.accept(Arrays.copyOf(good, good.length - 1));
        refused.accept(Arrays.copyOf(good, good.length + 1));
        byte[] other = good.clone();
        other[0] ^= 1;
        var e = assertThrows(IllegalArgumentException.class, () -> SessionState.readCompact(ByteBuffer.wrap(other), model, base));
        assertTrue(e.getMessage().contains("belongs to model"), e.getMessage());
        // steps beyond an int: 2^31 as a varint where one byte was
        ByteBuffer big = ByteBuffer.allocate(good.length + 4).put(good, 0, 4);
        Varint.put(big, 1L << 31);
        big.put(good, 5, good.length - 5);
        e = assertThrows(IllegalArgumentException.class, () -> SessionState.readCompact(big.flip(), model, base));
        assertTrue(e.getMessage().contains("step count"), e.getMessage());
        byte[] outside = good.clone();
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putFloat(7, 1.5f);
        refused.accept(outside);
        byte[] nan = good.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(good.length - 4, Float.NaN);
        refused.accept(nan);
        assertThrows(IllegalArgumentException.class, () -> SessionState.compactModelChecksum(ByteBuffer.wrap(good, 0, 3)));
        assertEquals(model.checksum(), SessionState.compactModelChecksum(ByteBuffer.wrap(good, 0, 4)));
    }

    @Test
    void aTranscriptionModelsCompactStateCarriesItsTextAndOnlyItsModelReadsIt() {
        Model plain = Fixtures.tinyTranscriber(8, 2, 4);
        Model m = plain.withLexicon(Lexicon.of(java.util.List.of("ab", "abc", "ba", "bab", "c", "cab", "acb"), plain), 4);
        for (Model each : new Model[] {plain, m}) {
            SessionState s = transcribing(each, 30);
            assertTrue(s.transcript().length() >= 1, "the fixture should have some text");
            byte[] b = compact(s, s.lastTime(), 0, ByteOrder.LITTLE_ENDIAN).array();
            SessionState back = SessionState.readCompact(ByteBuffer.wrap(b), each, s.lastTime());
            assertEquals(s.transcript().text(), back.transcript().text());
            assertArrayEquals(s.toBytes(), back.toBytes());
            assertThrows(IllegalArgumentException.class, () -> SessionState.readCompact(ByteBuffer.wrap(b, 0, b.length - 1), each, 0));
            assertThrows(IllegalArgumentException.class, () -> SessionState.readCompact(ByteBuffer.wrap(b), model, 0), "not a classifier's");
        }
        byte[] classifiers = compact(midGesture(), 0, 0, ByteOrder.LITTLE_ENDIAN).array();
        assertThrows(IllegalArgumentException.class, () -> SessionState.readCompact(ByteBuffer.wrap(classifiers), plain, 0));
    }
}
