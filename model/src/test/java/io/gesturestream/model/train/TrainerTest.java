package io.gesturestream.model.train;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.RecordingMeter;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.eval.Evaluator;
import io.gesturestream.model.features.PenEncoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static TrainConfig config(int threads, long seed) {
        return new TrainConfig(12, 1, 4, 8, 0.01f, 1f, seed, threads, 1f, 0.25, 0f, 0f, 0.99f, false);
    }

    @Test
    void sameSeedGivesTheSameBitsWhateverTheThreadCount() {
        List<Gesture> data = Fixtures.shapes(12, 4, 1);
        Model one = new Trainer(config(1, 42), QUIET).train(data, new PenEncoder(false), "t", Map.of());
        Model two = new Trainer(config(2, 42), QUIET).train(data, new PenEncoder(false), "t", Map.of());
        assertArrayEquals(one.parameters(), two.parameters());
        Model other = new Trainer(config(2, 43), QUIET).train(data, new PenEncoder(false), "t", Map.of());
        assertFalse(java.util.Arrays.equals(one.parameters(), other.parameters()));
    }

    @Test
    void learnsSyntheticShapesAndPrintsAProgressLinePerEpoch() throws Exception {
        List<Gesture> train = Fixtures.shapes(40, 5, 2);
        List<Gesture> test = Fixtures.shapes(20, 2, 3);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainConfig cfg = new TrainConfig(16, 1, 12, 16, 0.01f, 1f, 7, 2, 1f, 0.2, 0f, 0f, 0.9f, false);
        Model m = new Trainer(cfg, new PrintStream(log, true)).train(train, new PenEncoder(false), "shapes", Map.of());
        double acc = Evaluator.finalAccuracy(m, test, 2);
        assertTrue(acc > 0.9, "accuracy on held-out synthetic shapes: " + acc);
        String out = log.toString();
        for (int e = 1; e <= 12; e++) assertTrue(out.contains(String.format("epoch %3d/12", e)), out);
        assertTrue(out.contains("loss") && out.contains("train acc") && out.contains("val acc") && out.contains("ETA"), out);
        assertTrue(m.metadata().containsKey("validationAccuracy"));
        ModelFile.read(ModelFile.write(m));
    }

    @Test
    void reportsProgressWithinEachEpochInMiniBatchesAndKeepsTheEpochLine() {
        List<Gesture> data = Fixtures.shapes(10, 10, 1);  // 40 gestures of 10 people: 3 held out, 28 gestures to train on
        RecordingMeter meter = new RecordingMeter();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Model withMeter = new Trainer(config(1, 42), new PrintStream(log, true), meter).train(data, new PenEncoder(false), "t", Map.of());
        assertArrayEquals(new Trainer(config(1, 42), QUIET).train(data, new PenEncoder(false), "t", Map.of()).parameters(),
                withMeter.parameters(), "progress changes nothing");
        assertEquals(4, meter.steps.size());
        for (int e = 0; e < 4; e++) {
            RecordingMeter.Step s = meter.steps.get(e);
            assertEquals("epoch " + (e + 1) + "/4", s.what);
            assertEquals("batches", s.unit);
            assertEquals(4, s.total);  // in batches of 8
            assertEquals(List.of(1L, 2L, 3L, 4L), s.updates);
            assertTrue(s.closed);
            assertTrue(log.toString().contains(String.format("epoch %3d/4", e + 1)), log.toString());
        }
    }
}
