package io.gesturestream.app.config;

/** Which predictions go to {@code gesture-predictions}. Finals always go to {@code gesture-results} too. */
public enum PredictionMode {
    /** One prediction per applied event. */
    EVERY,
    /** Only when the top label changes (and the final one). */
    CHANGE,
    /** Only final predictions. */
    FINAL
}
