package io.gesturestream.model.features;

/**
 * One inertial sample: acceleration in g, and optionally angular rate in deg/s
 * ({@code NaN} when the device has no gyroscope).
 */
public record ImuSample(float ax, float ay, float az, float gx, float gy, float gz, long t) implements Sample {

    public static ImuSample accel(double ax, double ay, double az, long t) {
        return new ImuSample((float) ax, (float) ay, (float) az, Float.NaN, Float.NaN, Float.NaN, t);
    }

    public boolean hasGyro() {
        return !Float.isNaN(gx) && !Float.isNaN(gy) && !Float.isNaN(gz);
    }

    @Override
    public InputKind kind() {
        return InputKind.IMU;
    }
}
