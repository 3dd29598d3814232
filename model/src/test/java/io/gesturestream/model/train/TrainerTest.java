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
    void holdOutSaysWhatMakesItOfLittleUse() {
        Trainer.HoldOut fine = Trainer.holdOut(Fixtures.shapes(10, 10, 1), 0.25, 1);
        assertEquals(10, fine.people());
        assertEquals(3, fine.heldOut().size());
        assertEquals(12, fine.heldOutGestures());
        assertEquals(List.of(), fine.problems());

        Trainer.HoldOut few = Trainer.holdOut(Fixtures.shapes(10, 3, 1), 0.1, 1);
        assertEquals(1, few.heldOut().size());
        assertEquals(List.of("too few people for a 10% hold-out: 1 of 3 people is 33% of them"), few.problems());

        assertEquals(List.of("the data has 1 person, so no one is held out and there is no validation accuracy"),
                Trainer.holdOut(Fixtures.shapes(10, 1, 1), 0.3, 1).problems());
        Trainer.HoldOut off = Trainer.holdOut(Fixtures.shapes(10, 3, 1), 0, 1);
        assertTrue(off.heldOut().isEmpty() && off.problems().isEmpty());

        List<Gesture> perClass = Fixtures.shapes(10, 1, 1).stream()
                .map(g -> new Gesture(g.label(), "by-" + g.label(), g.samples())).toList();
        Trainer.HoldOut one = Trainer.holdOut(perClass, 0.25, 1);
        String only = one.heldOut().iterator().next().substring(3);
        assertEquals(List.of("only the held-out people have class " + only + ", which the model then never trains on",
                "the held-out people have one class only (" + only + ")"), one.problems());
    }

    @Test
    void aHoldOutOfLittleUseIsWarnedAboutOnce() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new Trainer(config(1, 1), new PrintStream(log, true)).train(Fixtures.shapes(4, 2, 1), new PenEncoder(false), "t", Map.of());
        assertEquals(List.of("warning: validation with --val-fraction 0.25: only 8 gestures are held out (--val-fraction 0 trains on everyone)"),
                log.toString().lines().filter(l -> l.startsWith("warning")).toList(), log.toString());
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
