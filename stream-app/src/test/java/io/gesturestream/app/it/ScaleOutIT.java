package io.gesturestream.app.it;

import io.gesturestream.app.config.AppConfig;
import io.gesturestream.app.kafka.EmbeddedKafka;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Fixtures;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances share one application.id on a 4-partition topic. Mid-stream one of them stops;
 * its sessions move to the other with their state (restored from the changelog, or from a
 * standby replica), and every gesture still gets exactly one final result, bit-equal to the
 * offline recognizer's.
 */
class ScaleOutIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sessionsMoveWithTheirStateWhenAnInstanceStops() throws Exception {
        Model model = Model.bundled("pendigits");
        List<Gesture> gestures = Fixtures.shapes(10, 1, 21);
        Map<String, List<Float>> expected = new HashMap<>();
        Recognizer offline = new Recognizer(model);
        List<List<GestureEvent>> per = new ArrayList<>();
        for (int i = 0; i < gestures.size(); i++) {
            SessionState s = offline.newSession();
            float[] p = null;
            for (var x : gestures.get(i).samples()) p = offline.step(s, x);
            List<Float> l = new ArrayList<>();
            for (float v : p) l.add(v);
            expected.put("x" + i, l);
            per.add(GestureEvents.of("x" + i, gestures.get(i), 1, 0));
        }
        List<GestureEvent> all = new ArrayList<>();
        for (int j = 0; ; j++) {
            int before = all.size();
            for (List<GestureEvent> es : per) if (j < es.size()) all.add(es.get(j));
            if (all.size() == before) break;
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            AppConfig a = kafka.prepareApp(4, "scale-out", dir.resolve("a"));
            AppConfig b = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_STATE_DIR", dir.resolve("b").toString(), "GESTURE_APPLICATION_ID", "scale-out"));
            Properties pa = a.streamsProperties(), pb = b.streamsProperties();
            for (Properties p : List.of(pa, pb)) p.put("num.standby.replicas", "1");
            Map<String, Integer> finals = new HashMap<>();
            List<String> mismatches = new ArrayList<>();
            try (KafkaStreams one = new KafkaStreams(GestureTopology.build(a.stream(), model), pa);
                 KafkaStreams two = new KafkaStreams(GestureTopology.build(b.stream(), model), pb);
                 KafkaConsumer<String, Prediction> results = consumer(kafka);
                 KafkaProducer<String, GestureEvent> producer = producer(kafka)) {
                one.start();
                two.start();
                awaitRunning(one);
                awaitRunning(two);
                assertTrue(one.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty())
                        && two.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty()), "both instances have tasks");
                results.subscribe(List.of(Names.RESULTS_TOPIC));
                int half = all.size() / 2;
                for (GestureEvent e : all.subList(0, half)) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                producer.flush();
                Thread.sleep(2_000);  // let both instances apply the first half
                // instance two stops mid-stream, leaving the group so that its partitions move now
                two.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
                for (GestureEvent e : all.subList(half, all.size())) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                producer.flush();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (finals.size() < gestures.size() && System.nanoTime() < until) read(results, finals, expected, mismatches);
                long more = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < more) read(results, finals, expected, mismatches);
            }
            assertEquals(List.of(), mismatches, "finals that differ from the offline recognizer");
            assertEquals(gestures.size(), finals.size(), "gestures with a final result");
            assertTrue(finals.values().stream().allMatch(n -> n == 1), "exactly one final each: " + finals);
        }
    }

    private static void awaitRunning(KafkaStreams s) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.state() != KafkaStreams.State.RUNNING && System.nanoTime() < until) Thread.sleep(20);
        assertEquals(KafkaStreams.State.RUNNING, s.state());
    }

    private static void read(KafkaConsumer<String, Prediction> c, Map<String, Integer> finals, Map<String, List<Float>> expected,
                             List<String> mismatches) {
        for (ConsumerRecord<String, Prediction> rec : c.poll(Duration.ofMillis(200))) {
            finals.merge(rec.key(), 1, Integer::sum);
            if (!expected.get(rec.key()).equals(rec.value().getProbabilities())) mismatches.add(rec.key());
        }
    }

    private static KafkaConsumer<String, Prediction> consumer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "scale-out-reader");
        p.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), GestureSerdes.prediction().deserializer());
    }

    private static KafkaProducer<String, GestureEvent> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), GestureSerdes.gestureEvent().serializer());
    }
}
