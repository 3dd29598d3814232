package io.gesturestream.model.eval;

import io.gesturestream.model.Enrollment;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The few-shot protocols of the $-family papers, for any recognizer that learns from a few
 * examples per class ({@link Learner}).
 *
 * <p><b>User-dependent</b> (Wobbrock, Wilson and Li 2007, section 5): for each group (a subject
 * at one speed) and each repetition, k examples of every class are drawn at random as templates
 * and one other example of every class is recognized. <b>User-independent</b> (Vatavu et al.
 * 2012): for each subject and repetition, n other subjects are drawn, k examples of every class
 * from each of them (any speed) are the templates, and one example of every class of the subject
 * is recognized. Every draw comes from a {@link SplittableRandom} seeded by the group, k and the
 * repetition, so a result is the same on any machine and for any thread count.
 */
public final class FewShot {
    private FewShot() {}

    /** Builds a recognizer from templates. */
    public interface Learner {
        String name();

        Classifier learn(List<Gesture> templates);
    }

    /** Recognizes a whole gesture. */
    public interface Classifier {
        Answer answer(List<Sample> samples);
    }

    /**
     * A recognizer's answer: the class, how well the gesture fits it (higher is better; the scales
     * of different recognizers do not compare), and whether it is accepted as that class rather
     * than unknown (recognizers without a threshold accept everything).
     */
    public record Answer(String label, double score, boolean known) {}

    public static final Learner DOLLAR_ONE = new Learner() {
        public String name() { return DollarOne.NAME; }

        public Classifier learn(List<Gesture> templates) {
            DollarOne d = new DollarOne(templates);
            return samples -> {
                DollarOne.Match m = d.match(samples);
                return new Answer(m.label(), m.score(), true);
            };
        }
    };

    public static final Learner DOLLAR_P = new Learner() {
        public String name() { return DollarP.NAME; }

        public Classifier learn(List<Gesture> templates) {
            DollarP d = new DollarP(templates);
            return samples -> {
                DollarP.Match m = d.match(samples);
                return new Answer(m.label(), -m.distance(), true);
            };
        }
    };

    /**
     * A GRU's state as an embedding, without any training on the classes: the templates are
     * enrolled into {@code base} ({@link Enrollment}: each class the mean of its templates'
     * embeddings, no thresholds needed here), and a gesture is recognized by the prototype
     * model's {@link Recognizer}, event by event as the stream runs it: its class after the
     * last event.
     */
    public static Learner gruPrototypes(Model base) {
        return gruPrototypes(base, false, Enrollment.NEW_SHAPES);
    }

    /**
     * As {@link #gruPrototypes(Model)}, with each class's threshold calibrated when {@code
     * calibrate} (the open-set protocol needs them), and a classifier base's classes means of
     * {@code embedding}.
     */
    public static Learner gruPrototypes(Model base, boolean calibrate, io.gesturestream.model.Embedding embedding) {
        var kind = base.enrolledEmbedding(embedding);
        return new Learner() {
            public String name() { return "gru:" + base.name() + (kind == Enrollment.NEW_SHAPES ? "" : " (" + kind.label() + ")"); }

            public Classifier learn(List<Gesture> templates) {
                Map<String, List<List<Sample>>> classes = new TreeMap<>();
                for (Gesture g : templates) classes.computeIfAbsent(g.label(), k -> new ArrayList<>()).add(g.samples());
                Model m = Enrollment.enrollAll(base, classes, calibrate, embedding);
                Recognizer rec = new Recognizer(m);
                return samples -> {
                    SessionState s = rec.newSession();
                    float[] p = null;
                    for (Sample x : samples) p = rec.step(s, x);
                    return new Answer(m.labels().get(Recognizer.argmax(p)), rec.fit(), rec.known(p));
                };
            }
        };
    }

    /** Accuracy and the number of gestures recognized. */
    public record Result(long correct, long tested) {
        public double accuracy() {
            return tested == 0 ? 0 : (double) correct / tested;
        }
    }

    /**
     * User-dependent: {@code groups} maps a group (a subject at a speed) to its gestures.
     *
     * @throws IllegalArgumentException when a class of a group has k or fewer examples
     */
    public static Result userDependent(Map<String, List<Gesture>> groups, int k, int repeats, long seed, Learner learner) {
        checkDependent(groups, k);
        List<String> names = new ArrayList<>(groups.keySet());
        Collections.sort(names);
        long[] counts = IntStream.range(0, names.size() * repeats).parallel().mapToObj(job -> {
            String g = names.get(job / repeats);
            SplittableRandom r = random(seed, g, k, job % repeats);
            List<Gesture> templates = new ArrayList<>(), tests = new ArrayList<>();
            for (List<Gesture> ex : byLabel(groups.get(g)).values()) {
                List<Gesture> shuffled = shuffled(ex, r);
                templates.addAll(shuffled.subList(0, k));
                tests.add(shuffled.get(k));
            }
            return score(learner.learn(templates), tests);
        }).reduce(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        return new Result(counts[0], counts[1]);
    }

    /** @throws IllegalArgumentException when a class of a group has k or fewer examples: none would be left to test */
    public static void checkDependent(Map<String, List<Gesture>> groups, int k) {
        for (Map.Entry<String, List<Gesture>> g : new TreeMap<>(groups).entrySet()) {
            for (Map.Entry<String, List<Gesture>> c : byLabel(g.getValue()).entrySet()) {
                if (c.getValue().size() <= k) {
                    throw new IllegalArgumentException(g.getKey() + " has " + c.getValue().size() + " examples of " + c.getKey() + ", k = " + k
                            + " needs " + (k + 1));
                }
            }
        }
    }

    /** @throws IllegalArgumentException when there are not n subjects besides each one, or one has fewer than k examples of a class */
    public static void checkIndependent(Map<String, List<Gesture>> subjects, int k, int n) {
        if (subjects.size() <= n) throw new IllegalArgumentException(subjects.size() + " subjects: --others " + n + " needs " + (n + 1));
        for (Map.Entry<String, List<Gesture>> s : new TreeMap<>(subjects).entrySet()) {
            for (Map.Entry<String, List<Gesture>> c : byLabel(s.getValue()).entrySet()) {
                if (c.getValue().size() < k) throw new IllegalArgumentException(s.getKey() + " has " + c.getValue().size() + " examples of " + c.getKey() + ", k = " + k);
            }
        }
    }

    /**
     * User-independent: {@code subjects} maps a subject to its gestures; each subject is tested
     * against templates of n others.
     *
     * @throws IllegalArgumentException when there are not n others, or one of them has fewer than k examples of a class
     */
    public static Result userIndependent(Map<String, List<Gesture>> subjects, int k, int n, int repeats, long seed, Learner learner) {
        checkIndependent(subjects, k, n);
        List<String> names = new ArrayList<>(subjects.keySet());
        Collections.sort(names);
        long[] counts = IntStream.range(0, names.size() * repeats).parallel().mapToObj(job -> {
            String tested = names.get(job / repeats);
            SplittableRandom r = random(seed, tested, 1000 * n + k, job % repeats);
            List<String> others = new ArrayList<>(names);
            others.remove(tested);
            others = shuffled(others, r).subList(0, n);
            List<Gesture> templates = new ArrayList<>(), tests = new ArrayList<>();
            for (String o : others) {
                for (Map.Entry<String, List<Gesture>> c : byLabel(subjects.get(o)).entrySet()) {
                    templates.addAll(shuffled(c.getValue(), r).subList(0, k));
                }
            }
            for (List<Gesture> ex : byLabel(subjects.get(tested)).values()) tests.add(ex.get(r.nextInt(ex.size())));
            return score(learner.learn(templates), tests);
        }).reduce(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        return new Result(counts[0], counts[1]);
    }

    /**
     * The open set: how well a recognizer's score tells the gestures it was taught from others.
     *
     * @param auroc                 the probability that a taught gesture scores above a foreign one (ties count half)
     * @param unknownAcceptedAt95   the share of foreign gestures at or above the score that accepts 95% of the taught ones
     * @param knownAccepted         the share of taught gestures the recognizer's own thresholds accept as known
     * @param unknownAccepted       the share of foreign gestures they accept
     */
    public record OpenSet(long known, long unknown, double auroc, double unknownAcceptedAt95, double knownAccepted, double unknownAccepted) {}

    /**
     * Open set, user-dependent: for each group and repetition, {@code taught} of the group's
     * classes are drawn and k examples of each enrolled; the group's other examples of those
     * classes are the known gestures, every example of its other classes and {@code foreignPerDraw}
     * gestures drawn from {@code foreign} (other shapes: digits) the unknown ones. Scores are
     * pooled over every group and repetition.
     */
    public static OpenSet openSet(Map<String, List<Gesture>> groups, List<Gesture> foreign, int taught, int k, int foreignPerDraw,
                                  int repeats, long seed, Learner learner) {
        checkOpen(groups, taught, k);
        List<String> names = new ArrayList<>(groups.keySet());
        Collections.sort(names);
        List<double[]> scored = IntStream.range(0, names.size() * repeats).parallel().mapToObj(job -> {
            String g = names.get(job / repeats);
            SplittableRandom r = random(seed, g, 100 * taught + k, job % repeats);
            Map<String, List<Gesture>> byClass = byLabel(groups.get(g));
            List<String> classes = shuffled(new ArrayList<>(byClass.keySet()), r);
            List<Gesture> templates = new ArrayList<>(), known = new ArrayList<>(), unknown = new ArrayList<>();
            for (int c = 0; c < classes.size(); c++) {
                List<Gesture> ex = shuffled(byClass.get(classes.get(c)), r);
                if (c < taught) {
                    templates.addAll(ex.subList(0, k));
                    known.addAll(ex.subList(k, ex.size()));
                } else {
                    unknown.addAll(ex);
                }
            }
            for (int i = 0; i < foreignPerDraw && !foreign.isEmpty(); i++) unknown.add(foreign.get(r.nextInt(foreign.size())));
            Classifier c = learner.learn(templates);
            List<double[]> out = new ArrayList<>();
            for (Gesture x : known) out.add(row(c.answer(x.samples()), 1));
            for (Gesture x : unknown) out.add(row(c.answer(x.samples()), 0));
            return out;
        }).flatMap(List::stream).toList();
        double[] ks = scored.stream().filter(x -> x[1] == 1).mapToDouble(x -> x[0]).sorted().toArray();
        double[] us = scored.stream().filter(x -> x[1] == 0).mapToDouble(x -> x[0]).sorted().toArray();
        long knownOk = scored.stream().filter(x -> x[1] == 1 && x[2] == 1).count(), unknownOk = scored.stream().filter(x -> x[1] == 0 && x[2] == 1).count();
        double at95 = ks.length == 0 ? Double.NaN : ks[(int) Math.floor(0.05 * ks.length)];
        long over = java.util.Arrays.stream(us).filter(v -> v >= at95).count();
        return new OpenSet(ks.length, us.length, auroc(ks, us), us.length == 0 ? 0 : (double) over / us.length,
                ks.length == 0 ? 0 : (double) knownOk / ks.length, us.length == 0 ? 0 : (double) unknownOk / us.length);
    }

    /** @throws IllegalArgumentException when a group has too few examples for k or too few classes to leave one foreign */
    public static void checkOpen(Map<String, List<Gesture>> groups, int taught, int k) {
        checkDependent(groups, k);
        for (Map.Entry<String, List<Gesture>> g : new TreeMap<>(groups).entrySet()) {
            int classes = byLabel(g.getValue()).size();
            if (classes <= taught) throw new IllegalArgumentException(g.getKey() + " has " + classes + " classes: teaching " + taught + " leaves none foreign");
        }
    }

    private static double[] row(Answer a, int known) {
        return new double[] {a.score(), known, a.known() ? 1 : 0};
    }

    /** The Mann-Whitney estimate of P(known score > unknown score), ties half, from two sorted arrays. */
    static double auroc(double[] known, double[] unknown) {
        if (known.length == 0 || unknown.length == 0) return Double.NaN;
        double wins = 0;
        int lo = 0, hi = 0;
        for (double k : known) {
            while (lo < unknown.length && unknown[lo] < k) lo++;
            hi = Math.max(hi, lo);
            while (hi < unknown.length && unknown[hi] <= k) hi++;
            wins += lo + 0.5 * (hi - lo);
        }
        return wins / ((double) known.length * unknown.length);
    }

    private static long[] score(Classifier c, List<Gesture> tests) {
        long ok = 0;
        for (Gesture g : tests) if (g.label().equals(c.answer(g.samples()).label())) ok++;
        return new long[] {ok, tests.size()};
    }

    /** The draws' generator for {@code group}, k and repeat under {@code seed}; shared with {@link PersonalFix}. */
    static SplittableRandom random(long seed, String group, int k, int repeat) {
        long h = seed;
        for (char ch : group.toCharArray()) h = h * 31 + ch;
        return new SplittableRandom(h * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + repeat * 0x94D049BB133111EBL);
    }

    private static Map<String, List<Gesture>> byLabel(List<Gesture> gestures) {
        Map<String, List<Gesture>> out = new TreeMap<>();
        for (Gesture g : gestures) out.computeIfAbsent(g.label(), x -> new ArrayList<>()).add(g);
        return out;
    }

    /** A copy of {@code in} in the order of a Fisher-Yates shuffle drawn from {@code r}. */
    static <T> List<T> shuffled(List<T> in, SplittableRandom r) {
        List<T> a = new ArrayList<>(in);
        for (int i = a.size() - 1; i > 0; i--) Collections.swap(a, i, r.nextInt(i + 1));
        return a;
    }
}
