package io.gesturestream.model.train;

/**
 * Hyper-parameters of a training run. Results depend on these and on the data only: the same
 * config and data give the same model bit for bit, whatever the number of threads.
 *
 * @param augment strength of the augmentation: 0 for none, 1 for the default ranges
 * @param dropout dropout rate on the top layer's output during training, 0 for none
 * @param ema decay of the moving average of the weights per step, 0 to keep the raw weights
 * @param keepBest keep the epoch with the best validation accuracy instead of the last one
 * @param valFraction share of subjects (writers) held out for model selection, 0 for none
 * @param styles also train on slashed 0s, crossed 7s and Zs, and 1s with a flag and a foot ({@link Styles})
 * @param maxDensity the augmentation resamples strokes at 0.45 to this many times their points
 */
public record TrainConfig(int hidden, int layers, int epochs, int batchSize, float learningRate, float clipNorm,
                          long seed, int threads, float augment, double valFraction, float weightDecay,
                          float dropout, float ema, boolean keepBest, boolean styles, double maxDensity) {

    /** The augmentation's densest resampling unless told otherwise: 1.6 times the points. */
    public static final double MAX_DENSITY = io.gesturestream.model.features.Augmenter.MAX_DENSITY;

    /** Without {@code styles}. */
    public TrainConfig(int hidden, int layers, int epochs, int batchSize, float learningRate, float clipNorm, long seed, int threads,
                       float augment, double valFraction, float weightDecay, float dropout, float ema, boolean keepBest) {
        this(hidden, layers, epochs, batchSize, learningRate, clipNorm, seed, threads, augment, valFraction, weightDecay, dropout, ema,
                keepBest, false, MAX_DENSITY);
    }

    /** The recipe of the bundled models, with 10% of the training people held out for validation. */
    public static TrainConfig defaults() {
        return new TrainConfig(64, 2, 60, 32, 0.005f, 1.0f, 1L, Runtime.getRuntime().availableProcessors(), 2f, 0.1, 0f, 0f, 0.999f, false);
    }

    /** This config with another {@code valFraction}. */
    public TrainConfig withValFraction(double f) {
        return new TrainConfig(hidden, layers, epochs, batchSize, learningRate, clipNorm, seed, threads, augment, f, weightDecay,
                dropout, ema, keepBest, styles, maxDensity);
    }

    public TrainConfig {
        if (hidden < 1 || hidden > 1024) throw new IllegalArgumentException("--hidden must be in [1, 1024]");
        if (layers < 1 || layers > 2) throw new IllegalArgumentException("--layers must be 1 or 2");
        if (epochs < 1 || epochs > 10_000) throw new IllegalArgumentException("--epochs must be in [1, 10000]");
        if (batchSize < 1 || batchSize > 4096) throw new IllegalArgumentException("--batch must be in [1, 4096]");
        if (!(learningRate > 0 && learningRate < 1)) throw new IllegalArgumentException("--lr must be in (0, 1)");
        if (!(clipNorm > 0)) throw new IllegalArgumentException("--clip must be > 0");
        if (threads < 1 || threads > 256) throw new IllegalArgumentException("--threads must be in [1, 256]");
        if (!(valFraction >= 0 && valFraction < 1)) throw new IllegalArgumentException("--val-fraction must be in [0, 1)");
        if (!(augment >= 0 && augment <= 4)) throw new IllegalArgumentException("--augment must be in [0, 4]");
        if (!(ema >= 0 && ema < 1)) throw new IllegalArgumentException("--ema must be in [0, 1)");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("--dropout must be in [0, 1)");
        if (!(weightDecay >= 0 && weightDecay < 1)) throw new IllegalArgumentException("--weight-decay must be in [0, 1)");
        if (!(maxDensity >= 1 && maxDensity <= 8)) throw new IllegalArgumentException("--max-density must be in [1, 8]");
    }
}
