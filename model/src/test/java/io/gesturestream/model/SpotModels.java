package io.gesturestream.model;

import io.gesturestream.model.features.ImuEncoder;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.gru.GruShape;

import java.util.List;
import java.util.Map;

/**
 * A spotting model whose answer after every event is set by that event alone, for tests of what
 * is decided from the answers: an IMU model (accelerometer only) of two hidden units with the
 * update gate shut (z = sigmoid(-40)), so h = (tanh(10 ax), tanh(10 ay)); the head's logits
 * (10 h0, 10 h1, 5) over the labels (a, b, unknown). So a sample (1, 0, 0) reads a
 * (p = 0.993), (0, 1, 0) reads b, and (0, 0, 1), a device at rest, reads unknown.
 */
public final class SpotModels {
    private SpotModels() {}

    /** The labels, the reject class last. */
    public static final List<String> LABELS = List.of("a", "b", OutputKind.UNKNOWN);

    /** The model of the class comment; {@code spotting} false: the same weights without {@link Model#SPOTTING_KEY}. */
    public static Model model(boolean spotting) {
        ImuEncoder enc = new ImuEncoder(false, 500f);
        GruShape shape = new GruShape(enc.inputSize(), 2, 1, LABELS.size());
        float[] p = new float[shape.size()];
        int in = shape.inputSize(), h = shape.hiddenSize();
        p[shape.wIh(0) + (2 * h) * in] = 20f;           // n0 from ax / 2
        p[shape.wIh(0) + (2 * h + 1) * in + 1] = 20f;   // n1 from ay / 2
        p[shape.bIh(0) + h] = -40f;                     // z0 = 0
        p[shape.bIh(0) + h + 1] = -40f;                 // z1 = 0
        p[shape.wOut()] = 10f;                          // a: 10 h0
        p[shape.wOut() + h + 1] = 10f;                  // b: 10 h1
        p[shape.bOut() + 2] = 5f;                       // unknown: 5
        Map<String, String> meta = spotting ? Map.of(Model.SPOTTING_KEY, "1") : Map.of();
        return new Model(spotting ? "spot-test" : "plain-test", "1", shape, enc, LABELS, meta, p);
    }

    /** The spotting model of the class comment with its shortest run ({@link Model#SPOT_MIN_RUN_KEY}) set to {@code minRunMs}. */
    public static Model withMinRun(String minRunMs) {
        Model m = model(true);
        return new Model(m.name(), m.version(), m.shape(), m.encoder(), m.labels(),
                Map.of(Model.SPOTTING_KEY, "1", Model.SPOT_MIN_RUN_KEY, minRunMs), m.parameters());
    }

    /** A sample that the model reads as {@code c}: 'a', 'b' or '-' (unknown). */
    public static ImuSample sample(char c, long t) {
        return switch (c) {
            case 'a' -> ImuSample.accel(1, 0, 0, t);
            case 'b' -> ImuSample.accel(0, 1, 0, t);
            case '-' -> ImuSample.accel(0, 0, 1, t);
            default -> throw new IllegalArgumentException("no sample reads " + c);
        };
    }

    /** One sample per character of {@code pattern} ({@link #sample}), {@code dt} ms apart from {@code t0}. */
    public static List<io.gesturestream.model.features.Sample> samples(String pattern, long t0, long dt) {
        java.util.List<io.gesturestream.model.features.Sample> out = new java.util.ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) out.add(sample(pattern.charAt(i), t0 + i * dt));
        return out;
    }
}
