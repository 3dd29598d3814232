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
    void textFeaturesIgnoreTranslationAndScaleAreCausalAndFinite() {
        PenEncoder text = PenEncoder.forText(false, 0.05f);
        Gesture word = io.gesturestream.model.Fixtures.words(1, 1, 7).get(0);
        float[] base = Features.encode(text, word.samples());
        for (double scale : new double[] {0.01, 0.25, 4, 1000}) {
            float[] moved = Features.encode(text, transform(word.samples(), scale, -1234.5 * scale, 777 * scale));
            assertArrayEquals(base, moved, 2e-3f, "scale " + scale);
        }
        int k = word.samples().size() / 2;
        float[] prefix = Features.encode(text, word.samples().subList(0, k));
        assertArrayEquals(prefix, java.util.Arrays.copyOf(base, prefix.length));
        for (float v : base) assertTrue(Float.isFinite(v) && Math.abs(v) <= PenEncoder.TEXT_CLIP);
        float[] st = new float[text.stateSize()], x = new float[text.inputSize()];
        text.reset(st);
        text.encode(PenSample.of(PenSample.Phase.DOWN, 0, 0, 0), Long.MIN_VALUE, st, x, 0);
        text.encode(new PenSample(PenSample.Phase.MOVE, 1e-40f, 0f, Float.NaN, 10), 0, st, x, 0);
        for (float v : x) assertTrue(Float.isFinite(v), java.util.Arrays.toString(x));
    }

    @Test
    void textFeaturesMeasureInTheLinesHeightSoALetterReadsTheSameAfterALongPrefix() {
        // the same stroke (a "v" one unit high) alone and after a long horizontal prefix of the same height
        List<Sample> v = List.of(PenSample.of(PenSample.Phase.DOWN, 0, 0, 0), PenSample.of(PenSample.Phase.MOVE, 0.25, 0.5, 10),
                PenSample.of(PenSample.Phase.MOVE, 0.5, 1, 20), PenSample.of(PenSample.Phase.MOVE, 0.75, 0.5, 30),
                PenSample.of(PenSample.Phase.UP, 1, 0, 40));
        List<Sample> line = new ArrayList<>();
        for (int i = 0; i < 6; i++) {   // five units of up-and-down before it, ending at x = 5
            line.add(PenSample.of(i == 0 ? PenSample.Phase.DOWN : PenSample.Phase.MOVE, i, i % 2, i * 10L));
        }
        line.add(PenSample.of(PenSample.Phase.UP, 5, 1, 60));
        for (Sample s : v) {
            PenSample p = (PenSample) s;
            line.add(PenSample.of(p.phase(), p.x() + 6, p.y(), p.t() + 100));
        }
        PenEncoder text = PenEncoder.forText(false, 0f), shape = new PenEncoder(false);
        int n = text.inputSize();
        float[] alone = Features.encode(text, v), after = Features.encode(text, line);
        float[] tail = java.util.Arrays.copyOfRange(after, after.length - 3 * n, after.length);
        float[] aloneTail = java.util.Arrays.copyOfRange(alone, alone.length - 3 * n, alone.length);
        assertArrayEquals(aloneTail, tail, 1e-6f, "the last three points of the v: steps, heights, turns");
        float[] shapeAlone = Features.encode(shape, v), shapeAfter = Features.encode(shape, line);
        assertTrue(Math.abs(shapeAlone[shapeAlone.length - n + 6] - shapeAfter[shapeAfter.length - n + 6]) > 0.05,
                "the shape features, by contrast, shrink the step as the box grows");
        assertEquals(PenEncoder.TEXT_FEATURE_SET, (int) text.parameters()[0]);
        assertTrue(((PenEncoder) FeatureEncoder.of(InputKind.PEN, PenEncoder.forText(true, 0.1f).parameters())).text());
        assertThrows(IllegalArgumentException.class, () -> PenEncoder.fromParameters(new float[] {3, 0}));
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

    /** A stroke of {@code n} points evenly along a circle: a tablet sampling {@code n} points where another samples fewer. */
    private static List<Sample> circle(int n) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / (n - 1);
            PenSample.Phase ph = i == 0 ? PenSample.Phase.DOWN : i == n - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
            s.add(PenSample.of(ph, 100 + 50 * Math.cos(a), 100 + 50 * Math.sin(a), 10L * i));
        }
        return s;
    }

    @Test
    void minStepMakesTheNumberOfStepsFollowTheInkNotTheSamplingRate() {
        PenEncoder thin = new PenEncoder(false, 0.05f);
        int in = thin.inputSize();
        int at100 = Features.encode(thin, circle(100)).length / in, at200 = Features.encode(thin, circle(200)).length / in;
        int at400 = Features.encode(thin, circle(400)).length / in;
        // every point kept without it; with it, 2x and 4x the points cost far fewer than 2x and 4x the steps (the start of
        // a stroke, where the shape is still small, keeps its points)
        assertEquals(400, Features.encode(pen, circle(400)).length / in);
        assertTrue(at100 < 100 && at200 <= 1.3 * at100 && at400 <= 1.6 * at100, at100 + " / " + at200 + " / " + at400 + " steps");
        // a sparse stroke (points further apart than the step) is kept whole
        assertEquals(40, Features.encode(thin, circle(40)).length / in);
    }

    @Test
    void minStepKeepsEveryStrokeStartAndEndAndMeasuresStepsFromTheLastPointKept() {
        PenEncoder thin = new PenEncoder(false, 0.2f);
        List<Sample> s = List.of(PenSample.of(PenSample.Phase.DOWN, 0, 0, 0), PenSample.of(PenSample.Phase.MOVE, 100, 0, 1),
                PenSample.of(PenSample.Phase.MOVE, 101, 0, 2), PenSample.of(PenSample.Phase.MOVE, 102, 0, 3),
                PenSample.of(PenSample.Phase.UP, 103, 0, 4), PenSample.of(PenSample.Phase.DOWN, 103, 1, 5),
                PenSample.of(PenSample.Phase.UP, 103, 2, 6));
        float[] f = Features.encode(thin, s);
        int in = thin.inputSize();
        assertEquals(5, f.length / in, "the two MOVEs 1 apart are skipped; DOWN and UP are not");
        assertEquals(1f, f[in + 6], 1e-6f, "first kept MOVE: a step of the whole width");
        assertEquals(3f / 103f, f[2 * in + 6], 1e-6f, "UP: its step counts from the last point kept, 3 units back");
        assertEquals(1f, f[3 * in + 7]);
        assertEquals(1f, f[4 * in + 8]);
        // and the parameters round-trip: 3 with a step, 2 (older models) without
        assertEquals(0.2f, PenEncoder.fromParameters(thin.parameters()).minStep());
        assertEquals(2, pen.parameters().length);
        assertThrows(IllegalArgumentException.class, () -> new PenEncoder(false, 0.3f));
        assertThrows(IllegalArgumentException.class, () -> PenEncoder.fromParameters(new float[] {2, 0, -1}));
    }
}
