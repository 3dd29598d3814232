package io.gesturestream.app.it;

import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the integration tests share: expected answers, event streams, clients, and a tally of final results. */
public final class ItSupport {
    private ItSupport() {}

    /** The pendigits test file, or the test is skipped where the datasets are absent. */
    public static Path pendigitsTest() {
        Path tes = Path.of(System.getProperty("gesture.datasets", "../shared/datasets"), "pendigits/pendigits-orig.tes");
        assumeTrue(Files.isRegularFile(tes), "datasets not found");
        return tes;
    }

    /** Session {@code prefix + i} -> the offline recognizer's final probabilities for gesture i. */
    static Map<String, List<Float>> offlineFinals(Model model, List<Gesture> gestures, String prefix) {
        Map<String, List<Float>> expected = new HashMap<>();
        Recognizer offline = new Recognizer(model);
        for (int i = 0; i < gestures.size(); i++) {
            SessionState s = offline.newSession();
            float[] p = null;
            for (var x : gestures.get(i).samples()) p = offline.step(s, x);
            List<Float> l = new ArrayList<>();
            for (float v : p) l.add(v);
            expected.put(prefix + i, l);
        }
        return expected;
    }

    /** Every gesture's events as session {@code prefix + i}, sessions interleaved event by event. */
    static List<GestureEvent> interleaved(List<Gesture> gestures, String prefix) {
        return interleaved(gestures, prefix, 0);
    }

    /** The same, with sessions numbered from {@code first}. */
    static List<GestureEvent> interleaved(List<Gesture> gestures, String prefix, int first) {
        List<List<GestureEvent>> per = new ArrayList<>();
        for (int i = 0; i < gestures.size(); i++) per.add(GestureEvents.of(prefix + (first + i), gestures.get(i), 1, 0));
        return interleave(per);
    }

    /** The sessions' events interleaved event by event: each session's first, then each one's second, ... */
    static List<GestureEvent> interleave(List<List<GestureEvent>> perSession) {
        List<GestureEvent> all = new ArrayList<>();
        for (int j = 0; ; j++) {
            int before = all.size();
            for (List<GestureEvent> es : perSession) if (j < es.size()) all.add(es.get(j));
            if (all.size() == before) return all;
        }
    }

    static KafkaProducer<String, GestureEvent> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p, new StringSerializer(), GestureSerdes.gestureEvent().serializer());
    }

    /** A reader of committed predictions from the beginning, in a group of its own. */
    static KafkaConsumer<String, Prediction> reader(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "it-reader-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), GestureSerdes.prediction().deserializer());
    }

    /** A loopback port free at the time of asking. */
    public static int freePort() throws java.io.IOException {
        return freePorts(1)[0];
    }

    /** {@code n} loopback ports free at the time of asking, all different. */
    public static int[] freePorts(int n) throws java.io.IOException {
        return io.gesturestream.tools.EmbeddedKafka.freePorts(n, 0);
    }

    /**
     * The production app, {@code stream-app/target/gesture-stream-app.jar run}, in a JVM of its own,
     * its output in {@code log}; the caller stops it.
     */
    static Process startApp(Map<String, String> env, Path log) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.io.File jar = Path.of("..", "stream-app", "target", "gesture-stream-app.jar").toFile();
        if (!jar.isFile()) throw new IllegalStateException("run after package: " + jar.getAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-jar", jar.getPath(), "run");
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("GESTURE_HTTP_PORT", "-1");  // no endpoints unless the test asks for them
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /**
     * The app's settings for a crash test under {@code guarantee}: its state in {@code state}, the
     * topics already made, no idle timeout within the test; under at_least_once a commit interval
     * (60 s) that no commit comes within before the kill, so every event is delivered again after
     * the restart; under exactly_once_v2 a commit every 200 ms. Mutable: a test adds its own.
     */
    static Map<String, String> crashEnv(io.gesturestream.tools.EmbeddedKafka kafka, Path state, String appId, String guarantee) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_STATE_DIR", state.toString());
        env.put("GESTURE_APPLICATION_ID", appId + "-" + guarantee.replace('_', '-'));
        env.put("KAFKA_PROCESSING_GUARANTEE", guarantee);
        env.put("KAFKA_COMMIT_INTERVAL_MS", guarantee.equals("exactly_once_v2") ? "200" : "60000");
        env.put("KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000");
        env.put("GESTURE_CREATE_TOPICS", "false");
        env.put("GESTURE_IDLE_TIMEOUT_MS", "600000");
        return env;
    }

    /** {@link #startApp}, added to {@code started} (which the caller stops), once its log says it is running. */
    static Process startRunning(Map<String, String> env, Path log, List<Process> started) throws Exception {
        Process p = startApp(env, log);
        started.add(p);
        awaitLine(log, "gesture-stream running", p);
        return p;
    }

    /** Waits up to 60 s for {@code line} in the app's log; fails if the app dies first. */
    static void awaitLine(Path log, String line, Process p) throws Exception {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until && p.isAlive() && !Files.readString(log).contains(line)) Thread.sleep(50);
        org.junit.jupiter.api.Assertions.assertTrue(Files.readString(log).contains(line), "the app did not start: " + Files.readString(log));
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Final results read so far: how many per session, and which differ from the expected ones. */
    static final class Finals {
        final Map<String, Integer> counts = new HashMap<>();
        final List<String> mismatches = new ArrayList<>();
        long predictions;
        private final Map<String, List<Float>> expected;

        Finals(Map<String, List<Float>> expected) {
            this.expected = expected;
        }

        /** Polls once; records on {@code resultsTopic} are finals, others are counted as predictions. */
        void poll(KafkaConsumer<String, Prediction> c, String resultsTopic) {
            for (ConsumerRecord<String, Prediction> rec : c.poll(Duration.ofMillis(200))) {
                if (!rec.topic().equals(resultsTopic)) {
                    predictions++;
                    continue;
                }
                counts.merge(rec.key(), 1, Integer::sum);
                if (!expected.get(rec.key()).equals(rec.value().getProbabilities())) mismatches.add(rec.key());
            }
        }
    }
}
