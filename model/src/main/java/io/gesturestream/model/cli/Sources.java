package io.gesturestream.model.cli;

import io.gesturestream.model.LabelSet;
import io.gesturestream.model.Meter;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFormatException;
import io.gesturestream.model.data.DataFormatException;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.DollarXmlReader;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.UnipenReader;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.eval.EvalReport;
import io.gesturestream.model.eval.Evaluator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the commands share: the value types of their data options, and the checks that a path
 * named on the line can be used, made before any work so that a wrong path costs no minutes and
 * gets one line naming the option, the path and what is wrong.
 */
final class Sources {
    static final String DEFAULT_DATASETS = "../shared/datasets";
    static final String BUNDLED = String.join(", ", Model.BUNDLED);

    /** {@code --split}, shared by {@code train} and {@code evaluate}. */
    static final Opt<WriterSplit> SPLIT = Opt.of("split", "SIDE",
            "only the writers on this side of the writer split: train, validation or test (SHA-256 of the writer mod 100: "
                    + "0-69, 70-79, 80-99), or train+validation (0-79: a final fit, with only the test side held out); data with "
                    + "writers only (unipen, dollar, pendigits, jsonl sessions, wand)", Sources::split);

    /** {@code --category}, shared by {@code train} and {@code evaluate}. */
    static final Opt<List<String>> CATEGORY = Opt.of("category", "C",
            "unipen only: read category C of the release folder given as --data (1a digits, 2 characters, 7 words; "
                    + "several separated by commas)", Sources::categories);

    /** {@code --labels}, shared by {@code train} and {@code evaluate}. */
    static final Opt<LabelSet> LABELS = Opt.of("labels", "SET", "only these labels: items separated by commas, each a label or a "
            + "range of single characters, e.g. 0-9 or A-Z,a-z (\\, is a comma)", Sources::labels);

    private Sources() {}

    /** The {@code --category} type: 1a, 2 or 7, or several separated by commas. */
    static List<String> categories(String option, String value) throws Command.UsageException {
        List<String> out = new java.util.ArrayList<>();
        for (String c : value.split(",", -1)) {
            String t = c.strip();
            if (!UnipenReader.CATEGORIES.contains(t)) {
                throw new Command.UsageException(option + ": unknown category '" + c + "' (use " + String.join(", ", UnipenReader.CATEGORIES)
                        + ", or several separated by commas)");
            }
            if (out.contains(t)) throw new Command.UsageException(option + ": category " + t + " given twice");
            out.add(t);
        }
        return List.copyOf(out);
    }

    /** The {@code --labels} type: a well-formed {@link LabelSet}. */
    static LabelSet labels(String option, String value) throws Command.UsageException {
        try {
            return LabelSet.parse(value);
        } catch (IllegalArgumentException e) {
            throw new Command.UsageException(option + ": " + e.getMessage());
        }
    }

    /**
     * The gestures of {@code path} in {@code format}: for unipen with {@code --category}, each
     * category in turn; the reader's notes on {@code err}.
     */
    static List<Gesture> read(PrintStream err, String format, Path path, String subjects, List<String> categories)
            throws IOException, DataFormatException {
        if (categories == null) return Datasets.read(format, path, subjects, null, progress(err), err::println);
        List<Gesture> all = new java.util.ArrayList<>();
        for (String c : categories) all.addAll(Datasets.read(format, path, subjects, c, progress(err), err::println));
        return all;
    }

    /** The categories given, checked against the format: null when none. */
    static List<String> categories(Command.Parsed opts, String format) throws Command.UsageException {
        if (!opts.given(CATEGORY)) return null;
        if (!format.equals("unipen")) throw new Command.UsageException("--category applies to the unipen format only");
        return opts.get(CATEGORY);
    }

    /**
     * The gestures whose label {@code set} keeps, with a line on {@code err} saying how many of
     * how many; all of them when {@code set} is null.
     */
    static List<Gesture> withLabels(PrintStream err, LabelSet set, List<Gesture> gestures) {
        if (set == null) return gestures;
        List<String> present = new java.util.ArrayList<>(new java.util.TreeSet<>(gestures.stream().map(Gesture::label).toList()));
        Set<String> keep = set.of(present);
        List<Gesture> out = gestures.stream().filter(g -> keep.contains(g.label())).toList();
        err.printf(Locale.ROOT, "labels %s: %d gestures of %d labels (of %d gestures, %d labels)%n", set, out.size(), keep.size(),
                gestures.size(), present.size());
        return out;
    }

    /** {@code option}'s format if given, else the one {@code model} was trained on, checked; a usage error when neither says. */
    static String format(Command.Parsed opts, Opt<String> option, Model model) throws Command.UsageException {
        String format = opts.given(option) ? opts.get(option) : model.metadata().get("data.format");
        if (format == null) throw new Command.UsageException("--" + option.name() + " is required: the model does not record its data format");
        return format("--" + option.name(), format);
    }

    /**
     * {@code value}, one {@code FORMAT:PATH} item of {@code option}, as {format, path}, the format
     * checked; else a usage error saying it must be {@code shape}, such as pendigits:pendigits-orig.tra.
     */
    static String[] formatAndPath(String option, String value, String shape) throws Command.UsageException {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new Command.UsageException(option + " must be " + shape + ", such as pendigits:pendigits-orig.tra, got '" + value + "'");
        }
        return new String[] {format(option, value.substring(0, colon)), value.substring(colon + 1)};
    }

    /** The {@code --split} type: train, validation, test or train+validation, in any case. */
    static WriterSplit split(String option, String value) throws Command.UsageException {
        try {
            return WriterSplit.parse(value);
        } catch (IllegalArgumentException e) {
            throw new Command.UsageException(option + ": " + e.getMessage());
        }
    }

    /**
     * The gestures of {@code split}'s side (all of them when it is null), with a line on
     * {@code err} saying how many gestures and writers that is, of how many.
     */
    static List<Gesture> split(PrintStream err, WriterSplit split, List<Gesture> gestures, Path source) throws DataFormatException {
        if (split == null) return gestures;
        List<Gesture> side = split.select(gestures, source.toString());
        err.printf(Locale.ROOT, "split %s: %d gestures of %s (of %d gestures, %s)%n", split, side.size(), writers(side),
                gestures.size(), writers(gestures));
        return side;
    }

    /** "1 writer", "88 writers". */
    private static String writers(List<Gesture> gestures) {
        Set<String> w = gestures.stream().map(Gesture::subject).collect(Collectors.toSet());
        return w.size() + (w.size() == 1 ? " writer" : " writers");
    }

    /** The {@code --format} type: one of {@link Datasets#FORMATS}, in any case. */
    static String format(String option, String value) throws Command.UsageException {
        String f = value.strip().toLowerCase(Locale.ROOT);
        if (!Datasets.FORMATS.contains(f)) {
            throw new Command.UsageException("unknown format '" + value + "' (use " + String.join(", ", Datasets.FORMATS) + ")");
        }
        return f;
    }

    /** The type of a subjects option: names or ranges separated by commas, none empty; checked for the format later. */
    static String subjects(String option, String value) throws Command.UsageException {
        for (String s : value.split(",", -1)) {
            if (s.isBlank()) throw new Command.UsageException(option + ": an empty subject in '" + value + "'");
        }
        return value;
    }

    /**
     * A subjects option's value, or its default, for the dollar format (a range such as {@code
     * s02-s07}, checked here); for the others the value given (subject names, such as {@code
     * magic-wand/dengyl}), or null. With {@code --split}, the dollar default range is not applied
     * (the split chooses the writers); subjects given on the line narrow them before the split.
     */
    static String subjects(Command.Parsed opts, Opt<String> option, String format) throws Command.UsageException {
        if (format.equals("dollar")) {
            String v = opts.given(SPLIT) && !opts.given(option) ? null : opts.get(option);
            if (v != null) {
                try {
                    DollarXmlReader.subjects(v);
                } catch (IllegalArgumentException e) {
                    throw new Command.UsageException("--" + option.name() + ": " + e.getMessage());
                }
            }
            return v;
        }
        return opts.given(option) ? opts.get(option) : null;
    }

    /**
     * {@code option}'s path, else its default under {@code --datasets}, checked: if it cannot be
     * read, one line says which path, where it came from and what is wrong.
     */
    static Path data(Command.Parsed opts, Opt<String> option, String format, Path datasets, boolean train)
            throws Command.UsageException, IOException {
        String o = "--" + option.name();
        String given = opts.get(option);
        if (given != null) return readable(o + " " + given, Path.of(given), format);
        Path p = defaultData(format, datasets, train);
        if (p == null) throw new Command.UsageException(o + " is required for the " + format + " format");
        if (Files.notExists(p)) {
            throw new IOException("no " + o + " given, and the default " + p.toAbsolutePath().normalize() + " (from --datasets "
                    + datasets + ") does not exist; give " + o + " PATH or --datasets DIR");
        }
        return readable("the default " + o + " " + p + " (from --datasets " + datasets + ")", p, format);
    }

    /**
     * The default data under {@code datasets}: training or test file of pendigits, the $1 folder,
     * the UNIPEN release folder (read with {@code --category}, split with {@code --split}), the
     * magic-wand data folder; null for jsonl.
     */
    static Path defaultData(String format, Path datasets, boolean train) {
        return switch (format) {
            case "pendigits" -> datasets.resolve("pendigits").resolve(train ? "pendigits-orig.tra" : "pendigits-orig.tes");
            case "dollar" -> datasets.resolve("dollar1-unistroke").resolve("xml_logs");
            case "unipen" -> datasets.resolve("unipen").resolve("train_r01_v07");
            case "wand" -> datasets.resolve("magic-wand").resolve("data");
            default -> null;
        };
    }

    /**
     * A data file (pendigits, jsonl), folder (dollar) or either (unipen: a data file or a folder
     * of them, such as train_r01_v07/data/1a; wand: an output_*.txt file or a folder of them, such
     * as magic-wand/data) that can be read, else one line naming it and what is wrong.
     */
    static Path readable(String what, Path p, String format) throws IOException {
        boolean folder = format.equals("dollar");
        boolean either = format.equals("unipen") || format.equals("wand");
        String problem;
        if (Files.notExists(p)) problem = "no such file or folder";
        else if (!Files.exists(p)) problem = "cannot be reached (permission denied on a folder above it?)";
        else if (folder && !Files.isDirectory(p)) problem = "is a file; the dollar format reads a folder of $1 XML logs, such as xml_logs";
        else if (!folder && !either && Files.isDirectory(p)) problem = "is a folder; the " + format + " format reads a file";
        else if (!Files.isReadable(p)) problem = "permission denied";
        else return p;
        throw new IOException(what + ": " + problem);
    }

    /** A model file or a bundled model's name, loaded, else one line naming it and what is wrong. */
    static Model model(String what, String nameOrPath) throws IOException, ModelFormatException {
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
    static void writable(String what, Path p) throws IOException {
        Path folder = p.toAbsolutePath().getParent();
        String problem = null;
        if (Files.isDirectory(p)) problem = "is a folder; give a file name, such as " + p.resolve("model.gru");
        else if (folder != null && Files.notExists(folder)) problem = "folder " + folder + " does not exist";
        else if (folder != null && !Files.isDirectory(folder)) problem = folder + " is not a folder";
        else if (folder != null && !Files.isWritable(folder)) problem = "cannot write in folder " + folder + " (permission denied)";
        else if (Files.exists(p) && !Files.isWritable(p)) problem = "permission denied";
        if (problem != null) throw new IOException(what + ": " + problem);
    }

    /** Progress on {@code err} of a step that reports to a {@link Meter}: reading a dataset. */
    static Meter progress(PrintStream err) {
        return (what, total, unit) -> Progress.start(err, what, total, unit);
    }

    /** The model run over {@code test}, with its progress on {@code err}. */
    static EvalReport evaluate(PrintStream err, Model model, List<Gesture> test, int threads) {
        try (Progress p = Progress.start(err, "evaluating " + model.name(), test.size(), "gestures")) {
            return Evaluator.evaluate(model, test, threads, p::update);
        }
    }
}
