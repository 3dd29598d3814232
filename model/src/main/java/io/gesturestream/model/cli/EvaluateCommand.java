package io.gesturestream.model.cli;

import io.gesturestream.model.LabelSet;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.eval.DollarOne;
import io.gesturestream.model.eval.Transcriptions;
import io.gesturestream.model.eval.EvalReport;
import io.gesturestream.model.features.InputKind;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Locale;

/** {@code evaluate}: a model's accuracy on labelled data, event by event as the stream app runs it, and the $1 baseline's. */
final class EvaluateCommand implements CliCommand {
    static final Opt<String> MODEL = Opt.text("model", "MODEL", "a model file, or a bundled model: " + Sources.BUNDLED).required();
    static final Opt<String> FORMAT = Opt.of("format", "F", "data format: pendigits, dollar, jsonl, unipen or wand", Sources::format)
            .defaultIs("the format the model was trained on");
    static final Opt<String> DATA = Opt.text("data", "PATH", "test data (default: found under --datasets, except for jsonl)");
    static final Opt<String> DATASETS = Opt.text("datasets", "DIR", "where the default --data and --templates are found")
            .withDefault(Sources.DEFAULT_DATASETS);
    static final Opt<String> SUBJECTS = Opt.of("subjects", "S", "only these subjects (writers, people): for dollar a range, "
            + "e.g. s08-s11; for the other formats their names as the data gives them, separated by commas, e.g. magic-wand/dengyl "
            + "(a cross-validation fold; with --split, within its side)", Sources::subjects)
            .withDefault("s08-s11").defaultIs("s08-s11 for dollar, every subject otherwise");
    static final Opt<Boolean> BASELINE = Opt.flag("baseline",
            "also score the $1 recognizer (pen data only), with training data as its templates");
    static final Opt<String> TEMPLATES = Opt.text("templates", "PATH",
            "the $1 templates (default: the format's training data under --datasets; jsonl: required)");
    static final Opt<String> TEMPLATE_SUBJECTS = Opt.of("template-subjects", "S", "the subjects of --templates, as --subjects",
            Sources::subjects).withDefault("s02-s07").defaultIs("s02-s07 for dollar, every subject otherwise");
    static final Opt<Boolean> JSON = Opt.flag("json", "print one JSON object instead of text (progress still goes to stderr)");
    static final Opt<Integer> THREADS = Opt.integer("threads", "worker threads", 1, 256, Runtime.getRuntime().availableProcessors())
            .defaultIs("the number of cores");

    static final Opt<String> LEXICON = Opt.text("lexicon", "FILE|none",
            "transcription models: a word list (one word a line, UTF-8; each also capitalized and in capitals), the words the "
                    + "lexicon beam may answer, e.g. /usr/share/dict/words, in place of the model's own (the bundled words has one); "
                    + "none for no lexicon");
    static final Opt<Boolean> TRAINING_WORDS = Opt.flag("training-words",
            "transcription models, with --split: the training side's labels are lexicon words too (added to the lexicon)");
    static final Opt<Integer> BEAM = Opt.integer("beam", "the lexicon beam's width", 1, 1024, Model.DEFAULT_BEAM);
    static final Opt<Double> COMMIT = Opt.number("commit",
            "the share of the lexicon beam's probability it may give up to settle the stable text sooner (0: the exact beam)",
            Opt.Range.closedOpen(0, 1), (double) Model.DEFAULT_COMMIT);

    static final Command SPEC = new Command("evaluate",
            "Runs the model over labelled data event by event, as the stream app does, and reports its accuracy.",
            List.of(MODEL, FORMAT, DATA, DATASETS, SUBJECTS, Sources.CATEGORY, Sources.SPLIT, Sources.LABELS, BASELINE, TEMPLATES,
                    TEMPLATE_SUBJECTS, LEXICON, TRAINING_WORDS, BEAM, COMMIT, JSON, THREADS));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, PrintStream out, PrintStream err) throws Exception {
        Model model = Sources.model("--model", opts.get(MODEL));
        boolean transcribes = model.output() == io.gesturestream.model.OutputKind.CTC;
        for (Opt<?> o : List.of(Sources.LABELS, BASELINE)) {
            if (transcribes && opts.given(o)) throw new Command.UsageException("--" + o.name() + " does not apply to a transcription model");
        }
        for (Opt<?> o : List.of(LEXICON, TRAINING_WORDS, BEAM, COMMIT)) {
            if (!transcribes && opts.given(o)) throw new Command.UsageException("--" + o.name() + " applies to a transcription model only");
        }
        if (opts.get(TRAINING_WORDS) && !opts.given(Sources.SPLIT)) {
            throw new Command.UsageException("--training-words needs --split: the training side is the split's");
        }
        boolean noLexicon = "none".equals(opts.get(LEXICON));
        for (Opt<?> o : List.of(BEAM, COMMIT)) {
            if (opts.given(o) && (noLexicon || !opts.given(LEXICON) && !opts.get(TRAINING_WORDS) && model.lexicon() == null)) {
                throw new Command.UsageException("--" + o.name() + " needs a lexicon: the model's own, --lexicon FILE or --training-words");
            }
        }
        List<String> lexiconWords = new java.util.ArrayList<>();
        if (opts.given(LEXICON) && !noLexicon) {
            try {
                lexiconWords.addAll(io.gesturestream.model.Lexicon.readWords(Path.of(opts.get(LEXICON))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--lexicon: " + e.getMessage());
            }
        }
        // the label set is checked against the model before any data is read
        LabelSet labels = opts.get(Sources.LABELS);
        Set<String> kept = labels == null ? null : labels.of(model.labels());
        model = model.restrictedTo(labels);
        String format = Sources.format(opts, FORMAT, model);
        Path datasets = Path.of(opts.get(DATASETS));
        String subjects = Sources.subjects(opts, SUBJECTS, format);
        String tSubjects = Sources.subjects(opts, TEMPLATE_SUBJECTS, format);
        boolean baseline = opts.get(BASELINE);
        if (baseline) {
            if (!opts.given(TEMPLATES) && Sources.defaultData(format, datasets, true) == null) {
                throw new Command.UsageException("--baseline with " + format + " data needs --templates PATH");
            }
        } else {
            for (Opt<String> o : List.of(TEMPLATES, TEMPLATE_SUBJECTS)) {
                if (opts.given(o)) throw new Command.UsageException("--" + o.name() + " applies to --baseline only");
            }
        }
        Path data = Sources.data(opts, DATA, format, datasets, false);
        Path templates = null;
        if (baseline) {
            if (model.encoder().kind() != InputKind.PEN) throw new IllegalArgumentException("the $1 baseline needs pen data");
            templates = Sources.data(opts, TEMPLATES, format, datasets, true);
        }
        WriterSplit split = opts.get(Sources.SPLIT);
        List<String> categories = Sources.categories(opts, format);
        List<Gesture> all = Sources.read(err, format, data, subjects, categories);
        List<Gesture> test = Sources.split(err, split, all, data);
        if (opts.get(TRAINING_WORDS)) {
            for (Gesture g : Sources.split(err, WriterSplit.TRAIN, all, data)) lexiconWords.add(g.label());
        }
        if (labels != null) {
            int before = test.size();
            test = test.stream().filter(g -> kept.contains(g.label())).toList();
            err.printf(Locale.ROOT, "labels %s: the model answers over %d of its %d labels; %d of %d gestures have one of them%n", labels,
                    kept.size(), model.labels().size(), test.size(), before);
            if (test.isEmpty()) throw new IllegalArgumentException("no gesture of the data has a label of --labels " + labels);
        }
        if (transcribes) {
            io.gesturestream.model.Lexicon lexicon = noLexicon ? null : model.lexicon();
            if (opts.get(TRAINING_WORDS) && lexicon != null && !opts.given(LEXICON)) lexiconWords.addAll(lexicon.wordList());
            if (opts.given(LEXICON) && !noLexicon || opts.get(TRAINING_WORDS)) lexicon = io.gesturestream.model.Lexicon.of(lexiconWords, model);
            if (lexicon != null) {
                err.printf(Locale.ROOT, "lexicon: %d words (%d left out: a character the model cannot write), beam width %d, commit %s%n",
                        lexicon.words(), lexicon.skipped(), opts.get(BEAM), Opt.show(opts.get(COMMIT)));
            }
            Transcriptions.Score score = Transcriptions.score(model, test, opts.get(THREADS), lexicon, opts.get(BEAM),
                    opts.get(COMMIT).floatValue());
            if (opts.get(JSON)) {
                out.println(score.toJson());
            } else {
                out.println("model: " + model);
                out.printf(Locale.ROOT, "words: %d, CER %.2f%%, WER %.2f%% (greedy); CER after 25/50/75%% of the events: %.1f%% / %.1f%% / %.1f%%%n",
                        score.gestures(), 100 * score.cer(), 100 * score.wer(), 100 * score.cerAt(0), 100 * score.cerAt(1), 100 * score.cerAt(2));
                if (lexicon != null) {
                    out.printf(Locale.ROOT, "with the lexicon: WER %.2f%%; %d words found no lexicon word and kept the greedy text%n",
                            100 * score.werLexicon(), score.outOfLexicon());
                }
                Transcriptions.Stability st = score.stability();
                out.printf(Locale.ROOT, "stable text: a character is stable %d points after the model read it (median; 90%%: %d; %d characters);"
                        + " words whose stable text ever changed: %d%n", st.p50(), st.p90(), st.characters(), st.changed());
            }
            return 0;
        }
        EvalReport report = Sources.evaluate(err, model, test, opts.get(THREADS));
        Double accuracy = null;
        if (templates != null) {
            List<Gesture> train = Sources.read(err, format, templates, tSubjects, categories);
            if (kept != null) train = train.stream().filter(g -> kept.contains(g.label())).toList();
            // with --split, the templates are the training writers, so that none of them is also tested
            if (split != null) train = Sources.split(err, WriterSplit.TRAIN, train, templates);
            if (!opts.get(JSON)) err.println("running the $1 baseline with " + train.size() + " templates ...");
            DollarOne dollar = new DollarOne(train);
            try (Progress p = Progress.start(err, "$1 baseline", test.size(), "gestures")) {
                accuracy = dollar.accuracy(test, p::update);
            }
        }
        if (opts.get(JSON)) {
            out.println(report.toJson(accuracy == null ? null : DollarOne.NAME, accuracy));
        } else {
            out.println("model: " + model);
            out.println("data: " + data + (subjects != null ? " (" + subjects + ")" : "") + (categories != null ? " (category "
                    + String.join(",", categories) + ")" : "") + (split != null ? " (split " + split + ")" : "")
                    + (labels != null ? " (labels " + labels + ")" : ""));
            out.print(report.toText());
            if (accuracy != null) {
                out.printf(Locale.ROOT, "baseline %s (training set as templates): %.2f%%%n", DollarOne.NAME, 100 * accuracy);
            }
        }
        return 0;
    }
}
