package io.gesturestream.model.features;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IMU features worked out by hand from {@link ImuEncoder}'s class comment: a / 2, (a - g~) / 2 with
 * g~ += (1 - e^(-dt/tau)) (a - g~), w / 500. With the low-pass at a on the previous sample, the
 * dynamic part after a step of dt is (a - a_prev) e^(-dt/tau) / 2.
 */
class ImuEncoderValuesTest {
    private static final float EPS = 1e-6f;
    private static final double E1 = Math.exp(-1);

    @Test
    void everyFeatureOfAFewSamplesByHand() {
        ImuEncoder enc = new ImuEncoder(true, 100f);
        float[] st = new float[enc.stateSize()], out = new float[enc.inputSize()];
        enc.reset(st);
        // s0: the filter starts at a; gyro (100, -250, 50) / 500
        assertTrue(enc.encode(new ImuSample(0.5f, -1f, 2f, 100f, -250f, 50f, 0), Long.MIN_VALUE, st, out, 0));
        assertArrayEquals(new float[] {0.25f, -0.5f, 1f, 0, 0, 0, 0.2f, -0.5f, 0.1f}, out, EPS, "s0");
        // s1, 100 ms = tau later: a = (1.5, 1, 10), z clipped to 8; no gyro on this sample (zeros)
        //   dynamic = (a - a0) e^-1 / 2 = (1, 2, 6) e^-1 / 2
        enc.encode(ImuSample.accel(1.5, 1, 10, 100), 0, st, out, 0);
        assertArrayEquals(new float[] {0.75f, 0.5f, 4f, (float) (E1 / 2), (float) E1, (float) (3 * E1), 0, 0, 0}, out, EPS, "s1");
        // the filter itself: g~ = a0 + (1 - e^-1)(a - a0)
        assertArrayEquals(new float[] {1f, (float) (0.5 + (1 - E1)), (float) (-1 + 2 * (1 - E1)), (float) (2 + 6 * (1 - E1))}, st, EPS);
        // s2 at an earlier time (a clock going back): dt = 0, the filter does not move
        float[] before = st.clone();
        enc.encode(ImuSample.accel(-2, -3, -9, 50), 100, st, out, 0);
        assertArrayEquals(before, st);
        assertArrayEquals(new float[] {-1f, -1.5f, -4f, (-2 - before[1]) / 2, (-3 - before[2]) / 2, (-8 - before[3]) / 2, 0, 0, 0},
                out, EPS, "s2");
        // s3 with no previous time (Long.MIN_VALUE) on a started state: dt = 0 too
        enc.encode(ImuSample.accel(0, 0, 0, 60), Long.MIN_VALUE, st, out, 0);
        assertArrayEquals(before, st);
        // s4 five seconds later: dt is capped at 1 s = 10 tau, g~ moves by (1 - e^-10) of the way
        enc.encode(ImuSample.accel(0, 0, 0, 5060), 60, st, out, 0);
        double k = Math.exp(-10);
        assertArrayEquals(new float[] {1f, (float) (before[1] * k), (float) (before[2] * k), (float) (before[3] * k)}, st, 1e-5f);
        assertArrayEquals(new float[] {0, 0, 0, (float) (-before[1] * k / 2), (float) (-before[2] * k / 2), (float) (-before[3] * k / 2),
                0, 0, 0}, out, 1e-5f, "s4");
    }

    @Test
    void accelerationIsClippedToEightGOnEachAxis() {
        ImuEncoder enc = new ImuEncoder(false, 100f);
        float[] f = Features.encode(enc, java.util.List.of(ImuSample.accel(-20, 8.5, 7.5, 0)));
        assertArrayEquals(new float[] {-4f, 4f, 3.75f, 0, 0, 0}, f, EPS);
    }

    @Test
    void withoutAGyroscopeTheAngularRateIsNeitherReadNorChecked() {
        ImuEncoder noGyro = new ImuEncoder(false, 100f), gyro = new ImuEncoder(true, 100f);
        assertEquals(6, noGyro.inputSize());
        assertEquals(9, gyro.inputSize());
        ImuSample inf = new ImuSample(0, 0, 1, Float.POSITIVE_INFINITY, 0, 0, 0);
        assertArrayEquals(new float[] {0, 0, 0.5f, 0, 0, 0}, Features.encode(noGyro, java.util.List.of(inf)));
        // with one: an infinite rate is refused on any axis, a missing one (NaN) reads as 0
        for (ImuSample bad : new ImuSample[] {inf, new ImuSample(0, 0, 1, 0, Float.NEGATIVE_INFINITY, 0, 0),
                new ImuSample(0, 0, 1, 0, 0, Float.POSITIVE_INFINITY, 0)}) {
            assertThrows(IllegalArgumentException.class, () -> Features.encode(gyro, java.util.List.of(bad)), bad.toString());
        }
        assertArrayEquals(new float[] {0, 0, 0.5f, 0, 0, 0, 0, 0, 0},
                Features.encode(gyro, java.util.List.of(new ImuSample(0, 0, 1, 5f, Float.NaN, 5f, 0))));
    }

    @Test
    void nonFiniteAccelerationOnAnyAxisIsRefused() {
        ImuEncoder enc = new ImuEncoder(false, 100f);
        for (ImuSample bad : new ImuSample[] {ImuSample.accel(Double.NaN, 0, 0, 0), ImuSample.accel(0, Double.POSITIVE_INFINITY, 0, 0),
                ImuSample.accel(0, 0, Double.NaN, 0)}) {
            assertThrows(IllegalArgumentException.class, () -> Features.encode(enc, java.util.List.of(bad)), bad.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> Features.encode(enc, java.util.List.of(PenSample.of(PenSample.Phase.DOWN, 0, 0, 0))));
    }

    @Test
    void hasGyroNeedsAllThreeRates() {
        assertTrue(new ImuSample(0, 0, 0, 1, 2, 3, 0).hasGyro());
        assertFalse(new ImuSample(0, 0, 0, Float.NaN, 2, 3, 0).hasGyro());
        assertFalse(new ImuSample(0, 0, 0, 1, Float.NaN, 3, 0).hasGyro());
        assertFalse(new ImuSample(0, 0, 0, 1, 2, Float.NaN, 0).hasGyro());
        assertFalse(ImuSample.accel(0, 0, 1, 0).hasGyro());
        assertEquals(InputKind.IMU, ImuSample.accel(0, 0, 1, 0).kind());
    }

    @Test
    void resetClearsAUsedState() {
        ImuEncoder enc = new ImuEncoder(false, 100f);
        float[] st = {1f, 5f, 5f, 5f}, out = new float[6];
        enc.reset(st);
        assertArrayEquals(new float[4], st);
        enc.encode(ImuSample.accel(1, 2, 3, 0), 0, st, out, 0);
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f, 0, 0, 0}, out, "a fresh state starts the filter at the sample");
    }

    @Test
    void parametersAndTheirLimits() {
        ImuEncoder enc = new ImuEncoder(true, 250f);
        assertArrayEquals(new float[] {1, 1, 250}, enc.parameters());
        assertArrayEquals(new float[] {1, 0, 0.5f}, new ImuEncoder(false, 0.5f).parameters());
        assertEquals(InputKind.IMU, enc.kind());
        assertEquals(4, enc.stateSize());
        assertArrayEquals(new float[] {1, 0, Float.MIN_VALUE}, ImuEncoder.fromParameters(new float[] {1, 0, Float.MIN_VALUE}).parameters());
        assertEquals(9, ImuEncoder.fromParameters(new float[] {1, 1, 100}).inputSize());
        assertEquals(6, ImuEncoder.fromParameters(new float[] {1, 0, 100}).inputSize());
        for (float[] bad : new float[][] {{1, 0}, {1, 0, 100, 0}, {2, 0, 100}, {1, 0.5f, 100}, {1, 2, 100}, {1, 0, 0},
                {1, 0, -1}, {1, 0, Float.NaN}, {1, 0, Float.POSITIVE_INFINITY}}) {
            assertThrows(IllegalArgumentException.class, () -> ImuEncoder.fromParameters(bad), java.util.Arrays.toString(bad));
        }
        // a tau of 0 is refused as a parameter list, before the constructor sees it
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImuEncoder.fromParameters(new float[] {1, 0, 0f}))
                .getMessage().startsWith("IMU encoder parameters must be [1, useGyro 0|1, tau ms > 0], got [1.0, 0.0, 0.0]"));
        for (float tau : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new ImuEncoder(false, tau), "tau " + tau);
        }
        assertEquals(Float.MIN_VALUE, new ImuEncoder(false, Float.MIN_VALUE).parameters()[2]);
    }
}
