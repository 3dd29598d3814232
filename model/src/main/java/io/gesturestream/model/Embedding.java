package io.gesturestream.model;

/**
 * What a prototype model's classes are means of ({@link Enrollment}), from a session's top-layer
 * GRU state h after its last event. Each part is scaled to length 1, and the whole again:
 * <ul>
 * <li>{@link #STATE}: h alone;</li>
 * <li>{@link #STATE_LOGITS}: h beside the logits, for it, of the classifier the model was enrolled
 *     from (its head is kept in the model): they know that classifier's own classes;</li>
 * <li>{@link #STATE_MEAN}: h beside the mean of the top-layer states after every event so far
 *     (a session of such a model carries their sum): the whole path, not only where it ended.</li>
 * </ul>
 */
public enum Embedding {
    STATE("state"), STATE_LOGITS("state+logits"), STATE_MEAN("state+mean");

    private final String label;

    Embedding(String label) {
        this.label = label;
    }

    /** As options and metadata spell it: state, state+logits, state+mean. */
    public String label() {
        return label;
    }

    /** The embedding spelled {@code v}; null for none. */
    public static Embedding parse(String v) {
        for (Embedding e : values()) if (e.label.equals(v)) return e;
        return null;
    }
}
