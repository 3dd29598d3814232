package io.gesturestream.tools.bench;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import io.gesturestream.app.kafka.StreamsLifecycle;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.app.topology.Telemetry;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFormatException;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.PenSample;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench restore}: how long the sessions of a stopped instance take to come back on the
 * other one. A real broker in this JVM, two instances of the app on a 4-partition topic, N live
 * sessions (three events each, no END); then one instance leaves the group and the clock runs
 * until the other owns all four tasks and serves every session from its store. With standby
 * replicas the survivor already holds a copy and replays only the tail of the changelog;
 * without, it restores the whole changelog of the partitions it takes over.
 */
public final class RestoreBench {
    private static final int PARTITIONS = 4;
    static final int EVENTS_PER_SESSION = 3;

    /** @param handOverSeconds from the stop of one instance to the other serving all sessions */
    public record Result(int sessions, int standbys, int heartbeatMs, double handOverSeconds, long restoredRecords) {}

    private RestoreBench() {}

    /**
     * @param heartbeatMs the consumers' heartbeat interval (0: Kafka's default, 3 s): the survivor
     *                    learns of the rebalance at its next heartbeat
     */
    public static Result run(int sessions, int standbys, int heartbeatMs, PrintStream log) throws IOException, ModelFormatException, InterruptedException {
        if (sessions < 1 || sessions > 1_000_000) throw new IllegalArgumentException("--sessions must be in [1, 1000000]");
        if (standbys < 0 || standbys > 1) throw new IllegalArgumentException("--standby must be 0 or 1 (two instances)");
        if (heartbeatMs < 0) throw new IllegalArgumentException("--heartbeat-ms must be >= 0");
        Path dir = tempDir();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Model model = Model.bundled("pendigits");
            AppConfig a = kafka.prepareApp(PARTITIONS, "restore-bench", dir.resolve("a"));
            AppConfig b = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_STATE_DIR", dir.resolve("b").toString(), "GESTURE_APPLICATION_ID", "restore-bench"));
            Properties pa = a.streamsProperties(), pb = b.streamsProperties();
            for (Properties p : new Properties[] {pa, pb}) {
                p.put("num.standby.replicas", Integer.toString(standbys));
                if (heartbeatMs > 0) p.put("consumer.heartbeat.interval.ms", Integer.toString(heartbeatMs));
            }
            // no session may time out while the bench runs
            var settings = a.stream().withIdleTimeout(Duration.ofHours(1), Duration.ofSeconds(1));
            var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            try (KafkaStreams first = new KafkaStreams(GestureTopology.build(settings, model, new Telemetry(meters, model)), pa)) {
                first.start();
                StreamsLifecycle.awaitRunning(first, Duration.ofSeconds(60));
                produceLiveSessions(kafka.bootstrapServers(), "restore-", sessions);
                awaitApplied(meters, sessions);
                log.printf("%d sessions live on one instance%n", sessions);
                AtomicLong restored = new AtomicLong();
                try (KafkaStreams second = new KafkaStreams(GestureTopology.build(settings, model), pb)) {
                    second.setGlobalStateRestoreListener(new Counter(restored));
                    second.start();
                    StreamsLifecycle.awaitRunning(second, Duration.ofSeconds(60));
                    if (standbys > 0) awaitStandbysCaughtUp(second);
                    restored.set(0);
                    log.printf("second instance running%s; stopping the first%n", standbys > 0 ? " with its standbys caught up" : "");
                    long t0 = System.nanoTime();
                    first.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(Duration.ofSeconds(60)));
                    log.printf("first instance closed after %.2f s%n", (System.nanoTime() - t0) / 1e9);
                    awaitAllTasks(second, sessions);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    second.close(Duration.ofSeconds(30));
                    return new Result(sessions, standbys, heartbeatMs, seconds, restored.get());
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** {@code sessions} sessions named {@code prefix + i}, each mid-gesture: DOWN and two MOVEs, no END. */
    static void produceLiveSessions(String bootstrap, String prefix, int sessions) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, GestureEvent> producer =
                     new KafkaProducer<>(p, new StringSerializer(), GestureSerdes.gestureEvent().serializer())) {
            for (int s = 0; s < sessions; s++) {
                String id = prefix + s;
                for (int q = 1; q <= EVENTS_PER_SESSION; q++) {
                    GestureEvent e = GestureEvent.newBuilder().setSession(id).setSeq(q).setTimestamp(Instant.now())
                            .setType(q == 1 ? EventType.DOWN : EventType.MOVE)
                            .setSample(PenSample.newBuilder().setX(3f * q + s % 7).setY(5f * q).setPressure(null).build())
                            .setLabel(null).build();
                    producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, id, e));
                }
            }
        }
    }

    /** Sessions in the instance's active stores, counted exactly (-1 while they are not queryable). */
    private static long localSessions(KafkaStreams streams) {
        try {
            var store = streams.store(StoreQueryParameters.fromNameAndType(Names.SESSIONS_STORE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore()));
            long n = 0;
            try (var it = store.all()) {
                for (; it.hasNext(); it.next()) n++;
            }
            return n;
        } catch (InvalidStateStoreException notYet) {
            return -1;
        }
    }

    /** Until the first instance's telemetry counts every event applied. */
    private static void awaitApplied(io.micrometer.core.instrument.MeterRegistry meters, int sessions) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (meters.get("gesture.events").tag("outcome", "applied").counter().count() < (double) sessions * EVENTS_PER_SESSION) {
            if (System.nanoTime() > until) throw new IllegalStateException("the events were not all applied within 5 minutes");
            Thread.sleep(100);
        }
    }

    private static void awaitStandbysCaughtUp(KafkaStreams second) throws InterruptedException {
        // every partition of the store is local (active or standby) and has read its changelog to the end
        long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            var lags = second.allLocalStorePartitionLags().getOrDefault(Names.SESSIONS_STORE, Map.of());
            if (lags.size() == PARTITIONS && lags.values().stream().allMatch(l -> l.offsetLag() == 0)) return;
            if (System.nanoTime() > until) throw new IllegalStateException("the standby replicas did not catch up: " + lags);
            Thread.sleep(100);
        }
    }

    private static void awaitAllTasks(KafkaStreams streams, int sessions) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        // RUNNING with every task active: the restore of each one is complete
        while (streams.state() != KafkaStreams.State.RUNNING
                || streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum() < PARTITIONS) {
            if (System.nanoTime() > until) throw new IllegalStateException("the hand-over did not finish within 5 minutes");
            Thread.sleep(5);
        }
        long n = localSessions(streams);
        if (n != sessions) throw new IllegalStateException("after the hand-over " + n + " of " + sessions + " sessions are served");
    }

    private record Counter(AtomicLong restored) implements StateRestoreListener {
        @Override
        public void onRestoreStart(TopicPartition tp, String store, long startOffset, long endOffset) {
        }

        @Override
        public void onBatchRestored(TopicPartition tp, String store, long batchEndOffset, long numRestored) {
            restored.addAndGet(numRestored);
        }

        @Override
        public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gesture-restore-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a temporary folder and everything in it. */
    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
