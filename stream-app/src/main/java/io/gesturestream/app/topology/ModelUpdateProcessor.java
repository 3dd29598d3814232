package io.gesturestream.app.topology;

import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.ModelRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Global processor {@code model-updates}: every instance reads every record of the compacted
 * {@code gesture-models} topic. A model the registry accepts is kept in the global store and
 * becomes current for new sessions; a record of another model's name is another app's (the demo
 * runs several on one topic) and is passed over with an INFO line; anything else (bytes that are
 * not a ModelRecord, a corrupt or tampered file, a file whose name is not its record's, the other
 * kind of input) is refused with a log line and a metric, and never loaded. On start, the models
 * in the store are offered again.
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdateProcessor.class);

    private final ModelRegistry models;
    private final Telemetry telemetry;
    private final AvroSerde<ModelRecord> serde = GestureSerdes.modelRecord();
    private KeyValueStore<String, byte[]> store;

    ModelUpdateProcessor(ModelRegistry models, Telemetry telemetry) {
        this.models = models;
        this.telemetry = telemetry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(Names.MODELS_STORE);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) offer(it.next().value, false);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) return;  // a tombstone: the models already loaded stay
        if (offer(record.value(), true)) store.put(record.key(), record.value());
    }

    private boolean offer(byte[] value, boolean log) {
        ModelRecord r;
        try {
            r = serde.deserialize(Names.MODELS_TOPIC, value);
        } catch (RuntimeException e) {
            refused("not a ModelRecord: " + e.getMessage(), log);
            return false;
        }
        if (!r.getName().equals(models.current().name())) {   // another app's model on the shared topic: not a refusal
            if (log) LOG.info("model {} version {} is for the instances that serve {}; this one serves {}", r.getName(), r.getVersion(),
                    r.getName(), models.current().name());
            return false;
        }
        String why = models.offer(r);
        if (why != null) {
            refused(r.getName() + " version " + r.getVersion() + ": " + why, log);
            return false;
        }
        telemetry.modelAccepted(models);
        if (log) {
            LOG.info("model {} version {} ({}) accepted; new sessions use {}", r.getName(), r.getVersion(),
                    String.format("%08x", r.getChecksum()), models.current());
        }
        return true;
    }

    private void refused(String why, boolean log) {
        telemetry.modelRejected();
        if (log) LOG.warn("model refused, not loaded: {}", why);
    }
}
