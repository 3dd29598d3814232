package io.gesturestream.model;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The best-path (greedy) transcription of one session of a {@link OutputKind#CTC} model, part
 * of its {@link SessionState} and updated by {@link Recognizer#step} after every event: the most
 * likely class of the step, appended when it is a symbol (not the blank) and differs from the
 * previous step's (CTC's collapse: repeats merged, blanks dropped). O(classes) per event, nothing
 * allocated until the text outgrows its buffer.
 *
 * <p>An event that the encoder skips leaves the distribution as it was, so its class repeats the
 * previous one and merges: the text is the same as over the steps alone, as in training.
 *
 * <p>What is stable: the model is causal, so a step's distribution never changes once computed,
 * and this text only ever grows; every symbol in it is final as far as the greedy text goes
 * ({@link #stableLength()}), only the end of a gesture (a lexicon) may replace it.
 *
 * <p>For a model {@linkplain Model#withLexicon with a lexicon}, it also holds the session's
 * {@link LexiconBeam.Beam}, which {@link Recognizer} steps and reads.
 */
public final class Transcript {
    private final List<String> alphabet;
    private int[] symbols = new int[16];
    private int length;
    /** The previous step's most likely class; 0 (the blank) before the first step. */
    private int last;
    /** The lexicon beam of the session; null without a lexicon (or for a session begun before there was one). */
    LexiconBeam.Beam beam;
    private final Lexicon lexicon;

    /** @param model a transcription model; its labels are the blank and the alphabet */
    public Transcript(Model model) {
        if (model.output() != OutputKind.CTC) throw new IllegalArgumentException("model " + model.name() + " does not transcribe");
        this.alphabet = model.labels();
        this.lexicon = model.lexicon();
        if (lexicon != null) beam = new LexiconBeam.Beam(model.lexiconWidth());
    }

    /** Takes the distribution after the next event (from {@link Recognizer#step}). */
    public void accept(float[] probs) {
        int k = Recognizer.argmax(probs);
        if (k != 0 && k != last) {
            if (length == symbols.length) symbols = Arrays.copyOf(symbols, 2 * length);
            symbols[length++] = k;
        }
        last = k;
    }

    /** The number of symbols so far. */
    public int length() {
        return length;
    }

    /** How many of the first symbols can no longer change: all of them (see the class comment). */
    public int stableLength() {
        return length;
    }

    /** The text so far. */
    public String text() {
        return text(length);
    }

    /** The text of the first {@code n} symbols. */
    public String text(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) b.append(alphabet.get(symbols[i]));
        return b.toString();
    }

    /** Back to no text, for a new session. */
    public void reset() {
        length = 0;
        last = 0;
        if (beam != null) beam.reset();
    }

    /** Bytes {@link #writeTo} writes. */
    int serializedSize() {
        return 4 + 4 + 2 * length + 1 + (beam == null ? 0 : 4 + beam.serializedSize());
    }

    /**
     * i32 last class, i32 length, u16 per symbol, u8 whether a lexicon beam follows, and if so the
     * lexicon's checksum (i32) and the beam ({@link LexiconBeam.Beam#writeTo}); the buffer is little-endian.
     */
    void writeTo(ByteBuffer b) {
        b.putInt(last).putInt(length);
        for (int i = 0; i < length; i++) b.putShort((short) symbols[i]);
        b.put((byte) (beam == null ? 0 : 1));
        if (beam != null) {
            b.putInt(lexicon.checksum());
            beam.writeTo(b);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote, for a session of {@code steps} steps on {@code model}.
     *
     * @throws IllegalArgumentException when the bytes cannot be such a transcript
     */
    static Transcript read(ByteBuffer b, Model model, int steps) {
        Transcript t = new Transcript(model);
        int classes = model.labels().size();
        if (b.remaining() < 8) throw new IllegalArgumentException("transcript too short in session state");
        t.last = b.getInt();
        int n = b.getInt();
        if (t.last < 0 || t.last >= classes) throw new IllegalArgumentException("class " + t.last + " out of range in session state");
        if (n < 0 || n > steps) throw new IllegalArgumentException("transcript of " + n + " symbols after " + steps + " steps");
        if (b.remaining() < 2 * n + 1) {
            throw new IllegalArgumentException("transcript of " + n + " symbols in " + b.remaining() + " bytes");
        }
        t.symbols = new int[Math.max(16, n)];
        for (int i = 0; i < n; i++) {
            int k = Short.toUnsignedInt(b.getShort());
            if (k == 0 || k >= classes) throw new IllegalArgumentException("symbol " + k + " out of range in session state");
            t.symbols[i] = k;
        }
        t.length = n;
        int hasBeam = b.get();
        if (hasBeam == 0) {
            t.beam = null;   // begun without a lexicon: it goes on without one
        } else if (hasBeam == 1) {
            if (b.remaining() < 4) throw new IllegalArgumentException("lexicon checksum missing in session state");
            int lex = b.getInt();
            if (model.lexicon() == null || model.lexicon().checksum() != lex) {
                throw new IllegalArgumentException(String.format("session state has a beam over lexicon %08x, model %s has %s", lex,
                        model.name(), model.lexicon() == null ? "none" : String.format("%08x", model.lexicon().checksum())));
            }
            t.beam = LexiconBeam.Beam.read(b, model.lexicon(), model.lexiconWidth());
        } else {
            throw new IllegalArgumentException("lexicon flag " + hasBeam + " in session state");
        }
        if (b.hasRemaining()) throw new IllegalArgumentException(b.remaining() + " bytes too many after the transcript in session state");
        return t;
    }
}
