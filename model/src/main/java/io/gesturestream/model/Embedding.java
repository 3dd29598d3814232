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
 * <li>{@link #LAYERS_MEAN}: as {@link #STATE_MEAN}, and beside them every lower layer's state and
 *     its mean, each its own part: a lower layer is nearer the pen's geometry and further from the
 *     classes the model was trained on (on a one-layer model, the same as {@link #STATE_MEAN}).</li>
 * </ul>
 * The parts' order: h, its mean, then from the layer below the top down, each layer's state and its mean.
 */
public enum Embedding {
    STATE("state"), STATE_LOGITS("state+logits"), STATE_MEAN("state+mean"), LAYERS_MEAN("layers+mean");

    private final String label;

    Embedding(String label) {
        this.label = label;
    }

    /** As options and metadata spell it: state, state+logits, state+mean. */
    public String label() {
        return label;
    }

    /**
     * How many of a {@code layers}-layer GRU's layers, from the top, a session sums the states of
     * for this embedding: 1 for {@link #STATE_MEAN}, all for {@link #LAYERS_MEAN}, else 0.
     */
    public int pooledLayers(int layers) {
        return this == STATE_MEAN ? 1 : this == LAYERS_MEAN ? layers : 0;
    }

    /** The embedding spelled {@code v}; null for none. */
    public static Embedding parse(String v) {
        for (Embedding e : values()) if (e.label.equals(v)) return e;
        return null;
    }
}
