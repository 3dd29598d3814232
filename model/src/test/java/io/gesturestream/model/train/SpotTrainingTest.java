package io.gesturestream.model.train;

import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.SpotFixture;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.ImuEncoder;
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

/** What a spotting model's training writes into it: the weight of the gestures' steps and the shortest run. */
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

    @Test
    void outOfRangeIsRefused() {
        for (float w : new float[] {0.99f, 100.5f, Float.NaN}) assertThrows(IllegalArgumentException.class, () -> trainer().withSpotWeight(w));
        for (float ms : new float[] {-1f, 60_001f, Float.NaN}) assertThrows(IllegalArgumentException.class, () -> trainer().withSpotMinRun(ms));
    }
}
