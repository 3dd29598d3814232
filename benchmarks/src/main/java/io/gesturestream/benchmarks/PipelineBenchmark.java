package io.gesturestream.benchmarks;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Per-event cost in process: one event through a topology in Kafka Streams' TopologyTestDriver
 * (the real processing code path, a real RocksDB store, no broker), on one thread.
 * <ul>
 *   <li>{@code GRU}: the app's topology: decode, read the session's state, GRU step, write the
 *   state, encode the prediction.</li>
 *   <li>{@code STORE_ONLY}: the same without the GRU: decode, read the stored bytes, write them
 *   back (the size of a real session), encode a prediction of the same size.</li>
 *   <li>{@code PASS_THROUGH}: decode and encode, no store, no GRU.</li>
 * </ul>
 * Each invocation also pays the test driver's own per-record work and the encoding of the input
 * event, the same for all three; the differences are what the store and the GRU cost.
 *
 * <p>The test driver commits after every record: it flushes the stores' caches and RocksDB's
 * memtables and writes the checkpoint file each time, where a running app does so once per commit
 * interval (30 s under at_least_once, 100 ms under exactly_once_v2). The app's topology has a
 * record cache on {@code gru-sessions} and a second store, {@code gru-sessions-idle}, so here it
 * pays that commit in full at every event; {@code STORE_ONLY} has one store and no cache. What an
 * event costs in a running app: the stream threads' CPU per event that {@code bench e2e} reports.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
@State(Scope.Thread)
public class PipelineBenchmark {
    public enum Pipeline { GRU, STORE_ONLY, PASS_THROUGH }

    @Param({"GRU", "STORE_ONLY", "PASS_THROUGH"})
    public Pipeline pipeline;

    private static final int SESSIONS = 50, EVENTS_PER_GESTURE = 40;
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, GestureEvent> in;
    private TestOutputTopic<byte[], byte[]> out, results;
    private final long[] seq = new long[SESSIONS];
    private final String[] ids = new String[SESSIONS];
    private long n;
    private Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Model model = Model.bundled("pendigits");
        stateDir = Files.createTempDirectory("pipeline-bench");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "pipeline-bench");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Topology t = switch (pipeline) {
            case GRU -> GestureTopology.build(StreamSettings.defaults(), model);
            case STORE_ONLY -> withoutGru(model, true);
            case PASS_THROUGH -> withoutGru(model, false);
        };
        driver = new TopologyTestDriver(t, p, now);
        in = driver.createInputTopic(Names.EVENTS_TOPIC, new StringSerializer(), GestureSerdes.gestureEvent().serializer());
        out = driver.createOutputTopic(Names.PREDICTIONS_TOPIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        results = driver.createOutputTopic(Names.RESULTS_TOPIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (int s = 0; s < SESSIONS; s++) ids[s] = "bench-" + s;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        driver.close();
        try (var s = Files.walk(stateDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Benchmark
    public void oneEvent() {
        int s = (int) (n++ % SESSIONS);
        long q = ++seq[s];
        int j = (int) ((q - 1) % (EVENTS_PER_GESTURE + 1));
        GestureEvent e;
        if (j == EVENTS_PER_GESTURE) {
            e = GestureEvent.newBuilder().setSession(ids[s]).setSeq(q).setTimestamp(now).setType(EventType.END)
                    .setSample(null).setLabel(null).build();
        } else {
            double a = j * 2 * Math.PI / EVENTS_PER_GESTURE;
            e = GestureEvent.newBuilder().setSession(ids[s]).setSeq(q).setTimestamp(now)
                    .setType(j == 0 ? EventType.DOWN : EventType.MOVE)
                    .setSample(PenSample.newBuilder().setX((float) (500 + 200 * Math.cos(a))).setY((float) (500 + 200 * Math.sin(a)))
                            .setPressure(null).build()).setLabel(null).build();
        }
        in.pipeInput(ids[s], e, now);
        if ((n & 1023) == 0) {  // the driver keeps outputs until they are read
            out.readRecordsToList();
            if (pipeline == Pipeline.GRU) results.readRecordsToList();
        }
    }

    /** The app's source and sink, and between them a processor that does what gru-step does except the GRU. */
    static Topology withoutGru(Model model, boolean store) {
        AvroSerde<GestureEvent> events = GestureSerdes.gestureEvent();
        AvroSerde<Prediction> predictions = GestureSerdes.prediction();
        int storedSize = 572;  // a stored session of the bundled pendigits model, as StoredSessionTest measures it
        StoreBuilder<KeyValueStore<String, byte[]>> sessions = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.SESSIONS_STORE), Serdes.String(), Serdes.ByteArray());
        int classes = model.labels().size();
        ProcessorSupplier<byte[], byte[], String, Prediction> supplier = new ProcessorSupplier<>() {
            @Override
            public Processor<byte[], byte[], String, Prediction> get() {
                return new Processor<>() {
                    private ProcessorContext<String, Prediction> context;
                    private KeyValueStore<String, byte[]> kv;

                    @Override
                    public void init(ProcessorContext<String, Prediction> context) {
                        this.context = context;
                        if (store) kv = context.getStateStore(Names.SESSIONS_STORE);
                    }

                    @Override
                    public void process(Record<byte[], byte[]> r) {
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        GestureEvent e = events.deserialize(Names.EVENTS_TOPIC, r.value());
                        int steps = 0;
                        if (store) {
                            byte[] b = kv.get(key);
                            if (b == null) b = new byte[storedSize];
                            b[0]++;  // a change, so that the write is a real one
                            kv.put(key, b);
                            steps = b[0];
                        }
                        List<Float> probs = new ArrayList<>(classes);  // built per event, as gru-step does
                        for (int i = 0; i < classes; i++) probs.add((i + 1f + steps) / (classes * (classes + 1f) / 2 + steps * classes));
                        Prediction p = Prediction.newBuilder().setSession(key).setSeq(e.getSeq()).setEventTimestamp(e.getTimestamp())
                                .setModel(model.name()).setModelVersion(model.version()).setSteps(steps).setTopLabel(model.labels().get(0))
                                .setTopProbability(probs.get(0)).setProbabilities(probs).setFinal$(false).setFinalReason(null)
                                .setProcessedAt(Instant.ofEpochMilli(context.currentSystemTimeMs())).build();
                        context.forward(new Record<>(key, p, r.timestamp(), r.headers()));
                    }
                };
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return store ? Set.of(sessions) : null;
            }
        };
        Topology t = new Topology();
        t.addSource(Names.EVENTS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Names.EVENTS_TOPIC);
        t.addProcessor(Names.GRU_STEP, supplier, Names.EVENTS_SOURCE);
        t.addSink(Names.PREDICTIONS_SINK, Names.PREDICTIONS_TOPIC, new StringSerializer(), predictions.serializer(), Names.GRU_STEP);
        return t;
    }
}
