package io.gesturestream.model;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnrollmentTest {
    private static final List<Gesture> SHAPES = Fixtures.shapes(10, 5, 41);

    private static List<List<Sample>> examples(String label, int from, int k) {
        return SHAPES.stream().filter(g -> g.label().equals(label)).skip(from).limit(k).map(Gesture::samples).toList();
    }

    private static Model enrolled(Model base, List<String> labels, int k) {
        return enrolled(base, labels, k, Enrollment.NEW_SHAPES);
    }

    private static Model enrolled(Model base, List<String> labels, int k, Embedding withLogits) {
        Map<String, List<List<Sample>>> classes = new TreeMap<>();
        for (String l : labels) classes.put(l, examples(l, 0, k));
        Model m = base;
        for (var e : classes.entrySet()) m = Enrollment.enroll(m, e.getKey(), e.getValue(), withLogits);
        return m;
    }

    private static String classify(Recognizer rec, List<Sample> samples) {
        SessionState s = rec.newSession();
        float[] p = null;
        for (Sample x : samples) p = rec.step(s, x);
        return rec.model().labels().get(Recognizer.argmax(p));
    }

    @Test
    void aClassifiersGruLearnsNewShapesFromThreeExamplesEachAndTheFileKeepsThem() throws Exception {
        Model latin = Model.bundled("latin");
        Model m = enrolled(latin, Fixtures.SHAPES, 3, Embedding.STATE_LOGITS);
        assertEquals(OutputKind.PROTOTYPES, m.output());
        assertEquals(Fixtures.SHAPES, m.labels());
        assertArrayEquals(new int[] {3, 3, 3, 3}, m.enrolledExamples());
        for (float t : m.thresholds()) assertTrue(t > -1f && t < 1f, "threshold " + t);
        Recognizer rec = new Recognizer(m);
        int ok = 0, n = 0;
        for (String l : Fixtures.SHAPES) {
            for (List<Sample> g : examples(l, 3, 7)) {
                n++;
                if (classify(rec, g).equals(l)) ok++;
                assertTrue(rec.fit() >= -1f && rec.fit() <= 1f);
            }
        }
        assertTrue(ok >= 0.9 * n, ok + " of " + n);
        // the file: same bits, same answers; the GRU is latin's, untouched
        Model back = ModelFile.read(ModelFile.write(m));
        assertEquals(m.checksum(), back.checksum());
        assertArrayEquals(m.thresholds(), back.thresholds());
        assertEquals(3, ModelFile.versionOf(m), "a prototype model with embedding logits");
        assertEquals(Embedding.STATE_LOGITS, back.embedding());
        float[] a = new Recognizer(m).step(new Recognizer(m).newSession(), SHAPES.get(0).samples().get(0));
        assertTrue(a.length == 4);
        for (int i = 0; i < latin.shape().wOut(); i++) assertEquals(latin.parameters()[i], m.parameters()[i]);
        // latin's head is kept as the embedding logits' head, every bit
        assertEquals(94, m.shape().embedding());
        assertEquals(64 + 94, m.shape().headInput());
        int headLength = latin.shape().size() - latin.shape().wOut();
        assertEquals(headLength, m.shape().size() - m.shape().wEmbed());
        for (int i = 0; i < headLength; i++) assertEquals(latin.parameters()[latin.shape().wOut() + i], m.parameters()[m.shape().wEmbed() + i]);
        // the state alone: no head kept, version 2
        Model state = Enrollment.enroll(latin, "circle", examples("circle", 0, 3), Embedding.STATE);
        assertEquals(0, state.shape().embedding());
        assertEquals(2, ModelFile.versionOf(state));
        assertEquals(latin.shape().size() - 94 * 64 - 94 + 64 + 1, state.shape().size());
        // the state beside the mean state: no head kept, rows twice as wide, version 3
        Model mean = Enrollment.enroll(latin, "circle", examples("circle", 0, 3), Embedding.STATE_MEAN);
        assertEquals(List.of(Embedding.STATE_MEAN, 0, 1, 3), List.of(mean.embedding(), mean.shape().embedding(), mean.shape().pooledLayers(),
                ModelFile.versionOf(mean)));
        assertEquals(latin.shape().size() - 94 * 64 - 94 + 128 + 1, mean.shape().size());
        assertEquals(mean.checksum(), ModelFile.read(ModelFile.write(mean)).checksum());
        // the default for new shapes, both layers' states beside their means: rows four times as wide, version 3
        Model layers = Enrollment.enroll(latin, "circle", examples("circle", 0, 3));
        assertEquals(List.of(Embedding.LAYERS_MEAN, 0, 2, 3), List.of(layers.embedding(), layers.shape().embedding(), layers.shape().pooledLayers(),
                ModelFile.versionOf(layers)));
        assertEquals(latin.shape().size() - 94 * 64 - 94 + 256 + 1, layers.shape().size());
        assertEquals(layers.checksum(), ModelFile.read(ModelFile.write(layers)).checksum());
    }

    @Test
    void theEmbeddingWithLogitsIsTheUnitStateBesideItsUnitLogitsScaledToLengthOne() throws Exception {
        Model latin = Model.bundled("latin");
        List<Sample> circle = examples("circle", 0, 1).get(0);
        Recognizer rec = new Recognizer(latin);
        SessionState s = rec.newSession();
        for (Sample x : circle) rec.step(s, x);
        float[] h = s.hidden();
        float[] top = java.util.Arrays.copyOfRange(h, 64, 128);
        // the logits by hand from latin's head, for the state scaled to length 1
        float[] p = latin.parameters();
        int wOut = latin.shape().wOut(), bOut = latin.shape().bOut();
        double hn = 0, zn = 0;
        double[] z = new double[94];
        for (float v : top) hn += v * v;
        for (int c = 0; c < 94; c++) {
            double v = p[bOut + c];
            for (int k = 0; k < 64; k++) v += p[wOut + c * 64 + k] * (top[k] / Math.sqrt(hn));
            z[c] = v;
            zn += v * v;
        }
        float[] e = Enrollment.embedding(rec, circle, Embedding.STATE_LOGITS);
        assertEquals(158, e.length);
        for (int k = 0; k < 64; k++) assertEquals(top[k] / Math.sqrt(hn) / Math.sqrt(2), e[k], 1e-6);
        for (int c = 0; c < 94; c++) assertEquals(z[c] / Math.sqrt(zn) / Math.sqrt(2), e[64 + c], 1e-5);
        float[] alone = Enrollment.embedding(rec, circle, Embedding.STATE);
        assertArrayEquals(Enrollment.embedding(latin, circle), alone, "a classifier's own embedding is its state alone");
        for (int k = 0; k < 64; k++) assertEquals(top[k] / Math.sqrt(hn), alone[k], 1e-6);
        // a model enrolled with logits embeds the same way, through the head it kept
        Model m = enrolled(latin, List.of("circle", "line"), 2, Embedding.STATE_LOGITS);
        assertArrayEquals(e, Enrollment.embedding(m, circle));
        assertThrows(IllegalArgumentException.class, () -> Enrollment.embedding(new Recognizer(m), circle, Embedding.STATE));
    }

    @Test
    void theFitIsTheCosineToTheNearestMeanAndAFinalUnderItsThresholdIsUnknown() throws Exception {
        Model m = enrolled(Model.bundled("latin"), List.of("circle", "line"), 3, Embedding.STATE_LOGITS);
        Recognizer rec = new Recognizer(m);
        List<Sample> circle = examples("circle", 5, 1).get(0);
        SessionState s = rec.newSession();
        float[] p = null;
        for (Sample x : circle) p = rec.step(s, x);
        float[] e = Enrollment.embedding(m, circle);
        int c = Recognizer.argmax(p);
        int w = m.shape().headInput();
        assertEquals(64 + 94, w);
        float[] mean = java.util.Arrays.copyOfRange(m.parameters(), m.shape().wOut() + c * w, m.shape().wOut() + (c + 1) * w);
        double dot = 0, nm = 0;
        for (int k = 0; k < w; k++) {
            dot += e[k] * mean[k];
            nm += mean[k] * mean[k];
        }
        assertEquals(dot / Math.sqrt(nm), rec.fit(), 1e-4);
        assertEquals(rec.fit() >= m.thresholds()[c], rec.known(p));
        // shapes it was not taught fit worse, on average, than new examples of the ones it was
        double known = 0, foreign = 0;
        int nk = 0, nf = 0;
        for (Gesture g : SHAPES.subList(24, SHAPES.size())) {
            classify(rec, g.samples());
            if (m.labels().contains(g.label())) {
                known += rec.fit();
                nk++;
            } else {
                foreign += rec.fit();
                nf++;
            }
        }
        assertTrue(known / nk > foreign / nf, "known " + known / nk + ", foreign " + foreign / nf);
        assertTrue(Float.isNaN(new Recognizer(Model.bundled("latin")).fit()), "a classifier has no fit");
        assertTrue(new Recognizer(Model.bundled("latin")).known(new float[94]));
    }

    @Test
    void addingRemovingAndReplacingClasses() throws Exception {
        Model m = enrolled(Model.bundled("latin"), List.of("circle", "line"), 2);
        Model more = Enrollment.enroll(m, "circle", examples("circle", 2, 3));
        assertArrayEquals(new int[] {5, 2}, more.enrolledExamples(), "added to the class");
        Model fresh = Enrollment.replace(more, "circle", examples("circle", 5, 1));
        assertArrayEquals(new int[] {1, 2}, fresh.enrolledExamples(), "learned afresh");
        Model one = Enrollment.remove(fresh, "circle");
        assertEquals(List.of("line"), one.labels());
        assertEquals(OutputKind.PROTOTYPES, ModelFile.read(ModelFile.write(one)).output());
        assertThrows(IllegalArgumentException.class, () -> Enrollment.remove(one, "line"), "the only class");
        assertThrows(IllegalArgumentException.class, () -> Enrollment.remove(one, "vee"));
        assertThrows(IllegalArgumentException.class, () -> Enrollment.replace(one, "vee", examples("vee", 0, 1)));
        assertThrows(IllegalArgumentException.class, () -> Enrollment.enroll(one, OutputKind.UNKNOWN, examples("vee", 0, 1)));
        assertThrows(IllegalArgumentException.class, () -> Enrollment.enroll(one, "vee", List.of()));
        assertThrows(IllegalArgumentException.class, () -> Enrollment.enroll(one, "vee",
                List.of(List.of(new ImuSample(0, 0, 1, 0, 0, 0, 0)))), "an IMU example for a pen model");
        assertThrows(IllegalArgumentException.class, () -> Enrollment.enroll(Model.bundled("words"), "vee", examples("vee", 0, 1)));
    }
}
