package io.gesturestream.model.eval;

import io.gesturestream.model.Embedding;
import io.gesturestream.model.Enrollment;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The personal fix on the four fixture shapes, with {@code latin}'s GRU as the embedding: a
 * writer who draws circles as carets (a vee upside down) is misread until three of their own circles are enrolled;
 * a writer with too few of them, and one who is read right, get no personal model.
 */
class PersonalFixTest {
    private static final List<Gesture> POPULATION = Fixtures.shapes(10, 5, 41);
    private static Model classifier;

    /**
     * A classifier of the four shapes on {@code latin}'s encoder and GRU whose head is 16 times
     * the population's mean embeddings, each of length 1: the nearest mean by cosine, as a
     * linear head over the state.
     */
    @BeforeAll
    static void classifier() throws Exception {
        Model latin = Model.bundled("latin");
        Map<String, List<List<Sample>>> classes = new LinkedHashMap<>();
        for (String l : Fixtures.SHAPES) classes.put(l, POPULATION.stream().filter(g -> g.label().equals(l)).map(Gesture::samples).toList());
        Model pop = Enrollment.enrollAll(latin, classes, false, Embedding.STATE);
        assertEquals(OutputKind.PROTOTYPES, pop.output());
        GruShape s = latin.shape();
        GruShape shape = new GruShape(s.inputSize(), s.hiddenSize(), s.layers(), Fixtures.SHAPES.size());
        float[] p = new float[shape.size()];
        System.arraycopy(latin.parameters(), 0, p, 0, s.wOut());
        for (int c = 0; c < Fixtures.SHAPES.size(); c++) {
            for (int j = 0; j < s.hiddenSize(); j++) {
                float m = pop.parameters()[pop.shape().wOut() + c * s.hiddenSize() + j];
                p[shape.wOut() + c * s.hiddenSize() + j] = 16 * m / norm(pop, c);
            }
        }
        classifier = new Model("shapes", "1", shape, latin.encoder(), Fixtures.SHAPES, Map.of(), p);
    }

    private static float norm(Model pop, int c) {
        int hs = pop.shape().hiddenSize();
        double n = 0;
        for (int j = 0; j < hs; j++) {
            float v = pop.parameters()[pop.shape().wOut() + c * hs + j];
            n += v * v;
        }
        return (float) Math.sqrt(n);
    }

    /** {@code n} gestures of writer {@code w} labelled {@code label} and drawn as {@code drawn}: a fixture shape, or "caret". */
    private static List<Gesture> drawn(String w, String label, String drawn, int n, SplittableRandom r) {
        List<Gesture> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Gesture(label, w, drawn.equals("caret") ? caret(w, r) : Fixtures.shape(drawn, w, r).samples()));
        return out;
    }

    /** A vee upside down, in one stroke: {@code ^}. */
    private static List<Sample> caret(String w, SplittableRandom r) {
        List<Sample> vee = Fixtures.shape("vee", w, r).samples();
        List<Sample> out = new ArrayList<>();
        for (Sample x : vee) {
            PenSample p = (PenSample) x;
            out.add(PenSample.of(p.phase(), p.x(), 600 - p.y(), p.t()));
        }
        return out;
    }

    private static List<Gesture> testWriters() {
        SplittableRandom r = new SplittableRandom(9);
        List<Gesture> t = new ArrayList<>();
        t.addAll(drawn("odd", "circle", "caret", 6, r));
        t.addAll(drawn("odd", "line", "line", 6, r));
        t.addAll(drawn("odd", "vee", "vee", 6, r));
        t.addAll(drawn("thin", "circle", "caret", 3, r));
        t.addAll(drawn("thin", "line", "line", 6, r));
        t.addAll(drawn("two", "zigzag", "circle", 6, r));
        t.addAll(drawn("two", "circle", "caret", 4, r));
        t.addAll(drawn("two", "line", "line", 6, r));
        for (String s : Fixtures.SHAPES) t.addAll(drawn("plain", s, s, 6, r));
        return t;
    }

    private static PersonalFix.Writer writer(PersonalFix.Result r, String name) {
        return r.writers().stream().filter(w -> w.subject().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aWriterWhoDrawsCirclesAsCaretsIsFixedByThreeOfTheirOwn() {
        List<Gesture> population = new ArrayList<>(POPULATION);
        population.add(new Gesture("star", "w0", POPULATION.get(0).samples()));  // no class of the model: left out
        PersonalFix.Result r = PersonalFix.run(classifier, population, testWriters(), 4, 3, 3, 6, 1, Embedding.STATE);
        assertEquals(POPULATION.size(), r.populationGestures());
        // worst first, ties by name: two (6 of 16 right), odd and thin (2 in 3), plain
        assertEquals(List.of("two", "odd", "thin", "plain"), r.writers().stream().map(PersonalFix.Writer::subject).toList());
        for (PersonalFix.Writer w : r.writers()) {
            // the classifier is the population's prototypes as a linear head: the same answers
            assertEquals(w.before(), w.population(), w.toString());
            assertEquals(w.beforeAccuracy(), w.populationAccuracy(), 1e-12);
        }

        PersonalFix.Writer odd = writer(r, "odd");
        assertEquals(List.of("circle"), odd.enrolled(), odd.toString());
        assertEquals(List.of(), odd.tooThin());
        assertEquals(2.0 / 3, odd.accuracy(), 1e-12);
        assertEquals(15 * 6, odd.tested());
        assertEquals(12 * 6, odd.before(), odd.toString());  // every line and vee, no circle left to test
        assertEquals(odd.tested(), odd.after(), odd.toString());
        assertEquals(1.0, odd.afterAccuracy(), 1e-12);

        // most misses first: 6 zigzags drawn as circles, then 4 circles drawn as carets
        PersonalFix.Writer two = writer(r, "two");
        assertEquals(List.of("zigzag", "circle"), two.enrolled(), two.toString());
        assertEquals((16 - 6) * 6, two.tested());
        assertEquals(6 * 6, two.before(), two.toString());
        assertTrue(two.afterAccuracy() >= 0.9, two.toString());

        // exactly k of the class it misses: too thin to enroll k and test one
        PersonalFix.Writer thin = writer(r, "thin");
        assertEquals(List.of("circle"), thin.tooThin(), thin.toString());
        assertEquals(List.of(), thin.enrolled());
        assertEquals(List.of(9L, 6L, 6L), List.of(thin.tested(), thin.before(), thin.after()), "no personal model: after is before");

        double before = 0, after = 0;
        for (PersonalFix.Writer w : r.writers()) {
            before += w.beforeAccuracy();
            after += w.afterAccuracy();
        }
        assertEquals(before / 4, r.meanBefore(), 1e-12);
        assertEquals(before / 4, r.meanPopulation(), 1e-12);
        assertEquals(after / 4, r.meanAfter(), 1e-12);
        assertTrue(r.meanAfter() > r.meanBefore() + 0.1, r.toString());
    }

    @Test
    void oneExampleAndOneDrawAreEnough() {
        PersonalFix.Result r = PersonalFix.run(classifier, POPULATION, testWriters(), 1, 1, 1, 1, 3, Embedding.STATE);
        PersonalFix.Writer two = r.writers().get(0);
        assertEquals(List.of("two", List.of("zigzag"), 15L), List.of(two.subject(), two.enrolled(), two.tested()));
    }

    @Test
    void theSameSeedGivesTheSameResultAndWorstAndClassesLimitIt() {
        List<Gesture> t = testWriters();
        assertEquals(PersonalFix.run(classifier, POPULATION, t, 3, 3, 3, 4, 7, Embedding.STATE), PersonalFix.run(classifier, POPULATION, t, 3, 3, 3, 4, 7, Embedding.STATE));
        PersonalFix.Result one = PersonalFix.run(classifier, POPULATION, t, 1, 2, 1, 2, 7, Embedding.STATE);
        assertEquals(1, one.writers().size());
        assertTrue(one.writers().get(0).enrolled().size() <= 1);
    }

    @Test
    void itRefusesWhatItCannotMeasure() {
        assertThrows(IllegalArgumentException.class, () -> PersonalFix.run(classifier, POPULATION, testWriters(), 0, 3, 3, 1, 1, Embedding.STATE));
        List<Gesture> noZigzag = POPULATION.stream().filter(g -> !g.label().equals("zigzag")).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PersonalFix.run(classifier, noZigzag, testWriters(), 3, 3, 3, 1, 1, Embedding.STATE));
        assertEquals("the population has no example of [zigzag]", e.getMessage());
        List<Gesture> foreign = List.of(new Gesture("star", "x", POPULATION.get(0).samples()));
        assertThrows(IllegalArgumentException.class, () -> PersonalFix.run(classifier, POPULATION, foreign, 3, 3, 3, 1, 1, Embedding.STATE));
    }
}
