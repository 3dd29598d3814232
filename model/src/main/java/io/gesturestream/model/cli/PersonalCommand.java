package io.gesturestream.model.cli;

import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Json;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.eval.PersonalFix;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code personal}: the personal fix ({@link PersonalFix}): a classifier's worst writers enroll
 * a few of their own examples of the classes it misses on them, and are read again.
 */
final class PersonalCommand implements CliCommand {
    static final Opt<String> MODEL = Opt.text("model", "MODEL", "a classifier: a bundled model (" + Sources.BUNDLED + ") or a file").required();
    static final Opt<String> FORMAT = Opt.of("format", "F", "the test writers' data format: pendigits, dollar, jsonl, unipen or wand",
            Sources::format).defaultIs("the format the model was trained on");
    static final Opt<String> DATA = Opt.text("data", "PATH", "the test writers' data (default: found under --datasets, except for jsonl)");
    static final Opt<String> DATASETS = Opt.text("datasets", "DIR", "where the default --data is found").withDefault(Sources.DEFAULT_DATASETS);
    static final Opt<String> POPULATION = Opt.text("population", "F:PATH,...", "other writers' labelled gestures whose mean embeddings are "
            + "the classes before the writer's own, such as pendigits:pendigits-orig.tra (unipen: the train side of --category)").required();
    static final Opt<Integer> WORST = Opt.integer("writers", "the writers read worst that get a personal model", 1, 10_000, 5);
    static final Opt<Integer> K = Opt.integer("k", "a writer's own examples enrolled per class", 1, 100, 3);
    static final Opt<Integer> CLASSES = Opt.integer("classes", "the classes missed most that each writer enrolls, at most", 1, 1000, 3);
    static final Opt<Integer> REPEATS = Opt.integer("repeats", "draws of the examples per writer", 1, 100_000, 50);
    static final Opt<Long> SEED = Opt.whole("seed", "random seed of the draws", 1L);
    static final Opt<io.gesturestream.model.Embedding> EMBEDDING = EnrollCommand.embeddingOption("the population's classes",
            PersonalFix.OWN_CLASSES.label()).withDefault(PersonalFix.OWN_CLASSES);
    static final Opt<Boolean> JSON = Opt.flag("json", "one JSON object instead of a table");

    static final Command SPEC = new Command("personal",
            "Scores the personal fix: the writers a classifier reads worst enroll k of their own examples of the classes it misses most.",
            List.of(MODEL, FORMAT, DATA, DATASETS, Sources.CATEGORY, Sources.SPLIT, POPULATION, WORST, K, CLASSES, REPEATS, SEED, EMBEDDING, JSON));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, PrintStream out, PrintStream err) throws Exception {
        Model model = Sources.model("--model", opts.get(MODEL));
        if (model.output() != OutputKind.CLASSES) {
            throw new IllegalArgumentException("model " + model.name() + " is no classifier: the personal fix starts from one");
        }
        String format = Sources.format(opts, FORMAT, model);
        List<String[]> population = new ArrayList<>();
        for (String spec : opts.get(POPULATION).split(",", -1)) {
            String[] p = Sources.formatAndPath("--population", spec, "FORMAT:PATH items separated by commas");
            Sources.readable("--population " + spec, Path.of(p[1]), p[0]);
            population.add(p);
        }
        boolean unipen = format.equals("unipen") || population.stream().anyMatch(p -> p[0].equals("unipen"));
        if (opts.given(Sources.CATEGORY) && !unipen) throw new Command.UsageException("--category applies to unipen data only");
        List<String> categories = opts.given(Sources.CATEGORY) ? opts.get(Sources.CATEGORY) : null;
        Path data = Sources.data(opts, DATA, format, Path.of(opts.get(DATASETS)), false);
        List<Gesture> all = Sources.read(err, format, data, null, format.equals("unipen") ? categories : null);
        List<Gesture> test = Sources.split(err, opts.get(Sources.SPLIT), all, data);
        List<Gesture> others = new ArrayList<>();
        for (String[] p : population) {
            Path path = Path.of(p[1]);
            boolean same = p[0].equals(format) && path.toAbsolutePath().normalize().equals(data.toAbsolutePath().normalize());
            List<Gesture> g = same ? all : Sources.read(err, p[0], path, null, p[0].equals("unipen") ? categories : null);
            if (p[0].equals("unipen")) g = Sources.split(err, WriterSplit.TRAIN, g, path);
            others.addAll(g);
        }
        int k = opts.get(K);
        long t0 = System.nanoTime();
        PersonalFix.Result r = PersonalFix.run(model, others, test, opts.get(WORST), k, opts.get(CLASSES), opts.get(REPEATS), opts.get(SEED),
                opts.get(EMBEDDING));
        err.printf(Locale.ROOT, "population: %d gestures; %d writers, k = %d, %d draws each (%.1f s)%n", r.populationGestures(),
                r.writers().size(), k, opts.get(REPEATS), (System.nanoTime() - t0) / 1e9);
        if (opts.get(JSON)) {
            StringBuilder b = new StringBuilder("{\"model\": ").append(Json.quote(model.name())).append(", \"k\": ").append(k).append(", \"writers\": [");
            for (int i = 0; i < r.writers().size(); i++) {
                PersonalFix.Writer w = r.writers().get(i);
                b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"writer\": %s, \"gestures\": %d, \"accuracy\": %.6f, "
                        + "\"enrolled\": %s, \"tooThin\": %s, \"tested\": %d, \"before\": %.6f, \"population\": %.6f, \"after\": %.6f}",
                        Json.quote(w.subject()), w.gestures(), w.accuracy(), labels(w.enrolled()), labels(w.tooThin()), w.tested(),
                        w.beforeAccuracy(), w.populationAccuracy(), w.afterAccuracy()));
            }
            out.println(b.append(String.format(Locale.ROOT, "], \"before\": %.6f, \"population\": %.6f, \"after\": %.6f}",
                    r.meanBefore(), r.meanPopulation(), r.meanAfter())));
            return 0;
        }
        out.println(String.format(Locale.ROOT, "%-22s %8s %9s %-12s %-12s %8s %8s %11s %8s", "writer", "gestures", "accuracy", "enrolled",
                "too thin", "tested", "before", "population", "after"));
        for (PersonalFix.Writer w : r.writers()) {
            out.println(String.format(Locale.ROOT, "%-22s %8d %8.2f%% %-12s %-12s %8d %7.2f%% %10.2f%% %7.2f%%", w.subject(), w.gestures(),
                    100 * w.accuracy(), String.join(",", w.enrolled()), String.join(",", w.tooThin()), w.tested(),
                    100 * w.beforeAccuracy(), 100 * w.populationAccuracy(), 100 * w.afterAccuracy()));
        }
        out.println(String.format(Locale.ROOT, "%-22s %8s %9s %-12s %-12s %8s %7.2f%% %10.2f%% %7.2f%%", "mean", "", "", "", "", "",
                100 * r.meanBefore(), 100 * r.meanPopulation(), 100 * r.meanAfter()));
        return 0;
    }

    private static String labels(List<String> ls) {
        StringBuilder b = new StringBuilder("[");
        for (String l : ls) b.append(b.length() > 1 ? ", " : "").append(Json.quote(l));
        return b.append(']').toString();
    }
}
