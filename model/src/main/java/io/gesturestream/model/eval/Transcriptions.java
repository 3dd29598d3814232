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
 */
public final class Transcriptions {
    private Transcriptions() {}

    /**
     * Character and word error rate of {@code model} on {@code gestures}, and the edits and
     * reference lengths after each share of the events in {@link Evaluator#FRACTIONS}.
     */
    public record Score(int gestures, long edits, long referenceLength, int wrongWords, long[] editsAt, long[] referenceAt,
                        int wrongWordsLexicon, int outOfLexicon) {
        /** Without a lexicon. */
        public Score(int gestures, long edits, long referenceLength, int wrongWords, long[] editsAt, long[] referenceAt) {
            this(gestures, edits, referenceLength, wrongWords, editsAt, referenceAt, -1, -1);
        }

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
                    && java.util.Arrays.equals(referenceAt, s.referenceAt);
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
            b.append("}");
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

    /** The greedy transcription of one gesture, from its events. */
    public static String transcribe(Recognizer rec, List<Sample> samples) {
        return transcribeAt(rec, samples)[Evaluator.FRACTIONS.length - 1];
    }

    /**
     * The greedy transcription after the first ceil(f n) events (at least one) for each f in
     * {@link Evaluator#FRACTIONS}, and with a lexicon two more entries: the final text
     * ({@link Recognizer#finalText}) and, when no word of the lexicon fitted, "" (else null).
     */
    static String[] transcribeAt(Recognizer rec, List<Sample> samples) {
        SessionState s = rec.newSession();
        Transcript out = s.transcript();
        boolean lexicon = rec.model().lexicon() != null;
        int n = samples.size(), k = 0;
        String[] at = new String[Evaluator.FRACTIONS.length + (lexicon ? 2 : 0)];
        for (int i = 0; i < n; i++) {
            rec.step(s, samples.get(i));
            while (k < Evaluator.FRACTIONS.length && Math.max(1, (int) Math.ceil(Evaluator.FRACTIONS[k] * n - 1e-9)) == i + 1) at[k++] = out.text();
        }
        if (lexicon) {
            at[at.length - 2] = rec.finalText(s);
            at[at.length - 1] = rec.inLexicon(s) ? null : "";
        }
        return at;
    }

    public static Score score(Model model, List<Gesture> gestures, int threads) {
        return score(model, gestures, threads, null, 0);
    }

    /**
     * @param lexicon null for none
     * @param width   the lexicon beam's width
     */
    public static Score score(Model model, List<Gesture> gestures, int threads, Lexicon lexicon, int width) {
        if (model.output() != io.gesturestream.model.OutputKind.CTC) {
            throw new IllegalArgumentException("model " + model.name() + " does not transcribe");
        }
        Model withLexicon = model.withLexicon(lexicon, width);
        int n = gestures.size();
        String[][] texts = new String[n][];
        int workers = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int from = n * w / workers, to = n * (w + 1) / workers;
                fs.add(pool.submit(() -> {
                    Recognizer rec = new Recognizer(withLexicon);
                    for (int i = from; i < to; i++) texts[i] = transcribeAt(rec, gestures.get(i).samples());
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
        int wrong = 0, wrongLex = 0, outside = 0;
        for (int i = 0; i < n; i++) {
            String label = gestures.get(i).label();
            int[] cps = label.codePoints().toArray();
            for (int k = 0; k <= last; k++) {
                int cut = (int) Math.round(Evaluator.FRACTIONS[k] * cps.length);
                editsAt[k] += editDistance(texts[i][k], new String(cps, 0, cut));
                refAt[k] += cut;
            }
            if (!texts[i][last].equals(label)) wrong++;
            if (lexicon != null) {
                if (texts[i][last + 2] != null) outside++;
                if (!texts[i][last + 1].equals(label)) wrongLex++;
            }
        }
        return lexicon == null ? new Score(n, editsAt[last], refAt[last], wrong, editsAt, refAt)
                : new Score(n, editsAt[last], refAt[last], wrong, editsAt, refAt, wrongLex, outside);
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
