package io.gesturestream.model.cli;

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
            "data format: pendigits (a file), dollar (the xml_logs folder), jsonl (a file) or unipen (a data file or a folder of them)", Sources::format).required();
    static final Opt<String> DATA = Opt.text("data", "PATH", "training data (default for pendigits and dollar: found under --datasets)");
    static final Opt<String> DATASETS = Opt.text("datasets", "DIR", "where the default --data is found").withDefault(Sources.DEFAULT_DATASETS);
    static final Opt<String> SUBJECTS = Opt.of("subjects", "S", "dollar only: the subjects to train on, e.g. s02-s07 or s02,s05",
            Sources::subjects).withDefault("s02-s07");
    static final Opt<String> OUT = Opt.text("out", "MODEL", "the model file to write, e.g. mine.gru").required();
    static final Opt<String> NAME = Opt.text("name", "NAME", "the model's name").defaultIs("the --out file name without its extension");
    static final Opt<Boolean> PRESSURE = Opt.flag("pressure", "pen data: use the pen's pressure as a feature");
    static final Opt<Boolean> GYRO = Opt.flag("gyro", "IMU data: use the gyroscope as well as the accelerometer");
    static final Opt<String> TEST_DATA = Opt.text("test-data", "PATH",
            "after training, score the model on this data (same format) and record the result in it");
    static final Opt<String> TEST_SUBJECTS = Opt.of("test-subjects", "S", "dollar only: the subjects of --test-data", Sources::subjects)
            .withDefault("s08-s11");
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
    static final Opt<Boolean> KEEP_BEST = Opt.flag("keep-best", "keep the epoch with the best validation accuracy rather than the last");

    static final Command SPEC = new Command("train",
            "Trains a GRU on labelled gestures and writes the model file; a line per epoch on stderr.",
            List.of(FORMAT, DATA, DATASETS, SUBJECTS, Sources.SPLIT, OUT, NAME, PRESSURE, GYRO, TEST_DATA, TEST_SUBJECTS, HIDDEN, LAYERS, EPOCHS,
                    BATCH, LR, CLIP, SEED, THREADS, VAL_FRACTION, WEIGHT_DECAY, AUGMENT, DROPOUT, EMA, KEEP_BEST));

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
        String testSubjects = Sources.subjects(opts, TEST_SUBJECTS, format);
        String testData = opts.get(TEST_DATA);
        if (testData == null && opts.given(TEST_SUBJECTS)) throw new Command.UsageException("--test-subjects applies to --test-data only");
        // every file named on the line is checked before the minutes of training, not after
        Path data = Sources.data(opts, DATA, format, datasets, true);
        if (testData != null) Sources.readable("--test-data " + testData, Path.of(testData), format);
        Path outFile = Path.of(opts.get(OUT));
        Sources.writable("--out " + opts.get(OUT), outFile);
        List<Gesture> gestures = Datasets.read(format, data, subjects, Sources.progress(err), err::println);
        WriterSplit split = opts.get(Sources.SPLIT);
        gestures = Sources.split(err, split, gestures, data);
        cfg = defaultValidation(opts, cfg, gestures, format, err);
        InputKind kind = gestures.get(0).samples().get(0).kind();
        FeatureEncoder encoder = kind == InputKind.PEN ? new PenEncoder(opts.get(PRESSURE)) : new ImuEncoder(opts.get(GYRO), 500f);
        String name = opts.given(NAME) ? opts.get(NAME) : defaultName(outFile);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("data.format", format);
        meta.put("data.path", data.toString());
        if (subjects != null) meta.put("data.subjects", subjects);
        if (split != null) {
            meta.put("data.split", split.word());
            meta.put("data.split.rule", WriterSplit.RULE);
        }
        meta.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        meta.put("command", "train " + String.join(" ", opts.words()));
        // a bar within an epoch, erased before the epoch's line; on a pipe a line only within an epoch longer than 5 s
        Model model = new Trainer(cfg, err, (what, total, unit) -> Progress.startTransient(err, what, total, unit))
                .train(gestures, encoder, name, meta);
        if (testData != null) {
            List<Gesture> test = Datasets.read(format, Path.of(testData), testSubjects, Sources.progress(err), err::println);
            EvalReport r = Sources.evaluate(err, model, test, cfg.threads());
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

    private static TrainConfig config(Command.Parsed o) throws Command.UsageException {
        try {
            return new TrainConfig(o.get(HIDDEN), o.get(LAYERS), o.get(EPOCHS), o.get(BATCH), o.get(LR).floatValue(),
                    o.get(CLIP).floatValue(), o.get(SEED), o.get(THREADS), o.get(AUGMENT).floatValue(), o.get(VAL_FRACTION),
                    o.get(WEIGHT_DECAY).floatValue(), o.get(DROPOUT).floatValue(), o.get(EMA).floatValue(), o.get(KEEP_BEST));
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
