package io.gesturestream.app.topology;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Model;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole event path on hostile input: bytes, the serde, validation, the recognizer's step,
 * and the stored state's round trip, through the real topology and its RocksDB store. Inputs
 * are events built from fuzzed fields (absurd numbers, long strings, any type and timestamp),
 * such events with bytes damaged, and raw bytes. Whatever comes in, the topology does not
 * throw; every prediction is a probability distribution; every dead letter says why; and the
 * session's stored state reads back to the same bytes.
 */
class EventPathFuzzTest {
    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
    private static TopologyTestDriver driver;
    private static TestInputTopic<byte[], byte[]> in;
    private static TestOutputTopic<String, Prediction> predictions;
    private static TestOutputTopic<byte[], DeadLetter> dlq;
    private static KeyValueStore<String, byte[]> store;
    private static Model model;
    private static final AvroSerde<GestureEvent> SERDE = GestureSerdes.gestureEvent();
    private static long wallMs = START.toEpochMilli();
    @TempDir
    static Path stateDir;

    private static void init() throws Exception {
        model = Model.bundled("pendigits");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "event-path-fuzz");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamSettings settings = StreamSettings.defaults().withMaxSessions(200).withMaxEvents(50);
        driver = new TopologyTestDriver(GestureTopology.build(settings, model), p, START);
        in = driver.createInputTopic(Names.EVENTS_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(Names.PREDICTIONS_TOPIC, new StringDeserializer(), GestureSerdes.prediction());
        dlq = driver.createOutputTopic(Names.DLQ_TOPIC, new ByteArrayDeserializer(), GestureSerdes.deadLetter());
        store = driver.getKeyValueStore(Names.SESSIONS_STORE);
    }

    /**
     * Closes the driver and so its RocksDB store: a store still open when the JVM exits can abort
     * it in RocksDB's native teardown (a CI run ended in {@code std::bad_alloc} after every test
     * had passed, failing the fork). JUnit removes {@link #stateDir} after this.
     */
    @AfterAll
    static void close() {
        if (driver == null) return;
        driver.close();
        driver = null;
    }

    @FuzzTest(maxDuration = "10s")
    void anyInputIsAppliedOrDeadLettered(FuzzedDataProvider data) throws Exception {
        if (driver == null) init();
        int mode = data.consumeInt(0, 3);
        byte[] key, value;
        long recordTs = wallMs + data.consumeLong(-Duration.ofDays(10).toMillis(), Duration.ofDays(10).toMillis()) / (data.consumeBoolean() ? 1 : 100_000);
        if (mode == 3) {
            key = data.consumeBoolean() ? null : data.consumeBytes(300);
            value = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
        } else {
            GestureEvent e = event(data);
            key = e.getSession().getBytes(StandardCharsets.UTF_8);
            value = SERDE.serialize(Names.EVENTS_TOPIC, e);
            if (mode == 1) {
                int edits = data.consumeInt(1, 6);
                for (int i = 0; i < edits; i++) value[data.consumeInt(0, value.length - 1)] = data.consumeByte();
                value = Arrays.copyOf(value, data.consumeInt(0, value.length + 8));
            } else if (mode == 2) {
                value = concat(Arrays.copyOf(value, 10), data.consumeRemainingAsBytes());  // a valid header, then anything
            }
        }
        if (data.remainingBytes() > 0 && data.consumeBoolean()) {
            int ms = data.consumeInt(0, 4_000);
            wallMs += ms;
            driver.advanceWallClockTime(Duration.ofMillis(ms));
        }
        in.pipeInput(key, value, Math.max(0, recordTs));

        for (Prediction p : predictions.readValuesToList()) {
            float sum = 0;
            for (float v : p.getProbabilities()) {
                assertTrue(v >= 0 && v <= 1, "probability " + v);
                sum += v;
            }
            assertEquals(1f, sum, 1e-3f);
        }
        for (DeadLetter d : dlq.readValuesToList()) assertFalse(d.getErrorMessage().isBlank());
        if (key != null) {
            byte[] stored = store.get(new String(key, StandardCharsets.UTF_8));
            if (stored != null) assertArrayEquals(stored, StoredSession.fromBytes(stored, model).toBytes());
        }
    }

    private static GestureEvent event(FuzzedDataProvider data) {
        String session = data.consumeBoolean() ? "s" + data.consumeInt(0, 7) : data.consumeString(300);
        EventType type = data.pickValue(EventType.values());
        Object sample = switch (data.consumeInt(0, 2)) {
            case 0 -> null;
            case 1 -> PenSample.newBuilder().setX(coordinate(data)).setY(coordinate(data))
                    .setPressure(data.consumeBoolean() ? null : data.consumeFloat()).build();
            default -> ImuSample.newBuilder().setAx(data.consumeFloat()).setAy(data.consumeFloat()).setAz(data.consumeFloat())
                    .setGx(data.consumeBoolean() ? null : data.consumeFloat()).setGy(null).setGz(null).build();
        };
        long t = data.consumeBoolean() ? data.consumeLong() : wallMs + data.consumeInt(-100_000, 100_000);
        return GestureEvent.newBuilder().setSession(session).setSeq(data.consumeBoolean() ? data.consumeLong() : data.consumeInt(0, 60))
                .setTimestamp(Instant.ofEpochMilli(Math.max(-10_000_000_000_000L, Math.min(10_000_000_000_000L, t))))
                .setType(type).setSample(sample).setLabel(data.consumeBoolean() ? null : data.consumeString(300)).build();
    }

    private static float coordinate(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.consumeFloat() : data.consumeInt(-2000, 2000);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
