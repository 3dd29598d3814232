package io.gesturestream.model.eval;

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
 * transcription is not exactly their label (each gesture one word).
 */
public final class Transcriptions {
    private Transcriptions() {}

    /** Character and word error rate of {@code model} on {@code gestures}. */
    public record Score(int gestures, long edits, long referenceLength, int wrongWords) {
        public double cer() {
            return referenceLength == 0 ? 0 : (double) edits / referenceLength;
        }

        public double wer() {
            return gestures == 0 ? 0 : (double) wrongWords / gestures;
        }
    }

    /** The greedy transcription of one gesture, from its events. */
    public static String transcribe(Recognizer rec, Transcript out, List<Sample> samples) {
        SessionState s = rec.newSession();
        out.reset();
        for (Sample x : samples) out.accept(rec.step(s, x));
        return out.text();
    }

    public static Score score(Model model, List<Gesture> gestures, int threads) {
        int n = gestures.size();
        String[] texts = new String[n];
        int workers = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int from = n * w / workers, to = n * (w + 1) / workers;
                fs.add(pool.submit(() -> {
                    Recognizer rec = new Recognizer(model);
                    Transcript t = new Transcript(model);
                    for (int i = from; i < to; i++) texts[i] = transcribe(rec, t, gestures.get(i).samples());
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
        long edits = 0, ref = 0;
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            String label = gestures.get(i).label();
            edits += editDistance(texts[i], label);
            ref += label.codePointCount(0, label.length());
            if (!texts[i].equals(label)) wrong++;
        }
        return new Score(n, edits, ref, wrong);
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
