package io.gesturestream.app.it;

import io.gesturestream.app.kafka.EmbeddedKafka;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app in its own JVM ({@code gesture-stream.jar run}), killed with SIGKILL mid-stream and
 * restarted on the same state directory, against a real broker in the test JVM. Every gesture
 * still gets a final result bit-equal to the offline recognizer's; under exactly_once_v2
 * exactly one (read_committed); under at_least_once duplicates of a final are allowed and
 * counted, but none differs.
 */
class CrashRecoveryIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aKilledAppRestartsWithoutLosingOrChangingAResult(String guarantee) throws Exception {
        Model model = Model.bundled("pendigits");
        List<Gesture> gestures = Fixtures.shapes(15, 1, 11);
        Map<String, List<Float>> expected = ItSupport.offlineFinals(model, gestures, "c");
        List<GestureEvent> all = ItSupport.interleaved(gestures, "c");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.prepareApp(4, "unused", dir);
            Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_STATE_DIR", dir.resolve("app-state").toString(), "GESTURE_APPLICATION_ID", "crash-" + guarantee.replace('_', '-'),
                    "KAFKA_PROCESSING_GUARANTEE", guarantee, "KAFKA_COMMIT_INTERVAL_MS", "200",
                    "KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000", "GESTURE_CREATE_TOPICS", "false",
                    "GESTURE_IDLE_TIMEOUT_MS", "600000");
            ItSupport.Finals finals = new ItSupport.Finals(expected);
            List<Process> started = new ArrayList<>();  // every app process this test starts is stopped by it
            try (KafkaConsumer<String, Prediction> results = ItSupport.reader(kafka)) {
                results.subscribe(List.of(Names.RESULTS_TOPIC, Names.PREDICTIONS_TOPIC));
                Process app = start(env, dir.resolve("app-1.log"), started);
                try (KafkaProducer<String, GestureEvent> producer = ItSupport.producer(kafka)) {
                    int half = all.size() / 2;
                    for (GestureEvent e : all.subList(0, half)) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                    producer.flush();
                    // mid-stream: predictions are flowing, no gesture has ended yet
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                    while (finals.predictions < 200 && System.nanoTime() < until) finals.poll(results, Names.RESULTS_TOPIC);
                    assertTrue(finals.predictions >= 200, "the app produced predictions before the crash");
                    app.destroyForcibly();  // SIGKILL
                    app.waitFor(30, TimeUnit.SECONDS);
                    start(env, dir.resolve("app-2.log"), started);
                    for (GestureEvent e : all.subList(half, all.size())) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                    producer.flush();
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                while (finals.counts.size() < gestures.size() && System.nanoTime() < until) finals.poll(results, Names.RESULTS_TOPIC);
                long more = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);  // late duplicates
                while (System.nanoTime() < more) finals.poll(results, Names.RESULTS_TOPIC);
            } finally {
                for (Process p : started) {
                    p.destroy();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertEquals(List.of(), finals.mismatches, "final results that differ from the offline recognizer");
            assertEquals(gestures.size(), finals.counts.size(), "gestures with a final result");
            int duplicates = finals.counts.values().stream().mapToInt(n -> n - 1).sum();
            System.out.println("crash test " + guarantee + ": " + gestures.size() + " finals, " + duplicates + " duplicated");
            if (guarantee.equals("exactly_once_v2")) assertEquals(0, duplicates, "duplicated finals under exactly_once_v2");
        }
    }

    private static Process start(Map<String, String> env, Path log, List<Process> started) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File jar = Path.of("target", "gesture-stream.jar").toFile();
        assertTrue(jar.isFile(), "run after package: " + jar.getAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-jar", jar.getPath(), "run");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        started.add(p);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until && p.isAlive() && !Files.readString(log).contains("gesture-stream running")) Thread.sleep(50);
        assertTrue(p.isAlive(), "the app died: " + Files.readString(log));
        return p;
    }
}
