package io.gesturestream.model.features;

import java.util.List;

/** Encodes a whole recorded gesture with the same per-sample code the online recognizer runs. */
public final class Features {
    private Features() {}

    /**
     * The encoder's vectors for the samples it keeps, concatenated: {@code steps x inputSize},
     * where {@code steps = length / inputSize} is at most {@code samples.size()}.
     */
    public static float[] encode(FeatureEncoder encoder, List<Sample> samples) {
        int in = encoder.inputSize();
        float[] out = new float[samples.size() * in];
        float[] state = new float[encoder.stateSize()];
        encoder.reset(state);
        long prevT = Long.MIN_VALUE;
        int steps = 0;
        for (Sample s : samples) {
            if (encoder.encode(s, prevT, state, out, steps * in)) steps++;
            prevT = s.t();
        }
        return steps == samples.size() ? out : java.util.Arrays.copyOf(out, steps * in);
    }
}
