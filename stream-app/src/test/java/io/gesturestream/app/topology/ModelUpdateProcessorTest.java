package io.gesturestream.app.topology;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.ModelRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@code model-updates} on its own, with the Processor API's {@link MockProcessorContext} and an
 * in-memory {@code gesture-models-store}: what it keeps, what it refuses and counts, and what a
 * restarted instance gets back from its store.
 */
class ModelUpdateProcessorTest {
    private static final Model TINY = Fixtures.tinyModel(4, 1, 1);
    private static final Model V2 = Fixtures.tinyModel(4, 1, 2).withInfo("tiny", "2", Map.of());

    private MockProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.MODELS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    /** An instance (its registry, meters and processor) starting on the store as it is. */
    private record Instance(ModelRegistry models, SimpleMeterRegistry meters, ModelUpdateProcessor processor) {
        double rejected() {
            return meters.get("gesture.models.rejected").counter().count();
        }

        String infoVersion() {
            return meters.get("gesture.model.info").gauge().getId().getTag("version");
        }
    }

    private Instance start() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ModelRegistry models = new ModelRegistry(TINY);
        ModelUpdateProcessor p = new ModelUpdateProcessor(models, new Telemetry(meters, TINY));
        p.init(context);
        return new Instance(models, meters, p);
    }

    private static byte[] bytes(ModelRecord r) {
        return GestureSerdes.modelRecord().serialize(Names.MODELS_TOPIC, r);
    }

    private static byte[] published(Model m, int checksum) {
        return bytes(ModelRecord.newBuilder(ModelRegistryTest.record(m, 10)).setChecksum(checksum).build());
    }

    @Test
    void anAcceptedModelIsKeptAndIsCurrentAgainAfterARestart() {
        Instance first = start();
        byte[] v2 = published(V2, V2.checksum());
        assertEquals(List.of(String.format("model tiny version 2 (%08x) accepted; new sessions use %s", V2.checksum(), V2)),
                LogLines.lines("INFO", "ModelUpdateProcessor", () -> first.processor().process(new Record<>("tiny", v2, 10))));
        assertEquals("2", first.models().current().version());
        assertEquals("2", first.infoVersion());
        assertArrayEquals(v2, store.get("tiny"));
        first.processor().process(new Record<>("tiny", null, 11));  // a tombstone
        assertEquals("2", first.models().current().version(), "a tombstone unloads nothing");

        List<Instance> restarted = new java.util.ArrayList<>();
        assertEquals(List.of(), LogLines.lines("INFO", "ModelUpdateProcessor", () -> restarted.add(start())), "offered again quietly");
        Instance again = restarted.get(0);
        assertEquals("2", again.models().current().version(), "offered again from the store");
        assertEquals(V2.checksum(), again.models().current().checksum());
        assertEquals("2", again.infoVersion());
        assertEquals(0.0, again.rejected());
    }

    @Test
    void refusedRecordsAreCountedAndNeverKeptAnotherAppsModelIsPassedOver() {
        Instance i = start();
        i.processor().process(new Record<>("tiny", "not a record".getBytes(StandardCharsets.UTF_8), 1));
        i.processor().process(new Record<>("tiny", published(V2, V2.checksum() + 1), 2));
        byte[] corrupt = ModelFile.write(V2);
        corrupt[corrupt.length / 2] ^= 1;
        i.processor().process(new Record<>("tiny", bytes(ModelRecord.newBuilder(ModelRegistryTest.record(V2, 3))
                .setModel(ByteBuffer.wrap(corrupt)).build()), 3));
        assertEquals(3.0, i.rejected());
        Model other = V2.withInfo("dollar16", "9", Map.of());
        i.processor().process(new Record<>("dollar16", published(other, other.checksum()), 4));
        assertEquals(3.0, i.rejected(), "another app's model is not refused, only passed over");
        assertEquals(0, store.approximateNumEntries(), "none of them is kept");
        assertSame(TINY, i.models().current());
        assertEquals("1", i.infoVersion());
    }

    @Test
    void onRestartAStoredModelThatIsRefusedNowIsCountedAndNotLoaded() {
        store.put("tiny", published(V2, V2.checksum() + 1));
        Instance i = start();
        assertSame(TINY, i.models().current());
        assertEquals(1.0, i.rejected());
    }
}
