package io.gesturestream.model.features;

import java.util.List;

/** Encodes a whole recorded gesture with the same per-sample code the online recognizer runs. */
public final class Features {
    private Features() {}

    /** The encoder's vectors for every sample, concatenated: {@code samples.size() x inputSize}. */
    public static float[] encode(FeatureEncoder encoder, List<Sample> samples) {
        int in = encoder.inputSize();
        float[] out = new float[samples.size() * in];
        float[] state = new float[encoder.stateSize()];
        encoder.reset(state);
        long prevT = Long.MIN_VALUE;
        for (int t = 0; t < samples.size(); t++) {
            Sample s = samples.get(t);
            encoder.encode(s, prevT, state, out, t * in);
            prevT = s.t();
        }
        return out;
    }
}
