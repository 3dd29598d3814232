package io.gesturestream.tools;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Offline replay is a regression test: a fixed input file gives a fixed predictions file, bit for
 * bit. The golden file was written by this code; a change to the model, the features, the
 * kernels or the topology that moves any probability by one bit shows up here. After an
 * intended change, copy {@code target/offline-replay.actual.jsonl} over the golden file.
 */
class OfflineReplayTest {
    private static String replay() throws Exception {
        List<Gesture> fixture = Fixtures.shapes(3, 1, 77);
        StringWriter w = new StringWriter();
        OfflineReplay.write(w, OfflineReplay.run(fixture, Model.bundled("pendigits"), StreamSettings.defaults()));
        return w.toString();
    }

    @Test
    void theSameInputGivesTheSamePredictionsFileAsTheGoldenOne() throws Exception {
        String actual = replay();
        Files.writeString(Path.of("target", "offline-replay.actual.jsonl"), actual);
        assertEquals(actual, replay(), "two runs in one JVM");
        try (InputStream in = OfflineReplayTest.class.getResourceAsStream("/offline-replay.golden.jsonl")) {
            assertNotNull(in, "golden file missing: copy target/offline-replay.actual.jsonl to src/test/resources/offline-replay.golden.jsonl");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual);
        }
    }
}
