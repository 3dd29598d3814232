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
            "  (train: pendigits-orig.tra, evaluate: .tes) and dollar (train: s02-s07, evaluate: s08-s11).");

    private final PrintStream out, err;

    ModelCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ModelCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
                (args.length == 0 ? err : out).println(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            return switch (args[0]) {
                case "train" -> train(args);
                case "evaluate" -> evaluate(args);
                case "inspect" -> inspect(args);
                default -> throw new Args.UsageException("unknown command '" + args[0] + "' (train, evaluate, inspect)");
            };
        } catch (Args.UsageException e) {
            err.println("error: " + e.getMessage() + " (see --help)");
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

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) m = e.getMessage() + ": no such file";
        else if (e instanceof java.nio.file.AccessDeniedException) m = e.getMessage() + ": permission denied";
        if (m == null) m = e.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }

    private static final Set<String> TRAIN_OPTS = Set.of("format", "data", "subjects", "out", "hidden", "layers", "epochs",
            "batch", "lr", "clip", "seed", "threads", "val-fraction", "weight-decay", "augment", "dropout", "ema", "name", "datasets", "test-data",
            "test-subjects");

    private int train(String[] argv) throws Args.UsageException, IOException, DataFormatException, ModelFormatException {
        Args a = new Args(argv, 1, TRAIN_OPTS, Set.of("pressure", "gyro", "keep-best"));
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
        Path datasets = Path.of(a.get("datasets", "../shared/datasets"));
        String subjects = a.get("subjects", format.equals("dollar") ? "s02-s07" : null);
        Path data = dataPath(a, format, datasets, true);
        Path outFile = Path.of(outPath);
        if (outFile.getParent() != null && !Files.isDirectory(outFile.getParent())) {
            throw new IOException("cannot write " + outPath + ": folder " + outFile.getParent() + " does not exist");
        }
        List<Gesture> gestures = Datasets.read(format, data, subjects);
        InputKind kind = gestures.get(0).samples().get(0).kind();
        FeatureEncoder encoder = kind == InputKind.PEN ? new PenEncoder(a.flag("pressure")) : new ImuEncoder(a.flag("gyro"), 500f);
        String name = a.get("name", defaultName(outFile));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("data.format", format);
        meta.put("data.path", data.toString());
        if (subjects != null) meta.put("data.subjects", subjects);
        meta.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        meta.put("command", "train " + String.join(" ", List.of(argv).subList(1, argv.length)));
        Model model = new Trainer(cfg, err).train(gestures, encoder, name, meta);
        String testData = a.get("test-data");
        if (testData != null) {
            String testSubjects = a.get("test-subjects", format.equals("dollar") ? "s08-s11" : null);
            List<Gesture> test = Datasets.read(format, Path.of(testData), testSubjects);
            EvalReport r = Evaluator.evaluate(model, test, cfg.threads());
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

    private static String defaultName(Path out) {
        String f = out.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    private static final Set<String> EVAL_OPTS = Set.of("model", "format", "data", "subjects", "templates",
            "template-subjects", "threads", "datasets");

    private int evaluate(String[] argv) throws Args.UsageException, IOException, DataFormatException, ModelFormatException {
        Args a = new Args(argv, 1, EVAL_OPTS, Set.of("baseline", "json"));
        Model model = Model.load(required(a, "model"));
        String format = a.get("format", model.metadata().get("data.format"));
        if (format == null) throw new Args.UsageException("--format is required: the model does not record its data format");
        format = format.toLowerCase(Locale.ROOT);
        checkFormat(format);
        int threads = a.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        Path datasets = Path.of(a.get("datasets", "../shared/datasets"));
        Path data = dataPath(a, format, datasets, false);
        String subjects = a.get("subjects", format.equals("dollar") ? "s08-s11" : null);
        List<Gesture> test = Datasets.read(format, data, subjects);
        EvalReport report = Evaluator.evaluate(model, test, threads);
        Double baseline = null;
        if (a.flag("baseline")) {
            if (model.encoder().kind() != InputKind.PEN) throw new IllegalArgumentException("the $1 baseline needs pen data");
            String tSubjects = a.get("template-subjects", format.equals("dollar") ? "s02-s07" : null);
            Path templates = a.get("templates") != null ? Path.of(a.get("templates")) : defaultData(format, datasets, true);
            if (templates == null) throw new Args.UsageException("--baseline with jsonl data needs --templates PATH");
            List<Gesture> train = Datasets.read(format, templates, tSubjects);
            if (!a.flag("json")) err.println("running the $1 baseline with " + train.size() + " templates ...");
            baseline = new DollarOne(train).accuracy(test);
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

    private int inspect(String[] argv) throws Args.UsageException, IOException, ModelFormatException {
        Args a = new Args(argv, 1, Set.of(), Set.of());
        if (a.positional().size() != 1) throw new Args.UsageException("inspect takes one MODEL (a file or a bundled name)");
        Model m = Model.load(a.positional().get(0));
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

    private static Path dataPath(Args a, String format, Path datasets, boolean train) throws Args.UsageException {
        if (a.get("data") != null) return Path.of(a.get("data"));
        Path p = defaultData(format, datasets, train);
        if (p == null) throw new Args.UsageException("--data is required for the " + format + " format");
        return p;
    }

    private static Path defaultData(String format, Path datasets, boolean train) {
        return switch (format) {
            case "pendigits" -> datasets.resolve("pendigits").resolve(train ? "pendigits-orig.tra" : "pendigits-orig.tes");
            case "dollar" -> datasets.resolve("dollar1-unistroke").resolve("xml_logs");
            default -> null;
        };
    }
}
