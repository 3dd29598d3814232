package io.gesturestream.model.eval;

import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixture the exact tests of this package stand on: every event's answer is the one asked for. */
class ScriptedTest {
    @Test
    void eachEventRanksTheClassesByDistanceToItsPosition() {
        Model m = Scripted.classifier(List.of("a", "b", "c", "d", "e"));
        Recognizer rec = new Recognizer(m);
        SessionState s = rec.newSession();
        double[] qs = {0, 4, 2, 1.2, 3.1, 0.4};
        List<Sample> ev = Scripted.events(5, qs);
        for (int i = 0; i < qs.length; i++) {
            float[] p = rec.step(s, ev.get(i));
            assertEquals((int) Math.round(qs[i]), Recognizer.argmax(p), "event " + i);
            assertTrue(p[Recognizer.argmax(p)] > 0.5f, "a clear winner at event " + i);
        }
    }
}
