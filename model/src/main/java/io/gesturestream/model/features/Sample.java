package io.gesturestream.model.features;

/** One event of a gesture, as the recognizer sees it. */
public sealed interface Sample permits PenSample, ImuSample {
    /** Event time, ms since the epoch (or any monotonic ms clock). */
    long t();

    /** Which kind of model can read this sample. */
    InputKind kind();
}
