package io.gesturestream.model.features;

/** What a model reads: pen (or touch) trajectories, or inertial sensor samples. */
public enum InputKind {
    PEN,
    IMU
}
