package io.gesturestream.app.it;

import io.gesturestream.app.cli.Main;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.ops.Observability;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.ModelRegistry;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances with their HTTP endpoints against a real broker: live session queries answered
 * by either instance (forwarded to the owner found through {@code queryMetadataForKey}), equal
 * to the offline recognizer after the same events; health; and the metrics the app promises.
 */
class OperationsIT {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void queriesHealthAndMetricsAcrossTwoInstances() throws Exception {
        Model model = Model.bundled("pendigits");
        List<Gesture> gestures = Fixtures.shapes(3, 1, 51);  // 12 sessions
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.prepareApp(4, "unused", dir);
            List<KafkaStreams> apps = new ArrayList<>();
            List<Observability> ops = new ArrayList<>();
            int[] ports = ItSupport.freePorts(2);
            try {
                for (int i = 0; i < 2; i++) {
                    AppConfig cfg = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                            "KAFKA_STATE_DIR", dir.resolve("s" + i).toString(), "GESTURE_APPLICATION_ID", "ops",
                            "GESTURE_HTTP_PORT", Integer.toString(ports[i]), "GESTURE_IDLE_TIMEOUT_MS", "600000"));
                    ModelRegistry models = new ModelRegistry(model);
                    Observability o = new Observability(models);
                    KafkaStreams s = new KafkaStreams(GestureTopology.build(cfg.stream(), models, o.telemetry()), cfg.streamsProperties());
                    o.start(s, cfg.http(), "GESTURE_HTTP_PORT");
                    ops.add(o);
                    apps.add(s);
                    s.start();
                }
                for (KafkaStreams s : apps) io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(s, Duration.ofSeconds(60));
                // ready once both instances are RUNNING after the second one's join (503 while they rebalance)
                for (int port : ports) awaitStatus(port, "/health/ready", 200);
                assertEquals(200, get(ports[1], "/health/live").statusCode());

                // every gesture but its last 3 events, so every session is in progress
                Recognizer offline = new Recognizer(model);
                List<String> expectedTop = new ArrayList<>();
                List<Integer> expectedSteps = new ArrayList<>();
                int sent = 0;
                try (KafkaProducer<String, GestureEvent> producer = ItSupport.producer(kafka)) {
                    for (int g = 0; g < gestures.size(); g++) {
                        List<GestureEvent> es = GestureEvents.of("ops-" + g, gestures.get(g), 1, 0);
                        List<GestureEvent> part = es.subList(0, es.size() - 4);
                        SessionState st = offline.newSession();
                        float[] p = null;
                        for (GestureEvent e : part) {
                            producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                            p = offline.step(st, GestureEvents.toSample(e));
                            sent++;
                        }
                        expectedTop.add(model.labels().get(Recognizer.argmax(p)));
                        expectedSteps.add(part.size());
                    }
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (appliedTotal(ports) < sent && System.nanoTime() < until) Thread.sleep(100);
                assertEquals(sent, appliedTotal(ports), "events applied, summed over both instances' /metrics");

                // ask instance 0 about every session: some live on instance 1 and are forwarded
                int remote = 0;
                for (int g = 0; g < gestures.size(); g++) {
                    String id = "ops-" + g;
                    HostInfo owner = apps.get(0).queryMetadataForKey(Names.SESSIONS_STORE, id, Serdes.String().serializer()).activeHost();
                    if (owner.port() == ports[1]) remote++;
                    HttpResponse<String> r = get(ports[0], "/sessions/" + id);
                    assertEquals(200, r.statusCode(), r.body());
                    assertTrue(r.body().contains("\"steps\":" + expectedSteps.get(g) + ","), r.body());
                    assertTrue(r.body().contains("\"top\":[{\"label\":\"" + expectedTop.get(g) + "\""), expectedTop.get(g) + " in " + r.body());
                    assertTrue(r.body().contains("\"model\":\"pendigits\"") && r.body().contains("\"state\":\"in-progress\""), r.body());
                    assertEquals(r.body(), get(ports[1], "/sessions/" + id).body(), "both instances give the same answer");
                }
                assertTrue(remote > 0 && remote < gestures.size(), "sessions on both instances: " + remote + " remote");
                assertEquals(404, get(ports[0], "/sessions/nobody").statusCode());

                // end every gesture: final results by reason
                try (KafkaProducer<String, GestureEvent> producer = ItSupport.producer(kafka)) {
                    for (int g = 0; g < gestures.size(); g++) {
                        GestureEvent end = GestureEvent.newBuilder().setSession("ops-" + g).setSeq(10_000).setTimestamp(java.time.Instant.now())
                                .setType(EventType.END).setSample(null).setLabel(null).build();
                        producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, end.getSession(), end));
                    }
                }
                until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (sum(ports, "gesture_final_results_total\\{reason=\"end\"\\} ([0-9.]+)") < gestures.size() && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertEquals(gestures.size(), sum(ports, "gesture_final_results_total\\{reason=\"end\"\\} ([0-9.]+)"));
                String metrics = get(ports[0], "/metrics").body();
                for (String m : new String[] {"gesture_events_total{outcome=\"applied\"}", "gesture_events_total{outcome=\"dead_lettered\"}",
                        "gesture_step_seconds_bucket", "gesture_prediction_latency_seconds_bucket", "gesture_live_sessions",
                        "gesture_model_info{checksum=", "name=\"pendigits\"", "kafka_stream_thread_process_total", "jvm_memory_used_bytes"}) {
                    assertTrue(metrics.contains(m), m + " in /metrics");
                }
            } finally {
                for (KafkaStreams s : apps) s.close(Duration.ofSeconds(10));
                for (Observability o : ops) o.close();
            }
            // an instance that has stopped is not ready
        }
    }

    /** Polls until {@code path} answers {@code status} (60 s at most), and asserts the answer it last got, not a fresh one taken after it. */
    private void awaitStatus(int port, String path, int status) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int last;
        while ((last = get(port, path).statusCode()) != status && System.nanoTime() < until) Thread.sleep(100);
        assertEquals(status, last, path);
    }

    private long appliedTotal(int[] ports) throws Exception {
        return (long) sum(ports, "gesture_events_total\\{outcome=\"applied\"\\} ([0-9.]+)");
    }

    private double sum(int[] ports, String regex) throws Exception {
        double total = 0;
        for (int port : ports) {
            Matcher m = Pattern.compile(regex).matcher(get(port, "/metrics").body());
            if (m.find()) total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
