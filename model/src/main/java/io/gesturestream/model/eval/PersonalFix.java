package io.gesturestream.model.eval;

import io.gesturestream.model.Embedding;
import io.gesturestream.model.Enrollment;
import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The personal fix: a classifier's worst writers teach it their own way of writing the classes
 * it misses, with a few examples each and no gradient step, and are read again.
 *
 * <p>A personal model is a prototype model ({@link Enrollment}) on the classifier's GRU: every
 * class is first the mean embedding of a population of other writers' examples (the classifier's
 * own classes, as prototypes), then each class the writer is missed on most is learned afresh
 * from {@code k} of the writer's own examples ({@link Enrollment#replace}). The protocol, per
 * writer among the {@code worst} whom the classifier reads worst (ties by name):
 * <ol>
 *   <li>the classes it misses on that writer, most misses first (ties by label), at most
 *       {@code classes} of them, of those with more than {@code k} examples (so that one is left
 *       to test); a missed class with fewer is counted as too thin;</li>
 *   <li>{@code repeats} times: {@code k} examples of each such class drawn at random and
 *       enrolled; every other digit of the writer recognized, before (the classifier), by the
 *       population prototypes alone, and after (the personal model), each as the stream
 *       would, event by event, its class after the last event.</li>
 * </ol>
 * A writer the classifier misses on no class with enough examples gets no personal model: its
 * "after" is its "before".
 */
public final class PersonalFix {
    private PersonalFix() {}

    /**
     * One writer: how many gestures, the classifier's accuracy on all of them, the classes
     * enrolled, the missed classes too thin to enroll, and over the draws' remaining gestures:
     * how many were tested, and how many each of the classifier, the population prototypes and
     * the personal model read right.
     */
    public record Writer(String subject, int gestures, double accuracy, List<String> enrolled, List<String> tooThin,
                         long tested, long before, long population, long after) {
        public double beforeAccuracy() { return tested == 0 ? 0 : (double) before / tested; }
        public double populationAccuracy() { return tested == 0 ? 0 : (double) population / tested; }
        public double afterAccuracy() { return tested == 0 ? 0 : (double) after / tested; }
    }

    /** The writers, worst first, and the mean of their accuracies. */
    public record Result(List<Writer> writers, int populationGestures) {
        public double meanBefore() { return writers.stream().mapToDouble(Writer::beforeAccuracy).average().orElse(0); }
        public double meanPopulation() { return writers.stream().mapToDouble(Writer::populationAccuracy).average().orElse(0); }
        public double meanAfter() { return writers.stream().mapToDouble(Writer::afterAccuracy).average().orElse(0); }
    }

    /**
     * The prototype model of {@code base}'s GRU whose classes are the mean embeddings of
     * {@code population}'s gestures of each of {@code base}'s labels (others are left out), each
     * threshold calibrated when {@code calibrate} (else nothing is unknown: the protocol ranks only).
     *
     * @throws IllegalArgumentException when {@code base} is not a classifier, or the population
     *         lacks one of its labels
     */
    public static Model populationPrototypes(Model base, List<Gesture> population, boolean calibrate) {
        return populationPrototypes(base, population, calibrate, OWN_CLASSES);
    }

    /**
     * Whether the population's classes, the base's own, are means of its state beside its logits
     * unless told otherwise: yes. Chosen on the UNIPEN digits' validation writers (the 5 that
     * {@code digits} reads worst): the population's prototypes read 95.74% / 98.00% of them at
     * k = 1 / 3 with the logits, 91.01% / 93.32% without, and after the writers' own examples
     * 97.15% / 98.06% against 94.70% / 95.51% ({@code digits} alone: 95.83% / 97.35%).
     */
    public static final Embedding OWN_CLASSES = Embedding.STATE_LOGITS;

    /** As {@link #populationPrototypes(Model, List, boolean)}, the classes means of {@code embedding}. */
    public static Model populationPrototypes(Model base, List<Gesture> population, boolean calibrate, Embedding embedding) {
        if (base.output() != OutputKind.CLASSES) throw new IllegalArgumentException("model " + base.name() + " is no classifier");
        Map<String, List<List<Sample>>> classes = new LinkedHashMap<>();  // in the base's label order
        for (String l : base.labels()) classes.put(l, new ArrayList<>());
        for (Gesture g : population) {
            List<List<Sample>> c = classes.get(g.label());
            if (c != null) c.add(g.samples());
        }
        List<String> missing = base.labels().stream().filter(l -> classes.get(l).isEmpty()).toList();
        if (!missing.isEmpty()) throw new IllegalArgumentException("the population has no example of " + missing);
        return Enrollment.enrollAll(base, classes, calibrate, embedding);
    }

    /**
     * The protocol above, for {@code base} (a classifier) on the writers of {@code test}
     * (grouped by {@link Gesture#subject()}); only gestures with one of its labels count.
     */
    public static Result run(Model base, List<Gesture> population, List<Gesture> test, int worst, int k, int classes, int repeats, long seed) {
        return run(base, population, test, worst, k, classes, repeats, seed, OWN_CLASSES);
    }

    /** As {@link #run(Model, List, List, int, int, int, int, long)}, the population's classes means of {@code embedding}. */
    public static Result run(Model base, List<Gesture> population, List<Gesture> test, int worst, int k, int classes, int repeats, long seed,
                             Embedding embedding) {
        if (worst < 1 || k < 1 || classes < 1 || repeats < 1) throw new IllegalArgumentException("worst, k, classes and repeats must be at least 1");
        Model pop = populationPrototypes(base, population, false, embedding);
        int populationGestures = (int) population.stream().filter(g -> base.labels().contains(g.label())).count();
        Map<String, List<Gesture>> byWriter = new TreeMap<>();
        for (Gesture g : test) if (base.labels().contains(g.label())) byWriter.computeIfAbsent(g.subject(), x -> new ArrayList<>()).add(g);
        if (byWriter.isEmpty()) throw new IllegalArgumentException("no test gesture has a label of model " + base.name());
        Map<String, String[]> before = new HashMap<>(), popAnswer = new HashMap<>();
        Map<String, Double> accuracy = new HashMap<>();
        for (var w : byWriter.entrySet()) {
            String[] b = answers(base, w.getValue()), p = answers(pop, w.getValue());
            before.put(w.getKey(), b);
            popAnswer.put(w.getKey(), p);
            accuracy.put(w.getKey(), (double) right(w.getValue(), b) / w.getValue().size());
        }
        List<String> writers = new ArrayList<>(byWriter.keySet());
        writers.sort(Comparator.<String>comparingDouble(accuracy::get).thenComparing(Comparator.naturalOrder()));
        List<Writer> out = new ArrayList<>();
        for (String w : writers.subList(0, Math.min(worst, writers.size()))) {
            List<Gesture> gs = byWriter.get(w);
            String[] b = before.get(w), p = popAnswer.get(w);
            Map<String, Integer> misses = new TreeMap<>(), count = new TreeMap<>();
            for (int i = 0; i < gs.size(); i++) {
                count.merge(gs.get(i).label(), 1, Integer::sum);
                if (!gs.get(i).label().equals(b[i])) misses.merge(gs.get(i).label(), 1, Integer::sum);
            }
            List<String> missed = new ArrayList<>(misses.keySet());
            missed.sort(Comparator.<String>comparingInt(misses::get).reversed().thenComparing(Comparator.naturalOrder()));
            List<String> thin = missed.stream().filter(c -> count.get(c) <= k).toList();
            List<String> enrolled = missed.stream().filter(c -> count.get(c) > k).limit(classes).toList();
            if (enrolled.isEmpty()) {
                long ok = right(gs, b);
                out.add(new Writer(w, gs.size(), accuracy.get(w), enrolled, thin, gs.size(), ok, right(gs, p), ok));
                continue;
            }
            long[] sums = IntStream.range(0, repeats).parallel().mapToObj(rep -> {
                SplittableRandom r = FewShot.random(seed, w, k, rep);
                Set<Integer> taken = new HashSet<>();
                Model personal = pop;
                for (String c : enrolled) {
                    List<Integer> idx = new ArrayList<>();
                    for (int i = 0; i < gs.size(); i++) if (gs.get(i).label().equals(c)) idx.add(i);
                    List<List<Sample>> examples = new ArrayList<>();
                    for (int i : FewShot.shuffled(idx, r).subList(0, k)) {
                        taken.add(i);
                        examples.add(gs.get(i).samples());
                    }
                    personal = Enrollment.replace(personal, c, examples);
                }
                List<Gesture> rest = new ArrayList<>();
                List<Integer> restIdx = new ArrayList<>();
                for (int i = 0; i < gs.size(); i++) {
                    if (!taken.contains(i)) {
                        rest.add(gs.get(i));
                        restIdx.add(i);
                    }
                }
                String[] a = answers(personal, rest);
                long nb = 0, np = 0;
                for (int j = 0; j < rest.size(); j++) {
                    int i = restIdx.get(j);
                    if (gs.get(i).label().equals(b[i])) nb++;
                    if (gs.get(i).label().equals(p[i])) np++;
                }
                return new long[] {rest.size(), nb, np, right(rest, a)};
            }).reduce(new long[4], (x, y) -> new long[] {x[0] + y[0], x[1] + y[1], x[2] + y[2], x[3] + y[3]});
            out.add(new Writer(w, gs.size(), accuracy.get(w), enrolled, thin, sums[0], sums[1], sums[2], sums[3]));
        }
        return new Result(out, populationGestures);
    }

    /** Each gesture's class under {@code m}, after its last event, stepped as the stream steps it. */
    private static String[] answers(Model m, List<Gesture> gs) {
        Recognizer rec = new Recognizer(m);
        String[] a = new String[gs.size()];
        for (int i = 0; i < gs.size(); i++) {
            SessionState s = rec.newSession();
            float[] p = null;
            for (Sample x : gs.get(i).samples()) p = rec.step(s, x);
            a[i] = m.labels().get(Recognizer.argmax(p));
        }
        return a;
    }

    private static long right(List<Gesture> gs, String[] answers) {
        long ok = 0;
        for (int i = 0; i < gs.size(); i++) if (gs.get(i).label().equals(answers[i])) ok++;
        return ok;
    }
}
