package io.gesturestream.model.eval;

import io.gesturestream.model.Lexicon;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.Transcript;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores a transcription model ({@link io.gesturestream.model.OutputKind#CTC}) the way it runs in
 * the stream: every gesture's events through the online {@link Recognizer} one at a time, the
 * greedy {@link Transcript} at its end against the gesture's label.
 *
 * <p>Character error rate (CER): the edit distance (insertions, deletions, substitutions, each 1)
 * between the transcription and the label, over Unicode code points, summed over the gestures
 * and divided by the labels' total length. Word error rate (WER): the share of gestures whose
 * transcription is not exactly their label (each gesture one word). Early CER, after a share f
 * ({@link Evaluator#FRACTIONS}) of a gesture's events (the first ceil(f n), at least one): the
 * text so far against the label's first round(f L) characters, as if the writing went at an even
 * pace through the word.
 *
 * <p>With a {@link Lexicon}: the {@link LexiconBeam}'s best word at the end of each gesture, or,
 * when the beam holds no whole word, the greedy text (counted as out of the lexicon); its WER is
 * {@code werLexicon}.
 *
 * <p>Stable text ({@link Recognizer#stableText}, checked after every event never to lose what it
 * had: {@link Stability#changed}): character k of a label becomes stable at the first event after
 * which the stable text begins with the label's first k+1 characters, or, if that only happens
 * in the final text, one event after the last. Its lag, in events (points), is from the last
 * event that the most probable alignment of the label to the model's own outputs spends on it
 * ({@link ForcedAlignment}): where, by the network's reading, the character was written. A
 * causal network reads a character some points after its pen strokes end, which this lag
 * leaves out; characters never stably right are not counted.
 */
public final class Transcriptions {
    private Transcriptions() {}

    /**
     * Character and word error rate of {@code model} on {@code gestures}, and the edits and
     * reference lengths after each share of the events in {@link Evaluator#FRACTIONS}.
     */
    public record Score(int gestures, long edits, long referenceLength, int wrongWords, long[] editsAt, long[] referenceAt,
                        int wrongWordsLexicon, int outOfLexicon, Stability stability) {

        public double cer() {
            return referenceLength == 0 ? 0 : (double) edits / referenceLength;
        }

        /** CER after the share {@code Evaluator.FRACTIONS[k]} of each gesture's events. */
        public double cerAt(int k) {
            return referenceAt[k] == 0 ? 0 : (double) editsAt[k] / referenceAt[k];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Score s && gestures == s.gestures && edits == s.edits && referenceLength == s.referenceLength
                    && wrongWords == s.wrongWords && wrongWordsLexicon == s.wrongWordsLexicon && outOfLexicon == s.outOfLexicon
                    && java.util.Arrays.equals(editsAt, s.editsAt)
                    && java.util.Arrays.equals(referenceAt, s.referenceAt) && stability.equals(s.stability);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(gestures, edits, referenceLength, wrongWords, java.util.Arrays.hashCode(editsAt));
        }

        public String toJson() {
            StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "{\"gestures\": %d, \"cer\": %.6f, \"wer\": %.6f, \"cerAt\": {",
                    gestures, cer(), wer()));
            for (int k = 0; k < Evaluator.FRACTIONS.length; k++) {
                b.append(String.format(java.util.Locale.ROOT, "%s\"%s\": %.6f", k == 0 ? "" : ", ", Evaluator.FRACTIONS[k], cerAt(k)));
            }
            b.append(String.format(java.util.Locale.ROOT, "}, \"stableLagPoints\": {\"p50\": %d, \"p90\": %d, \"characters\": %d}, "
                    + "\"stableChanged\": %d", stability.p50(), stability.p90(), stability.characters(), stability.changed()));
            if (wrongWordsLexicon >= 0) {
                b.append(String.format(java.util.Locale.ROOT, ", \"werLexicon\": %.6f, \"outOfLexicon\": %d", werLexicon(), outOfLexicon));
            }
            return b.append("}").toString();
        }

        /** The share of words not exactly right when the lexicon decides; -1 without one. */
        public double werLexicon() {
            return wrongWordsLexicon < 0 ? -1 : gestures == 0 ? 0 : (double) wrongWordsLexicon / gestures;
        }

        public double wer() {
            return gestures == 0 ? 0 : (double) wrongWords / gestures;
        }
    }

    /**
     * How the stable text behaved: the median and 90th percentile of the characters' stable lags
     * in points (see the class comment), how many characters they are of, and in how many
     * gestures the stable text ever lost a character it had shown (0 is the promise).
     */
    public record Stability(int characters, int p50, int p90, int changed) {}

    /** The greedy transcription of one gesture, from its events. */
    public static String transcribe(Recognizer rec, List<Sample> samples) {
        return read(rec, samples, "").at()[Evaluator.FRACTIONS.length - 1];
    }

    /**
     * What one gesture's events give: the greedy text after the first ceil(f n) events (at least
     * one) for each f in {@link Evaluator#FRACTIONS}; the final text ({@link Recognizer#finalText})
     * and whether it is a word of the lexicon (true without one); the stable lag of each of the
     * label's characters that became stable (see the class comment), and whether the stable text
     * ever lost a character.
     */
    record Read(String[] at, String finalText, boolean inLexicon, int[] stableLags, boolean stableChanged) {}

    static Read read(Recognizer rec, List<Sample> samples, String label) {
        SessionState s = rec.newSession();
        Transcript out = s.transcript();
        List<String> alphabet = rec.model().labels();
        int classes = alphabet.size();
        int[] ref = label.codePoints().toArray();
        int[] target = new int[ref.length];
        boolean spellable = true;
        for (int c = 0; c < ref.length; c++) {
            target[c] = alphabet.indexOf(new String(Character.toChars(ref[c])));
            spellable &= target[c] > 0;
        }
        int n = samples.size(), k = 0, steps = 0, matched = 0;
        String[] at = new String[Evaluator.FRACTIONS.length];
        float[] probs = new float[64 * classes];
        int[] eventOf = new int[64];
        int[] stableAt = new int[ref.length];
        String stable = "";
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            float[] p = rec.step(s, samples.get(i));
            if (rec.stepped()) {
                if (steps == eventOf.length) {
                    eventOf = java.util.Arrays.copyOf(eventOf, 2 * steps);
                    probs = java.util.Arrays.copyOf(probs, 2 * steps * classes);
                }
                System.arraycopy(p, 0, probs, steps * classes, classes);
                eventOf[steps++] = i;
            }
            String st = rec.stableText(s);
            if (!st.startsWith(stable)) changed = true;
            stable = st;
            matched = matched(stable, ref, matched, stableAt, i);
            while (k < Evaluator.FRACTIONS.length && Math.max(1, (int) Math.ceil(Evaluator.FRACTIONS[k] * n - 1e-9)) == i + 1) at[k++] = out.text();
        }
        String finalText = rec.model().lexicon() != null ? rec.finalText(s) : out.text();
        if (finalText.startsWith(stable)) matched = matched(finalText, ref, matched, stableAt, n);
        int[] end = spellable ? ForcedAlignment.lastSteps(probs, steps, classes, target) : null;
        int[] lags = new int[end == null ? 0 : matched];
        for (int c = 0; c < lags.length; c++) lags[c] = stableAt[c] - eventOf[end[c]];
        return new Read(at, finalText, rec.model().lexicon() == null || rec.inLexicon(s), lags, changed);
    }

    /**
     * How many of the label's first characters {@code text} begins with, at least {@code matched};
     * those beyond {@code matched} are stamped with {@code event}.
     */
    private static int matched(String text, int[] ref, int matched, int[] stableAt, int event) {
        int m = 0, i = 0;
        while (m < ref.length && i < text.length() && text.codePointAt(i) == ref[m]) {
            i += Character.charCount(ref[m]);
            m++;
        }
        for (int c = matched; c < m; c++) stableAt[c] = event;
        return Math.max(m, matched);
    }

    public static Score score(Model model, List<Gesture> gestures, int threads) {
        return score(model, gestures, threads, null, 0, 0f);
    }

    /**
     * @param lexicon null for none
     * @param width   the lexicon beam's width
     * @param commit  its commit share ({@link Model#withLexicon(Lexicon, int, float)})
     */
    public static Score score(Model model, List<Gesture> gestures, int threads, Lexicon lexicon, int width, float commit) {
        if (model.output() != io.gesturestream.model.OutputKind.CTC) {
            throw new IllegalArgumentException("model " + model.name() + " does not transcribe");
        }
        Model withLexicon = model.withLexicon(lexicon, width, commit);
        int n = gestures.size();
        Read[] reads = new Read[n];
        int workers = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int from = n * w / workers, to = n * (w + 1) / workers;
                fs.add(pool.submit(() -> {
                    Recognizer rec = new Recognizer(withLexicon);
                    for (int i = from; i < to; i++) reads[i] = read(rec, gestures.get(i).samples(), gestures.get(i).label());
                }));
            }
            for (Future<?> f : fs) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        int last = Evaluator.FRACTIONS.length - 1;
        long[] editsAt = new long[last + 1], refAt = new long[last + 1];
        int wrong = 0, wrongLex = 0, outside = 0, changed = 0;
        java.util.List<Integer> lags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String label = gestures.get(i).label();
            int[] cps = label.codePoints().toArray();
            Read r = reads[i];
            for (int k = 0; k <= last; k++) {
                int cut = (int) Math.round(Evaluator.FRACTIONS[k] * cps.length);
                editsAt[k] += editDistance(r.at()[k], new String(cps, 0, cut));
                refAt[k] += cut;
            }
            if (!r.at()[last].equals(label)) wrong++;
            if (!r.inLexicon()) outside++;
            if (!r.finalText().equals(label)) wrongLex++;
            if (r.stableChanged()) changed++;
            for (int lag : r.stableLags()) lags.add(lag);
        }
        java.util.Collections.sort(lags);
        Stability st = new Stability(lags.size(), percentile(lags, 0.5), percentile(lags, 0.9), changed);
        return new Score(n, editsAt[last], refAt[last], wrong, editsAt, refAt, lexicon == null ? -1 : wrongLex, lexicon == null ? -1 : outside, st);
    }

    /** The nearest-rank percentile of sorted values; 0 of none. */
    private static int percentile(List<Integer> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** Levenshtein distance over code points. */
    public static int editDistance(String a, String b) {
        int[] x = a.codePoints().toArray(), y = b.codePoints().toArray();
        int[] prev = new int[y.length + 1], cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) prev[j] = j;
        for (int i = 1; i <= x.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int sub = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length];
    }
}
