package io.gesturestream.model.train;

import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each hyper-parameter's range, taken at both ends and refused just beyond, with the option it names. */
class TrainConfigTest {
    private static final TrainConfig D = new TrainConfig(8, 1, 2, 4, 0.01f, 1f, 1L, 1, 1f, 0.1, 0f, 0f, 0f, false, false, 1.6);

    private static TrainConfig with(String field, double v) {
        return new TrainConfig(
                field.equals("hidden") ? (int) v : D.hidden(), field.equals("layers") ? (int) v : D.layers(),
                field.equals("epochs") ? (int) v : D.epochs(), field.equals("batch") ? (int) v : D.batchSize(),
                field.equals("lr") ? (float) v : D.learningRate(), field.equals("clip") ? (float) v : D.clipNorm(), D.seed(),
                field.equals("threads") ? (int) v : D.threads(), field.equals("augment") ? (float) v : D.augment(),
                field.equals("val-fraction") ? v : D.valFraction(), field.equals("weight-decay") ? (float) v : D.weightDecay(),
                field.equals("dropout") ? (float) v : D.dropout(), field.equals("ema") ? (float) v : D.ema(), false, false,
                field.equals("max-density") ? v : D.maxDensity());
    }

    private static void range(String option, String message, double[] taken, double[] refused, Function<TrainConfig, Number> get) {
        for (double v : taken) assertEquals(v, get.apply(with(option, v)).doubleValue(), 1e-6, option + " " + v);
        for (double v : refused) {
            var e = assertThrows(IllegalArgumentException.class, () -> with(option, v), option + " " + v);
            assertEquals("--" + option + " must be " + message, e.getMessage());
        }
    }

    @Test
    void everyRangeIsTakenAtItsEndsAndRefusedBeyond() {
        range("hidden", "in [1, 1024]", new double[] {1, 1024}, new double[] {0, 1025}, TrainConfig::hidden);
        range("layers", "1 or 2", new double[] {1, 2}, new double[] {0, 3}, TrainConfig::layers);
        range("epochs", "in [1, 10000]", new double[] {1, 10_000}, new double[] {0, 10_001}, TrainConfig::epochs);
        range("batch", "in [1, 4096]", new double[] {1, 4096}, new double[] {0, 4097}, TrainConfig::batchSize);
        range("lr", "in (0, 1)", new double[] {1e-6, 0.999}, new double[] {0, 1, Double.NaN}, TrainConfig::learningRate);
        range("clip", "> 0", new double[] {1e-6, 100}, new double[] {0, -1, Double.NaN}, TrainConfig::clipNorm);
        range("threads", "in [1, 256]", new double[] {1, 256}, new double[] {0, 257}, TrainConfig::threads);
        range("val-fraction", "in [0, 1)", new double[] {0, 0.999}, new double[] {-0.001, 1, Double.NaN}, TrainConfig::valFraction);
        range("augment", "in [0, 4]", new double[] {0, 4}, new double[] {-0.001, 4.001, Double.NaN}, TrainConfig::augment);
        range("ema", "in [0, 1)", new double[] {0, 0.999}, new double[] {-0.001, 1, Double.NaN}, TrainConfig::ema);
        range("dropout", "in [0, 1)", new double[] {0, 0.999}, new double[] {-0.001, 1, Double.NaN}, TrainConfig::dropout);
        range("weight-decay", "in [0, 1)", new double[] {0, 0.999}, new double[] {-0.001, 1, Double.NaN}, TrainConfig::weightDecay);
        range("max-density", "in [1, 8]", new double[] {1, 8}, new double[] {0.999, 8.001, Double.NaN}, TrainConfig::maxDensity);
    }

    @Test
    void theDefaultsAreTheBundledRecipeAndAValFractionChangesOnlyItself() {
        TrainConfig d = TrainConfig.defaults();
        assertEquals(new TrainConfig(64, 2, 60, 32, 0.005f, 1.0f, 1L, Runtime.getRuntime().availableProcessors(), 2f, 0.1, 0f, 0f,
                0.999f, false, false, TrainConfig.MAX_DENSITY), d);
        TrainConfig styled = new TrainConfig(8, 1, 2, 4, 0.01f, 1f, 3L, 1, 1f, 0.1, 0.01f, 0.2f, 0.5f, true, true, 2.5);
        assertEquals(new TrainConfig(8, 1, 2, 4, 0.01f, 1f, 3L, 1, 1f, 0.25, 0.01f, 0.2f, 0.5f, true, true, 2.5), styled.withValFraction(0.25));
    }
}
