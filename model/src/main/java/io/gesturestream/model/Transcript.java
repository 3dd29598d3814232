package io.gesturestream.model;

import java.util.List;

/**
 * The best-path (greedy) transcription of one session of a {@link OutputKind#CTC} model, updated
 * after every event: the most likely class of the step, appended when it is a symbol (not the
 * blank) and differs from the previous step's (CTC's collapse: repeats merged, blanks dropped).
 * O(classes) per event, nothing allocated until the text outgrows its buffer.
 *
 * <p>An event that the encoder skips leaves the distribution as it was, so its class repeats the
 * previous one and merges: the text is the same as over the steps alone, as in training.
 */
public final class Transcript {
    private final List<String> alphabet;
    private int[] symbols = new int[32];
    private int length;
    private int last = 0;

    /** @param model a transcription model; its labels are the blank and the alphabet */
    public Transcript(Model model) {
        if (model.output() != OutputKind.CTC) throw new IllegalArgumentException("model " + model.name() + " does not transcribe");
        this.alphabet = model.labels();
    }

    /** Takes the distribution after the next event (from {@link Recognizer#step}). */
    public void accept(float[] probs) {
        int k = Recognizer.argmax(probs);
        if (k != 0 && k != last) {
            if (length == symbols.length) symbols = java.util.Arrays.copyOf(symbols, 2 * length);
            symbols[length++] = k;
        }
        last = k;
    }

    /** The number of symbols so far. */
    public int length() {
        return length;
    }

    /** The text so far. */
    public String text() {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(alphabet.get(symbols[i]));
        return b.toString();
    }

    /** Back to no text, for a new session. */
    public void reset() {
        length = 0;
        last = 0;
    }
}
