package io.gesturestream.app.topology;

/**
 * Every topic, processor and store name, in one place. They are API: the store name decides
 * its changelog topic, so renaming it throws away every session's hidden state.
 * {@code GestureTopologyTest} guards them against {@code topology.describe()}.
 */
public final class Names {
    private Names() {}

    public static final String EVENTS_TOPIC = "gesture-events";
    public static final String PREDICTIONS_TOPIC = "gesture-predictions";
    public static final String RESULTS_TOPIC = "gesture-results";
    public static final String DLQ_TOPIC = "gesture-events-dlq";
    /** Compacted: published models, keyed by model name. */
    public static final String MODELS_TOPIC = "gesture-models";

    public static final String EVENTS_SOURCE = "gesture-events-source";
    public static final String GRU_STEP = "gru-step";
    public static final String SESSIONS_STORE = "gru-sessions";
    /** Sessions by when they fall due for the idle timeout; no changelog: rebuilt from {@link #SESSIONS_STORE} when a task starts. */
    public static final String IDLE_INDEX_STORE = "gru-sessions-idle";
    public static final String PREDICTIONS_SINK = "gesture-predictions-sink";
    public static final String RESULTS_SINK = "gesture-results-sink";
    public static final String DLQ_SINK = "gesture-events-dlq-sink";
    public static final String MODELS_SOURCE = "gesture-models-source";
    public static final String MODEL_UPDATES = "model-updates";
    public static final String MODELS_STORE = "gesture-models-store";
}
