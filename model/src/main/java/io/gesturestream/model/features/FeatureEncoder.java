package io.gesturestream.model.features;

/**
 * Turns one raw sample into one GRU input vector. The single code path used by training,
 * evaluation and streaming, so what the network saw in training is what it sees in production.
 *
 * <p>Causal: the vector for a sample depends only on that sample and earlier ones, through a
 * small float state the caller keeps per session (and that the session state serializes).
 * Encoders are immutable; their parameters are saved in the model file.
 */
public sealed interface FeatureEncoder permits PenEncoder, ImuEncoder {

    InputKind kind();

    /** Width of the vector written per sample. */
    int inputSize();

    /** Floats of per-session state. */
    int stateSize();

    /** Puts a fresh session's state in {@code state[0, stateSize)}. */
    void reset(float[] state);

    /**
     * Encodes {@code s} into {@code out[off, off+inputSize)} and advances {@code state}, or only
     * advances {@code state} when the sample adds nothing worth a GRU step (a pen point too close
     * to the last one kept; see {@link PenEncoder}).
     *
     * @param prevT time of the previous sample of the session, or {@link Long#MIN_VALUE}
     * @return true when a vector was written and the GRU should step
     * @throws IllegalArgumentException for a sample of the wrong kind or with non-finite values
     */
    boolean encode(Sample s, long prevT, float[] state, float[] out, int off);

    /** The parameters that, with {@link #kind()}, rebuild this encoder: see {@link #of}. */
    float[] parameters();

    static FeatureEncoder of(InputKind kind, float[] params) {
        return switch (kind) {
            case PEN -> PenEncoder.fromParameters(params);
            case IMU -> ImuEncoder.fromParameters(params);
        };
    }
}
