package io.gesturestream.app.it;

import io.gesturestream.app.cli.Main;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.kafka.StateReset;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ModelRecord;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failure {@link StateReset} prevents, reproduced end to end: the app runs on a broker,
 * reads a published model and processes gestures, and stops cleanly; the broker is replaced by
 * a new, empty one while the app's state directory stays. Then Kafka Streams on that state
 * fails at start ({@code Updating global state failed}: {@code OffsetOutOfRangeException} on
 * {@code gesture-models-0}); the check sees it before the start, and after the wipe the app
 * starts and answers a new gesture.
 */
class StateResetIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void stateAheadOfAResetClusterIsDetectedAndWipedSoThatTheAppStarts() throws Exception {
        Model model = Model.bundled("pendigits");
        String app = "reset-it";
        Path state = dir.resolve("state");
        Path appDir;
        List<Gesture> before = Fixtures.shapes(1, 1, 5);
        try (EmbeddedKafka first = EmbeddedKafka.start()) {
            AppConfig cfg = first.prepareApp(2, app, state);
            appDir = StateReset.appStateDir(cfg.streamsProperties());
            assertEquals(state.resolve(app).toAbsolutePath(), appDir);
            try (KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), model), cfg.streamsProperties())) {
                streams.start();
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(streams, Duration.ofSeconds(60));
                publish(first, model);  // the global store reads it: its offset on gesture-models-0 becomes 1
                process(first, model, before, "b");  // the session store's changelog partitions fill
                streams.close(Duration.ofSeconds(30));
            }
            assertEquals(Optional.empty(), StateReset.aheadOfCluster(cfg.kafka(), appDir), "in step with its own cluster");
        }

        try (EmbeddedKafka second = EmbeddedKafka.start()) {  // new, empty, on another port
            AppConfig cfg = second.prepareApp(2, app, state);
            String ahead = StateReset.aheadOfCluster(cfg.kafka(), appDir).orElseThrow();
            System.out.println("ahead: " + ahead);
            assertTrue(ahead.contains("gesture-models-0: checkpoint 1, log end 0"), ahead);
            assertTrue(ahead.contains(app + "-gru-sessions-changelog-0: checkpoint ") && ahead.contains(", not on the cluster"), ahead);

            // without the check (on a copy of the state): Kafka Streams fails at start
            Path copy = dir.resolve("copy");
            copyTree(state, copy);
            Properties props = cfg.streamsProperties();
            props.put("state.dir", copy.toString());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try (KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), model), props)) {
                streams.setUncaughtExceptionHandler(e -> {
                    failure.compareAndSet(null, e);
                    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                });
                streams.start();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (streams.state() != KafkaStreams.State.ERROR && System.nanoTime() < until) Thread.sleep(50);
                assertEquals(KafkaStreams.State.ERROR, streams.state(), "Kafka Streams on the stale state");
            }
            Throwable root = failure.get();
            assertTrue(root.getMessage().startsWith("Updating global state failed"), String.valueOf(root));
            while (root.getCause() != null) root = root.getCause();
            assertTrue(root instanceof OffsetOutOfRangeException && root.getMessage().contains("gesture-models-0"), String.valueOf(root));

            // with it: wiped, then the app starts on the same state directory and answers
            List<String> log = new ArrayList<>();
            // described again: the run on the copy above may have created the changelog topics (log end 0) meanwhile
            String aheadNow = StateReset.aheadOfCluster(cfg.kafka(), appDir).orElseThrow();
            assertTrue(StateReset.resetIfAhead(cfg.kafka(), appDir, log::add));
            assertEquals(List.of("state in " + appDir + " is ahead of the cluster (" + aheadNow
                    + "): the cluster was reset; starting with empty local state"), log);
            System.out.println(log.get(0));
            try (KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), model), cfg.streamsProperties())) {
                streams.start();
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(streams, Duration.ofSeconds(60));
                process(second, model, Fixtures.shapes(1, 1, 6).subList(0, 1), "after-reset-");
                streams.close(Duration.ofSeconds(30));
            }
            assertEquals(Optional.empty(), StateReset.aheadOfCluster(cfg.kafka(), appDir), "in step with the new cluster");
            assertTrue(!StateReset.resetIfAhead(cfg.kafka(), appDir, log::add) && log.size() == 1, "nothing more to do: " + log);
        }
    }

    private static void publish(EmbeddedKafka kafka, Model model) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        ModelRecord r = ModelRecord.newBuilder().setName(model.name()).setVersion(model.version()).setChecksum(model.checksum())
                .setPublishedAt(Instant.now()).setModel(ByteBuffer.wrap(ModelFile.write(model))).build();
        try (KafkaProducer<String, ModelRecord> producer = new KafkaProducer<>(p, new StringSerializer(), GestureSerdes.modelRecord().serializer())) {
            producer.send(new ProducerRecord<>(Names.MODELS_TOPIC, model.name(), r)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends the gestures as sessions {@code prefix + i} and waits for each one's final result, bit-equal to the offline recognizer's. */
    private static void process(EmbeddedKafka kafka, Model model, List<Gesture> gestures, String prefix) {
        ItSupport.Finals finals = new ItSupport.Finals(ItSupport.offlineFinals(model, gestures, prefix));
        try (KafkaProducer<String, GestureEvent> producer = ItSupport.producer(kafka);
             KafkaConsumer<String, Prediction> results = ItSupport.reader(kafka)) {
            results.subscribe(List.of(Names.RESULTS_TOPIC));
            for (GestureEvent e : ItSupport.interleaved(gestures, prefix)) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
            producer.flush();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (finals.counts.size() < gestures.size() && System.nanoTime() < until) finals.poll(results, Names.RESULTS_TOPIC);
        }
        assertEquals(gestures.size(), finals.counts.size(), "final results");
        assertEquals(List.of(), finals.mismatches);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            s.forEach(p -> {
                try {
                    Files.copy(p, to.resolve(from.relativize(p).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
