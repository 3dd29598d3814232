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
    void theShortestFirstOrderSortsByCharactersThenPointsAndKeepsTheOrderAmongEquals() {
        List<Gesture> g = Fixtures.shapes(1, 1, 1);
        List<io.gesturestream.model.features.Sample> three = g.get(0).samples().subList(0, 3), five = g.get(0).samples().subList(0, 5);
        List<Trainer.Item> items = List.of(new Trainer.Item(five, -1, new int[2]), new Trainer.Item(three, -1, new int[2]),
                new Trainer.Item(five, -1, new int[1]), new Trainer.Item(five, -1, new int[2]), new Trainer.Item(three, -1, new int[3]));
        int[] idx = {4, 3, 2, 1, 0};
        Trainer.sortShortestFirst(idx, items);
        assertArrayEquals(new int[] {2, 1, 3, 0, 4}, idx);
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

    @Test
    void aModelThatSkipsPointsTrainsOnTheStepsItServesAndValidatesOnTheWritersItIsGiven() {
        List<Gesture> data = Fixtures.shapes(16, 4, 5);
        List<Gesture> validation = Fixtures.shapes(6, 2, 6).stream()
                .map(g -> new Gesture(g.label(), "other-" + g.subject(), g.samples())).toList();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PenEncoder enc = new PenEncoder(false, 0.15f);
        Model m = new Trainer(config(2, 9), new PrintStream(log, true)).train(data, validation, enc, "thin", Map.of());
        assertTrue(log.toString().contains(validation.size() + " given for validation (2 people)"), log.toString());
        assertEquals("other-w0,other-w1", m.metadata().get("validationSubjects"));
        assertEquals(0.15f, ((PenEncoder) m.encoder()).minStep());
        // what the trainer fed the GRU (Features.encode) is what the online recognizer steps on, bit for bit
        io.gesturestream.model.gru.Gru gru = m.gru();
        io.gesturestream.model.gru.Gru.Workspace ws = gru.newWorkspace();
        for (Gesture g : validation) {
            float[] x = io.gesturestream.model.features.Features.encode(enc, g.samples());
            int steps = x.length / enc.inputSize();
            assertTrue(steps < g.samples().size(), "some points skipped");
            float[] h = new float[m.shape().stateSize()];
            for (int t = 0; t < steps; t++) gru.step(x, t * enc.inputSize(), h, ws);
            float[] offline = new float[m.shape().classes()];
            gru.probabilities(h, offline, ws);
            io.gesturestream.model.Recognizer rec = new io.gesturestream.model.Recognizer(m);
            io.gesturestream.model.SessionState s = rec.newSession();
            float[] online = null;
            for (var sample : g.samples()) online = rec.step(s, sample);
            assertArrayEquals(offline, online);
            assertEquals(g.samples().size(), s.steps(), "steps() counts events, skipped or not");
        }
    }

    @Test
    void aStudentLearnsFromItsTeachersAnswersAndRefusesATeacherThatDoesNotFit() {
        List<Gesture> train = Fixtures.shapes(30, 5, 21), test = Fixtures.shapes(10, 2, 22);
        TrainConfig big = new TrainConfig(24, 1, 8, 16, 0.01f, 1f, 3, 2, 1f, 0, 0f, 0f, 0.9f, false);
        Model teacher = new Trainer(big, QUIET).train(train, new PenEncoder(false), "teacher", Map.of());
        TrainConfig small = new TrainConfig(8, 1, 8, 16, 0.01f, 1f, 3, 2, 1f, 0, 0f, 0f, 0.9f, false);
        Model alone = new Trainer(small, QUIET).train(train, new PenEncoder(false), "alone", Map.of());
        Model taught = new Trainer(small, QUIET).withTeacher(teacher, 0.5f).train(train, new PenEncoder(false), "taught", Map.of());
        assertFalse(java.util.Arrays.equals(alone.parameters(), taught.parameters()), "the teacher changes what is learned");
        assertTrue(taught.metadata().get("teacher").startsWith("teacher 1 GruShape[inputSize=11, hiddenSize=24"), taught.metadata().toString());
        double t = Evaluator.finalAccuracy(teacher, test, 2), a = Evaluator.finalAccuracy(alone, test, 2),
                s = Evaluator.finalAccuracy(taught, test, 2);
        assertTrue(s > 0.7, "the student learns the shapes (chance: 0.25): teacher " + t + ", alone " + a + ", taught " + s);
        Model again = new Trainer(small, QUIET).withTeacher(teacher, 0.5f).train(train, new PenEncoder(false), "taught", Map.of());
        assertArrayEquals(taught.parameters(), again.parameters(), "deterministic with a teacher too");

        List<Gesture> three = train.stream().filter(g -> !g.label().equals("vee")).toList();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trainer(small, QUIET).withTeacher(teacher, 0.5f).train(three, new PenEncoder(false), "x", Map.of()));
        assertTrue(e.getMessage().contains("has labels"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trainer(small, QUIET).withTeacher(teacher, 0.5f).train(train, new PenEncoder(false, 0.05f), "x", Map.of()));
        assertTrue(e.getMessage().contains("--min-step and --pressure must match"), e.getMessage());
    }

    @Test
    void aCosineHeadTrainsAPrototypeModelThatKeepsItsClassesWhenTaughtAnother() throws Exception {
        List<Gesture> all = io.gesturestream.model.Fixtures.shapes(40, 8, 61);
        List<Gesture> train = all.stream().filter(g -> !g.label().equals("zigzag") && !g.subject().equals("w7")).toList();
        TrainConfig cfg = new TrainConfig(16, 1, 15, 16, 0.02f, 1f, 5, 2, 0f, 0, 0f, 0f, 0.9f, false);
        io.gesturestream.model.Model m = new Trainer(cfg, new java.io.PrintStream(new java.io.ByteArrayOutputStream()))
                .withCosineHead().train(train, new io.gesturestream.model.features.PenEncoder(false), "shapes", java.util.Map.of());
        assertEquals(io.gesturestream.model.OutputKind.PROTOTYPES, m.output());
        assertEquals(List.of("circle", "line", "vee"), m.labels());
        for (float t : m.thresholds()) assertTrue(t > -1f && t <= 1f, "calibrated: " + java.util.Arrays.toString(m.thresholds()));
        List<Gesture> test = all.stream().filter(g -> g.subject().equals("w7")).toList();
        List<Gesture> known = test.stream().filter(g -> !g.label().equals("zigzag")).toList();
        double acc = io.gesturestream.model.eval.Evaluator.finalAccuracy(m, known, 1);
        assertTrue(acc >= 0.9, "accuracy " + acc);
        io.gesturestream.model.Model more = io.gesturestream.model.Enrollment.enroll(m, "zigzag",
                all.stream().filter(g -> g.label().equals("zigzag") && !g.subject().equals("w7")).limit(3).map(Gesture::samples).toList());
        assertEquals(List.of("circle", "line", "vee", "zigzag"), more.labels(), "its own classes kept, one taught");
        double acc4 = io.gesturestream.model.eval.Evaluator.finalAccuracy(more, test, 1);
        assertTrue(acc4 >= 0.6, "accuracy " + acc4 + " (chance 0.25; three training classes leave little room for a fourth)");
        io.gesturestream.model.Model back = io.gesturestream.model.ModelFile.read(io.gesturestream.model.ModelFile.write(m));
        assertEquals(m.checksum(), back.checksum());
    }
}
