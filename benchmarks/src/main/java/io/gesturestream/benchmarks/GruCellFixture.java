package io.gesturestream.benchmarks;

import io.gesturestream.model.features.PenEncoder;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.gru.GruShape;

import java.util.SplittableRandom;

/**
 * What {@link GruCellBenchmark} and its golden test share: a one-layer network on pen features,
 * random weights from a fixed seed, and a table of realistic inputs.
 */
public final class GruCellFixture {
    private GruCellFixture() {}

    public static final long SEED = 20240611L;

    /** One layer, pen input without pressure (11 features, as pendigits); the 2-class head is unused. */
    public static GruShape shape(int hidden) {
        return new GruShape(new PenEncoder(false).inputSize(), hidden, 1, 2);
    }

    /** Every parameter uniform in [-1/sqrt(H), 1/sqrt(H)), PyTorch's GRU initialisation, from {@code seed}. */
    public static float[] parameters(GruShape shape, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float k = (float) (1.0 / Math.sqrt(shape.hiddenSize()));
        float[] p = new float[shape.size()];
        for (int i = 0; i < p.length; i++) p[i] = (float) rnd.nextDouble(-k, k);
        return p;
    }

    /**
     * {@code n} feature vectors from the real pen encoder on synthetic strokes of 16 points
     * (pen down, a curve, pen up), so the inputs have the ranges and flags the model sees.
     */
    public static float[][] penInputs(int n) {
        PenEncoder enc = new PenEncoder(false);
        float[] st = new float[enc.stateSize()];
        enc.reset(st);
        float[][] xs = new float[n][enc.inputSize()];
        long prevT = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int k = i % 16;
            PenSample.Phase ph = k == 0 ? PenSample.Phase.DOWN : k == 15 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
            double a = i * 0.37;
            long t = 1000L + 10L * i;
            PenSample s = PenSample.of(ph, 200 + 80 * Math.cos(a) + 3 * i, 200 + 60 * Math.sin(1.3 * a) - 2 * i, t);
            enc.encode(s, prevT, st, xs[i], 0);
            prevT = t;
        }
        return xs;
    }
}
