package io.gesturestream.model;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecognizerTest {
    private final Model model = Fixtures.tinyModel(8, 2, 5);
    private final Gesture g = Fixtures.shape("circle", "w", new SplittableRandom(1));

    @Test
    void givesADistributionAfterEveryEvent() {
        Recognizer rec = new Recognizer(model);
        SessionState s = rec.newSession();
        for (Sample x : g.samples()) {
            float[] p = rec.step(s, x);
            double sum = 0;
            for (float v : p) {
                assertTrue(v >= 0 && v <= 1);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
        }
        assertEquals(g.samples().size(), s.steps());
    }

    @Test
    void stateSurvivesSerializationMidGestureBitForBit() {
        Recognizer rec = new Recognizer(model);
        SessionState straight = rec.newSession();
        SessionState hopping = rec.newSession();
        float[] a = null, b = null;
        for (Sample x : g.samples()) {
            a = rec.step(straight, x).clone();
            hopping = SessionState.fromBytes(hopping.toBytes(), model);
            b = rec.step(hopping, x).clone();
        }
        assertArrayEquals(a, b);
        assertArrayEquals(straight.toBytes(), hopping.toBytes());
    }

    /** [u, v/|v|] / sqrt(2) with u = a / |a|, in double: the embedding of two parts as the class comment of Embedding defines it. */
    private static double[] twoParts(float[] a, int aOff, double[] v, int hs) {
        double na = 0, nv = 0;
        for (int k = 0; k < hs; k++) na += a[aOff + k] * a[aOff + k];
        for (double x : v) nv += x * x;
        double[] e = new double[hs + v.length];
        for (int k = 0; k < hs; k++) e[k] = a[aOff + k] / Math.sqrt(na) / Math.sqrt(2);
        for (int k = 0; k < v.length; k++) e[hs + k] = v[k] / Math.sqrt(nv) / Math.sqrt(2);
        return e;
    }

    /** Parts each scaled to length 1, side by side, the whole scaled by 1/sqrt(parts), in double: as the class comment of Embedding defines it. */
    private static double[] parts(double[]... ps) {
        int n = 0;
        for (double[] q : ps) n += q.length;
        double[] e = new double[n];
        int at = 0;
        for (double[] q : ps) {
            double nq = 0;
            for (double x : q) nq += x * x;
            for (double x : q) e[at++] = x / Math.sqrt(nq) / Math.sqrt(ps.length);
        }
        return e;
    }

    private static double[] slice(float[] a, int from, int n) {
        double[] o = new double[n];
        for (int k = 0; k < n; k++) o[k] = a[from + k];
        return o;
    }

    /**
     * Every embedding by hand on a 2-layer model, from the session's own top-layer state: beside it
     * the classifier's logits for that state scaled to length 1 (through its head, and in the
     * enrolled model through the head it kept), or the sum of the top states after every event, or
     * that and the layer below's state and sum; and a prototype model's fit is the cosine of that
     * embedding with its class's mean.
     */
    @Test
    void everyEmbeddingIsTheStateBesideItsSecondPartEachOfLengthOneAndTheFitItsCosineToTheMean() {
        int hs = 8, c = model.shape().classes(), top = hs;
        List<Sample> xs = g.samples();
        List<Sample> other = Fixtures.shape("vee", "w", new SplittableRandom(2)).samples();
        float[] p = model.parameters();
        for (Embedding kind : Embedding.values()) {
            Recognizer base = new Recognizer(model);
            SessionState s = base.newSession(kind.pooledLayers(2));
            double[] sum = new double[hs], sum0 = new double[hs];
            for (Sample x : xs) {
                base.step(s, x);
                for (int k = 0; k < hs; k++) sum[k] += s.h[top + k];
                for (int k = 0; k < hs; k++) sum0[k] += s.h[k];
            }
            double hn = 0;
            for (int k = 0; k < hs; k++) hn += s.h[top + k] * s.h[top + k];
            double[] expected = switch (kind) {
                case STATE -> {
                    double[] e = new double[hs];
                    for (int k = 0; k < hs; k++) e[k] = s.h[top + k] / Math.sqrt(hn);
                    yield e;
                }
                case STATE_MEAN -> twoParts(s.h, top, sum, hs);
                case LAYERS_MEAN -> parts(slice(s.h, top, hs), sum, slice(s.h, 0, hs), sum0);
                case STATE_LOGITS -> {
                    double[] z = new double[c];
                    for (int j = 0; j < c; j++) {
                        z[j] = p[model.shape().bOut() + j];
                        for (int k = 0; k < hs; k++) z[j] += p[model.shape().wOut() + j * hs + k] * (s.h[top + k] / Math.sqrt(hn));
                    }
                    yield twoParts(s.h, top, z, hs);
                }
            };
            float[] e = base.embedding(s, kind);
            assertEquals(expected.length, e.length, kind.label());
            for (int k = 0; k < e.length; k++) assertEquals(expected[k], e[k], 1e-5, kind.label() + " " + k);
            assertNull(base.embedding(base.newSession(kind.pooledLayers(2)), kind), "a state of 0 has no direction");

            // enrolled from one gesture: its mean is that embedding; another gesture's fit is the cosine of its own with it
            Model m = Enrollment.enroll(model, "mine", List.of(xs), kind);
            assertEquals(kind, m.embedding());
            Recognizer rec = new Recognizer(m);
            SessionState t = rec.newSession();
            float[] probs = null;
            for (Sample x : other) probs = rec.step(t, x);
            assertEquals(1f, probs[0], 0f);
            float[] f = rec.embedding(t, kind);
            double dot = 0, nm = 0;
            for (int k = 0; k < e.length; k++) {
                dot += f[k] * e[k];
                nm += e[k] * e[k];
            }
            assertEquals(dot / Math.sqrt(nm), rec.fit(), 1e-5, kind.label());
            assertArrayEquals(e, Enrollment.embedding(rec, xs), 1e-6f, "the enrolled model embeds as its base did");
            // a fresh session of the enrolled model: its state and mean 0 (the logits, of the head's bias, are not), nothing NaN
            float[] fresh = rec.probabilities(rec.newSession());
            assertEquals(1f, fresh[0], 0f);
            if (kind == Embedding.STATE_LOGITS) assertTrue(Float.isFinite(rec.fit()) && rec.fit() != 0f, "the bias's direction: " + rec.fit());
            else assertEquals(0f, rec.fit(), 0f, kind.label());
        }
        // the classifier's head is kept, bit for bit, and kept again by a second enrollment
        Model logits = Enrollment.enroll(model, "a", List.of(xs), Embedding.STATE_LOGITS);
        Model again = Enrollment.enroll(logits, "b", List.of(other));
        int head = (hs + 1) * c;
        assertArrayEquals(Arrays.copyOfRange(p, model.shape().wOut(), model.shape().wOut() + head),
                Arrays.copyOfRange(logits.parameters(), logits.shape().wEmbed(), logits.shape().wEmbed() + head));
        assertArrayEquals(Arrays.copyOfRange(p, model.shape().wOut(), model.shape().wOut() + head),
                Arrays.copyOfRange(again.parameters(), again.shape().wEmbed(), again.shape().wEmbed() + head));
        assertEquals(head, again.shape().size() - again.shape().wEmbed());
        Recognizer rec = new Recognizer(logits);
        SessionState s = rec.newSession();
        for (Sample x : xs) rec.step(s, x);
        assertEquals("model tiny's embedding is state+logits, not state",
                assertThrows(IllegalArgumentException.class, () -> rec.embedding(s, Embedding.STATE)).getMessage());
        Recognizer plain = new Recognizer(model);
        SessionState unsummed = plain.newSession();
        for (Sample x : xs) plain.step(unsummed, x);
        assertEquals("the session does not sum the states that state+mean needs",
                assertThrows(IllegalArgumentException.class, () -> plain.embedding(unsummed, Embedding.STATE_MEAN)).getMessage());
        SessionState topOnly = plain.newSession(1);
        for (Sample x : xs) plain.step(topOnly, x);
        assertEquals("the session does not sum the states that layers+mean needs",
                assertThrows(IllegalArgumentException.class, () -> plain.embedding(topOnly, Embedding.LAYERS_MEAN)).getMessage());
        assertEquals("the session does not sum the states that state needs",
                assertThrows(IllegalArgumentException.class, () -> plain.embedding(topOnly, Embedding.STATE)).getMessage());
    }

    @Test
    void stepAllocatesNothing() throws Exception {
        stepAllocatesNothing(Model.bundled("pendigits"));
    }

    @Test
    void stepAllocatesNothingAtTheLatinSizeRestrictedOrNot() throws Exception {
        Model latin = Model.bundled("latin");
        stepAllocatesNothing(latin);
        stepAllocatesNothing(latin.restrictedTo(LabelSet.parse("A-Z,0-9")));
    }

    @Test
    void stepAllocatesNothingForPrototypesOverLatinsStateBesideItsLogitsOrTheMeanState() throws Exception {
        Map<String, List<List<Sample>>> classes = new java.util.TreeMap<>();
        for (Gesture x : Fixtures.shapes(2, 1, 3)) classes.computeIfAbsent(x.label(), k -> new ArrayList<>()).add(x.samples());
        for (Embedding e : new Embedding[] {Embedding.STATE_LOGITS, Embedding.STATE_MEAN, Embedding.LAYERS_MEAN}) {
            Model m = Enrollment.enrollAll(Model.bundled("latin"), classes, false, e);
            assertEquals(e, m.embedding());
            stepAllocatesNothing(m);
        }
    }

    /**
     * Once the JIT has compiled the step, 10,000 steps allocate nothing. Until then the Vector API's
     * vectors are objects (interpreted or C1 code), and on a loaded machine C2 can take a while, or
     * recompile after a new path (a restricted model's): so rounds of 10,000 steps are measured
     * until one allocates nothing, for at most 40 rounds. A step that allocates in compiled code
     * allocates in every round and fails.
     */
    private void stepAllocatesNothing(Model model) {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Recognizer rec = new Recognizer(model);
        SessionState s = rec.newSession();
        Sample[] events = g.samples().toArray(new Sample[0]);
        float sink = 0;
        for (int i = 0; i < 20_000; i++) sink += rec.step(s, events[i % events.length])[0];  // let the JIT settle
        List<Long> rounds = new ArrayList<>();
        long allocated;
        do {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) sink += rec.step(s, events[i % events.length])[0];
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
            rounds.add(allocated);
        } while (allocated != 0 && rounds.size() < 40);
        System.out.println(model.name() + ": bytes allocated by each round of 10,000 steps: " + rounds);
        assertEquals(0, allocated, "bytes allocated by each round of 10,000 steps: " + rounds);
        assertTrue(Float.isFinite(sink));
    }

    @Test
    void serializedStateIsCompact() {
        SessionState s = new Recognizer(model).newSession();
        assertEquals(25 + 4 * (2 * 8 + 11), s.toBytes().length);
    }

    @Test
    void stateOfAnotherModelOrOfTheWrongSizeIsRefused() {
        SessionState s = new Recognizer(model).newSession();
        Model other = Fixtures.tinyModel(8, 2, 6);
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(s.toBytes(), other));
        byte[] b = s.toBytes();
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(java.util.Arrays.copyOf(b, b.length - 1), model));
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(new byte[0], model));
        b[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(b, model));
        // a hidden value no GRU can reach (|h| > 1): a damaged store, refused
        byte[] c = s.toBytes();
        java.nio.ByteBuffer.wrap(c, 1 + 4 + 8 + 8 + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(3e30f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(c, model));
        assertTrue(e.getMessage().contains("outside [-1, 1]"), e.getMessage());
    }

    @Test
    void duplicateAndOldSequenceNumbersAreNotApplied() {
        Recognizer rec = new Recognizer(model);
        SessionState s = rec.newSession();
        List<Sample> xs = g.samples();
        rec.step(s, 1, xs.get(0));
        rec.step(s, 2, xs.get(1));
        byte[] before = s.toBytes();
        assertNull(rec.step(s, 2, xs.get(1)));
        assertNull(rec.step(s, 1, xs.get(0)));
        assertArrayEquals(before, s.toBytes());
        assertTrue(rec.step(s, 5, xs.get(2)) != null);  // a gap is applied
        assertEquals(5, s.lastSeq());
    }

    @Test
    void wrongKindOrNonFiniteSampleIsRefusedAndLeavesStateAlone() {
        Recognizer rec = new Recognizer(model);
        SessionState s = rec.newSession();
        rec.step(s, g.samples().get(0));
        byte[] before = s.toBytes();
        assertThrows(IllegalArgumentException.class, () -> rec.step(s, ImuSample.accel(0, 0, 1, 5)));
        assertThrows(IllegalArgumentException.class,
                () -> rec.step(s, PenSample.of(PenSample.Phase.MOVE, Double.NaN, 1, 5)));
        assertArrayEquals(before, s.toBytes());
    }
}
