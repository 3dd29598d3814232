package io.gesturestream.model;

import java.util.Arrays;

/**
 * CTC prefix beam search constrained to a {@link Lexicon}, one step at a time: every hypothesis
 * is a trie node (a prefix of some word) with the probability of the alignments so far that end
 * in a blank ({@code pb}) and in its last symbol ({@code pnb}). After a step with distribution y,
 * a prefix n goes on as
 * <pre>
 *   n      by a blank:               pb'(n)  += (pb + pnb) y_blank
 *   n      by its last symbol again: pnb'(n) += pnb y_last          (repeats merge)
 *   n + c  for each child c:         pnb'(nc) += (c == last ? pb : pb + pnb) y_c
 * </pre>
 * and the {@code width} most probable prefixes are kept. In probabilities rather than logarithms,
 * rescaled after every step so that the best is 1: only additions, multiplications and one
 * division, which IEEE 754 rounds the same everywhere, so the stream and an offline replay agree
 * bit for bit. A child whose symbol has probability under {@link #PRUNE} in the step is not tried.
 *
 * <p>Stable text: the prefix every hypothesis shares ({@link #stablePrefix}) can no longer change.
 * With a commit share {@code e > 0}, after each step the prefix shared by the most probable
 * hypotheses that hold {@code 1 - e} of the beam's probability is settled, and the hypotheses
 * that do not begin with it are dropped, so that the stable text need not wait until every
 * unlikely alternative has fallen out of the beam; the price is that a word they held can no
 * longer win (the exact beam: {@code e = 0}).
 *
 * <p>At the end, {@link #best} is the most probable hypothesis that is a whole word; none (the
 * writing is no word of the list, as far as the beam saw) says so, and the caller keeps the
 * greedy text. One decoder per thread (it owns scratch arrays sized by the lexicon); one
 * {@link Beam} per session. After construction, {@link #step} allocates nothing.
 */
public final class LexiconBeam {
    /** A symbol less likely than this in a step does not extend a prefix in that step. */
    static final float PRUNE = 1e-4f;

    private final Lexicon lex;
    private final int width;
    private final float commit;
    /** Per node: its candidate's index in this step, -1 when none; made at the first step (reading a beam needs none). */
    private int[] slotOf;
    private final int[] candNode;
    private final float[] candPb, candPnb;
    private final boolean[] taken;
    private int cands;

    /** A session's hypotheses: trie nodes and their probabilities, the best first. */
    public static final class Beam {
        final int[] node;
        final float[] pb, pnb;
        int size;

        Beam(int width) {
            node = new int[width];
            pb = new float[width];
            pnb = new float[width];
            size = 1;     // the empty prefix, certain
            pb[0] = 1f;
        }

        /** Hypotheses held. */
        public int size() { return size; }

        /** Back to the empty prefix alone, certain. */
        void reset() {
            size = 1;
            node[0] = 0;
            pb[0] = 1f;
            pnb[0] = 0f;
        }

        int serializedSize() {
            return 2 + 12 * size;
        }

        /** u16 size, then per hypothesis i32 node, f32 pb, f32 pnb; the buffer is little-endian. */
        void writeTo(java.nio.ByteBuffer b) {
            b.putShort((short) size);
            for (int k = 0; k < size; k++) b.putInt(node[k]).putFloat(pb[k]).putFloat(pnb[k]);
        }

        /** @throws IllegalArgumentException when the bytes are no beam of this width over {@code lex} */
        static Beam read(java.nio.ByteBuffer b, Lexicon lex, int width) {
            if (b.remaining() < 2) throw new IllegalArgumentException("lexicon beam too short in session state");
            int size = Short.toUnsignedInt(b.getShort());
            if (size < 1 || size > width) throw new IllegalArgumentException("lexicon beam of " + size + " hypotheses, width " + width);
            if (b.remaining() < 12 * size) throw new IllegalArgumentException("lexicon beam too short in session state");
            Beam beam = new Beam(width);
            beam.size = size;
            for (int k = 0; k < size; k++) {
                int n = b.getInt();
                float pb = b.getFloat(), pnb = b.getFloat();
                if (n < 0 || n >= lex.nodes()) throw new IllegalArgumentException("lexicon node " + n + " out of range in session state");
                if (!(pb >= 0f && pnb >= 0f && pb + pnb <= 1.001f)) {   // the best is rescaled to 1, give or take a rounding
                    throw new IllegalArgumentException("lexicon beam probability out of [0, 1] in session state");
                }
                beam.node[k] = n;
                beam.pb[k] = pb;
                beam.pnb[k] = pnb;
            }
            return beam;
        }
    }

    /** The exact beam: nothing committed before it falls out of the beam. */
    public LexiconBeam(Lexicon lex, int width) {
        this(lex, width, 0f);
    }

    /** @param commit the share of the beam's probability that may be given up to settle a prefix sooner, in [0, 1) */
    public LexiconBeam(Lexicon lex, int width, float commit) {
        if (width < 1) throw new IllegalArgumentException("beam width must be at least 1, got " + width);
        if (!(commit >= 0f && commit < 1f)) throw new IllegalArgumentException("commit share must be in [0, 1), got " + commit);
        this.lex = lex;
        this.width = width;
        this.commit = commit;
        int maxChildren = 0;
        for (int n = 0; n < lex.nodes(); n++) maxChildren = Math.max(maxChildren, lex.childCount(n));
        int cap = width * (2 + maxChildren);
        candNode = new int[cap];
        candPb = new float[cap];
        candPnb = new float[cap];
        taken = new boolean[cap];
    }

    public Beam newBeam() {
        return new Beam(width);
    }

    public Lexicon lexicon() {
        return lex;
    }

    public int width() {
        return width;
    }

    /** The most probable prefix so far (the first hypothesis), as text. */
    public String bestPrefix(Beam b) {
        return lex.text(b.node[0]);
    }

    /**
     * The longest prefix every hypothesis shares, as text. It only grows: every hypothesis of the
     * next step extends one of this step's, and so starts with it too.
     */
    public String stablePrefix(Beam b) {
        int n = b.node[0];
        for (int k = 1; k < b.size; k++) n = lex.commonPrefix(n, b.node[k]);
        return lex.text(n);
    }

    /** Takes the distribution of the next step (a GRU step, not an event the encoder skipped). */
    public void step(Beam b, float[] y) {
        if (slotOf == null) {
            slotOf = new int[lex.nodes()];
            Arrays.fill(slotOf, -1);
        }
        cands = 0;
        for (int h = 0; h < b.size; h++) {
            int n = b.node[h];
            float pb = b.pb[h], pnb = b.pnb[h], total = pb + pnb;
            add(n, total * y[0], 0f);
            int last = n == 0 ? 0 : lex.symbol(n);
            if (n != 0) add(n, 0f, pnb * y[last]);
            for (int i = lex.firstChild(n), end = i + lex.childCount(n); i < end; i++) {
                int m = lex.child(i);
                int c = lex.symbol(m);
                float yc = y[c];
                if (yc < PRUNE) continue;
                add(m, 0f, (c == last ? pb : total) * yc);
            }
        }
        // keep the most probable, ties to the smaller node: the same choice on every machine
        int keep = Math.min(width, cands);
        for (int k = 0; k < keep; k++) {
            int best = -1;
            float bestP = -1f;
            for (int i = 0; i < cands; i++) {
                if (taken[i]) continue;
                float p = candPb[i] + candPnb[i];
                if (best < 0 || p > bestP || (p == bestP && candNode[i] < candNode[best])) {
                    best = i;
                    bestP = p;
                }
            }
            taken[best] = true;
            b.node[k] = candNode[best];
            b.pb[k] = candPb[best];
            b.pnb[k] = candPnb[best];
        }
        b.size = keep;
        for (int i = 0; i < cands; i++) {
            slotOf[candNode[i]] = -1;
            taken[i] = false;
        }
        float top = b.pb[0] + b.pnb[0];
        if (top > 0f) {
            float inv = 1f / top;
            for (int k = 0; k < keep; k++) {
                b.pb[k] *= inv;
                b.pnb[k] *= inv;
            }
        }
        if (commit > 0f) commit(b);
    }

    /**
     * Settles the longest prefix shared by the most probable hypotheses that hold at least
     * {@code 1 - commit} of the beam's probability, and drops the hypotheses that do not begin
     * with it.
     */
    private void commit(Beam b) {
        float total = 0f;
        for (int k = 0; k < b.size; k++) total += b.pb[k] + b.pnb[k];
        float need = (1f - commit) * total, held = 0f;
        int n = b.node[0];
        for (int k = 0; k < b.size; k++) {
            held += b.pb[k] + b.pnb[k];
            n = lex.commonPrefix(n, b.node[k]);
            if (held >= need) break;
        }
        int w = 0;
        for (int k = 0; k < b.size; k++) {
            if (lex.commonPrefix(n, b.node[k]) != n) continue;
            b.node[w] = b.node[k];
            b.pb[w] = b.pb[k];
            b.pnb[w] = b.pnb[k];
            w++;
        }
        b.size = w;
    }

    /**
     * The most probable hypothesis that is a whole word, or -1 when the beam holds none.
     * {@link Lexicon#text} gives its word.
     */
    public int best(Beam b) {
        int best = -1;
        for (int k = 0; k < b.size; k++) {
            if (lex.terminal(b.node[k]) && (best < 0 || b.pb[k] + b.pnb[k] > b.pb[best] + b.pnb[best])) best = k;
        }
        return best < 0 ? -1 : b.node[best];
    }

    /** The best word so far, or null when the beam holds no whole word. */
    public String bestWord(Beam b) {
        int n = best(b);
        return n < 0 ? null : lex.text(n);
    }

    private void add(int node, float pb, float pnb) {
        int s = slotOf[node];
        if (s < 0) {
            s = cands++;
            slotOf[node] = s;
            candNode[s] = node;
            candPb[s] = 0f;
            candPnb[s] = 0f;
        }
        candPb[s] += pb;
        candPnb[s] += pnb;
    }
}
