package io.gesturestream.app.cli;

import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.it.ItSupport;
import io.gesturestream.app.kafka.Recording;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Sample;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.model.Model;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replay --verify} against the app on a real broker: nothing missing, nothing doubled. */
class ReplayCommandIT {
    @TempDir
    Path stateDir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void replayVerifyReportsEveryGestureAnsweredOnce() throws Exception {
        Path tes = ItSupport.pendigitsTest();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            AppConfig cfg = kafka.prepareApp(4, "replay-it", stateDir);
            try (KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), Model.bundled("pendigits")),
                    cfg.streamsProperties())) {
                streams.start();
                ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
                int code = new Main(new PrintStream(out, true), new PrintStream(err, true), io.gesturestream.tools.Main.commands()).run(new String[] {"replay", "--data",
                        tes.toString(), "--count", "200", "--sessions", "20", "--fast", "--verify", "--bootstrap",
                        kafka.bootstrapServers(), "--timeout", "60"}, Map.of());
                String report = out.toString();
                assertEquals(0, code, report + err);
                assertTrue(report.contains("gestures sent 200, answered 200, missing 0, duplicated 0"), report);
                assertTrue(report.contains("early accuracy:") && report.contains("latency p50"), report);

                // record the topic and read the recording back: the same gestures, sample for sample
                Path avro = stateDir.resolve("events.avro");
                out.reset();
                code = new Main(new PrintStream(out, true), new PrintStream(err, true), io.gesturestream.tools.Main.commands()).run(new String[] {"record", "--out",
                        avro.toString(), "--bootstrap", kafka.bootstrapServers()}, Map.of());
                assertEquals(0, code, out.toString() + err);
                List<Gesture> sent = Datasets.read("pendigits", tes, null).subList(0, 200);
                int events = sent.stream().mapToInt(g -> g.samples().size() + 1).sum();
                assertTrue(out.toString().contains("recorded " + events + " events"), out.toString());
                List<Gesture> back = Recording.read(avro);
                assertEquals(200, back.size());
                Set<List<Sample>> expected = new HashSet<>();
                for (Gesture g : sent) expected.add(g.samples());
                for (Gesture g : back) assertTrue(expected.contains(g.samples()), "a recorded gesture that was not sent");
                streams.close(Duration.ofSeconds(10));
            }
        }
    }
}
