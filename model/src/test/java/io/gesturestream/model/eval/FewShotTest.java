package io.gesturestream.model.eval;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FewShotTest {
    private static Map<String, List<Gesture>> bySubject(List<Gesture> gestures) {
        Map<String, List<Gesture>> out = new TreeMap<>();
        for (Gesture g : gestures) out.computeIfAbsent(g.subject(), k -> new ArrayList<>()).add(g);
        return out;
    }

    @Test
    void dollarPRecognizesShapesWhateverTheStrokeOrderAndDirection() {
        List<Gesture> data = Fixtures.shapes(6, 3, 21);
        DollarP p = new DollarP(data.subList(0, 12));
        long ok = data.subList(12, data.size()).stream().filter(g -> g.label().equals(p.recognize(g.samples()))).count();
        assertTrue(ok >= 11, ok + " of 12");
        // a vee drawn backwards, and as two strokes in the other order: the same cloud of points
        Gesture vee = data.stream().filter(g -> g.label().equals("vee")).findFirst().orElseThrow();
        List<Sample> back = new ArrayList<>(vee.samples());
        java.util.Collections.reverse(back);
        assertEquals("vee", p.recognize(relabelPhases(back)));
        int mid = back.size() / 2;
        List<Sample> twoStrokes = new ArrayList<>(relabelPhases(back.subList(mid, back.size())));
        twoStrokes.addAll(relabelPhases(back.subList(0, mid)));
        assertEquals("vee", p.recognize(twoStrokes));
        assertThrows(IllegalArgumentException.class, () -> DollarP.normalize(List.of(new io.gesturestream.model.features.ImuSample(0, 0, 1, 0, 0, 0, 0))));
    }

    private static List<Sample> relabelPhases(List<Sample> in) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            PenSample p = (PenSample) in.get(i);
            PenSample.Phase ph = i == 0 ? PenSample.Phase.DOWN : i == in.size() - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
            out.add(PenSample.of(ph, p.x(), p.y(), i * 10L));
        }
        return out;
    }

    @Test
    void theProtocolsTestOneGesturePerClassPerDrawTheSameWayEveryTime() {
        List<Gesture> data = Fixtures.shapes(12, 4, 22);   // 4 subjects, 3 of each shape each
        Map<String, List<Gesture>> groups = bySubject(data);
        FewShot.Result a = FewShot.userDependent(groups, 2, 5, 7, FewShot.DOLLAR_ONE);
        assertEquals(4L * 5 * 4, a.tested(), "4 groups x 5 draws x 4 classes");
        assertEquals(a, FewShot.userDependent(groups, 2, 5, 7, FewShot.DOLLAR_ONE), "the same draws");
        assertTrue(a.accuracy() > 0.8, a.toString());
        FewShot.Result b = FewShot.userIndependent(groups, 1, 2, 5, 7, FewShot.DOLLAR_P);
        assertEquals(4L * 5 * 4, b.tested());
        assertTrue(b.accuracy() > 0.8, b.toString());
        assertThrows(IllegalArgumentException.class, () -> FewShot.userDependent(groups, 3, 1, 7, FewShot.DOLLAR_ONE), "3 examples leave none to test");
        assertThrows(IllegalArgumentException.class, () -> FewShot.userIndependent(groups, 1, 4, 1, 7, FewShot.DOLLAR_ONE), "4 others of 4 subjects");
    }

    @Test
    void aurocIsTheShareOfKnownUnknownPairsInOrderWithTiesHalf() {
        assertEquals(1.0, FewShot.auroc(new double[] {2, 3}, new double[] {0, 1}));
        assertEquals(0.0, FewShot.auroc(new double[] {0, 1}, new double[] {2, 3}));
        assertEquals(0.5, FewShot.auroc(new double[] {1, 1}, new double[] {1, 1}));
        assertEquals(0.75, FewShot.auroc(new double[] {1, 3}, new double[] {0, 2}));
        assertTrue(Double.isNaN(FewShot.auroc(new double[0], new double[] {1})));
    }

    @Test
    void theOpenSetTellsTaughtShapesFromOthersWithCalibratedThresholds() throws Exception {
        List<Gesture> data = Fixtures.shapes(24, 4, 24);   // 4 subjects, 6 of each shape each
        Map<String, List<Gesture>> groups = bySubject(data);
        FewShot.OpenSet gru = FewShot.openSet(groups, List.of(), 2, 3, 0, 4, 9, FewShot.gruPrototypes(Model.bundled("latin"), true, io.gesturestream.model.Embedding.STATE));
        assertEquals(4L * 4 * 2 * 3, gru.known(), "4 groups x 4 draws x 2 taught shapes x 3 left");
        assertEquals(4L * 4 * 2 * 6, gru.unknown(), "the 2 other shapes, every example");
        assertTrue(gru.auroc() > 0.8, gru.toString());
        assertTrue(gru.knownAccepted() > gru.unknownAccepted(), gru.toString());
        FewShot.OpenSet one = FewShot.openSet(groups, List.of(), 2, 3, 0, 4, 9, FewShot.DOLLAR_ONE);
        assertEquals(1.0, one.knownAccepted(), "$1 has no threshold: it accepts everything");
        assertEquals(1.0, one.unknownAccepted());
        assertEquals(one, FewShot.openSet(groups, List.of(), 2, 3, 0, 4, 9, FewShot.DOLLAR_ONE), "the same draws");
    }

    @Test
    void aGruStateIsAnEmbeddingWhosePrototypesRecognizeShapesItWasNeverTrainedOn() throws Exception {
        List<Gesture> data = Fixtures.shapes(12, 4, 23);
        FewShot.Result r = FewShot.userDependent(bySubject(data), 2, 5, 7, FewShot.gruPrototypes(Model.bundled("latin")));
        assertTrue(r.accuracy() > 0.8, r.toString());
    }
}
