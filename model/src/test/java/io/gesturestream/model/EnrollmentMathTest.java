package io.gesturestream.model;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Augmenter;
import io.gesturestream.model.features.PenEncoder;
import io.gesturestream.model.features.Sample;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Enrollment's arithmetic on small direct cases (issue 19): the quantile, the cosine, a class's
 * mean and its calibrated threshold, on a tiny model (milliseconds, not the bundled one).
 */
class EnrollmentMathTest {
    private static final Model BASE = Fixtures.tinyModel(4, 1, 1);
    private static final int HS = 4;
    /** circle, line, vee, zigzag, circle, line, vee, zigzag, ... */
    private static final List<Gesture> SH = Fixtures.shapes(3, 1, 41);

    private static List<Sample> shape(int i) {
        return SH.get(i).samples();
    }

    // ---------------------------------------------------------------- the quantile

    @Test
    void theThresholdIsTheFivePercentQuantileByNearestRank() {
        assertEquals(-1f, Enrollment.threshold(new ArrayList<>()), "no cosines: nothing is unknown");
        assertEquals(.3f, Enrollment.threshold(new ArrayList<>(List.of(.3f))));
        // 21 cosines .01 ... .21, shuffled: rank ceil(.05 x 21) = 2, the second smallest
        List<Float> c = new ArrayList<>();
        for (int k = 1; k <= 21; k++) c.add(k / 100f);
        Collections.shuffle(c, new java.util.Random(7));
        c.remove(Float.valueOf(.02f));
        c.add(0, .02f);   // not where sorting puts it
        c.remove(Float.valueOf(.01f));
        c.add(1, .01f);
        assertEquals(.02f, Enrollment.threshold(c));
        assertEquals(.01f, c.get(0), "sorted in place, as documented");
        // 20: rank ceil(1.0) = 1, the smallest; 41: rank ceil(2.05) = 3
        List<Float> twenty = new ArrayList<>();
        for (int k = 20; k >= 1; k--) twenty.add(k / 100f);
        assertEquals(.01f, Enrollment.threshold(twenty));
        List<Float> many = new ArrayList<>();
        for (int k = 41; k >= 1; k--) many.add(-k / 100f);
        assertEquals(-.39f, Enrollment.threshold(many));
    }

    // ---------------------------------------------------------------- the cosine

    @Test
    void theCosineOfAUnitVectorAndAnother() {
        assertEquals(1f, Enrollment.cosine(new float[] {.6f, .8f}, new float[] {3f, 4f}), 1e-6f);
        assertEquals(-1f, Enrollment.cosine(new float[] {.6f, .8f}, new float[] {-3f, -4f}), 1e-6f);
        assertEquals(.6f, Enrollment.cosine(new float[] {.6f, .8f}, new float[] {2f, 0f}), 1e-6f);
        // (.6 x 1 + .8 x 2 + 0 x 2) / 3
        assertEquals(2.2f / 3f, Enrollment.cosine(new float[] {.6f, .8f, 0f}, new float[] {1f, 2f, 2f}), 1e-6f);
        assertEquals(0f, Enrollment.cosine(new float[] {1f, 0f}, new float[] {0f, 0f}), "a zero vector: 0, not NaN");
    }

    // ---------------------------------------------------------------- embeddings

    @Test
    void anEmbeddingIsTheTopLayersLastStateScaledToLengthOne() {
        Model two = Fixtures.tinyModel(HS, 2, 3);
        Recognizer rec = new Recognizer(two);
        SessionState s = rec.newSession();
        for (Sample x : shape(0)) rec.step(s, x);
        float[] h = s.hidden();
        assertEquals(2 * HS, h.length);
        float[] top = Arrays.copyOfRange(h, HS, 2 * HS);
        double n = 0;
        for (float v : top) n += v * v;
        float[] e = Enrollment.embedding(two, shape(0));
        assertEquals(HS, e.length);
        for (int k = 0; k < HS; k++) assertEquals(top[k] / Math.sqrt(n), e[k], 1e-6);
    }

    /** All weights 0: every state is 0 (z = 1/2, the candidate tanh 0), which has no direction. */
    @Test
    void aStateOfZeroHasNoEmbeddingAndCannotBeEnrolled() {
        GruShape shape = new GruShape(new PenEncoder(false).inputSize(), HS, 1, Fixtures.SHAPES.size());
        Model zero = new Model("zero", "1", shape, new PenEncoder(false), Fixtures.SHAPES, Map.of(), new float[shape.size()]);
        assertNull(Enrollment.embedding(zero, shape(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Enrollment.enroll(zero, "circle", List.of(shape(0))));
        assertEquals("example 1 of circle moves too little to be read", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Enrollment.enroll(BASE, "circle", List.of(shape(0), List.of())));
        assertEquals("example 2 of circle is no PEN gesture", e.getMessage());
    }

    // ---------------------------------------------------------------- means and thresholds

    private static float[] mean(Model m, int c) {
        return Arrays.copyOfRange(m.parameters(), m.shape().wOut() + c * HS, m.shape().wOut() + (c + 1) * HS);
    }

    private static float[] emb(int i) {
        return Enrollment.embedding(BASE, shape(i));
    }

    /**
     * The threshold as the class comment defines it: over the new examples, the cosine of each to
     * the sum of the others (n >= 2), and of {@link Enrollment#VARIANTS} augmented variants of each
     * to the class's sum, drawn from SplittableRandom(label hash x golden ratio + the example's place).
     */
    private static float expected(String label, List<List<Sample>> examples, float[] sum, int n, List<Float> loo, List<Float> variants) {
        Recognizer rec = new Recognizer(BASE);
        for (int i = 0; i < examples.size(); i++) {
            float[] e = Enrollment.embedding(rec, examples.get(i));
            if (n >= 2) {
                float[] rest = new float[HS];
                for (int k = 0; k < HS; k++) rest[k] = sum[k] - e[k];
                loo.add(cos(e, rest));
            }
            SplittableRandom r = new SplittableRandom(label.hashCode() * 0x9E3779B97F4A7C15L + i);
            for (int v = 0; v < Enrollment.VARIANTS; v++) variants.add(cos(Enrollment.embedding(rec, Augmenter.augment(examples.get(i), 1f, r)), sum));
        }
        List<Float> all = new ArrayList<>(loo);
        all.addAll(variants);
        Collections.sort(all);
        return all.get((int) Math.ceil(.05 * all.size()) - 1);
    }

    private static float cos(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return (float) (dot / Math.sqrt(na * nb));
    }

    @Test
    void aClassIsTheMeanOfItsExamplesAndItsThresholdTheQuantileOfItsCosines() {
        // a circle and a vee: the two left-out cosines (-.10 here) are the lowest of the 18, and the quantile (rank 1) is one of them
        List<List<Sample>> ex = List.of(shape(0), shape(2));
        Model m = Enrollment.enroll(BASE, "circle", ex, Embedding.STATE);
        float[] e0 = emb(0), e2 = emb(2);
        float[] sum = new float[HS];
        for (int k = 0; k < HS; k++) sum[k] = e0[k] + e2[k];
        for (int k = 0; k < HS; k++) assertEquals((e0[k] + e2[k]) / 2, mean(m, 0)[k], 1e-7f);
        assertEquals(List.of("circle"), m.labels());
        assertArrayEquals(new int[] {2}, m.enrolledExamples());
        List<Float> loo = new ArrayList<>(), variants = new ArrayList<>();
        float t = expected("circle", ex, sum, 2, loo, variants);
        assertEquals(2, loo.size());
        assertEquals(16, variants.size());
        assertTrue(Collections.min(loo) < Collections.min(variants), "the left-out cosines decide here");
        assertEquals(t, m.thresholds()[0], 1e-6f);
        assertEquals(cos(e0, e2), t, 1e-6f, "each left-out example's cosine to the other");
        assertEquals(String.format("tiny 1 (checksum %08x)", BASE.checksum()), m.metadata().get("base"));

        // one more circle: the mean by the count, the threshold the lower of the old and the new example's
        Model more = Enrollment.enroll(m, "circle", List.of(shape(4)));
        float[] e4 = emb(4), sum3 = new float[HS];
        for (int k = 0; k < HS; k++) sum3[k] = mean(m, 0)[k] * 2 + e4[k];
        for (int k = 0; k < HS; k++) assertEquals(sum3[k] / 3, mean(more, 0)[k], 1e-7f);
        assertArrayEquals(new int[] {3}, more.enrolledExamples());
        assertEquals(List.of("circle"), more.labels());
        float t3 = expected("circle", List.of(shape(4)), sum3, 3, new ArrayList<>(), new ArrayList<>());
        assertEquals(Math.min(t, t3), more.thresholds()[0], 1e-6f);
        assertEquals(m.metadata().get("base"), more.metadata().get("base"), "the classifier it began from");

        // a second class next to it, then the first learned afresh from one example
        Model two = Enrollment.enroll(more, "line", List.of(shape(1)));
        assertEquals(List.of("circle", "line"), two.labels());
        assertArrayEquals(new int[] {3, 1}, two.enrolledExamples());
        assertArrayEquals(mean(more, 0), mean(two, 0));
        assertArrayEquals(emb(1), mean(two, 1), 1e-7f);
        Model fresh = Enrollment.replace(two, "circle", List.of(shape(8)));
        assertArrayEquals(emb(8), mean(fresh, 0), 1e-7f);
        assertArrayEquals(new int[] {1, 1}, fresh.enrolledExamples());
        float t1 = expected("circle", List.of(shape(8)), emb(8), 1, new ArrayList<>(), new ArrayList<>());
        assertEquals(t1, fresh.thresholds()[0], 1e-6f, "afresh: not the lower of the old and the new");
        assertTrue(t1 > more.thresholds()[0]);
    }

    /**
     * The same zigzag twice as "zigzag": the left-out cosines are 1, so the quantile (rank 1 of
     * 18) is the lowest variant's, here one of the second example's; and the ninth draw of an
     * example, were it taken, would be lower still.
     */
    @Test
    void theVariantsAreDrawnPerLabelAndPlace() {
        List<Sample> z = shape(3);
        assertEquals("zigzag", SH.get(3).label());
        List<List<Sample>> ex = List.of(z, z);
        float[] e = Enrollment.embedding(BASE, z), sum = new float[HS];
        for (int k = 0; k < HS; k++) sum[k] = 2 * e[k];
        List<Float> loo = new ArrayList<>(), variants = new ArrayList<>();
        float t = expected("zigzag", ex, sum, 2, loo, variants);
        assertEquals(1f, loo.get(0), 1e-6f);
        float first = Collections.min(variants.subList(0, 8)), second = Collections.min(variants.subList(8, 16));
        assertTrue(second < first, "the second example's variants decide");
        assertEquals(second, t);
        assertEquals(t, Enrollment.enroll(BASE, "zigzag", ex, Embedding.STATE).thresholds()[0], 1e-6f);
        // a ninth variant of either would have been lower: exactly VARIANTS are drawn
        Recognizer rec = new Recognizer(BASE);
        float ninth = 2f;
        for (int i = 0; i < 2; i++) {
            SplittableRandom r = new SplittableRandom("zigzag".hashCode() * 0x9E3779B97F4A7C15L + i);
            for (int v = 0; v < Enrollment.VARIANTS; v++) Augmenter.augment(z, 1f, r);
            ninth = Math.min(ninth, cos(Enrollment.embedding(rec, Augmenter.augment(z, 1f, r)), sum));
        }
        assertTrue(ninth < t);
        // another label draws other variants
        assertTrue(Enrollment.enroll(BASE, "zag", ex, Embedding.STATE).thresholds()[0] != t);
    }

    @Test
    void enrollingAllInTurnWithoutCalibrationLeavesEveryThresholdAtMinusOne() {
        Map<String, List<List<Sample>>> classes = new LinkedHashMap<>();
        classes.put("vee", List.of(shape(2)));
        classes.put("circle", List.of(shape(0), shape(4)));
        Model m = Enrollment.enrollAll(BASE, classes, false, Embedding.STATE);
        assertEquals(List.of("vee", "circle"), m.labels());
        assertArrayEquals(new int[] {1, 2}, m.enrolledExamples());
        assertArrayEquals(new float[] {-1f, -1f}, m.thresholds());
        assertArrayEquals(emb(2), mean(m, 0), 1e-7f);
        Model calibrated = Enrollment.enrollAll(BASE, classes, true, Embedding.STATE);
        assertTrue(calibrated.thresholds()[0] > -1f && calibrated.thresholds()[1] > -1f);
    }
}
