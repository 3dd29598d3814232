package io.gesturestream.model.eval;

import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Runs gestures through the online {@link Recognizer}, one event at a time exactly as the stream
 * processor does, and scores the prediction at the gesture's end and after the first 25%, 50%
 * and 75% of its events.
 */
public final class Evaluator {
    /** Fractions of a gesture's events after which the prediction is scored. */
    public static final double[] FRACTIONS = {0.25, 0.5, 0.75, 1.0};

    private Evaluator() {}

    /**
     * Predicted class index after the first {@code ceil(f * n)} events (at least one), for each
     * fraction f in {@link #FRACTIONS}.
     */
    public static int[] predict(Recognizer rec, List<Sample> samples) {
        return java.util.Arrays.copyOf(ranked(rec, samples), FRACTIONS.length);
    }

    /**
     * {@link #predict}, then the second and third most likely classes at the end (-1 when the
     * model has fewer classes), then 1 when the final is known ({@link Recognizer#known}), else 0.
     *
     * <p>For a spotting model ({@link io.gesturestream.model.Model#spotting()}) the final is the
     * answer the app gives a session that ends (END) after these samples: the last gesture its
     * spotter completed in it, else the class of its last run long enough to name an ending
     * session's gesture ({@link Recognizer#atEnd}), else {@code unknown}; the early answers are the
     * most likely class after each fraction, as for any model.
     */
    static int[] ranked(Recognizer rec, List<Sample> samples) {
        int n = samples.size();
        int[] at = new int[FRACTIONS.length + 3];
        int[] cut = new int[FRACTIONS.length];
        for (int k = 0; k < FRACTIONS.length; k++) cut[k] = Math.max(1, (int) Math.ceil(FRACTIONS[k] * n - 1e-9));
        SessionState s = rec.newSession();
        int k = 0;
        float[] p = null;
        int spotted = -1;
        for (int i = 0; i < n; i++) {
            p = rec.step(s, samples.get(i));
            if (rec.spotted() >= 0) spotted = rec.spotted();
            while (k < cut.length && cut[k] == i + 1) at[k++] = Recognizer.argmax(p);
        }
        if (rec.model().spotting()) {
            at[FRACTIONS.length - 1] = spotted >= 0 ? spotted : rec.atEnd(s);
        }
        int first = at[FRACTIONS.length - 1];
        int second = -1, third = -1;
        for (int c = 0; c < p.length; c++) {
            if (c == first) continue;
            if (second < 0 || p[c] > p[second]) {
                third = second;
                second = c;
            } else if (third < 0 || p[c] > p[third]) {
                third = c;
            }
        }
        at[FRACTIONS.length] = second;
        at[FRACTIONS.length + 1] = third;
        at[FRACTIONS.length + 2] = rec.known(p) ? 1 : 0;
        return at;
    }

    public static EvalReport evaluate(Model model, List<Gesture> gestures, int threads) {
        return evaluate(model, gestures, threads, done -> {});
    }

    /**
     * Like {@link #evaluate(Model, List, int)}, telling {@code progress} the number of gestures
     * done as they finish. A model {@linkplain Model#restrictedTo restricted} to some labels
     * answers over those only, as its recognizers do everywhere.
     */
    public static EvalReport evaluate(Model model, List<Gesture> gestures, int threads, LongConsumer progress) {
        List<String> labels = model.labels();
        for (Gesture g : gestures) {
            if (!labels.contains(g.label())) {
                throw new IllegalArgumentException("label '" + g.label() + "' is not one of the model's classes " + labels);
            }
            if (g.samples().get(0).kind() != model.encoder().kind()) {
                throw new IllegalArgumentException("model " + model.name() + " reads " + model.encoder().kind()
                        + " events, the data holds " + g.samples().get(0).kind() + " events");
            }
        }
        int[][] predictions = predictAll(model, gestures, threads, progress);
        int[] truth = new int[gestures.size()];
        for (int i = 0; i < truth.length; i++) truth[i] = labels.indexOf(gestures.get(i).label());
        return EvalReport.of(labels, truth, predictions, model.output() == io.gesturestream.model.OutputKind.PROTOTYPES);
    }

    /** Accuracy at gesture end only, for model selection during training. */
    public static double finalAccuracy(Model model, List<Gesture> gestures, int threads) {
        return evaluate(model, gestures, threads).accuracy();
    }

    private static int[][] predictAll(Model model, List<Gesture> gestures, int threads, LongConsumer progress) {
        AtomicLong done = new AtomicLong();
        int n = gestures.size();
        int[][] out = new int[n][];
        int parts = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(parts);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                int from = n * p / parts, to = n * (p + 1) / parts;
                fs.add(pool.submit(() -> {
                    Recognizer rec = new Recognizer(model);
                    for (int i = from; i < to; i++) {
                        out[i] = ranked(rec, gestures.get(i).samples());
                        progress.accept(done.incrementAndGet());
                    }
                }));
            }
            for (Future<?> f : fs) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }
}
