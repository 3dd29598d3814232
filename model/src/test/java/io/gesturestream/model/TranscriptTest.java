package io.gesturestream.model;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The greedy text, its reset and its serialized form, field by field (issue 19). */
class TranscriptTest {
    /** A transcription model over the blank and a, b, c. */
    private static final Model ABC = Fixtures.tinyTranscriber(4, 1, 1);
    private static final Lexicon LEX = Lexicon.of(List.of("a", "ab", "b"), ABC);
    private static final Model WITH_LEX = ABC.withLexicon(LEX, 4);

    /** A distribution whose most likely class is {@code k}: 0 the blank, 1 a, 2 b, 3 c. */
    private static float[] likely(int k) {
        float[] p = {.1f, .1f, .1f, .1f};
        p[k] = .7f;
        return p;
    }

    private static Transcript of(Model m, int... classes) {
        Transcript t = new Transcript(m);
        for (int k : classes) t.accept(likely(k));
        return t;
    }

    @Test
    void repeatsMergeAndBlanksSeparate() {
        Transcript t = of(ABC, 1, 1, 0, 1, 2, 2, 0, 0, 3, 0);
        assertEquals("aabc", t.text());
        assertEquals(4, t.length());
        assertEquals(4, t.stableLength(), "every greedy symbol is final");
        assertEquals("", t.text(0));
        assertEquals("a", t.text(1));
        assertEquals("aab", t.text(3));
        Transcript none = of(ABC, 0, 0);
        assertEquals("", none.text());
        assertEquals(0, none.length());
        assertEquals(0, none.stableLength());
    }

    @Test
    void theTextOutgrowsItsFirstBuffer() {
        int[] ks = new int[40];
        StringBuilder want = new StringBuilder();
        for (int i = 0; i < ks.length; i++) {
            ks[i] = 1 + i % 3;
            want.append("abc".charAt(i % 3));
        }
        Transcript t = of(ABC, ks);
        assertEquals(want.toString(), t.text());
        assertEquals(40, t.stableLength());
    }

    @Test
    void resetForgetsTheTextTheLastClassAndTheBeam() {
        Transcript t = of(ABC, 1, 2, 1);
        t.reset();
        assertEquals("", t.text());
        assertEquals(0, t.length());
        t.accept(likely(1));
        assertEquals("a", t.text(), "the a before the reset does not merge with this one");
        assertNull(t.beam, "no lexicon, no beam");

        Transcript w = new Transcript(WITH_LEX);
        LexiconBeam d = new LexiconBeam(LEX, 4);
        d.step(w.beam, likely(1));
        d.step(w.beam, likely(2));
        w.accept(likely(2));
        assertEquals("ab", d.bestPrefix(w.beam));
        w.reset();
        assertEquals(1, w.beam.size());
        assertEquals("", d.bestPrefix(w.beam));
        assertEquals(1f, w.beam.pb[0]);
        assertEquals(0f, w.beam.pnb[0]);
        assertEquals("", w.text());
    }

    private static ByteBuffer write(Transcript t) {
        ByteBuffer b = ByteBuffer.allocate(t.serializedSize()).order(ByteOrder.LITTLE_ENDIAN);
        t.writeTo(b);
        assertEquals(0, b.remaining(), "serializedSize is what writeTo writes");
        return b.flip();
    }

    @Test
    void aTranscriptComesBackAsItWas() {
        Transcript t = of(ABC, 1, 1, 0, 3, 0);
        assertEquals(4 + 4 + 2 * 2 + 1, t.serializedSize());
        Transcript back = Transcript.read(write(t), ABC, 5);
        assertEquals("ac", back.text());
        back.accept(likely(0));
        back.accept(likely(3));
        assertEquals("acc", back.text(), "the last class came back: blank, so c is new");
        Transcript merged = Transcript.read(write(of(ABC, 1, 3)), ABC, 2);
        merged.accept(likely(3));
        assertEquals("ac", merged.text(), "the last class came back: c, so c repeats");
        // with a lexicon beam: the checksum, then the beam
        Transcript w = new Transcript(WITH_LEX);
        LexiconBeam d = new LexiconBeam(LEX, 4);
        d.step(w.beam, likely(1));
        w.accept(likely(1));
        assertEquals(4 + 4 + 2 + 1 + 4 + 2 + 12 * w.beam.size(), w.serializedSize());
        Transcript wb = Transcript.read(write(w), WITH_LEX, 1);
        assertEquals("a", wb.text());
        assertEquals(w.beam.size(), wb.beam.size());
        assertEquals("a", d.bestPrefix(wb.beam));
        // begun without a lexicon: it goes on without one
        assertNull(Transcript.read(write(of(ABC, 1)), WITH_LEX, 1).beam);
        assertNotNull(new Transcript(WITH_LEX).beam);
    }

    /** last class, symbols, then the flag byte and what follows it. */
    private static ByteBuffer bytes(int last, int n, int[] symbols, byte... tail) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 * symbols.length + tail.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(last).putInt(n);
        for (int s : symbols) b.putShort((short) s);
        b.put(tail);
        return b.flip();
    }

    private static void refused(String message, ByteBuffer b, Model m, int steps) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transcript.read(b, m, steps));
        assertEquals(message, e.getMessage());
    }

    private static byte[] le(int v, int... more) {
        ByteBuffer b = ByteBuffer.allocate(4 + more.length).order(ByteOrder.LITTLE_ENDIAN).putInt(v);
        for (int x : more) b.put((byte) x);
        return b.array();
    }

    private static byte[] cat(byte[] a, byte... b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aDamagedTranscriptIsRefusedFieldByField() {
        int[] none = {};
        refused("transcript too short in session state", ByteBuffer.wrap(new byte[7]), ABC, 3);
        refused("transcript of 0 symbols in 0 bytes", bytes(0, 0, none), ABC, 3);
        refused("class 4 out of range in session state", bytes(4, 0, none, (byte) 0), ABC, 3);
        refused("class -1 out of range in session state", bytes(-1, 0, none, (byte) 0), ABC, 3);
        assertEquals("", Transcript.read(bytes(3, 0, none, (byte) 0), ABC, 3).text(), "c, the last class");
        refused("transcript of 3 symbols after 2 steps", bytes(0, 3, new int[] {1, 2, 3}, (byte) 0), ABC, 2);
        refused("transcript of -1 symbols after 2 steps", bytes(0, -1, none, (byte) 0), ABC, 2);
        assertEquals("abc", Transcript.read(bytes(3, 3, new int[] {1, 2, 3}, (byte) 0), ABC, 3).text(), "a symbol every step");
        refused("transcript of 2 symbols in 4 bytes", bytes(0, 2, new int[] {1, 2}), ABC, 3);
        refused("symbol 0 out of range in session state", bytes(0, 2, new int[] {1, 0}, (byte) 0), ABC, 3);
        refused("symbol 4 out of range in session state", bytes(0, 2, new int[] {4, 1}, (byte) 0), ABC, 3);
        refused("symbol 65535 out of range in session state", bytes(0, 1, new int[] {-1}, (byte) 0), ABC, 3);
        refused("lexicon flag 2 in session state", bytes(0, 0, none, (byte) 2), ABC, 3);
        refused("lexicon flag -1 in session state", bytes(0, 0, none, (byte) -1), ABC, 3);
        refused("1 bytes too many after the transcript in session state", bytes(0, 0, none, (byte) 0, (byte) 0), ABC, 3);
        int lex = LEX.checksum();
        refused("lexicon checksum missing in session state", bytes(0, 0, none, (byte) 1, (byte) 0, (byte) 0, (byte) 0), WITH_LEX, 3);
        refused("lexicon beam too short in session state", bytes(0, 0, none, cat(new byte[] {1}, le(lex))), WITH_LEX, 3);
        refused(String.format("session state has a beam over lexicon %08x, model tiny-words has %08x", lex + 1, lex),
                bytes(0, 0, none, cat(new byte[] {1}, le(lex + 1))), WITH_LEX, 3);
        refused(String.format("session state has a beam over lexicon %08x, model tiny-words has none", lex),
                bytes(0, 0, none, cat(new byte[] {1}, le(lex))), ABC, 3);
        // the beam itself is read by LexiconBeam.Beam: its refusals come through
        byte[] beam = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 1).putInt(9).putFloat(1f).putFloat(0f).array();
        refused("lexicon node 9 out of range in session state", bytes(0, 0, none, cat(cat(new byte[] {1}, le(lex)), beam)), WITH_LEX, 3);
        byte[] good = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 1).putInt(1).putFloat(1f).putFloat(0f).array();
        assertEquals("a", new LexiconBeam(LEX, 4).bestPrefix(Transcript.read(bytes(0, 0, none, cat(cat(new byte[] {1}, le(lex)), good)), WITH_LEX, 3).beam));
        refused("1 bytes too many after the transcript in session state",
                bytes(0, 0, none, cat(cat(cat(new byte[] {1}, le(lex)), good), (byte) 7)), WITH_LEX, 3);
    }
}
