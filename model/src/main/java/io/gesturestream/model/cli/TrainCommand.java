package io.gesturestream.model.cli;

import io.gesturestream.model.LabelSet;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.eval.EvalReport;
import io.gesturestream.model.features.FeatureEncoder;
import io.gesturestream.model.features.ImuEncoder;
import io.gesturestream.model.features.InputKind;
import io.gesturestream.model.features.PenEncoder;
import io.gesturestream.model.train.BidirectionalReference;
import io.gesturestream.model.train.TrainConfig;
import io.gesturestream.model.train.Trainer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.gesturestream.model.cli.Opt.Range.above;
import static io.gesturestream.model.cli.Opt.Range.closed;
import static io.gesturestream.model.cli.Opt.Range.closedOpen;
import static io.gesturestream.model.cli.Opt.Range.open;

/** {@code train}: a GRU trained on labelled gestures, written to a model file. */
final class TrainCommand implements CliCommand {
    private static final TrainConfig D = TrainConfig.defaults();

    static final Opt<String> FORMAT = Opt.of("format", "F",
            "data format: pendigits (a file), dollar (the xml_logs folder), jsonl (a file), unipen (a data file or a folder of them) "
                    + "or wand (magic-wand accelerometer: an output_*.txt file or a folder of them)", Sources::format).required();
    static final Opt<String> DATA = Opt.text("data", "PATH", "training data (default: found under --datasets, except for jsonl)");
    static final Opt<String> DATASETS = Opt.text("datasets", "DIR", "where the default --data is found").withDefault(Sources.DEFAULT_DATASETS);
    static final Opt<String> SUBJECTS = Opt.of("subjects", "S", "only these subjects (writers, people): for dollar a range, "
            + "e.g. s02-s07 or s02,s05; for the other formats their names as the data gives them, separated by commas, e.g. "
            + "magic-wand/lsj,magic-wand/shiyun (a cross-validation fold; with --split, within its side)", Sources::subjects)
            .withDefault("s02-s07").defaultIs("s02-s07 for dollar, every subject otherwise");
    static final Opt<String> OUT = Opt.text("out", "MODEL", "the model file to write, e.g. mine.gru; required, except with --bidirectional");
    static final Opt<String> NAME = Opt.text("name", "NAME", "the model's name").defaultIs("the --out file name without its extension");
    static final Opt<Boolean> PRESSURE = Opt.flag("pressure", "pen data: use the pen's pressure as a feature");
    static final Opt<Boolean> GYRO = Opt.flag("gyro", "IMU data: use the gyroscope as well as the accelerometer");
    static final Opt<String> TEST_DATA = Opt.text("test-data", "PATH",
            "after training, score the model on this data (same format, or F:PATH for format F) and record the result in it; "
                    + "read before training, so that a bad file costs no minutes");
    static final Opt<String> TEST_SUBJECTS = Opt.of("test-subjects", "S", "the subjects of --test-data, as --subjects", Sources::subjects)
            .withDefault("s08-s11").defaultIs("s08-s11 for dollar, every subject otherwise");
    static final Opt<Integer> HIDDEN = Opt.integer("hidden", "GRU units per layer", 1, 1024, D.hidden());
    static final Opt<Integer> LAYERS = Opt.integer("layers", "GRU layers", 1, 2, D.layers());
    static final Opt<Integer> EPOCHS = Opt.integer("epochs", "passes over the training data", 1, 10_000, D.epochs());
    static final Opt<Integer> BATCH = Opt.integer("batch", "gestures per mini-batch", 1, 4096, D.batchSize());
    static final Opt<Double> LR = Opt.number("lr", "Adam's learning rate, decayed to 2% of it by the end", open(0, 1), D.learningRate());
    static final Opt<Double> CLIP = Opt.number("clip", "clip the gradient's global norm to X", above(0), D.clipNorm());
    static final Opt<Long> SEED = Opt.whole("seed", "random seed: the same seed and data give the same model, bit for bit", D.seed());
    static final Opt<Integer> THREADS = Opt.integer("threads", "worker threads (the model does not depend on their number)", 1, 256,
            D.threads()).defaultIs("the number of cores");
    static final Opt<Double> VAL_FRACTION = Opt.number("val-fraction",
            "share of the training people held out for a validation accuracy (by default none if too few people)", closedOpen(0, 1),
            D.valFraction());
    static final Opt<Double> WEIGHT_DECAY = Opt.number("weight-decay", "decoupled weight decay", closedOpen(0, 1), D.weightDecay());
    static final Opt<Double> AUGMENT = Opt.number("augment", "augmentation strength: 0 for none, 1 for the standard ranges",
            closed(0, 4), D.augment());
    static final Opt<Double> DROPOUT = Opt.number("dropout", "dropout rate on the top layer's output", closedOpen(0, 1), D.dropout());
    static final Opt<Double> EMA = Opt.number("ema", "decay of the moving average of the weights that is kept (0 keeps the last)",
            closedOpen(0, 1), D.ema());
    static final Opt<String> ADD_DATA = Opt.text("add-data", "F:PATH",
            "more training data in format F (pendigits, dollar, jsonl, unipen, wand), read whole: --split and --category do not apply to it, --labels does; "
                    + "e.g. pendigits:../shared/datasets/pendigits/pendigits-orig.tra");
    static final Opt<Double> MIN_STEP = Opt.number("min-step",
            "pen data: skip a point closer than X times the shape's size to the last point kept, so that the sampling rate matters "
                    + "less and long gestures cost fewer steps (0 keeps every point)", closed(0, PenEncoder.MAX_MIN_STEP), 0);
    static final Opt<Double> MAX_DENSITY = Opt.number("max-density",
            "pen data: the augmentation resamples strokes at 0.45 to X times their points, as slower and faster tablets would",
            closed(1, 8), TrainConfig.MAX_DENSITY);
    static final Opt<Boolean> STYLES = Opt.flag("styles",
            "pen data: also train on some 0s and Os slashed, 7s and Zs crossed, and 1s with a flag and a foot, as many writers make them");
    static final Opt<String> TEACHER = Opt.text("teacher", "MODEL",
            "also learn from this model's answer at every step (knowledge distillation): a bigger model with the same labels and "
                    + "features, so that a small fast one learns what it knows; with --spot, a classifier of the same gestures, "
                    + "whose answer inside each training gesture softens the spotting model's target there");
    static final Opt<Double> DISTILL = Opt.number("distill", "with --teacher: the weight of its answers against the labels'",
            Opt.Range.leftOpen(0, 1), 0.5);
    static final Opt<Boolean> SHORTEST_FIRST = Opt.flag("shortest-first",
            "with --transcribe: the first epoch takes the words shortest first (SortaGrad), so that CTC learns to align on short words");
    static final Opt<Boolean> TRANSCRIBE = Opt.flag("transcribe",
            "train a transcription model (CTC) on the text feature set: the labels are text, e.g. UNIPEN words (--category 7)");
    static final Opt<Boolean> COSINE = Opt.flag("cosine",
            "train a prototype model: a cosine head, so that its states separate classes by angle and it learns more classes "
                    + "from a few examples each (enroll); a final under its class's calibrated threshold is unknown");
    static final Opt<Boolean> HALF = Opt.flag("half",
            "round the trained weights to halves (IEEE binary16) and store them in 2 bytes: a file half the size, measured after rounding");
    static final Opt<Boolean> BIDIRECTIONAL = Opt.flag("bidirectional",
            "with --transcribe --split train: train the offline reference instead, a GRU stack reading each way of --hidden units each,"
                    + " and print its greedy CER and WER on the validation and test writers (JSON); no model file, it never streams");
    static final Opt<Boolean> SPOT = Opt.flag("spot",
            "IMU data: train a spotting model, which finds completed gestures in a continuous stream (no END): each recording is "
                    + "learned between stretches of other motion, and the data's label unknown is other motion (the reject class)");
    static final Opt<Double> SPOT_WEIGHT = Opt.number("spot-weight", "with --spot: how much a step inside a gesture weighs in the loss "
            + "against a step of other motion", Opt.Range.closed(1, 100), io.gesturestream.model.train.Trainer.SPOT_WEIGHT);
    static final Opt<Double> SPOT_MIN_RUN = Opt.number("spot-min-run", "with --spot: the shortest run of one class named, in ms, that "
            + "the model's spotter counts as a gesture (stored in the model)", Opt.Range.closed(0, io.gesturestream.model.Spotter.MAX_RUN_MS),
            io.gesturestream.model.train.Trainer.SPOT_MIN_RUN_MS);
    static final Opt<java.util.Set<io.gesturestream.model.features.Augmenter.ImuPart>> IMU_AUGMENT = Opt.of("imu-augment", "SET",
            "IMU data: which augmentations to use, all (the default), none, or some of rotate,tempo,gain,rate,noise,bias",
            TrainCommand::imuParts).withDefault(io.gesturestream.model.features.Augmenter.ALL_IMU).defaultIs("all");
    static final Opt<String> NEGATIVE_STREAMS = Opt.text("negatives", "SET",
            "wand data with --spot: which long recordings of other motion (output_negative_N.txt) to learn from besides the segments "
                    + "labelled unknown: all, none, or their numbers, e.g. 1,2,4 (leave one out to measure false detections on it with spot)")
            .withDefault("all");
    static final Opt<Boolean> KEEP_BEST = Opt.flag("keep-best", "keep the epoch with the best validation accuracy rather than the last");

    static final Command SPEC = new Command("train",
            "Trains a GRU on labelled gestures and writes the model file; a line per epoch on stderr.",
            List.of(FORMAT, DATA, DATASETS, SUBJECTS, Sources.CATEGORY, Sources.SPLIT, Sources.LABELS, ADD_DATA, OUT, NAME, PRESSURE, GYRO,
                    MIN_STEP, TEST_DATA, TEST_SUBJECTS, HIDDEN, LAYERS, EPOCHS, BATCH, LR, CLIP, SEED, THREADS, VAL_FRACTION, WEIGHT_DECAY,
                    AUGMENT, IMU_AUGMENT, MAX_DENSITY, STYLES, SPOT, SPOT_WEIGHT, SPOT_MIN_RUN, NEGATIVE_STREAMS, DROPOUT, EMA, KEEP_BEST, TEACHER, DISTILL, SHORTEST_FIRST, TRANSCRIBE, BIDIRECTIONAL, COSINE, HALF));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, PrintStream out, PrintStream err) throws Exception {
        String format = opts.get(FORMAT);
        TrainConfig cfg = config(opts);
        Path datasets = Path.of(opts.get(DATASETS));
        String subjects = Sources.subjects(opts, SUBJECTS, format);
        String testData = opts.get(TEST_DATA);
        if (testData == null && opts.given(TEST_SUBJECTS)) throw new Command.UsageException("--test-subjects applies to --test-data only");
        // every file named on the line is checked before the minutes of training, not after
        Path data = Sources.data(opts, DATA, format, datasets, true);
        List<String> categories = Sources.categories(opts, format);
        String[] added = addedData(opts);
        if (added != null) Sources.readable("--add-data " + opts.get(ADD_DATA), Path.of(added[1]), added[0]);
        String[] test = testData == null ? null : prefixed(testData, format);
        if (test != null) Sources.readable("--test-data " + testData, Path.of(test[1]), test[0]);
        String testSubjects = test == null ? null : Sources.subjects(opts, TEST_SUBJECTS, test[0]);
        if (opts.given(DISTILL) && !opts.given(TEACHER)) throw new Command.UsageException("--distill applies to --teacher only");
        if (opts.get(SHORTEST_FIRST) && !opts.get(TRANSCRIBE)) throw new Command.UsageException("--shortest-first applies to --transcribe only");
        for (Opt<Double> o : List.of(SPOT_WEIGHT, SPOT_MIN_RUN)) {
            if (opts.given(o) && !opts.get(SPOT)) throw new Command.UsageException("--" + o.name() + " applies to --spot only");
        }
        boolean transcribe = opts.get(TRANSCRIBE);
        for (Opt<?> o : List.of(TEACHER, Sources.LABELS, STYLES, TEST_DATA)) {
            if (transcribe && opts.given(o)) throw new Command.UsageException("--" + o.name() + " does not apply to --transcribe");
        }
        boolean bidirectional = opts.get(BIDIRECTIONAL);
        if (bidirectional) {
            if (!transcribe) throw new Command.UsageException("--bidirectional applies to --transcribe only");
            if (opts.get(Sources.SPLIT) != WriterSplit.TRAIN) throw new Command.UsageException("--bidirectional needs --split train: it reports on the test writers");
            for (Opt<?> o : List.of(OUT, HALF, VAL_FRACTION)) {
                if (opts.given(o)) throw new Command.UsageException("--" + o.name() + " does not apply to --bidirectional");
            }
        } else if (!opts.given(OUT)) {
            throw new Command.UsageException("--out is required");
        }
        Model teacher = opts.given(TEACHER) ? Sources.model("--teacher", opts.get(TEACHER)) : null;
        Path outFile = bidirectional ? null : Path.of(opts.get(OUT));
        if (!bidirectional) Sources.writable("--out " + opts.get(OUT), outFile);
        List<Gesture> testSet = test == null ? null : Sources.read(err, test[0], Path.of(test[1]), testSubjects, null);
        List<Gesture> all = Sources.read(err, format, data, subjects, categories);
        WriterSplit split = opts.get(Sources.SPLIT);
        List<Gesture> gestures = Sources.split(err, split, all, data);
        // training on the train side: model selection reads the validation side, whole writers none of whom trains
        List<Gesture> validation = null;
        if (split == WriterSplit.TRAIN && !opts.given(VAL_FRACTION)) {
            if (all.stream().anyMatch(g -> WriterSplit.of(g.subject()) == WriterSplit.VALIDATION)) {
                validation = Sources.split(err, WriterSplit.VALIDATION, all, data);
                cfg = cfg.withValFraction(0);
            } else {
                err.println("note: no writer of " + data + " is on the validation side; validating on --val-fraction of the train side");
            }
        }
        if (split == WriterSplit.TRAIN_AND_VALIDATION && !opts.given(VAL_FRACTION)) {
            // the final fit: every writer outside the test side trains, none is held out for a validation accuracy
            cfg = cfg.withValFraction(0);
        }
        List<Gesture> testSide = bidirectional ? Sources.split(err, WriterSplit.TEST, all, data) : null;
        all = null;
        if (added != null) {
            List<Gesture> more = Sources.read(err, added[0], Path.of(added[1]), null, null);
            err.printf(Locale.ROOT, "add-data %s: %d gestures%n", opts.get(ADD_DATA), more.size());
            gestures = new java.util.ArrayList<>(gestures);
            gestures.addAll(more);
        }
        LabelSet labels = opts.get(Sources.LABELS);
        gestures = Sources.withLabels(err, labels, gestures);
        if (validation == null) cfg = defaultValidation(opts, cfg, gestures, format, err);
        InputKind kind = gestures.get(0).samples().get(0).kind();
        if (opts.given(MIN_STEP) && kind != InputKind.PEN) throw new Command.UsageException("--min-step applies to pen data only");
        if ((opts.given(SPOT) || opts.given(IMU_AUGMENT)) && kind != InputKind.IMU) {
            throw new Command.UsageException("--" + (opts.given(SPOT) ? SPOT : IMU_AUGMENT).name() + " applies to IMU data only");
        }
        // a transcription reads lines of writing: the text feature set, measured in the writing's height
        FeatureEncoder encoder = kind != InputKind.PEN ? new ImuEncoder(opts.get(GYRO), 500f)
                : transcribe ? PenEncoder.forText(opts.get(PRESSURE), opts.get(MIN_STEP).floatValue())
                : new PenEncoder(opts.get(PRESSURE), opts.get(MIN_STEP).floatValue());
        String name = opts.given(NAME) ? opts.get(NAME) : bidirectional ? "bidirectional" : defaultName(outFile);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("data.format", format);
        meta.put("data.path", data.toString());
        if (categories != null) meta.put("data.category", String.join(",", categories));
        if (added != null) meta.put("data.added", opts.get(ADD_DATA));
        if (labels != null) meta.put("data.labels", labels.toString());
        if (subjects != null) meta.put("data.subjects", subjects);
        if (split != null) {
            meta.put("data.split", split.word());
            meta.put("data.split.rule", WriterSplit.RULE);
        }
        for (String f : added == null ? List.of(format) : List.of(format, added[0])) {
            String[] lr = LICENCES.get(f);
            if (lr != null) {
                meta.put("data." + f + ".licence", lr[0]);
                meta.put("data." + f + ".reference", lr[1]);
            }
        }
        meta.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        meta.put("command", "train " + String.join(" ", opts.words()));
        // a bar within an epoch, erased before the epoch's line; on a pipe a line only within an epoch longer than 5 s
        Trainer trainer = new Trainer(cfg, err, (what, total, unit) -> Progress.startTransient(err, what, total, unit));
        if (teacher != null) trainer.withTeacher(teacher, opts.get(DISTILL).floatValue());
        if (transcribe) trainer.transcribing();
        if (opts.given(NEGATIVE_STREAMS) && !(opts.get(SPOT) && format.equals("wand"))) {
            throw new Command.UsageException("--negatives applies to wand data with --spot only");
        }
        if (opts.get(SPOT)) {
            trainer.spotting().withSpotWeight(opts.get(SPOT_WEIGHT).floatValue()).withSpotMinRun(opts.get(SPOT_MIN_RUN).floatValue());
            if (format.equals("wand")) {
                List<Gesture> streams = negativeStreams("--" + NEGATIVE_STREAMS.name(), opts.get(NEGATIVE_STREAMS),
                        io.gesturestream.model.data.WandReader.read(data, io.gesturestream.model.Meter.NONE).streams());
                trainer.withNegativeStreams(streams.stream().map(Gesture::samples).toList());
                meta.put(NEGATIVE_STREAMS_KEY, String.join(",", streams.stream().map(Gesture::subject).toList()));
                err.printf(Locale.ROOT, "negative streams: learning from %d long recordings of other motion%s%n", streams.size(),
                        streams.isEmpty() ? "" : " (" + meta.get(NEGATIVE_STREAMS_KEY) + ")");
            }
        }
        trainer.withImuAugmentation(opts.get(IMU_AUGMENT));
        if (opts.get(SHORTEST_FIRST)) trainer.shortestFirst();
        if (opts.get(COSINE)) {
            if (transcribe || teacher != null || opts.get(DROPOUT) > 0) {
                throw new Command.UsageException("--cosine trains a classifier without --transcribe, --teacher or --dropout");
            }
            trainer.withCosineHead();
        }
        if (bidirectional) {
            if (validation == null) throw new Command.UsageException("--bidirectional needs writers on the validation side of " + data);
            return reportBidirectional(trainer.trainBidirectional(gestures, validation, encoder, name, meta), validation, testSide, out);
        }
        Model model = trainer.train(gestures, validation, encoder, name, meta);
        if (opts.get(HALF)) model = model.withHalfWeights();
        if (testData != null) {
            EvalReport r = Sources.evaluate(err, model, testSet, cfg.threads());
            Map<String, String> m2 = new LinkedHashMap<>(model.metadata());
            m2.put("heldOut.data", testData + (testSubjects != null ? " " + testSubjects : ""));
            m2.put("heldOut.gestures", Integer.toString(r.gestures()));
            m2.put("heldOut.accuracy", String.format(Locale.ROOT, "%.4f", r.accuracy()));
            model = model.withInfo(model.name(), model.version(), m2);
            err.printf(Locale.ROOT, "held-out accuracy on %s: %.2f%% (%d gestures)%n", testData, 100 * r.accuracy(), r.gestures());
        }
        Files.write(outFile, ModelFile.write(model));
        out.println("wrote " + outFile + " (" + Files.size(outFile) + " bytes)");
        return 0;
    }

    /** The reference's greedy CER and WER on both held-out sides, one JSON line on {@code out}. */
    private static int reportBidirectional(BidirectionalReference ref, List<Gesture> validation, List<Gesture> test, PrintStream out) {
        BidirectionalReference.Score v = ref.score(validation), t = ref.score(test);
        out.printf(Locale.ROOT, "{\"parameters\": %d, \"directions\": 2, \"layers\": %d, \"hidden\": %d, \"bestEpoch\": %s, "
                        + "\"validation\": {\"gestures\": %d, \"cer\": %.6f, \"wer\": %.6f}, "
                        + "\"test\": {\"gestures\": %d, \"cer\": %.6f, \"wer\": %.6f}}%n",
                ref.size(), ref.shape().layers(), ref.shape().hiddenSize(), ref.metadata().get("bestEpoch"), v.gestures(), v.cer(), v.wer(), t.gestures(), t.cer(), t.wer());
        return 0;
    }

    /**
     * What a model trained on a public dataset owes it: its terms of use and the reference to
     * cite (from the datasets' READMEs), recorded in the model's metadata.
     */
    static final Map<String, String[]> LICENCES = Map.of(
            "unipen", new String[] {
                    "research use; the original CDROM-README forbids distribution for commercial purposes (the snapshot's LICENSE, "
                            + "Zenodo doi 10.5281/zenodo.1195803, says CC BY 4.0)",
                    "I. Guyon, L. Schomaker, R. Plamondon, M. Liberman, S. Janet: UNIPEN project of on-line data exchange and "
                            + "recognizer benchmarks, ICPR 1994"},
            "pendigits", new String[] {
                    "UCI Machine Learning Repository, citation policy (no licence in the .names files)",
                    "F. Alimoglu, E. Alpaydin: Methods of Combining Multiple Classifiers Based on Different Representations for "
                            + "Pen-based Handwriting Recognition, TAINN 96"},
            "wand", new String[] {
                    "no licence file for the data; published by Google with the Apache-2.0 TensorFlow Lite Micro magic_wand example",
                    "TensorFlow Lite Micro magic_wand example (data.tar.gz, December 2019)"},
            "dollar", new String[] {
                    "no licence statement found for the gesture logs; cite the paper",
                    "J. O. Wobbrock, A. D. Wilson, Y. Li: Gestures without libraries, toolkits or training: a $1 recognizer for user "
                            + "interface prototypes, UIST 2007, doi:10.1145/1294211.1294238"});

    /** Metadata: the long recordings of other motion a spotting model learned from, by subject, comma-separated. */
    static final String NEGATIVE_STREAMS_KEY = "data.negativeStreams";

    /** The streams that {@code --negatives} names (all, none, or numbers) among {@code streams}, whose subjects end in _N. */
    static List<Gesture> negativeStreams(String option, String set, List<Gesture> streams) throws Command.UsageException {
        String v = set.strip().toLowerCase(Locale.ROOT);
        if (v.equals("all")) return streams;
        if (v.equals("none")) return List.of();
        java.util.Set<String> want = new java.util.TreeSet<>();
        for (String n : v.split(",", -1)) {
            if (!n.strip().matches("[0-9]{1,4}")) {
                throw new Command.UsageException(option + ": '" + n.strip() + "' is not a stream number (use all, none or numbers such as 1,2,4)");
            }
            want.add(Integer.toString(Integer.parseInt(n.strip())));
        }
        List<Gesture> out = new java.util.ArrayList<>();
        for (Gesture g : streams) {
            String s = g.subject();
            if (want.remove(s.substring(s.lastIndexOf('_') + 1))) out.add(g);
        }
        if (!want.isEmpty()) {
            throw new Command.UsageException(option + ": no long recording numbered " + String.join(", ", want) + " (there are "
                    + String.join(", ", streams.stream().map(Gesture::subject).toList()) + ")");
        }
        return out;
    }

    /** The {@code --imu-augment} type. */
    static java.util.Set<io.gesturestream.model.features.Augmenter.ImuPart> imuParts(String option, String value) throws Command.UsageException {
        try {
            return io.gesturestream.model.features.Augmenter.ImuPart.parse(value);
        } catch (IllegalArgumentException e) {
            throw new Command.UsageException(option + ": " + e.getMessage());
        }
    }

    /** {@code F:PATH} as {F, PATH} when F is a format; else {@code format}, the whole value. */
    private static String[] prefixed(String value, String format) {
        int colon = value.indexOf(':');
        if (colon > 0 && Datasets.FORMATS.contains(value.substring(0, colon))) return new String[] {value.substring(0, colon), value.substring(colon + 1)};
        return new String[] {format, value};
    }

    /** {@code --add-data FORMAT:PATH} as {format, path}; null when not given. */
    private static String[] addedData(Command.Parsed opts) throws Command.UsageException {
        String v = opts.get(ADD_DATA);
        return v == null ? null : Sources.formatAndPath("--add-data", v, "FORMAT:PATH");
    }

    private static TrainConfig config(Command.Parsed o) throws Command.UsageException {
        try {
            return new TrainConfig(o.get(HIDDEN), o.get(LAYERS), o.get(EPOCHS), o.get(BATCH), o.get(LR).floatValue(),
                    o.get(CLIP).floatValue(), o.get(SEED), o.get(THREADS), o.get(AUGMENT).floatValue(), o.get(VAL_FRACTION),
                    o.get(WEIGHT_DECAY).floatValue(), o.get(DROPOUT).floatValue(), o.get(EMA).floatValue(), o.get(KEEP_BEST),
                    o.get(STYLES), o.get(MAX_DENSITY));
        } catch (IllegalArgumentException e) {  // a value inside its range as a double that rounds onto a bound as a float
            throw new Command.UsageException(e.getMessage());
        }
    }

    /**
     * Without an explicit {@code --val-fraction}, the default hold-out is only made when it is of
     * use: with 2 to 4 people it would be a third or half of them (the asked 10% rounded up to one
     * person), and a hold-out with a class the rest lacks, one class only, or a handful of gestures
     * says little while costing training data. Then everyone trains, and one note says so and how
     * to get a validation accuracy. An explicit {@code --val-fraction} is kept; the trainer warns
     * about such a hold-out.
     */
    private static TrainConfig defaultValidation(Command.Parsed opts, TrainConfig cfg, List<Gesture> gestures, String format,
                                                 PrintStream err) {
        if (opts.given(VAL_FRACTION) || cfg.valFraction() <= 0) return cfg;
        Trainer.HoldOut h = Trainer.holdOut(gestures, cfg.valFraction(), cfg.seed());
        if (h.problems().isEmpty()) return cfg;
        String who = switch (format) {
            case "jsonl" -> "a JSONL session counts as one person";
            case "pendigits" -> "writers";
            default -> "subjects";
        };
        err.println("note: training on all " + Trainer.people(h.people()) + " (" + who + "), none held out for validation, as "
                + String.format(Locale.ROOT, "the default %.0f%% hold-out would be of little use: ", 100 * cfg.valFraction())
                + String.join("; ", h.problems()) + ". For a validation accuracy, give --val-fraction F to hold people out anyway,"
                + " or --test-data PATH to score the model on other recordings");
        return cfg.withValFraction(0);
    }

    private static String defaultName(Path out) {
        String f = out.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
