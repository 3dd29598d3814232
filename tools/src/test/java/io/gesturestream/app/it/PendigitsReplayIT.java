package io.gesturestream.app.it;

import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.kafka.Replay;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.eval.Evaluator;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Digits of the pendigits test file over 20 concurrent sessions through a real broker: every
 * gesture gets exactly one final result, with the label the offline evaluation gives.
 */
class PendigitsReplayIT {
    @TempDir
    Path stateDir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyDigitGetsExactlyOneResultWithTheOfflineLabel() throws Exception {
        Path tes = ItSupport.pendigitsTest();
        List<Gesture> gestures = Datasets.read("pendigits", tes, null).subList(0, 300);
        Model model = Model.bundled("pendigits");
        Recognizer offline = new Recognizer(model);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            AppConfig cfg = kafka.prepareApp(4, "pendigits-it", stateDir);
            try (KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), model), cfg.streamsProperties())) {
                streams.start();
                Replay.Report r = Replay.run(kafka.bootstrapServers(), gestures,
                        new Replay.Options(20, 0, 0, "it-", Duration.ofSeconds(90)), a -> { }, p -> { }, new AtomicBoolean());
                assertEquals(0, r.duplicates());
                assertEquals(gestures.size(), r.answers().size());
                Set<Integer> seen = new HashSet<>();
                for (Replay.Answer a : r.answers()) {
                    assertEquals(true, seen.add(a.index()), "two results for gesture " + a.index());
                    int[] p = Evaluator.predict(offline, gestures.get(a.index()).samples());
                    assertEquals(model.labels().get(p[p.length - 1]), a.result().getTopLabel(), "gesture " + a.index());
                }
                streams.close(Duration.ofSeconds(10));
            }
        }
    }
}
