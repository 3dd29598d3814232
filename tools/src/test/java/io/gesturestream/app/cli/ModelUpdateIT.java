package io.gesturestream.app.cli;

import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.ops.Observability;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.ModelRegistry;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running app switches models without a restart: {@code publish-model} puts version 2 on the
 * compacted {@code gesture-models} topic; the session in progress finishes on version 1, a new
 * session runs on version 2, each bit-equal to its model offline; {@code /sessions/{id}} reads each
 * with the model it ran on, also after a restart; a corrupt model record is refused (metric) and
 * changes nothing; {@code publish-model} itself refuses a tampered file.
 */
class ModelUpdateIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aPublishedModelIsUsedWithoutARestart() throws Exception {
        Model v1 = Model.bundled("pendigits");
        float[] w = v1.parameters().clone();
        for (int i = 0; i < w.length; i += 5) w[i] *= 0.7f;
        Model v2 = new Model(v1.name(), "2", v1.shape(), v1.encoder(), v1.labels(), Map.of("note", "test"), w);
        Path v2File = dir.resolve("pendigits-v2.gru");
        Files.write(v2File, ModelFile.write(v2));
        Gesture g = Fixtures.shape("circle", "w", new SplittableRandom(61));
        List<GestureEvent> old = GestureEvents.of("old", g, 1, 0), fresh = GestureEvents.of("new", g, 1, 0);
        int port = io.gesturestream.app.it.ItSupport.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.prepareApp(4, "unused", dir);
            AppConfig cfg = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_STATE_DIR", dir.resolve("state").toString(), "GESTURE_APPLICATION_ID", "model-update",
                    "GESTURE_HTTP_PORT", Integer.toString(port), "GESTURE_IDLE_TIMEOUT_MS", "600000"));
            ModelRegistry models = new ModelRegistry(v1);
            try (Observability ops = new Observability(models);
                 KafkaStreams app = new KafkaStreams(GestureTopology.build(cfg.stream(), models, ops.telemetry()),
                         cfg.streamsProperties());
                 KafkaProducer<String, GestureEvent> producer = producer(kafka);
                 KafkaConsumer<String, Prediction> results = results(kafka)) {
                ops.start(app, cfg.http(), "GESTURE_HTTP_PORT");
                app.start();
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(app, Duration.ofSeconds(60));
                for (GestureEvent e : old.subList(0, 8)) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                producer.flush();
                awaitMetric(port, "gesture_events_total{outcome=\"applied\"} 8.0");

                ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
                int code = new Main(new PrintStream(out, true), new PrintStream(err, true), io.gesturestream.tools.Main.commands())
                        .run(new String[] {"publish-model", "--model", v2File.toString(), "--bootstrap", kafka.bootstrapServers()}, Map.of());
                assertEquals(0, code, err.toString());
                assertTrue(out.toString().contains("published pendigits"), out.toString());
                awaitMetric(port, "version=\"2\"} 1");  // gesture_model_info names the model new sessions use
                assertTrue(!metrics(port).contains("version=\"1\"}"), "and only that one");

                for (GestureEvent e : old.subList(8, old.size())) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                for (GestureEvent e : fresh) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                producer.flush();
                Map<String, Prediction> finals = new HashMap<>();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (finals.size() < 2 && System.nanoTime() < until) {
                    for (ConsumerRecord<String, Prediction> r : results.poll(Duration.ofMillis(200))) finals.put(r.key(), r.value());
                }
                assertEquals(v1.version(), finals.get("old").getModelVersion(), "the session in progress finished on its model");
                assertEquals(offline(v1, old), finals.get("old").getProbabilities());
                assertEquals("2", finals.get("new").getModelVersion(), "the new session started on the published model");
                assertEquals(offline(v2, fresh), finals.get("new").getProbabilities());
                // a live query reads each session with the model it ran on (it answered 500 for the new one)
                HttpResponse<String> q = get(port, "/sessions/new");
                assertEquals(200, q.statusCode(), q.body());
                assertTrue(q.body().contains("\"modelVersion\":\"2\""), q.body());
                q = get(port, "/sessions/old");
                assertEquals(200, q.statusCode(), q.body());
                assertTrue(q.body().contains("\"modelVersion\":\"" + v1.version() + "\""), q.body());

                // a corrupt record on the topic is refused by the app and changes nothing
                Properties p = new Properties();
                p.put("bootstrap.servers", kafka.bootstrapServers());
                try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                    raw.send(new ProducerRecord<>(Names.MODELS_TOPIC, "pendigits", "garbage".getBytes())).get();
                }
                awaitMetric(port, "gesture_models_rejected_total 1.0");
                assertTrue(metrics(port).contains("version=\"2\"} 1"), "v2 still serves new sessions");
            }
            // restarted, the instance starts on v1 again and takes v2 back from the topic (the corrupt record after it is
            // refused again); a live query still reads each session with the model it ran on
            ModelRegistry again = new ModelRegistry(v1);
            try (Observability ops = new Observability(again);
                 KafkaStreams app = new KafkaStreams(GestureTopology.build(cfg.stream(), again, ops.telemetry()), cfg.streamsProperties())) {
                ops.start(app, cfg.http(), "GESTURE_HTTP_PORT");
                app.start();
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(app, Duration.ofSeconds(60));
                awaitMetric(port, "version=\"2\"} 1");
                HttpResponse<String> q = get(port, "/sessions/new");
                assertEquals(200, q.statusCode(), q.body());
                assertTrue(q.body().contains("\"modelVersion\":\"2\""), q.body());
                q = get(port, "/sessions/old");
                assertEquals(200, q.statusCode(), q.body());
                assertTrue(q.body().contains("\"modelVersion\":\"" + v1.version() + "\""), q.body());
            }
            // publish-model checks the file first: a tampered one is never published
            byte[] tampered = Files.readAllBytes(v2File);
            tampered[tampered.length / 3] ^= 4;
            Files.write(v2File, tampered);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new Main(new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true), io.gesturestream.tools.Main.commands())
                    .run(new String[] {"publish-model", "--model", v2File.toString(), "--bootstrap", kafka.bootstrapServers()}, Map.of());
            assertEquals(1, code);
            assertTrue(err.toString().startsWith("error: ") && err.toString().contains("checksum mismatch"), err.toString());
        }
    }

    private static List<Float> offline(Model m, List<GestureEvent> events) {
        Recognizer r = new Recognizer(m);
        SessionState st = r.newSession();
        float[] p = null;
        for (GestureEvent e : events) if (e.getType() != EventType.END) p = r.step(st, GestureEvents.toSample(e));
        List<Float> out = new ArrayList<>();
        for (float v : p) out.add(v);
        return out;
    }

    private static void awaitMetric(int port, String line) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!metrics(port).contains(line) && System.nanoTime() < until) Thread.sleep(100);
        assertTrue(metrics(port).contains(line), line + " in /metrics: "
                + metrics(port).lines().filter(l -> l.startsWith("gesture_model")).toList());
    }

    private static String metrics(int port) throws Exception {
        return get(port, "/metrics").body();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static KafkaProducer<String, GestureEvent> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), GestureSerdes.gestureEvent().serializer());
    }

    private static KafkaConsumer<String, Prediction> results(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "model-update-it");
        p.put("auto.offset.reset", "earliest");
        KafkaConsumer<String, Prediction> c = new KafkaConsumer<>(p, new StringDeserializer(), GestureSerdes.prediction().deserializer());
        c.subscribe(List.of(Names.RESULTS_TOPIC));
        return c;
    }

}
