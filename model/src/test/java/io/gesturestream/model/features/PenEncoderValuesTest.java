package io.gesturestream.model.features;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gesturestream.model.features.PenSample.Phase.DOWN;
import static io.gesturestream.model.features.PenSample.Phase.MOVE;
import static io.gesturestream.model.features.PenSample.Phase.UP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pen features of a few small strokes, worked out by hand from the formulas in
 * {@link PenEncoder}'s class comment (not by running the encoder): every feature, every point.
 */
class PenEncoderValuesTest {
    private static final float EPS = 1e-6f;

    private static PenSample pt(PenSample.Phase ph, double x, double y) {
        return PenSample.of(ph, x, y, 0);
    }

    private static float[] row(float[] f, int width, int i) {
        return java.util.Arrays.copyOfRange(f, i * width, (i + 1) * width);
    }

    /**
     * DOWN (0,0), MOVE (3,4), MOVE (3,0), UP (3,0), DOWN (7,0): a 3-4-5 step, a turn down, a step of
     * length 0, then a jump right to a new stroke.
     */
    @Test
    void shapeFeaturesOfTwoStrokesByHand() {
        PenEncoder enc = new PenEncoder(false);
        List<Sample> s = List.of(pt(DOWN, 0, 0), pt(MOVE, 3, 4), pt(MOVE, 3, 0), pt(UP, 3, 0), pt(DOWN, 7, 0));
        float[] f = Features.encode(enc, s);
        int w = enc.inputSize();
        assertEquals(11, w);
        assertEquals(5 * w, f.length);
        //                          pos in box   from start   direction   step  DOWN UP  turn cos, sin
        // p0: no extent yet (scale 0): every relative feature 0, no direction, no turn
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, row(f, w, 0), EPS, "p0");
        // p1 (3,4): box [0,3]x[0,4], scale 4, centre (1.5,2); step (3,4), length 5, direction (0.6,0.8)
        assertArrayEquals(new float[] {0.375f, 0.5f, 0.75f, 1f, 0.6f, 0.8f, 1.25f, 0, 0, 0, 0}, row(f, w, 1), EPS, "p1");
        // p2 (3,0): same box; step (0,-4), direction (0,-1); turn from (0.6,0.8):
        //   cos = 0.6*0 + 0.8*(-1) = -0.8, sin = 0.6*(-1) - 0.8*0 = -0.6 (y points down: a turn to the left)
        assertArrayEquals(new float[] {0.375f, -0.5f, 0.75f, 0f, 0f, -1f, 1f, 0, 0, -0.8f, -0.6f}, row(f, w, 2), EPS, "p2");
        // p3 UP at the same point: no step, no direction, no turn
        assertArrayEquals(new float[] {0.375f, -0.5f, 0.75f, 0f, 0f, 0f, 0f, 0, 1, 0, 0}, row(f, w, 3), EPS, "p3");
        // p4 DOWN (7,0): box [0,7]x[0,4], scale 7, centre (3.5,2); step (4,0) in the air, direction (1,0);
        //   the turn is from the last direction of travel, (0,-1), which the step of length 0 did not erase:
        //   cos = 0*1 + (-1)*0 = 0, sin = 0*0 - (-1)*1 = 1
        assertArrayEquals(new float[] {0.5f, -2f / 7, 1f, 0f, 1f, 0f, 4f / 7, 1, 0, 0f, 1f}, row(f, w, 4), EPS, "p4");
    }

    /** The same strokes mirrored (x -> -x): direction x and the turn's sine change sign, nothing else does but the mirrored positions. */
    @Test
    void mirroringFlipsTheTurnsSign() {
        PenEncoder enc = new PenEncoder(false);
        float[] f = Features.encode(enc, List.of(pt(DOWN, 0, 0), pt(MOVE, -3, 4), pt(MOVE, -3, 0)));
        // p2: direction from (-0.6,0.8) to (0,-1): cos = -0.8, sin = -0.6*(-1) - 0.8*0 = 0.6
        assertArrayEquals(new float[] {-0.375f, -0.5f, -0.75f, 0f, 0f, -1f, 1f, 0, 0, -0.8f, 0.6f}, row(f, 11, 2), EPS);
    }

    /**
     * Text set on DOWN (0,0), MOVE (16,1), MOVE (12,-1), UP (2,-1): the scale is the height, but at least
     * the width over 8, and the features in heights are clipped to [-4, 4].
     */
    @Test
    void textFeaturesByHand() {
        PenEncoder enc = PenEncoder.forText(false, 0f);
        List<Sample> s = List.of(pt(DOWN, 0, 0), pt(MOVE, 16, 1), pt(MOVE, 12, -1), pt(UP, 2, -1));
        float[] f = Features.encode(enc, s);
        int w = enc.inputSize();
        assertEquals(4 * w, f.length);
        //            0 height, 1 back from right, 2,3 step, 4,5 direction, 6 step length, DOWN, UP, turn
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, row(f, w, 0), EPS, "p0");
        // p1: box [0,16]x[0,1]: scale max(1, 16/8) = 2, cy = 0.5; step (16,1), length sqrt(257):
        //   height (1-0.5)/2 = 0.25, back 0, step x 16/2 = 8 clipped to 4, y 0.5, length 8.02 clipped to 4
        double l1 = Math.sqrt(257);
        assertArrayEquals(new float[] {0.25f, 0f, 4f, 0.5f, (float) (16 / l1), (float) (1 / l1), 4f, 0, 0, 0, 0},
                row(f, w, 1), EPS, "p1");
        // p2 (12,-1): box [0,16]x[-1,1]: scale max(2, 2) = 2, cy = 0; step (-4,-2), length sqrt(20):
        //   height -0.5, back (12-16)/2 = -2, step (-2,-1), length sqrt(20)/2;
        //   turn from (16,1)/sqrt(257) to (-4,-2)/sqrt(20): cos = (16*-4 + 1*-2)/sqrt(5140), sin = (16*-2 - 1*-4)/sqrt(5140)
        double l2 = Math.sqrt(20), l12 = Math.sqrt(5140);
        assertArrayEquals(new float[] {-0.5f, -2f, -2f, -1f, (float) (-4 / l2), (float) (-2 / l2), (float) (l2 / 2), 0, 0,
                (float) (-66 / l12), (float) (-28 / l12)}, row(f, w, 2), EPS, "p2");
        // p3 UP (2,-1): back (2-16)/2 = -7 and step x (2-12)/2 = -5, both clipped to -4; step y 0; length 10/2 = 5 clipped to 4;
        //   direction (-1,0); turn from (-4,-2)/sqrt(20): cos = 4/sqrt(20), sin = (-4*0 - -2*-1)/sqrt(20) = -2/sqrt(20)
        assertArrayEquals(new float[] {-0.5f, -4f, -4f, 0f, -1f, 0f, 4f, 0, 1, (float) (4 / l2), (float) (-2 / l2)},
                row(f, w, 3), EPS, "p3");
    }

    @Test
    void pressureIsTheLastFeatureClippedToZeroOneAndAHalfWhenMissing() {
        PenEncoder enc = new PenEncoder(true);
        assertTrue(enc.usePressure());
        assertFalse(new PenEncoder(false).usePressure());
        assertEquals(12, enc.inputSize());
        List<Sample> s = List.of(new PenSample(DOWN, 0, 0, 0.3f, 0), new PenSample(MOVE, 1, 0, Float.NaN, 1),
                new PenSample(MOVE, 2, 0, 1.7f, 2), new PenSample(UP, 3, 0, -0.2f, 3));
        float[] f = Features.encode(enc, s);
        assertEquals(4 * 12, f.length);
        assertEquals(0.3f, f[11]);
        assertEquals(0.5f, f[12 + 11]);
        assertEquals(1f, f[24 + 11]);
        assertEquals(0f, f[36 + 11]);
        // the other features are those of the encoder without pressure
        float[] without = Features.encode(new PenEncoder(false), s);
        for (int i = 0; i < 4; i++) assertArrayEquals(row(without, 11, i), java.util.Arrays.copyOfRange(f, 12 * i, 12 * i + 11));
        assertTrue(new PenSample(DOWN, 0, 0, 0f, 0).hasPressure());
        assertFalse(PenSample.of(DOWN, 0, 0, 0).hasPressure());
        assertEquals(InputKind.PEN, PenSample.of(DOWN, 0, 0, 0).kind());
        assertThrows(IllegalArgumentException.class, () -> new PenSample(null, 0, 0, 0, 0));
    }

    /** A MOVE exactly minStep x scale from the last point kept is kept (the test is "closer than"). */
    @Test
    void aMoveOfExactlyTheMinimumStepIsKept() {
        PenEncoder enc = new PenEncoder(false, 0.25f);   // MAX_MIN_STEP itself is allowed
        // after (0,0) and (4,0) the scale is 4 and the minimum step 1: (3,0) is 1 back, kept; (2.5,0) is 0.5 on, skipped
        float[] f = Features.encode(enc, List.of(pt(DOWN, 0, 0), pt(MOVE, 4, 0), pt(MOVE, 3, 0), pt(MOVE, 2.5, 0), pt(UP, 2.5, 0)));
        assertEquals(4 * 11, f.length);
        assertEquals(0.25f, f[2 * 11 + 6], EPS);   // the step of 1 in a shape of 4
        assertEquals(-1f, f[2 * 11 + 4], EPS);
        assertEquals(0.125f, f[3 * 11 + 6], EPS);  // UP: 0.5 from the last point kept, (3,0)
    }

    @Test
    void coordinatesUpToTheLimitAreReadAndNonFiniteOrLargerOnesRefused() {
        PenEncoder enc = new PenEncoder(false);
        float[] st = new float[enc.stateSize()], out = new float[enc.inputSize()];
        float max = PenEncoder.MAX_COORDINATE;
        for (float[] xy : new float[][] {{max, 0}, {0, max}, {-max, 0}, {0, -max}}) {
            enc.reset(st);
            assertTrue(enc.encode(new PenSample(DOWN, xy[0], xy[1], Float.NaN, 0), Long.MIN_VALUE, st, out, 0));
        }
        float over = Math.nextUp(max);
        for (float[] xy : new float[][] {{Float.NaN, 0}, {0, Float.NaN}, {over, 0}, {0, over}, {0, -over},
                {Float.POSITIVE_INFINITY, 0}, {0, Float.NEGATIVE_INFINITY}}) {
            enc.reset(st);
            assertThrows(IllegalArgumentException.class,
                    () -> enc.encode(new PenSample(DOWN, xy[0], xy[1], Float.NaN, 0), Long.MIN_VALUE, st, out, 0),
                    java.util.Arrays.toString(xy));
        }
        assertThrows(IllegalArgumentException.class, () -> enc.encode(ImuSample.accel(0, 0, 1, 0), Long.MIN_VALUE, st, out, 0));
    }

    @Test
    void resetClearsAUsedState() {
        PenEncoder enc = new PenEncoder(false);
        float[] st = new float[enc.stateSize()], out = new float[enc.inputSize()];
        java.util.Arrays.fill(st, 7f);
        enc.reset(st);
        assertArrayEquals(new float[enc.stateSize()], st);
        // a fresh state: the first point has no extent and no direction
        enc.encode(pt(DOWN, 5, 5), Long.MIN_VALUE, st, out, 0);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, out);
        // the encoder writes at the offset it is given and nowhere else
        float[] wide = new float[30];
        java.util.Arrays.fill(wide, 9f);
        enc.encode(pt(MOVE, 5, 6), 0, st, wide, 10);
        assertEquals(9f, wide[9]);
        assertEquals(9f, wide[21]);
        assertArrayEquals(new float[] {0, 0.5f, 0, 1, 0, 1, 1, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(wide, 10, 21), EPS);
    }

    @Test
    void parametersAndTheirLimits() {
        assertArrayEquals(new float[] {2, 0}, new PenEncoder(false).parameters());
        assertArrayEquals(new float[] {2, 1}, new PenEncoder(true, 0f).parameters());
        assertArrayEquals(new float[] {2, 1, 0.1f}, new PenEncoder(true, 0.1f).parameters());
        assertArrayEquals(new float[] {3, 0, 0f}, PenEncoder.forText(false, 0f).parameters());
        assertArrayEquals(new float[] {3, 1, 0.25f}, PenEncoder.forText(true, 0.25f).parameters());
        assertFalse(new PenEncoder(true).text());
        assertTrue(PenEncoder.forText(false, 0f).text());
        assertEquals(InputKind.PEN, new PenEncoder(false).kind());
        assertEquals(11, new PenEncoder(false).stateSize());
        // the bounds of the minimum step are included
        assertEquals(0.25f, new PenEncoder(false, 0.25f).minStep());
        assertEquals(0.25f, PenEncoder.fromParameters(new float[] {2, 0, 0.25f}).minStep());
        assertEquals(0f, PenEncoder.fromParameters(new float[] {2, 0, 0f}).minStep());
        assertEquals(0f, PenEncoder.fromParameters(new float[] {3, 1, 0f}).minStep());
        PenEncoder back = PenEncoder.fromParameters(new float[] {3, 1, 0.1f});
        assertTrue(back.text() && back.usePressure());
        assertEquals(0.1f, back.minStep());
        assertFalse(PenEncoder.fromParameters(new float[] {2, 0}).usePressure());
        for (float[] bad : new float[][] {{2}, {2, 0, 0, 0}, {1, 0}, {4, 0, 0}, {2, 0.5f}, {2, 2}, {2, 0, Math.nextUp(0.25f)},
                {2, 0, -Float.MIN_VALUE}, {2, 0, Float.NaN}, {3, 0}}) {
            assertThrows(IllegalArgumentException.class, () -> PenEncoder.fromParameters(bad), java.util.Arrays.toString(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> new PenEncoder(false, -Float.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new PenEncoder(false, Math.nextUp(0.25f)));
        assertThrows(IllegalArgumentException.class, () -> new PenEncoder(false, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> PenEncoder.forText(false, 0.3f));
    }
}
