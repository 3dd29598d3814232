package io.gesturestream.model;

import io.gesturestream.model.features.FeatureEncoder;
import io.gesturestream.model.features.Sample;
import io.gesturestream.model.gru.Gru;

/**
 * The online recognizer: one GRU step per event, a class distribution after every event.
 *
 * <p>One instance per thread (it owns the work buffers); the {@link Model} behind it is shared.
 * The arrays it returns are its own and are overwritten by the next call: copy what you keep.
 * After construction, {@link #step} allocates nothing.
 */
public final class Recognizer {
    private final Model model;
    private final Gru gru;
    private final FeatureEncoder encoder;
    private final Gru.Workspace ws;
    private final float[] x;
    private final float[] probs;
    /** The classes it may answer; null for all. */
    private final java.util.BitSet allowed;
    /** A spotting model's reject class, else -1; and the gesture the last {@link #step} completed, or -1. */
    private final int unknown;
    /** The shortest run that is a gesture, for a spotting model (ms). */
    private final float minRunMs;
    private int spotted = -1;
    /** Whether the last {@link #step} stepped the GRU (the encoder did not skip its event). */
    private boolean stepped;
    /** The lexicon beam's scratch, for a model with a lexicon; null otherwise. */
    private final LexiconBeam lexicon;
    /** A prototype model's mean embeddings' lengths; null for other models. */
    private final float[] prototypeNorms;
    /** A prototype model's embedding when it is more than the state ({@link Embedding}); null otherwise. */
    private final float[] embedded;
    /** A prototype model's fit after the last {@link #probabilities}: the largest cosine to an allowed class's mean. */
    private float fit = Float.NaN;

    /**
     * A recognizer of {@code model}, answering over the labels it is {@linkplain Model#restrictedTo
     * restricted to}, if any (see {@link LabelSet}): the others get probability 0, the rest are
     * renormalized.
     */
    public Recognizer(Model model) {
        this.allowed = model.allowed();
        this.model = model;
        this.gru = model.gru();
        this.encoder = model.encoder();
        this.ws = gru.newWorkspace();
        this.x = new float[encoder.inputSize()];
        this.probs = new float[model.shape().classes()];
        this.lexicon = model.lexicon() == null ? null : new LexiconBeam(model.lexicon(), model.lexiconWidth(), model.lexiconCommit());
        this.prototypeNorms = model.prototypeNorms();
        this.embedded = model.embedding() != Embedding.STATE ? new float[model.shape().headInput()] : null;
        this.unknown = model.labels().indexOf(OutputKind.UNKNOWN);
        this.minRunMs = model.spotMinRunMs();
    }

    public Model model() {
        return model;
    }

    /** A fresh session: zero hidden state, no events seen. */
    public SessionState newSession() {
        return newSession(model.shape().pooledLayers());
    }

    /**
     * A fresh session that sums the states of its top {@code pooledLayers} layers: a pooled model's,
     * or an enrollment's ({@link Embedding#pooledLayers}).
     */
    SessionState newSession(int pooledLayers) {
        SessionState s = new SessionState(model.checksum(), model.shape().stateSize(), encoder.stateSize(),
                SessionState.spotFloats(model), pooledLayers * model.shape().hiddenSize(), model.output() == OutputKind.CTC ? new Transcript(model) : null);
        encoder.reset(s.enc);
        return s;
    }

    /**
     * Applies one event: encodes it, advances every GRU layer one step (unless the encoder skips
     * the event, a pen point too close to the last one) and returns the class probabilities, in
     * the order of {@link Model#labels()}; for a transcription model, also takes them into the
     * session's {@link SessionState#transcript() transcript}.
     *
     * @throws IllegalArgumentException for a sample this model cannot read (wrong kind,
     *         non-finite values); the state is then unchanged
     */
    public float[] step(SessionState s, Sample sample) {
        if (s.modelChecksum != model.checksum()) {
            throw new IllegalArgumentException("session state belongs to another model");
        }
        stepped = encoder.encode(sample, s.lastTime, s.enc, x, 0);
        if (stepped) gru.step(x, 0, s.h, ws);
        if (s.pool.length > 0) {   // every event's states of the pooled layers (the top ones), stepped or not
            int first = s.h.length - s.pool.length;
            for (int k = 0; k < s.pool.length; k++) s.pool[k] += s.h[first + k];
        }
        long dt = s.lastTime == Long.MIN_VALUE ? 0 : sample.t() - s.lastTime;
        s.lastTime = sample.t();
        s.steps++;
        float[] p = probabilities(s);
        spotted = s.spot.length == 0 ? -1 : Spotter.update(s.spot, p, unknown, dt, minRunMs);
        if (s.transcript != null) {
            s.transcript.accept(p);
            LexiconBeam.Beam beam = beam(s);
            if (stepped && beam != null) lexicon.step(beam, p);
        }
        return p;
    }

    /**
     * Applies event number {@code seq} unless it is not newer than the last one applied: at-least-
     * once redelivery then leaves the hidden state exact.
     *
     * @return the probabilities, or {@code null} when the event was a duplicate and was skipped
     */
    public float[] step(SessionState s, long seq, Sample sample) {
        if (s.lastSeq != Long.MIN_VALUE && seq <= s.lastSeq) return null;
        float[] p = step(s, sample);
        s.lastSeq = seq;
        return p;
    }

    /**
     * Whether the last {@link #step} advanced the GRU; false when the encoder skipped its event
     * (the distribution is then the previous one again): a decoder that counts steps, as CTC's
     * training did, takes only the distributions of steps.
     */
    public boolean stepped() {
        return stepped;
    }

    /**
     * For a spotting model ({@link Model#spotting()}), the class of the gesture that the last
     * {@link #step} completed ({@link Spotter}), or -1 when it completed none; always -1 for
     * other models.
     */
    public int spotted() {
        return spotted;
    }

    /**
     * For a spotting model, the class that the session names if it ends now ({@link Spotter#atEnd}:
     * its last run of at least {@link Spotter#END_RUN_MS}, the one in progress first), else its
     * reject class; always -1 for other models. It is the session's answer when its spotter has
     * reported no gesture in it ({@link #reported}).
     */
    public int atEnd(SessionState s) {
        if (s.spot.length == 0) return -1;
        int c = Spotter.atEnd(s.spot, minRunMs);
        return c >= 0 ? c : unknown;
    }

    /** For a spotting model, whether its spotter has reported a gesture in the session; false for other models. */
    public boolean reported(SessionState s) {
        return s.spot.length > 0 && Spotter.reported(s.spot);
    }

    /** The current class probabilities of a session, without stepping. */
    public float[] probabilities(SessionState s) {
        if (prototypeNorms == null) gru.probabilities(s.h, probs, ws);
        else nearestPrototypes(s);
        if (allowed != null) restrict();
        return probs;
    }

    /**
     * A prototype model's distribution: with e the embedding ({@link #embed}) and m_c class c's
     * mean embedding, {@code cos_c = m_c . e / (|m_c| |e|)} (the head's logits over the two
     * lengths; 0 while e is 0), then {@code softmax(SCALE cos)}; the largest allowed cosine is the fit.
     */
    private void nearestPrototypes(SessionState s) {
        float[] h = s.h;
        int hs = model.shape().hiddenSize(), top = (model.shape().layers() - 1) * hs, c = probs.length;
        float norm;
        if (embedded == null) {
            gru.logits(h, top, probs, ws);
            float n2 = 0f;
            for (int k = 0; k < hs; k++) n2 += h[top + k] * h[top + k];
            norm = (float) Math.sqrt(n2);
        } else {
            norm = embed(s, top, model.embedding(), embedded);
            gru.logits(embedded, 0, probs, ws);
        }
        float best = -1f;
        for (int i = 0; i < c; i++) {
            float cos = norm > 0f ? probs[i] / (prototypeNorms[i] * norm) : 0f;
            if (allowed == null || allowed.get(i)) best = Math.max(best, cos);
            probs[i] = Model.PROTOTYPE_SCALE * cos;
        }
        fit = best;
        gru.softmax(probs, c);
    }

    /**
     * The embedding of session {@code s}, written to {@code out}: its top-layer state at {@code
     * h[top, top+H)} scaled to length 1, u = h/|h|, and beside it, by {@code kind} ({@link
     * Embedding}), either the logits z = W u + b of the embedding's head for u (a prototype model's
     * embedding logits, or a classifier's own head: the model a prototype model is enrolled from;
     * the logits of u rather than h: chosen on pendigits' training writers, 98.87% / 99.58% at
     * k = 1 / 3 against 98.82% / 99.53%), or the session's sum of top-layer states, and of each
     * pooled layer below the top its state and sum ({@link Embedding#LAYERS_MEAN}); each part scaled
     * to length 1 (0 while it is 0). Returns the embedding's length. Allocates nothing.
     */
    private float embed(SessionState s, int top, Embedding kind, float[] out) {
        float[] h = s.h;
        int hs = model.shape().hiddenSize();
        float len2 = unit(h, top, hs, out, 0);
        if (kind == Embedding.STATE_MEAN || kind == Embedding.LAYERS_MEAN) {
            int first = top / hs + 1 - s.pool.length / hs;   // the lowest pooled layer; the pool sums layers first..top
            len2 += unit(s.pool, top - first * hs, hs, out, hs);
            for (int l = top / hs - 1, at = 2 * hs; l >= first; l--, at += 2 * hs) {
                len2 += unit(h, l * hs, hs, out, at);
                len2 += unit(s.pool, (l - first) * hs, hs, out, at + hs);
            }
            return (float) Math.sqrt(len2);
        }
        if (kind == Embedding.STATE) return (float) Math.sqrt(len2);
        float[] z;
        int e;
        if (model.output() == OutputKind.PROTOTYPES) {
            gru.embedLogits(out, 0, ws);
            z = ws.embed;
            e = model.shape().embedding();
        } else {
            gru.logits(out, 0, probs, ws);
            z = probs;
            e = model.shape().classes();
        }
        return (float) Math.sqrt(len2 + unit(z, 0, e, out, hs));
    }

    /** {@code v[from, from+n)} scaled to length 1 into {@code out[at, at+n)}; returns its new squared length, 1 (or 0 when it is 0). */
    private static float unit(float[] v, int from, int n, float[] out, int at) {
        double n2 = 0;
        for (int k = 0; k < n; k++) n2 += v[from + k] * v[from + k];
        float inv = n2 > 0 ? (float) (1 / Math.sqrt(n2)) : 0f;
        for (int k = 0; k < n; k++) out[at + k] = v[from + k] * inv;
        return n2 > 0 ? 1f : 0f;
    }

    /**
     * The session's embedding, of length 1, as a prototype model compares it with its classes
     * ({@link Enrollment}): its top-layer state, and beside it what {@code kind} adds: the logits of
     * the model's head for it (a classifier's) or of its embedding logits (a prototype model's),
     * or the mean of its top-layer states (a session that {@linkplain #newSession(boolean) sums
     * them}); null while the state is 0. Overwrites the probabilities the last {@link #step} returned.
     *
     * @throws IllegalArgumentException for a transcription model, a prototype model whose own
     *         embedding is another, or the mean of a session that does not sum its states
     */
    public float[] embedding(SessionState s, Embedding kind) {
        if (model.output() == OutputKind.CTC) throw new IllegalArgumentException("a transcription model has no embedding");
        if (model.output() == OutputKind.PROTOTYPES && kind != model.embedding()) {
            throw new IllegalArgumentException("model " + model.name() + "'s embedding is " + model.embedding().label() + ", not " + kind.label());
        }
        int hs = model.shape().hiddenSize(), top = (model.shape().layers() - 1) * hs;
        int pooled = kind.pooledLayers(model.shape().layers());
        if (s.pool.length != pooled * hs) throw new IllegalArgumentException("the session does not sum the states that " + kind.label() + " needs");
        int width = hs + switch (kind) {
            case STATE -> 0;
            case STATE_MEAN, LAYERS_MEAN -> (2 * pooled - 1) * hs;
            case STATE_LOGITS -> model.output() == OutputKind.PROTOTYPES ? model.shape().embedding() : model.shape().classes();
        };
        float[] out = new float[width];
        float len = embed(s, top, kind, out);
        if (isZero(out, hs)) return null;
        if (len != 1f) {
            float inv = 1f / len;
            for (int k = 0; k < out.length; k++) out[k] *= inv;
        }
        return out;
    }

    private static boolean isZero(float[] v, int n) {
        for (int k = 0; k < n; k++) if (v[k] != 0f) return false;
        return true;
    }

    /**
     * How well the state fits the nearest class, after the last {@link #step} or
     * {@link #probabilities}: the cosine between the state and that class's mean embedding, in
     * [-1, 1]. NaN for a model that is not a prototype model.
     */
    public float fit() {
        return fit;
    }

    /**
     * For a prototype model, whether the state of the last {@link #step} or {@link #probabilities}
     * fits the class {@code p} ranks first at least as well as that class's threshold: a final that
     * does not is {@link OutputKind#UNKNOWN}. Always true for other models.
     */
    public boolean known(float[] p) {
        return prototypeNorms == null || fit >= model.threshold(argmax(p));
    }

    /**
     * Zero for the classes not allowed, the others renormalized: a softmax over the allowed logits.
     * The kept sum is never 0: the softmax's exp is clamped at e^-87, so no probability is 0.
     */
    private void restrict() {
        float sum = 0f;
        for (int i = 0; i < probs.length; i++) {
            if (allowed.get(i)) sum += probs[i];
            else probs[i] = 0f;
        }
        float inv = 1f / sum;
        for (int i = 0; i < probs.length; i++) probs[i] *= inv;
    }

    /**
     * A transcription model's text so far: with a lexicon, the most probable prefix of a word in
     * the session's beam; else the greedy text. Null for a classifier.
     */
    public String text(SessionState s) {
        if (s.transcript == null) return null;
        LexiconBeam.Beam beam = beam(s);
        return beam != null ? lexicon.bestPrefix(beam) : s.transcript.text();
    }

    /** The session's lexicon beam, when it has one and this recognizer runs a lexicon; else null. */
    private LexiconBeam.Beam beam(SessionState s) {
        return s.transcript == null || lexicon == null ? null : s.transcript.beam;
    }

    /**
     * The start of {@link #text} that no later event changes: with a lexicon, the prefix every
     * hypothesis of the beam shares (see {@link LexiconBeam#stablePrefix}); else the whole greedy
     * text (which only grows). Null for a classifier.
     */
    public String stableText(SessionState s) {
        if (s.transcript == null) return null;
        LexiconBeam.Beam beam = beam(s);
        return beam != null ? lexicon.stablePrefix(beam) : s.transcript.text(s.transcript.stableLength());
    }

    /**
     * A transcription model's answer for a whole gesture: with a lexicon, the most probable whole
     * word in the beam, or the greedy text when it holds none ({@link #inLexicon} false); else the
     * greedy text. Null for a classifier.
     */
    public String finalText(SessionState s) {
        if (s.transcript == null) return null;
        LexiconBeam.Beam beam = beam(s);
        String w = beam == null ? null : lexicon.bestWord(beam);
        return w != null ? w : s.transcript.text();
    }

    /** Whether {@link #finalText} is a word of the lexicon; null without a lexicon (or for a classifier). */
    public Boolean inLexicon(SessionState s) {
        LexiconBeam.Beam beam = beam(s);
        return beam == null ? null : lexicon.best(beam) >= 0;
    }

    /** Index of the largest entry. */
    public static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}
