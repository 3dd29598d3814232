package io.gesturestream.model.features;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.data.Gesture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderTest {
    private final PenEncoder pen = new PenEncoder(false);

    private static List<Sample> transform(List<Sample> in, double scale, double dx, double dy) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : in) {
            PenSample p = (PenSample) s;
            out.add(PenSample.of(p.phase(), p.x() * scale + dx, p.y() * scale + dy, p.t()));
        }
        return out;
    }

    @Test
    void penFeaturesIgnoreTranslationAndUniformScale() {
        Gesture g = Fixtures.shape("zigzag", "w", new SplittableRandom(3));
        float[] base = Features.encode(pen, g.samples());
        for (double scale : new double[] {0.01, 0.25, 4, 1000}) {
            // shifted by many times the shape's size: far from the origin, as on a large screen
            float[] moved = Features.encode(pen, transform(g.samples(), scale, -1234.5 * scale, 777 * scale));
            assertArrayEquals(base, moved, 2e-3f, "scale " + scale);
        }
    }

    @Test
    void penFeaturesAreCausal() {
        Gesture g = Fixtures.shape("circle", "w", new SplittableRandom(4));
        float[] whole = Features.encode(pen, g.samples());
        int k = 9;
        float[] prefix = Features.encode(pen, g.samples().subList(0, k));
        assertArrayEquals(prefix, java.util.Arrays.copyOf(whole, prefix.length));
    }

    @Test
    void penFeaturesOfASinglePointAreFinite() {
        float[] f = Features.encode(pen, List.of(PenSample.of(PenSample.Phase.DOWN, 5, 5, 0), PenSample.of(PenSample.Phase.UP, 5, 5, 0)));
        for (float v : f) assertEquals(true, Float.isFinite(v));
        assertEquals(1f, f[7]);  // DOWN flag
        assertEquals(1f, f[pen.inputSize() + 8]);  // UP flag
    }

    @Test
    void aShapeOfSubnormalExtentGivesFiniteFeatures() {
        // found by EventPathFuzzTest: two points 1e-40 apart made 1/scale infinite and 0 * inf a NaN
        PenEncoder enc = new PenEncoder(false);
        float[] st = new float[enc.stateSize()], x = new float[enc.inputSize()];
        enc.reset(st);
        enc.encode(PenSample.of(PenSample.Phase.DOWN, 0, 0, 0), Long.MIN_VALUE, st, x, 0);
        enc.encode(new PenSample(PenSample.Phase.MOVE, 1e-40f, 0f, Float.NaN, 10), 0, st, x, 0);
        for (float v : x) assertTrue(Float.isFinite(v), java.util.Arrays.toString(x));
        assertThrows(IllegalArgumentException.class,
                () -> enc.encode(new PenSample(PenSample.Phase.MOVE, 3e38f, 0f, Float.NaN, 20), 10, st, x, 0));
    }

    @Test
    void imuFilterMeansTheSameAtDifferentSamplingRates() {
        ImuEncoder imu = new ImuEncoder(false, 500f);
        // gravity on z, then a step of 1 g on x held for 1 s: the dynamic part decays with tau = 500 ms
        float fast = lastDynamicX(imu, 5), slow = lastDynamicX(imu, 20);
        assertEquals(fast, slow, 0.02f);
        assertEquals(0.5 * Math.exp(-1000 / 500.0), fast, 0.03);
    }

    private static float lastDynamicX(ImuEncoder enc, int periodMs) {
        List<Sample> s = new ArrayList<>();
        s.add(ImuSample.accel(0, 0, 1, 0));
        for (int t = periodMs; t <= 1000; t += periodMs) s.add(ImuSample.accel(1, 0, 1, t));
        float[] f = Features.encode(enc, s);
        return f[(s.size() - 1) * enc.inputSize() + 3];
    }

    @Test
    void encoderParametersRebuildTheEncoder() {
        assertEquals(12, FeatureEncoder.of(InputKind.PEN, new PenEncoder(true).parameters()).inputSize());
        assertEquals(9, FeatureEncoder.of(InputKind.IMU, new ImuEncoder(true, 300).parameters()).inputSize());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FeatureEncoder.of(InputKind.PEN, new float[] {1, 0}));
    }
}
