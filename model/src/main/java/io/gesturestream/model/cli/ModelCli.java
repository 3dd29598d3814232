package io.gesturestream.model.cli;

import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.ModelFormatException;
import io.gesturestream.model.data.DataFormatException;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.eval.DollarOne;
import io.gesturestream.model.eval.EvalReport;
import io.gesturestream.model.eval.Evaluator;
import io.gesturestream.model.features.FeatureEncoder;
import io.gesturestream.model.features.ImuEncoder;
import io.gesturestream.model.features.InputKind;
import io.gesturestream.model.features.PenEncoder;
import io.gesturestream.model.gru.GruShape;
import io.gesturestream.model.train.TrainConfig;
import io.gesturestream.model.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar model/target/gesture-model.jar train|evaluate|inspect ...}. Errors print one
 * line to stderr and exit non-zero: 2 for bad arguments, 1 for data or model problems.
 */
public final class ModelCli {
    static final String USAGE = String.join("\n",
            "usage: gesture-model <command> [options]",
            "  train    --format pendigits|dollar|jsonl [--data PATH] [--subjects s02-s07] --out MODEL",
            "           [--hidden 64] [--layers 2] [--epochs 60] [--batch 32] [--lr 0.005] [--clip 1]",
            "           [--seed 1] [--threads N] [--val-fraction 0.1] [--weight-decay 0] [--augment 2] [--dropout 0] [--ema 0.999] [--keep-best]",
            "           [--name NAME] [--pressure] [--gyro] [--test-data PATH] [--test-subjects s08-s11]",
            "  evaluate --model MODEL|pendigits|dollar16 [--format F] [--data PATH] [--subjects S]",
            "           [--baseline [--templates PATH] [--template-subjects S]] [--json] [--threads N]",
            "  inspect  MODEL",
            "  --datasets DIR (default ../shared/datasets) supplies default --data paths for pendigits",
            "  (train: pendigits-orig.tra, evaluate: .tes) and dollar (train: s02-s07, evaluate: s08-s11).",
            "  gesture-model <command> --help describes a command and each of its options.");

    /** An option: {@code --name VALUE}, or a switch when {@code value} is null, or an operand when {@code name} has no dashes. */
    record Opt(String name, String value, String help) {
        boolean isSwitch() {
            return value == null;
        }

        String synopsis() {
            return name.startsWith("-") ? name + (value == null ? "" : " " + value) : name;
        }
    }

    /** A command: its synopsis, what it does, and every option it takes (the parser accepts exactly these). */
    record Command(String name, String synopsis, String about, List<Opt> opts) {
        Set<String> options() {
            return opts.stream().filter(o -> o.name().startsWith("--") && !o.isSwitch()).map(o -> o.name().substring(2))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }

        Set<String> switches() {
            return opts.stream().filter(o -> o.name().startsWith("--") && o.isSwitch()).map(o -> o.name().substring(2))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }

        String usage() {
            List<Opt> all = new java.util.ArrayList<>(opts);
            all.add(new Opt("-h, --help", null, "print this help"));
            int w = all.stream().mapToInt(o -> o.synopsis().length()).max().orElse(0) + 2;
            StringBuilder b = new StringBuilder("usage: gesture-model " + name + " " + synopsis + "\n" + about + "\n\n");
            for (Opt o : all) b.append("  ").append(String.format("%-" + w + "s", o.synopsis())).append(o.help()).append('\n');
            return b.toString().stripTrailing();
        }
    }

    private static final TrainConfig D = TrainConfig.defaults();
    private static final String BUNDLED = String.join(", ", Model.BUNDLED);

    static final Command TRAIN = new Command("train", "--format F --out MODEL [options]",
            "Trains a GRU on labelled gestures and writes the model file; a line per epoch on stderr.", List.of(
            new Opt("--format", "F", "data format: pendigits (a file), dollar (the xml_logs folder) or jsonl (a file); required"),
            new Opt("--data", "PATH", "training data (default for pendigits and dollar: found under --datasets)"),
            new Opt("--datasets", "DIR", "where the default --data is found (default ../shared/datasets)"),
            new Opt("--subjects", "S", "dollar only: the subjects to train on, e.g. s02-s07 or s02,s05 (default s02-s07)"),
            new Opt("--out", "MODEL", "the model file to write, e.g. mine.gru; required"),
            new Opt("--name", "NAME", "the model's name (default: the --out file name without its extension)"),
            new Opt("--pressure", null, "pen data: use the pen's pressure as a feature"),
            new Opt("--gyro", null, "IMU data: use the gyroscope as well as the accelerometer"),
            new Opt("--test-data", "PATH", "after training, score the model on this data (same format) and record the result in it"),
            new Opt("--test-subjects", "S", "dollar only: the subjects of --test-data (default s08-s11)"),
            new Opt("--hidden", "N", "GRU units per layer, 1-1024 (default " + D.hidden() + ")"),
            new Opt("--layers", "N", "GRU layers, 1 or 2 (default " + D.layers() + ")"),
            new Opt("--epochs", "N", "passes over the training data, 1-10000 (default " + D.epochs() + ")"),
            new Opt("--batch", "N", "gestures per mini-batch, 1-4096 (default " + D.batchSize() + ")"),
            new Opt("--lr", "X", "Adam's learning rate, in (0, 1), decayed to 2% of it by the end (default " + num(D.learningRate()) + ")"),
            new Opt("--clip", "X", "clip the gradient's global norm to X, > 0 (default " + num(D.clipNorm()) + ")"),
            new Opt("--seed", "N", "random seed: the same seed and data give the same model, bit for bit (default " + D.seed() + ")"),
            new Opt("--threads", "N", "worker threads, 1-256; the model does not depend on it (default: the number of cores)"),
            new Opt("--val-fraction", "X", "share of the training people held out for a validation accuracy, in [0, 1) (default "
                    + num(D.valFraction()) + ", none if too few people)"),
            new Opt("--weight-decay", "X", "decoupled weight decay, in [0, 1) (default " + num(D.weightDecay()) + ")"),
            new Opt("--augment", "X", "augmentation strength: 0 for none, 1 for the standard ranges, up to 4 (default " + num(D.augment()) + ")"),
            new Opt("--dropout", "X", "dropout rate on the top layer's output, in [0, 1) (default " + num(D.dropout()) + ")"),
            new Opt("--ema", "X", "decay of the moving average of the weights that is kept, in [0, 1); 0 keeps the last (default "
                    + num(D.ema()) + ")"),
            new Opt("--keep-best", null, "keep the epoch with the best validation accuracy rather than the last")));

    static final Command EVALUATE = new Command("evaluate", "--model MODEL [options]",
            "Runs the model over labelled data event by event, as the stream app does, and reports its accuracy.", List.of(
            new Opt("--model", "MODEL", "a model file, or a bundled model: " + BUNDLED + "; required"),
            new Opt("--format", "F", "data format: pendigits, dollar or jsonl (default: the format the model was trained on)"),
            new Opt("--data", "PATH", "test data (default for pendigits and dollar: found under --datasets)"),
            new Opt("--datasets", "DIR", "where the default --data and --templates are found (default ../shared/datasets)"),
            new Opt("--subjects", "S", "dollar only: the subjects to test on (default s08-s11)"),
            new Opt("--baseline", null, "also score the $1 recognizer (pen data only), with training data as its templates"),
            new Opt("--templates", "PATH", "the $1 templates (default for pendigits and dollar: their training data; jsonl: required)"),
            new Opt("--template-subjects", "S", "dollar only: the subjects of --templates (default s02-s07)"),
            new Opt("--json", null, "print one JSON object instead of text (progress still goes to stderr)"),
            new Opt("--threads", "N", "worker threads, 1-256 (default: the number of cores)")));

    static final Command INSPECT = new Command("inspect", "MODEL",
            "Prints a model's name, shape, classes, size of its session state and training metadata.", List.of(
            new Opt("MODEL", "", "a model file, or a bundled model: " + BUNDLED)));

    static final List<Command> COMMANDS = List.of(TRAIN, EVALUATE, INSPECT);

    /** 0.005f as "0.005", 1f as "1". */
    private static String num(double v) {
        return new java.math.BigDecimal(Float.toString((float) v)).stripTrailingZeros().toPlainString();
    }

    private final PrintStream out, err;

    ModelCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ModelCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        Command command = null;
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
                if (args.length > 1 && !args[1].startsWith("-")) {  // help train
                    Command c = command(args[1]);
                    out.println(c.usage());
                    return 0;
                }
                (args.length == 0 ? err : out).println(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            command = command(args[0]);
            Args a = new Args(args, 1, command.options(), command.switches());
            if (a.help()) {
                out.println(command.usage());
                return 0;
            }
            if (command != INSPECT && !a.positional().isEmpty()) {
                throw new Args.UsageException("unexpected argument '" + a.positional().get(0) + "'"
                        + (a.positional().get(0).startsWith("-") ? " (options start with --)" : ""));
            }
            return switch (command.name()) {
                case "train" -> train(a, args);
                case "evaluate" -> evaluate(a);
                default -> inspect(a);
            };
        } catch (Args.UsageException e) {
            err.println("error: " + e.getMessage() + " (see gesture-model " + (command == null ? "" : command.name() + " ") + "--help)");
            return 2;
        } catch (DataFormatException | ModelFormatException | IOException | IllegalArgumentException e) {
            err.println("error: " + oneLine(e));
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("error: out of memory (raise -Xmx)");
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + oneLine(e));
            return 1;
        }
    }

    private static Command command(String name) throws Args.UsageException {
        for (Command c : COMMANDS) if (c.name().equals(name)) return c;
        throw new Args.UsageException("unknown command '" + name + "' (train, evaluate, inspect)");
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) m = e.getMessage() + ": no such file or folder";
        else if (e instanceof java.nio.file.AccessDeniedException) m = e.getMessage() + ": permission denied";
        if (m == null) m = e.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }

    private int train(Args a, String[] argv) throws Args.UsageException, IOException, DataFormatException, ModelFormatException {
        String format = required(a, "format").toLowerCase(Locale.ROOT);
        checkFormat(format);
        String outPath = required(a, "out");
        TrainConfig d = TrainConfig.defaults();
        TrainConfig cfg;
        try {
            cfg = new TrainConfig(a.integer("hidden", d.hidden(), 1, 1024), a.integer("layers", d.layers(), 1, 2),
                    a.integer("epochs", d.epochs(), 1, 10_000), a.integer("batch", d.batchSize(), 1, 4096),
                    (float) a.number("lr", d.learningRate()), (float) a.number("clip", d.clipNorm()),
                    a.longValue("seed", d.seed()), a.integer("threads", d.threads(), 1, 256), (float) a.number("augment", d.augment()),
                    a.number("val-fraction", d.valFraction()), (float) a.number("weight-decay", d.weightDecay()),
                    (float) a.number("dropout", d.dropout()), (float) a.number("ema", d.ema()), a.flag("keep-best"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        Path datasets = Path.of(a.get("datasets", DEFAULT_DATASETS));
        String subjects = subjects(a, "subjects", format, "s02-s07");
        String testSubjects = subjects(a, "test-subjects", format, "s08-s11");
        String testData = a.get("test-data");
        if (testData == null && a.get("test-subjects") != null) throw new Args.UsageException("--test-subjects applies to --test-data only");
        // every file named on the line is checked before the minutes of training, not after
        Path data = data(a, "data", format, datasets, true);
        if (testData != null) readable("--test-data " + testData, Path.of(testData), format);
        Path outFile = Path.of(outPath);
        writable("--out " + outPath, outFile);
        List<Gesture> gestures = Datasets.read(format, data, subjects, progress());
        cfg = defaultValidation(a, cfg, gestures, format);
        InputKind kind = gestures.get(0).samples().get(0).kind();
        FeatureEncoder encoder = kind == InputKind.PEN ? new PenEncoder(a.flag("pressure")) : new ImuEncoder(a.flag("gyro"), 500f);
        String name = a.get("name", defaultName(outFile));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("data.format", format);
        meta.put("data.path", data.toString());
        if (subjects != null) meta.put("data.subjects", subjects);
        meta.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        meta.put("command", "train " + String.join(" ", List.of(argv).subList(1, argv.length)));
        // a bar within an epoch, erased before the epoch's line; on a pipe a line only within an epoch longer than 5 s
        Model model = new Trainer(cfg, err, (what, total, unit) -> Progress.startTransient(err, what, total, unit))
                .train(gestures, encoder, name, meta);
        if (testData != null) {
            List<Gesture> test = Datasets.read(format, Path.of(testData), testSubjects, progress());
            EvalReport r = evaluate(model, test, cfg.threads());
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

    /**
     * Without an explicit {@code --val-fraction}, the default hold-out is only made when it is of
     * use: with 2 to 4 people it would be a third or half of them (the asked 10% rounded up to one
     * person), and a hold-out with a class the rest lacks, one class only, or a handful of gestures
     * says little while costing training data. Then everyone trains, and one note says so and how
     * to get a validation accuracy. An explicit {@code --val-fraction} is kept; the trainer warns
     * about such a hold-out.
     */
    private TrainConfig defaultValidation(Args a, TrainConfig cfg, List<Gesture> gestures, String format) {
        if (a.get("val-fraction") != null || cfg.valFraction() <= 0) return cfg;
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

    /** Progress on stderr of a step that reports to a {@link io.gesturestream.model.Meter}: reading a dataset. */
    private io.gesturestream.model.Meter progress() {
        return (what, total, unit) -> Progress.start(err, what, total, unit);
    }

    private EvalReport evaluate(Model model, List<Gesture> test, int threads) {
        try (Progress p = Progress.start(err, "evaluating " + model.name(), test.size(), "gestures")) {
            return Evaluator.evaluate(model, test, threads, p::update);
        }
    }

    private static String defaultName(Path out) {
        String f = out.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    private int evaluate(Args a) throws Args.UsageException, IOException, DataFormatException, ModelFormatException {
        Model model = model("--model", required(a, "model"));
        String format = a.get("format", model.metadata().get("data.format"));
        if (format == null) throw new Args.UsageException("--format is required: the model does not record its data format");
        format = format.toLowerCase(Locale.ROOT);
        checkFormat(format);
        int threads = a.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        Path datasets = Path.of(a.get("datasets", DEFAULT_DATASETS));
        String subjects = subjects(a, "subjects", format, "s08-s11");
        String tSubjects = subjects(a, "template-subjects", format, "s02-s07");
        if (a.flag("baseline")) {
            if (a.get("templates") == null && defaultData(format, datasets, true) == null) {
                throw new Args.UsageException("--baseline with " + format + " data needs --templates PATH");
            }
        } else {
            for (String o : List.of("templates", "template-subjects")) {
                if (a.get(o) != null) throw new Args.UsageException("--" + o + " applies to --baseline only");
            }
        }
        Path data = data(a, "data", format, datasets, false);
        Path templates = null;
        if (a.flag("baseline")) {
            if (model.encoder().kind() != InputKind.PEN) throw new IllegalArgumentException("the $1 baseline needs pen data");
            templates = data(a, "templates", format, datasets, true);
        }
        List<Gesture> test = Datasets.read(format, data, subjects, progress());
        EvalReport report = evaluate(model, test, threads);
        Double baseline = null;
        if (templates != null) {
            List<Gesture> train = Datasets.read(format, templates, tSubjects, progress());
            if (!a.flag("json")) err.println("running the $1 baseline with " + train.size() + " templates ...");
            DollarOne dollar = new DollarOne(train);
            try (Progress p = Progress.start(err, "$1 baseline", test.size(), "gestures")) {
                baseline = dollar.accuracy(test, p::update);
            }
        }
        if (a.flag("json")) {
            out.println(report.toJson(baseline == null ? null : DollarOne.NAME, baseline));
        } else {
            out.println("model: " + model);
            out.println("data: " + data + (subjects != null ? " (" + subjects + ")" : ""));
            out.print(report.toText());
            if (baseline != null) out.printf(Locale.ROOT, "baseline %s (training set as templates): %.2f%%%n", DollarOne.NAME, 100 * baseline);
        }
        return 0;
    }

    private int inspect(Args a) throws Args.UsageException, IOException, ModelFormatException {
        if (a.positional().size() != 1) throw new Args.UsageException("inspect takes one MODEL (a file or a bundled name)");
        Model m = model("model", a.positional().get(0));
        GruShape s = m.shape();
        out.println("name:        " + m.name());
        out.println("version:     " + m.version());
        out.println("format:      gesture-stream model file v" + ModelFile.VERSION + String.format(", checksum %08x", m.checksum()));
        out.println("input:       " + m.encoder().kind() + ", " + s.inputSize() + " features, encoder "
                + java.util.Arrays.toString(m.encoder().parameters()));
        out.println("gru:         " + s.layers() + " layer(s) x " + s.hiddenSize() + " hidden, PyTorch convention (r, z, n)");
        out.println("parameters:  " + s.size());
        out.println("state:       " + (25 + 4 * (s.stateSize() + m.encoder().stateSize())) + " bytes per session");
        out.println("classes:     " + s.classes() + " " + m.labels());
        out.println("metadata:");
        new java.util.TreeMap<>(m.metadata()).forEach((k, v) -> out.println("  " + k + ": " + v));
        return 0;
    }

    private static String required(Args a, String k) throws Args.UsageException {
        String v = a.get(k);
        if (v == null || v.isBlank()) throw new Args.UsageException("--" + k + " is required");
        return v;
    }

    private static void checkFormat(String f) throws Args.UsageException {
        if (!Datasets.FORMATS.contains(f)) {
            throw new Args.UsageException("unknown format '" + f + "' (use " + String.join(", ", Datasets.FORMATS) + ")");
        }
    }

    static final String DEFAULT_DATASETS = "../shared/datasets";

    /**
     * {@code --option}, else its default under {@code --datasets}, checked: if it cannot be read,
     * one line says which path, where it came from and what is wrong.
     */
    private static Path data(Args a, String option, String format, Path datasets, boolean train) throws Args.UsageException, IOException {
        String given = a.get(option);
        if (given != null) return readable("--" + option + " " + given, Path.of(given), format);
        Path p = defaultData(format, datasets, train);
        if (p == null) throw new Args.UsageException("--" + option + " is required for the " + format + " format");
        if (Files.notExists(p)) {
            throw new IOException("no --" + option + " given, and the default " + p.toAbsolutePath().normalize() + " (from --datasets " + datasets
                    + ") does not exist; give --" + option + " PATH or --datasets DIR");
        }
        return readable("the default --" + option + " " + p + " (from --datasets " + datasets + ")", p, format);
    }

    /** A data file (pendigits, jsonl) or folder (dollar) that can be read, else one line naming it and what is wrong. */
    static Path readable(String what, Path p, String format) throws IOException {
        boolean folder = format.equals("dollar");
        String problem;
        if (Files.notExists(p)) problem = "no such file or folder";
        else if (!Files.exists(p)) problem = "cannot be reached (permission denied on a folder above it?)";
        else if (folder && !Files.isDirectory(p)) problem = "is a file; the dollar format reads a folder of $1 XML logs, such as xml_logs";
        else if (!folder && Files.isDirectory(p)) problem = "is a folder; the " + format + " format reads a file";
        else if (!Files.isReadable(p)) problem = "permission denied";
        else return p;
        throw new IOException(what + ": " + problem);
    }

    /** A model file or a bundled model's name, else one line naming it and what is wrong. */
    private static Model model(String what, String nameOrPath) throws IOException, ModelFormatException {
        if (!Model.BUNDLED.contains(nameOrPath)) {
            Path p = Path.of(nameOrPath);
            String problem = null;
            if (Files.notExists(p)) problem = "no such file or folder, and not a bundled model (" + BUNDLED + ")";
            else if (!Files.exists(p)) problem = "cannot be reached (permission denied on a folder above it?)";
            else if (Files.isDirectory(p)) problem = "is a folder, not a model file";
            else if (!Files.isReadable(p)) problem = "permission denied";
            if (problem != null) throw new IOException(what + " " + nameOrPath + ": " + problem);
        }
        return Model.load(nameOrPath);
    }

    /** A file that can be written, checked before training, else one line naming it and what is wrong. */
    private static void writable(String what, Path p) throws IOException {
        Path folder = p.toAbsolutePath().getParent();
        String problem = null;
        if (Files.isDirectory(p)) problem = "is a folder; give a file name, such as " + p.resolve("model.gru");
        else if (folder != null && Files.notExists(folder)) problem = "folder " + folder + " does not exist";
        else if (folder != null && !Files.isDirectory(folder)) problem = folder + " is not a folder";
        else if (folder != null && !Files.isWritable(folder)) problem = "cannot write in folder " + folder + " (permission denied)";
        else if (Files.exists(p) && !Files.isWritable(p)) problem = "permission denied";
        if (problem != null) throw new IOException(what + ": " + problem);
    }

    /** A --subjects-like option: only for the dollar format, and well formed (a usage error otherwise). */
    private static String subjects(Args a, String option, String format, String dollarDefault) throws Args.UsageException {
        String v = a.get(option);
        if (!format.equals("dollar")) {
            if (v != null) throw new Args.UsageException("--" + option + " applies to the dollar format only");
            return null;
        }
        if (v == null) return dollarDefault;
        try {
            io.gesturestream.model.data.DollarXmlReader.subjects(v);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + option + ": " + e.getMessage());
        }
        return v;
    }

    private static Path defaultData(String format, Path datasets, boolean train) {
        return switch (format) {
            case "pendigits" -> datasets.resolve("pendigits").resolve(train ? "pendigits-orig.tra" : "pendigits-orig.tes");
            case "dollar" -> datasets.resolve("dollar1-unistroke").resolve("xml_logs");
            default -> null;
        };
    }
}
