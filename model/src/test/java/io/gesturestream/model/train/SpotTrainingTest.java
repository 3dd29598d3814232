package io.gesturestream.model.train;

import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.SpotFixture;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Augmenter;
import io.gesturestream.model.features.ImuEncoder;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a spotting model's training writes into it: the weight of the gestures' steps, the shortest run, and a teacher. */
class SpotTrainingTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static List<Gesture> data() {
        List<Gesture> data = new ArrayList<>(SpotFixture.gestures(4, 1));
        for (int i = 0; i < 4; i++) data.add(new Gesture(OutputKind.UNKNOWN, "p" + i, SpotFixture.other(2000, new SplittableRandom(100 + i))));
        return data;
    }

    private static Trainer trainer() {
        return new Trainer(new TrainConfig(4, 1, 1, 8, 0.02f, 1f, 7L, 1, 1f, 0, 0f, 0f, 0f, false), QUIET).spotting();
    }

    @Test
    void theDefaultsAreStoredAndTheShortestRunIsTheModelsOwn() {
        Model m = trainer().train(data(), new ImuEncoder(false, 500f), "spot", Map.of());
        assertEquals(600f, m.spotMinRunMs());
        assertEquals("600", m.metadata().get(Model.SPOT_MIN_RUN_KEY));
        assertTrue(m.metadata().get(Model.SPOTTING_KEY).endsWith("its steps weighing 3 against other motion's"), m.metadata().toString());
        Model other = trainer().withSpotWeight(1f).withSpotMinRun(450.5f).train(data(), new ImuEncoder(false, 500f), "spot", Map.of());
        assertEquals(450.5f, other.spotMinRunMs());
        assertTrue(other.metadata().get(Model.SPOTTING_KEY).endsWith("its steps weighing 1 against other motion's"));
        // the weight changes what is learned; the shortest run does not
        assertFalse(java.util.Arrays.equals(m.parameters(), other.parameters()));
        Model sameWeight = trainer().withSpotMinRun(450.5f).train(data(), new ImuEncoder(false, 500f), "spot", Map.of());
        assertArrayEquals(m.parameters(), sameWeight.parameters());
    }

    /** A classifier of the fixture's gestures, and of other motion when {@code withUnknown}. */
    private static Model classifier(boolean withUnknown) {
        List<Gesture> data = withUnknown ? data() : SpotFixture.gestures(4, 1);
        return new Trainer(new TrainConfig(6, 1, 3, 8, 0.02f, 1f, 5L, 1, 1f, 0, 0f, 0f, 0f, false), QUIET)
                .train(data, new ImuEncoder(false, 500f), "teacher", Map.of("command", "train --the-teachers-own"));
    }

    @Test
    void aTeachersRowsAreItsAnswersOnTheGestureAloneWhereTheClassIsTheTarget() {
        Model teacher = classifier(true);
        ImuEncoder encoder = new ImuEncoder(false, 500f);
        List<String> labels = List.of("lift", "ring", "shake", OutputKind.UNKNOWN);
        assertEquals(labels, teacher.labels());
        int unknown = 3;
        List<List<Sample>> gestures = SpotFixture.gestures(2, 9).stream().map(Gesture::samples).toList();
        List<Integer> classes = SpotFixture.gestures(2, 9).stream().map(g -> labels.indexOf(g.label())).toList();
        SpotStreams streams = new SpotStreams(List.of(SpotFixture.other(5000, new SplittableRandom(3))), gestures, classes, 1f,
                Augmenter.ALL_IMU);
        int[] map = Trainer.spotTeacherClasses(teacher, labels);
        assertArrayEquals(new int[] {0, 1, 2, -1}, map);
        Trainer.Teaching teaching = new Trainer.Teaching(teacher);
        int taughtSteps = 0;
        for (int k = 0; k < 6; k++) {
            SplittableRandom rnd = new SplittableRandom(40 + k);
            SpotStreams.Built built = streams.around(gestures.get(k), classes.get(k), unknown, rnd);
            float[] rows = teaching.spotAnswers(encoder, built, map, labels.size(), unknown);
            assertEquals(built.targets().length * labels.size(), rows.length);
            Recognizer serving = new Recognizer(teacher);
            for (io.gesturestream.model.data.Splice.Event span : built.gestures()) {
                SessionState session = serving.newSession();
                for (int t = span.first(); t <= span.last(); t++) {
                    float[] q = serving.step(session, built.samples().get(t));
                    if (built.targets()[t] == unknown) continue;
                    taughtSteps++;
                    float z = q[0] + q[1] + q[2];
                    for (int c = 0; c < 3; c++) assertEquals(q[c] / z, rows[t * 4 + c], "step " + t + " class " + c);
                    assertEquals(0f, rows[t * 4 + unknown]);
                }
            }
            // everywhere the target is other motion, or the 40 ms after a gesture, the row is zero: the class alone
            for (int t = 0; t < built.targets().length; t++) {
                boolean inside = false;
                for (io.gesturestream.model.data.Splice.Event span : built.gestures()) inside |= t >= span.first() && t <= span.last();
                if (built.targets()[t] == unknown || !inside) {
                    for (int c = 0; c < 4; c++) assertEquals(0f, rows[t * 4 + c], "step " + t);
                }
            }
        }
        assertTrue(taughtSteps > 100, "taught steps " + taughtSteps);
    }

    @Test
    void aTeacherChangesWhatIsLearnedTheSameWayEveryRunAndIsNamedInTheModel() {
        Model teacher = classifier(true);
        Model plain = trainer().train(data(), new ImuEncoder(false, 500f), "spot", Map.of());
        Model taught = trainer().withTeacher(teacher, 0.8f).train(data(), new ImuEncoder(false, 500f), "spot", Map.of());
        Model again = trainer().withTeacher(teacher, 0.8f).train(data(), new ImuEncoder(false, 500f), "spot", Map.of());
        assertFalse(java.util.Arrays.equals(plain.parameters(), taught.parameters()));
        assertArrayEquals(taught.parameters(), again.parameters());
        assertEquals(plain.labels(), taught.labels());
        assertTrue(taught.metadata().get("teacher").startsWith("teacher "), taught.metadata().toString());
        assertTrue(taught.metadata().get("teacher").endsWith(", weight 0.8"), taught.metadata().toString());
        assertEquals("train --the-teachers-own", taught.metadata().get("teacher.command"));
        // a teacher without the reject class teaches the same way
        Model noUnknown = trainer().withTeacher(classifier(false), 0.8f).train(data(), new ImuEncoder(false, 500f), "spot", Map.of());
        assertFalse(java.util.Arrays.equals(plain.parameters(), noUnknown.parameters()));
    }

    @Test
    void aTeacherOfOtherGesturesIsRefusedBeforeTraining() {
        List<Gesture> renamed = new ArrayList<>();
        for (Gesture g : SpotFixture.gestures(4, 1)) renamed.add(new Gesture(g.label().equals("lift") ? "wave" : g.label(), g.subject(), g.samples()));
        Model other = new Trainer(new TrainConfig(4, 1, 1, 8, 0.02f, 1f, 5L, 1, 1f, 0, 0f, 0f, 0f, false), QUIET)
                .train(renamed, new ImuEncoder(false, 500f), "other", Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer().withTeacher(other, 0.8f).train(data(), new ImuEncoder(false, 500f), "spot", Map.of()));
        assertEquals("the teacher other has gesture classes [ring, shake, wave], the data [lift, ring, shake]", e.getMessage());
    }

    @Test
    void outOfRangeIsRefused() {
        for (float w : new float[] {0.99f, 100.5f, Float.NaN}) assertThrows(IllegalArgumentException.class, () -> trainer().withSpotWeight(w));
        for (float ms : new float[] {-1f, 60_001f, Float.NaN}) assertThrows(IllegalArgumentException.class, () -> trainer().withSpotMinRun(ms));
    }
}
