package io.gesturestream.model;

import io.gesturestream.model.features.Augmenter;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Teaching a model new gestures from a few examples each, without a gradient step: the result is
 * a prototype model ({@link OutputKind#PROTOTYPES}) on the same feature encoder and GRU.
 *
 * <p>An example's embedding ({@link Embedding}) is the GRU's top-layer state after its last
 * event, scaled to length 1, and beside it, as a classifier base is enrolled, nothing, that
 * classifier's logits for the state (its head is then kept in the new model), or the mean of the
 * top-layer states after every event; each part scaled to length 1 and the whole again: exactly
 * as the stream computes it ({@link Recognizer#embedding}). A prototype base keeps its own. A
 * class is the mean of its examples' embeddings (adding examples to a class updates the mean by
 * their count). Its fit threshold is calibrated from its
 * own examples: the cosines to its mean of each example left out of it (when there are two or
 * more) and of {@link #VARIANTS} variants of each example (rotated, scaled, sheared, resampled and
 * jittered as in training's augmentation, drawn from a seed that the label and the example's
 * place fix), and the threshold is their {@link #QUANTILE} quantile: about that share of new
 * gestures of the class are expected to fall under it and be answered {@code unknown}.
 *
 * <p>Enrolling a class costs one GRU pass per example and variant, a few milliseconds.
 */
public final class Enrollment {
    /** Augmented variants of each example that calibrate its class's threshold. */
    public static final int VARIANTS = 8;
    /** The share of a class's calibration cosines that fall under its threshold. */
    public static final double QUANTILE = 0.05;

    private Enrollment() {}

    /**
     * A classifier's embedding for new shapes, unless told otherwise: every layer's state beside
     * its mean state. Chosen outside the measured protocols, on shapes the base never saw: with
     * {@code digits} (trained on digits alone), UNIPEN's letters and symbols of the training
     * writers, user-independent ({@code few-shot --format unipen}, k = 1 from 5 other writers, 20
     * draws): capitals 68.05%, small letters 61.39%, symbols 63.27%, against 64.05%, 57.28%, 57.03%
     * for the top layer's state and mean; and on the $1 logs' pilot subject (s01, outside the published protocol's s02-s11;
     * {@code few-shot --pilot}), user-dependent with {@code latin}, 7 and 0 errors in 4,800 at
     * k = 1 / 3 against 10 and 3 (the top layer's state and mean: itself chosen on the pilot,
     * 99.75% / 99.88% against 99.10% / 99.77% for the state alone and 99.15% / 99.50% beside the logits).
     */
    public static final Embedding NEW_SHAPES = Embedding.LAYERS_MEAN;

    /**
     * The embedding of one gesture under {@code model}'s encoder and GRU, after its last event, of
     * length 1: a prototype model's own; a classifier's top-layer state alone.
     */
    public static float[] embedding(Model model, List<Sample> samples) {
        return embedding(new Recognizer(model), samples);
    }

    /** As {@link #embedding(Model, List)}, with a recognizer of that model, for many gestures in a row. */
    public static float[] embedding(Recognizer rec, List<Sample> samples) {
        return embedding(rec, samples, rec.model().embedding());
    }

    /** The embedding of one gesture of this kind ({@link Recognizer#embedding}); null when the state stays 0. */
    public static float[] embedding(Recognizer rec, List<Sample> samples, Embedding kind) {
        SessionState s = rec.newSession(kind.pooledLayers(rec.model().shape().layers()));
        for (Sample x : samples) rec.step(s, x);
        return rec.embedding(s, kind);
    }

    /**
     * {@code base} with class {@code label} learned from {@code examples} (added to its examples
     * when {@code base} is a prototype model that has it). A classifier's classes are not kept:
     * its GRU is the embedding, and the new model's classes are the enrolled ones.
     *
     * @throws IllegalArgumentException for a transcription model, no examples, an example of the
     *         wrong input kind or one the encoder reads no step of, or the label "unknown"
     */
    public static Model enroll(Model base, String label, List<List<Sample>> examples) {
        return enroll(base, label, examples, NEW_SHAPES);
    }

    /** As {@link #enroll(Model, String, List)}; {@code embedding} is a classifier base's (a prototype base keeps its own). */
    public static Model enroll(Model base, String label, List<List<Sample>> examples, Embedding embedding) {
        return enroll(base, label, examples, false, true, embedding);
    }

    /**
     * {@code base} with every class of {@code classes} enrolled in turn; without {@code calibrate}
     * every threshold is -1 (nothing is unknown), which spares the variants' GRU passes when only
     * the ranking matters, as in the few-shot protocols' closed-set tests.
     */
    public static Model enrollAll(Model base, Map<String, List<List<Sample>>> classes, boolean calibrate) {
        return enrollAll(base, classes, calibrate, NEW_SHAPES);
    }

    /** As {@link #enrollAll(Model, Map, boolean)}; {@code embedding} is a classifier base's. */
    public static Model enrollAll(Model base, Map<String, List<List<Sample>>> classes, boolean calibrate, Embedding embedding) {
        Model m = base;
        for (Map.Entry<String, List<List<Sample>>> c : classes.entrySet()) m = enroll(m, c.getKey(), c.getValue(), false, calibrate, embedding);
        return m;
    }

    /** {@code model} with class {@code label} learned afresh from {@code examples} (added when it has no such class). */
    public static Model replace(Model model, String label, List<List<Sample>> examples) {
        if (model.output() != OutputKind.PROTOTYPES || !model.labels().contains(label)) {
            throw new IllegalArgumentException("model " + model.name() + " has no class " + label + " to replace");
        }
        return enroll(model, label, examples, true, true, model.embedding());
    }

    private static Model enroll(Model base, String label, List<List<Sample>> examples, boolean afresh, boolean calibrate, Embedding embedding) {
        if (base.output() == OutputKind.CTC) throw new IllegalArgumentException("model " + base.name() + " transcribes: enroll into a classifier or a prototype model");
        if (label == null || label.isEmpty() || label.equals(OutputKind.UNKNOWN)) {
            throw new IllegalArgumentException("a class needs a label other than \"\" and \"" + OutputKind.UNKNOWN + "\"");
        }
        if (examples.isEmpty()) throw new IllegalArgumentException("no examples of " + label);
        embedding = base.enrolledEmbedding(embedding);
        Recognizer rec = new Recognizer(base);
        List<float[]> emb = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            List<Sample> ex = examples.get(i);
            if (ex.isEmpty() || ex.get(0).kind() != base.encoder().kind()) {
                throw new IllegalArgumentException("example " + (i + 1) + " of " + label + " is no " + base.encoder().kind() + " gesture");
            }
            float[] e = embedding(rec, ex, embedding);
            if (e == null) throw new IllegalArgumentException("example " + (i + 1) + " of " + label + " moves too little to be read");
            emb.add(e);
        }
        int hs = emb.get(0).length;
        Classes cs = Classes.of(base);
        int c = cs.labels.indexOf(label);
        float[] sum = new float[hs];
        int n0 = 0;
        if (c >= 0 && !afresh) {
            n0 = cs.counts.get(c);
            for (int k = 0; k < hs; k++) sum[k] = cs.means.get(c)[k] * n0;
        }
        for (float[] e : emb) for (int k = 0; k < hs; k++) sum[k] += e[k];
        int n = n0 + emb.size();
        float[] mean = new float[hs];
        for (int k = 0; k < hs; k++) mean[k] = sum[k] / n;
        float threshold = calibrate ? calibrate(rec, label, examples, emb, sum, n, embedding) : -1f;
        if (c >= 0) {
            cs.means.set(c, mean);
            cs.counts.set(c, n);
            cs.thresholds.set(c, afresh ? threshold : Math.min(cs.thresholds.get(c), threshold));
        } else {
            cs.labels.add(label);
            cs.means.add(mean);
            cs.counts.add(n);
            cs.thresholds.add(threshold);
        }
        return cs.build(base, embedding);
    }

    /** {@code model} without class {@code label}. @throws IllegalArgumentException when it is no prototype model of that class, or it is the last */
    public static Model remove(Model model, String label) {
        if (model.output() != OutputKind.PROTOTYPES) throw new IllegalArgumentException("model " + model.name() + " has no enrolled classes");
        Classes cs = Classes.of(model);
        int c = cs.labels.indexOf(label);
        if (c < 0) throw new IllegalArgumentException("model " + model.name() + " has no class " + label + " (it has " + cs.labels + ")");
        if (cs.labels.size() == 1) throw new IllegalArgumentException(label + " is the model's only class");
        cs.labels.remove(c);
        cs.means.remove(c);
        cs.counts.remove(c);
        cs.thresholds.remove(c);
        return cs.build(model, model.embedding());
    }

    /**
     * The threshold of a class with mean {@code sum / n}: the {@link #QUANTILE} quantile of the
     * cosines of each new example left out (n >= 2) and of its augmented variants.
     */
    private static float calibrate(Recognizer rec, String label, List<List<Sample>> examples, List<float[]> emb, float[] sum, int n,
                                   Embedding embedding) {
        int hs = sum.length;
        List<Float> cos = new ArrayList<>();
        float[] rest = new float[hs];
        for (int i = 0; i < emb.size(); i++) {
            if (n >= 2) {
                for (int k = 0; k < hs; k++) rest[k] = sum[k] - emb.get(i)[k];
                cos.add(cosine(emb.get(i), rest));
            }
            SplittableRandom r = new SplittableRandom(label.hashCode() * 0x9E3779B97F4A7C15L + i);
            for (int v = 0; v < VARIANTS; v++) {
                float[] e = embedding(rec, Augmenter.augment(examples.get(i), 1f, r), embedding);
                if (e != null) cos.add(cosine(e, sum));
            }
        }
        return threshold(cos);
    }

    /** The {@link #QUANTILE} quantile (nearest rank) of a class's calibration cosines, sorted here; -1 (nothing unknown) for none. */
    public static float threshold(List<Float> cosines) {
        if (cosines.isEmpty()) return -1f;
        java.util.Collections.sort(cosines);
        return cosines.get(Math.max(0, (int) Math.ceil(QUANTILE * cosines.size()) - 1));
    }

    /** The cosine of unit vector {@code unit} and {@code v}; 0 when {@code v} is zero. Package-private for the tests. */
    static float cosine(float[] unit, float[] v) {
        double dot = 0, n = 0;
        for (int k = 0; k < v.length; k++) {
            dot += unit[k] * v[k];
            n += v[k] * v[k];
        }
        return n > 0 ? (float) (dot / Math.sqrt(n)) : 0f;
    }

    /** A prototype model's classes as lists, to edit. */
    private record Classes(List<String> labels, List<float[]> means, List<Integer> counts, List<Float> thresholds) {
        static Classes of(Model m) {
            Classes cs = new Classes(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            if (m.output() != OutputKind.PROTOTYPES) return cs;
            int hs = m.shape().headInput(), wOut = m.shape().wOut();
            float[] p = m.parameters();
            int[] counts = m.enrolledExamples();
            float[] th = m.thresholds();
            for (int c = 0; c < m.labels().size(); c++) {
                cs.labels.add(m.labels().get(c));
                cs.means.add(Arrays.copyOfRange(p, wOut + c * hs, wOut + (c + 1) * hs));
                cs.counts.add(counts[c]);
                cs.thresholds.add(th[c]);
            }
            return cs;
        }

        Model build(Model base, Embedding embedding) {
            int hs = means.isEmpty() ? 0 : means.get(0).length;
            float[] means = new float[labels.size() * hs];
            int[] n = new int[labels.size()];
            float[] t = new float[labels.size()];
            for (int c = 0; c < labels.size(); c++) {
                System.arraycopy(this.means.get(c), 0, means, c * hs, hs);
                n[c] = counts.get(c);
                t[c] = thresholds.get(c);
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("base", base.output() == OutputKind.PROTOTYPES ? base.metadata().getOrDefault("base", base.name())
                    : base.name() + " " + base.version() + String.format(" (checksum %08x)", base.checksum()));
            meta.put("enrolled", "no gradient step: each class the mean of its examples' embeddings (" + Enrollment.class.getSimpleName() + ")");
            if (embedding != Embedding.STATE) meta.put("embedding", embedding.label() + " (" + Embedding.class.getSimpleName() + ")");
            return Model.prototypes(base.name(), base.version(), base, labels, means, n, t, meta, embedding);
        }
    }
}
