package io.gesturestream.model.features;

/**
 * One pen or touch point. {@code x} points right and {@code y} points down, in device units of
 * any scale. A stroke is a DOWN, then a MOVE for each further point, then an UP at its last
 * point; UP carries that point's coordinates.
 *
 * @param pressure in [0, 1], or {@code NaN} when the device does not report it
 */
public record PenSample(Phase phase, float x, float y, float pressure, long t) implements Sample {

    public enum Phase { DOWN, MOVE, UP }

    public PenSample {
        if (phase == null) throw new IllegalArgumentException("pen sample without a phase");
    }

    public static PenSample of(Phase phase, double x, double y, long t) {
        return new PenSample(phase, (float) x, (float) y, Float.NaN, t);
    }

    public boolean hasPressure() {
        return !Float.isNaN(pressure);
    }

    @Override
    public InputKind kind() {
        return InputKind.PEN;
    }
}
