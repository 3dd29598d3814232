package io.gesturestream.model.eval;

import io.gesturestream.model.data.Gesture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The protocols' counts, checks and open-set measures, with a learner whose scores are set by hand. */
class FewShotExactTest {
    private static Gesture g(String label, String subject, double q) {
        return Scripted.gesture(label, 4, q);
    }

    private static List<Gesture> of(String subject, int perClass, String... labels) {
        List<Gesture> out = new ArrayList<>();
        for (String l : labels) for (int i = 0; i < perClass; i++) out.add(labelled(g(l, subject, i)));
        return out;
    }

    /** The label of each gesture's samples, which the learner below reads back. */
    private static final Map<List<io.gesturestream.model.features.Sample>, String> LABEL = new java.util.IdentityHashMap<>();

    private static Gesture labelled(Gesture x) {
        synchronized (LABEL) {
            LABEL.put(x.samples(), x.label());
        }
        return x;
    }

    /** Knows the classes of its templates: one of them scores 1 and is its answer; a foreign gesture also 1; others 0. */
    private static final FewShot.Learner TAUGHT = new FewShot.Learner() {
        public String name() { return "taught"; }

        public FewShot.Classifier learn(List<Gesture> templates) {
            Set<String> taught = templates.stream().map(Gesture::label).collect(Collectors.toSet());
            return samples -> {
                String label = LABEL.get(samples);
                if (taught.contains(label)) return new FewShot.Answer(label, 1, true);
                return new FewShot.Answer("?", label.equals("F") ? 1 : 0, label.equals("F"));
            };
        }
    };

    @Test
    void theChecksSayWhatIsMissing() {
        Map<String, List<Gesture>> groups = new TreeMap<>(Map.of("w0", of("w0", 3, "A", "B"), "w1", of("w1", 2, "A", "B")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FewShot.checkDependent(groups, 2));
        assertEquals("w1 has 2 examples of A, k = 2 needs 3", e.getMessage());
        FewShot.checkDependent(groups, 1);
        e = assertThrows(IllegalArgumentException.class, () -> FewShot.checkIndependent(groups, 1, 2));
        assertEquals("2 subjects: --others 2 needs 3", e.getMessage());
        FewShot.checkIndependent(groups, 2, 1);
        e = assertThrows(IllegalArgumentException.class, () -> FewShot.checkIndependent(groups, 3, 1));
        assertEquals("w1 has 2 examples of A, k = 3", e.getMessage());
        FewShot.checkOpen(groups, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> FewShot.checkOpen(groups, 2, 1));
        assertEquals("w0 has 2 classes: teaching 2 leaves none foreign", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FewShot.checkOpen(groups, 1, 2));
        assertEquals("w1 has 2 examples of A, k = 2 needs 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FewShot.openSet(groups, List.of(), 2, 1, 0, 1, 1, FewShot.DOLLAR_P));
        assertEquals("w0 has 2 classes: teaching 2 leaves none foreign", e.getMessage());
        assertEquals(0.25, new FewShot.Result(1, 4).accuracy());
        assertEquals(0.0, new FewShot.Result(0, 0).accuracy());
        assertEquals("dollar1", FewShot.DOLLAR_ONE.name());
        assertEquals("dollarP", FewShot.DOLLAR_P.name());
        assertNotEquals(FewShot.DOLLAR_ONE.name(), FewShot.DOLLAR_P.name());
        // $P's score is its distance negated (higher is better), $1's its own score
        List<Gesture> ts = List.of(Scripted.gesture("v", 4, 0, 1, 2, 1, 0));
        List<io.gesturestream.model.features.Sample> c = Scripted.gesture("v", 4, 0, 1, 2, 3, 0, 0).samples();
        FewShot.Answer p = FewShot.DOLLAR_P.learn(ts).answer(c);
        assertEquals(-new DollarP(ts).match(c).distance(), p.score());
        assertEquals("v", p.label());
        org.junit.jupiter.api.Assertions.assertTrue(p.score() < 0 && p.known(), p.toString());
        FewShot.Answer one = FewShot.DOLLAR_ONE.learn(ts).answer(c);
        assertEquals(new DollarOne(ts).match(c).score(), one.score());
    }

    @Test
    void theOpenSetPoolsKnownAndForeignScoresOverEveryDraw() {
        Map<String, List<Gesture>> groups = Map.of("g", of("g", 3, "A", "B"));
        List<Gesture> foreign = List.of(labelled(g("F", "x", 3)));
        // per draw: 1 template of the taught class, its 2 others known (score 1, accepted); the 3 of the
        // other class (score 0, refused) and 2 foreign draws (score 1, accepted) unknown; 2 draws
        FewShot.OpenSet o = FewShot.openSet(groups, foreign, 1, 1, 2, 2, 5, TAUGHT);
        assertEquals(4, o.known());
        assertEquals(10, o.unknown());
        // each known score beats 6 unknown ones and ties 4: (6 + 2) / 10
        assertEquals(0.8, o.auroc(), 1e-12);
        assertEquals(0.4, o.unknownAcceptedAt95(), 1e-12);
        assertEquals(1.0, o.knownAccepted());
        assertEquals(0.4, o.unknownAccepted(), 1e-12);
        FewShot.OpenSet none = FewShot.openSet(groups, List.of(), 1, 1, 2, 2, 5, TAUGHT);
        assertEquals(6, none.unknown());
        assertEquals(1.0, none.auroc());
        assertEquals(0.0, none.unknownAcceptedAt95());
        assertEquals(0.0, none.unknownAccepted());
        // the dependent protocol: every test gesture is of a taught class
        FewShot.Result r = FewShot.userDependent(groups, 2, 3, 5, TAUGHT);
        assertEquals(new FewShot.Result(6, 6), r);
        assertEquals(new FewShot.Result(4, 4), FewShot.userIndependent(Map.of("g", of("g", 1, "A", "B"), "h", of("h", 1, "A", "B")), 1, 1, 1, 5, TAUGHT));
    }
}
