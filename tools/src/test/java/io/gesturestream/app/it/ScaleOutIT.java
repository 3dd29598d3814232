package io.gesturestream.app.it;

import io.gesturestream.tools.bench.RestoreBench;
import io.gesturestream.app.cli.Main;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
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
 * offline recognizer's: those that end with END, and those whose devices stopped before the
 * instance did, which the survivor ends by the idle timeout through the idle index it rebuilt
 * from the sessions it restored.
 */
class ScaleOutIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sessionsMoveWithTheirStateWhenAnInstanceStops() throws Exception {
        Model model = Model.bundled("pendigits");
        List<Gesture> gestures = Fixtures.shapes(10, 1, 21);
        Map<String, List<Float>> expected = new java.util.HashMap<>(ItSupport.offlineFinals(model, gestures, "x"));
        List<GestureEvent> all = ItSupport.interleaved(gestures, "x");
        // gestures that never get an END: their devices stop before the instance does, and the idle timeout ends them
        // after the move, on the survivor, through the idle index it rebuilt from the restored sessions
        List<Gesture> stopped = Fixtures.shapes(12, 1, 22);
        expected.putAll(ItSupport.offlineFinals(model, stopped, "idle"));
        List<GestureEvent> quiet = ItSupport.interleaved(stopped, "idle").stream().filter(e -> e.getType() != EventType.END).toList();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createAppTopics(4);
            AppConfig a = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_STATE_DIR", dir.resolve("a").toString(), "GESTURE_APPLICATION_ID", "scale-out", "GESTURE_HTTP_PORT", "-1",
                    "GESTURE_IDLE_TIMEOUT_MS", "8000"));
            AppConfig b = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_STATE_DIR", dir.resolve("b").toString(), "GESTURE_APPLICATION_ID", "scale-out",
                    "GESTURE_IDLE_TIMEOUT_MS", "8000"));
            Properties pa = a.streamsProperties(), pb = b.streamsProperties();
            for (Properties p : List.of(pa, pb)) p.put("num.standby.replicas", "1");
            ItSupport.Finals finals = new ItSupport.Finals(expected);
            try (KafkaStreams one = new KafkaStreams(GestureTopology.build(a.stream(), model), pa);
                 KafkaStreams two = new KafkaStreams(GestureTopology.build(b.stream(), model), pb);
                 KafkaConsumer<String, Prediction> results = ItSupport.reader(kafka);
                 KafkaProducer<String, GestureEvent> producer = ItSupport.producer(kafka)) {
                one.start();
                two.start();
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(one, Duration.ofSeconds(60));
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(two, Duration.ofSeconds(60));
                // RUNNING can come before the second instance's join is rebalanced: wait for the split
                long split = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!(hasTasks(one) && hasTasks(two)) && System.nanoTime() < split) Thread.sleep(50);
                assertTrue(hasTasks(one) && hasTasks(two), "both instances have tasks");
                results.subscribe(List.of(Names.RESULTS_TOPIC));
                int half = all.size() / 2;
                for (GestureEvent e : quiet) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                for (GestureEvent e : all.subList(0, half)) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                producer.flush();
                Thread.sleep(2_000);  // let both instances apply the first half
                // instance two stops mid-stream, leaving the group so that its partitions move now
                two.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
                for (GestureEvent e : all.subList(half, all.size())) producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                producer.flush();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (finals.counts.size() < expected.size() && System.nanoTime() < until) finals.poll(results, Names.RESULTS_TOPIC);
                long more = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < more) finals.poll(results, Names.RESULTS_TOPIC);
            }
            assertEquals(List.of(), finals.mismatches, "finals that differ from the offline recognizer");
            assertEquals(expected.size(), finals.counts.size(), "gestures with a final result, the stopped ones included");
            assertTrue(finals.counts.values().stream().allMatch(n -> n == 1), "exactly one final each: " + finals.counts);
        }
    }

    /** The committed restore bench, small: with a standby replica the survivor restores almost nothing. */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void withAStandbyReplicaTheHandOverRestoresLittle() throws Exception {
        int sessions = 2_000;
        RestoreBench.Result r = RestoreBench.run(sessions, 1, 500, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        System.out.println("restore bench: " + r);
        assertTrue(r.handOverSeconds() > 0 && r.handOverSeconds() < 60, r.toString());
        // without a standby the two moved partitions' changelogs hold ~3 records per session, about 3,000 here
        assertTrue(r.restoredRecords() < sessions / 2, "records restored despite a caught-up standby: " + r);
    }

    private static boolean hasTasks(KafkaStreams s) {
        return s.state() == KafkaStreams.State.RUNNING && s.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }
}
