package io.gesturestream.app.topology;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Model;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Set;

/**
 * The gesture-stream topology, built by a pure function: it reads no environment, opens no
 * files and starts nothing.
 * <pre>
 *   gesture-events (raw bytes, key = session)
 *      -> gru-step [store gru-sessions: session -> packed state, cached;
 *                   store gru-sessions-idle: (due time, session), no changelog]
 *            -> gesture-predictions   (every event / top-label changes / finals, by setting)
 *            -> gesture-results       (finals only)
 *            -> gesture-events-dlq    (invalid input, with the reason)
 * </pre>
 * Events are read as bytes and decoded inside {@code gru-step}, so that a record that does not
 * decode is dead-lettered with its original bytes and source position, the same way as one that
 * decodes but is invalid, and the app keeps running.
 */
public final class GestureTopology {
    private GestureTopology() {}

    public static Topology build(StreamSettings settings, Model model) {
        return build(settings, model, Telemetry.none(model));
    }

    /** The topology, reporting to {@code telemetry} (one per app instance). */
    public static Topology build(StreamSettings settings, Model model, Telemetry telemetry) {
        return build(settings, new ModelRegistry(model), telemetry);
    }

    /**
     * The topology, starting from the registry's current model and taking newer ones from the
     * {@code gesture-models} topic (a global store, so that every instance switches).
     */
    public static Topology build(StreamSettings settings, ModelRegistry models, Telemetry telemetry) {
        AvroSerde<GestureEvent> events = GestureSerdes.gestureEvent();
        AvroSerde<Prediction> predictions = GestureSerdes.prediction();
        AvroSerde<DeadLetter> deadLetters = GestureSerdes.deadLetter();
        // cached: a session written many times between two commits reaches RocksDB and its changelog once
        StoreBuilder<KeyValueStore<String, byte[]>> sessions = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.SESSIONS_STORE), Serdes.String(), Serdes.ByteArray()).withCachingEnabled();
        StoreBuilder<KeyValueStore<Bytes, byte[]>> idleIndex = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.IDLE_INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled();
        IdleClock.Holds holds = new IdleClock.Holds();  // shared by the tasks of each stream thread
        ProcessorSupplier<byte[], byte[], Object, Object> gruStep = new ProcessorSupplier<>() {
            @Override
            public Processor<byte[], byte[], Object, Object> get() {
                return new GruStepProcessor(settings, models, events, telemetry, holds);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(sessions, idleIndex);
            }
        };
        Topology t = new Topology();
        t.addSource(Names.EVENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Names.EVENTS_TOPIC);
        t.addProcessor(Names.GRU_STEP, gruStep, Names.EVENTS_SOURCE);
        t.addSink(Names.PREDICTIONS_SINK, Names.PREDICTIONS_TOPIC, new StringSerializer(), predictions.serializer(), Names.GRU_STEP);
        t.addSink(Names.RESULTS_SINK, Names.RESULTS_TOPIC, new StringSerializer(), predictions.serializer(), Names.GRU_STEP);
        t.addSink(Names.DLQ_SINK, Names.DLQ_TOPIC, new ByteArraySerializer(), deadLetters.serializer(), Names.GRU_STEP);
        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.MODELS_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(), Names.MODELS_SOURCE, new StringDeserializer(),
                new ByteArrayDeserializer(), Names.MODELS_TOPIC, Names.MODEL_UPDATES, () -> new ModelUpdateProcessor(models, telemetry));
        return t;
    }
}
