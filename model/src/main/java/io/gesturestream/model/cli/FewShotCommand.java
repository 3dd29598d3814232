package io.gesturestream.model.cli;

import io.gesturestream.model.data.DollarXmlReader;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.eval.FewShot;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code few-shot}: the $-family's few-shot protocols on the $1 gesture logs ({@link FewShot}),
 * for $1, $P and GRU state prototypes side by side: accuracy against the number k of examples
 * per gesture.
 */
final class FewShotCommand implements CliCommand {
    static final Opt<String> DATA = Opt.text("data", "DIR", "the $1 logs' xml_logs folder: a folder per subject (s02 ...), a folder per "
            + "speed in each; with --format unipen, a UNIPEN release folder (default: found under --datasets)");
    static final Opt<String> FORMAT = Opt.of("format", "F", "the data: dollar (the $1 logs) or unipen (characters of many writers: "
            + "--protocol independent only, each writer a subject; with --category, --split and --labels, e.g. shapes a model never saw)",
            FewShotCommand::format).withDefault("dollar");
    static final Opt<String> DATASETS = Opt.text("datasets", "DIR", "where the default --data is found").withDefault(Sources.DEFAULT_DATASETS);
    static final Opt<String> PROTOCOL = Opt.of("protocol", "P", "dependent: templates and tests from the same subject at one speed; "
            + "independent: templates from --others other subjects; open: --taught gestures of a subject at one speed taught, the "
            + "others and --foreign shapes presented as unknown", FewShotCommand::protocol).withDefault("dependent");
    static final Opt<Integer> TAUGHT = Opt.integer("taught", "open: gestures taught of the 16", 1, 100, 12);
    static final Opt<String> FOREIGN = Opt.text("foreign", "FILE", "open: pendigits digits presented as foreign shapes (default: "
            + "pendigits-orig.tes under --datasets)");
    static final Opt<Integer> FOREIGN_PER_DRAW = Opt.integer("foreign-per-draw", "open: digits drawn at random per draw", 0, 10_000, 40);
    static final Opt<String> K = Opt.of("k", "LIST", "examples per gesture enrolled, such as 1,2,3,5", FewShotCommand::ks).withDefault("1,2,3,5");
    static final Opt<Integer> OTHERS = Opt.integer("others", "independent: subjects the templates come from", 1, 100, 5);
    static final Opt<Integer> REPEATS = Opt.integer("repeats", "draws of templates and tests per subject (and speed) and k", 1, 100_000, 100);
    static final Opt<Long> SEED = Opt.whole("seed", "random seed of the draws", 1L);
    static final Opt<String> RECOGNIZERS = Opt.text("recognizers", "LIST",
            "dollar1, dollarP, and models (a bundled name or a file) whose GRU is the embedding (see --embedding), such as dollar1,dollarP,latin")
            .withDefault("dollar1,dollarP");
    static final Opt<io.gesturestream.model.Embedding> EMBEDDING = EnrollCommand.embeddingOption("for a classifier among --recognizers",
            io.gesturestream.model.Enrollment.NEW_SHAPES.label()).withDefault(io.gesturestream.model.Enrollment.NEW_SHAPES);
    static final Opt<Boolean> PILOT = Opt.flag("pilot", "dependent: the pilot subject's folder, s01 (pilot), instead of s02-s11: "
            + "where an embedding is chosen, not the published protocol");
    static final Opt<Boolean> JSON = Opt.flag("json", "one JSON object: {recognizer: {k: accuracy}}");
    static final Opt<String> SVG = Opt.text("svg", "FILE", "dependent and independent: also draw accuracy against k, a line per recognizer, to an SVG file");

    static final Command SPEC = new Command("few-shot",
            "Scores recognizers that learn from a few examples per gesture with the $1 paper's protocols on its gesture logs.",
            List.of(DATA, DATASETS, FORMAT, Sources.CATEGORY, Sources.SPLIT, Sources.LABELS, PROTOCOL, K, OTHERS, TAUGHT, FOREIGN, FOREIGN_PER_DRAW, REPEATS, SEED, RECOGNIZERS, EMBEDDING, PILOT, JSON, SVG));

    @Override
    public Command spec() {
        return SPEC;
    }

    private static String format(String option, String v) throws Command.UsageException {
        if (!v.equals("dollar") && !v.equals("unipen")) throw new Command.UsageException(option + " must be dollar or unipen, got '" + v + "'");
        return v;
    }

    private static String protocol(String option, String v) throws Command.UsageException {
        if (!v.equals("dependent") && !v.equals("independent") && !v.equals("open")) {
            throw new Command.UsageException(option + " must be dependent, independent or open, got '" + v + "'");
        }
        return v;
    }

    private static String ks(String option, String v) throws Command.UsageException {
        for (String k : v.split(",", -1)) {
            int n;
            try {
                n = Integer.parseInt(k.strip());
            } catch (NumberFormatException e) {
                throw new Command.UsageException(option + " must be whole numbers separated by commas, got '" + v + "'");
            }
            if (n < 1 || n > 100) throw new Command.UsageException(option + ": each k must be in [1, 100], got " + n);
        }
        return v;
    }

    @Override
    public int run(Command.Parsed opts, PrintStream out, PrintStream err) throws Exception {
        String format = opts.get(FORMAT);
        boolean unipen = format.equals("unipen");
        if (unipen && !opts.get(PROTOCOL).equals("independent")) throw new Command.UsageException("--format unipen takes --protocol independent");
        if (!unipen) {
            for (Opt<?> o : List.of(Sources.CATEGORY, Sources.SPLIT, Sources.LABELS)) {
                if (opts.given(o)) throw new Command.UsageException("--" + o.name() + " applies to --format unipen only");
            }
        }
        Path root = Sources.data(opts, DATA, format, Path.of(opts.get(DATASETS)), true);
        boolean open = opts.get(PROTOCOL).equals("open");
        boolean pilot = opts.get(PILOT);
        if (pilot && !opts.get(PROTOCOL).equals("dependent")) throw new Command.UsageException("--pilot applies to --protocol dependent only");
        for (Opt<?> o : List.of(TAUGHT, FOREIGN, FOREIGN_PER_DRAW)) {
            if (!open && opts.given(o)) throw new Command.UsageException("--" + o.name() + " applies to --protocol open only");
        }
        if (!opts.get(PROTOCOL).equals("independent") && opts.given(OTHERS)) throw new Command.UsageException("--others applies to --protocol independent only");
        if (open && opts.given(SVG)) throw new Command.UsageException("--svg applies to --protocol dependent and independent");
        Path svg = opts.given(SVG) ? Path.of(opts.get(SVG)) : null;
        if (svg != null) Sources.writable("--svg " + svg, svg);
        List<Gesture> foreign = List.of();
        if (open && opts.get(FOREIGN_PER_DRAW) > 0) {
            Path f = opts.given(FOREIGN) ? Sources.readable("--foreign " + opts.get(FOREIGN), Path.of(opts.get(FOREIGN)), "pendigits")
                    : Sources.data(opts, FOREIGN, "pendigits", Path.of(opts.get(DATASETS)), false);
            foreign = Sources.read(err, "pendigits", f, null, null);
        }
        List<FewShot.Learner> learners = new ArrayList<>();
        for (String r : opts.get(RECOGNIZERS).split(",", -1)) {
            String name = r.strip();
            learners.add(switch (name) {
                case "dollar1" -> FewShot.DOLLAR_ONE;
                case "dollarP" -> FewShot.DOLLAR_P;
                default -> FewShot.gruPrototypes(Sources.model("--recognizers", name), open, opts.get(EMBEDDING));
            });
        }
        // a group per subject folder and speed folder; UNIPEN: a subject per writer
        Map<String, List<Gesture>> groups = new TreeMap<>(), subjects = new TreeMap<>();
        String folders = pilot ? "s\\d+ \\(pilot\\)" : "s\\d+";
        if (unipen) {
            List<Gesture> all = Sources.split(err, opts.get(Sources.SPLIT), Sources.read(err, format, root, null, Sources.categories(opts, format)), root);
            for (Gesture g : Sources.withLabels(err, opts.get(Sources.LABELS), all)) subjects.computeIfAbsent(g.subject(), x -> new ArrayList<>()).add(g);
            if (subjects.isEmpty()) throw new IllegalArgumentException(root + ": no gestures" + (opts.given(Sources.LABELS) ? " with --labels " + opts.get(Sources.LABELS) : ""));
            groups.putAll(subjects);
        } else try (Stream<Path> dirs = Files.list(root)) {
            for (Path s : dirs.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches(folders)).sorted().toList()) {
                try (Stream<Path> speeds = Files.list(s)) {
                    for (Path speed : speeds.filter(Files::isDirectory).sorted().toList()) {
                        List<Gesture> g = DollarXmlReader.readFolder(speed, x -> true);
                        groups.put(s.getFileName() + "/" + speed.getFileName(), g);
                        subjects.computeIfAbsent(s.getFileName().toString(), x -> new ArrayList<>()).addAll(g);
                    }
                }
            }
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(root + ": no " + (pilot ? "pilot folder (s01 (pilot))" : "subject folders (s02, s03, ...)") + " with speed folders");
        }
        boolean dependent = opts.get(PROTOCOL).equals("dependent");
        int repeats = opts.get(REPEATS), others = opts.get(OTHERS);
        long seed = opts.get(SEED);
        List<Integer> ks = java.util.Arrays.stream((open && !opts.given(K) ? "3" : opts.get(K)).split(",", -1))
                .map(x -> Integer.parseInt(x.strip())).toList();
        for (int k : ks) {
            if (dependent || open) FewShot.checkDependent(groups, k);
            else FewShot.checkIndependent(subjects, k, others);
        }
        if (open) {
            if (ks.size() != 1) throw new Command.UsageException("--protocol open takes one --k");
            return openSet(groups, foreign, ks.get(0), opts, learners, out, err);
        }
        err.printf(Locale.ROOT, "%s: %d subjects, %d groups, %d gestures; %s, %d repeats%n", root, subjects.size(), groups.size(),
                subjects.values().stream().mapToInt(List::size).sum(), dependent ? "user-dependent" : "user-independent, templates from "
                        + others + " other subjects", repeats);
        Map<String, Map<Integer, Double>> results = new LinkedHashMap<>();
        for (FewShot.Learner l : learners) {
            Map<Integer, Double> byK = new LinkedHashMap<>();
            for (int k : ks) {
                long t0 = System.nanoTime();
                FewShot.Result r = dependent ? FewShot.userDependent(groups, k, repeats, seed, l)
                        : FewShot.userIndependent(subjects, k, others, repeats, seed, l);
                byK.put(k, r.accuracy());
                err.printf(Locale.ROOT, "%-12s k=%d: %.2f%% of %d (%.1f s)%n", l.name(), k, 100 * r.accuracy(), r.tested(),
                        (System.nanoTime() - t0) / 1e9);
            }
            results.put(l.name(), byK);
        }
        if (svg != null) {
            Files.writeString(svg, svg(results, (dependent ? "user-dependent" : "user-independent, " + others + " other subjects")
                    + (unipen ? ", UNIPEN characters, " : ", $1 gesture logs, ") + repeats + " draws"));
        }
        if (opts.get(JSON)) {
            StringBuilder b = new StringBuilder("{");
            for (var e : results.entrySet()) {
                if (b.length() > 1) b.append(", ");
                b.append('"').append(e.getKey()).append("\": {");
                int i = 0;
                for (var k : e.getValue().entrySet()) {
                    b.append(i++ == 0 ? "" : ", ").append(String.format(Locale.ROOT, "\"%d\": %.6f", k.getKey(), k.getValue()));
                }
                b.append('}');
            }
            out.println(b.append('}'));
        } else {
            out.print(String.format(Locale.ROOT, "%-14s", "recognizer"));
            for (int k : results.values().iterator().next().keySet()) out.print(String.format(Locale.ROOT, "%9s", "k=" + k));
            out.println();
            for (var e : results.entrySet()) {
                out.print(String.format(Locale.ROOT, "%-14s", e.getKey()));
                for (double a : e.getValue().values()) out.print(String.format(Locale.ROOT, "%8.2f%%", 100 * a));
                out.println();
            }
        }
        return 0;
    }

    private static int openSet(Map<String, List<Gesture>> groups, List<Gesture> foreign, int k, Command.Parsed opts, List<FewShot.Learner> learners,
                               PrintStream out, PrintStream err) {
        int taught = opts.get(TAUGHT), repeats = opts.get(REPEATS), perDraw = opts.get(FOREIGN_PER_DRAW);
        FewShot.checkOpen(groups, taught, k);
        err.printf(Locale.ROOT, "open set: %d groups, %d gestures taught (k = %d) per draw, the others and %d of %d foreign digits unknown, %d repeats%n",
                groups.size(), taught, k, foreign.isEmpty() ? 0 : perDraw, foreign.size(), repeats);
        StringBuilder json = new StringBuilder("{");
        if (!opts.get(JSON)) {
            out.println(String.format(Locale.ROOT, "%-14s %8s %22s %15s %17s", "recognizer", "AUROC", "unknowns at 95% known",
                    "known accepted", "unknown accepted"));
        }
        for (FewShot.Learner l : learners) {
            long t0 = System.nanoTime();
            FewShot.OpenSet r = FewShot.openSet(groups, foreign, taught, k, perDraw, repeats, opts.get(SEED), l);
            err.printf(Locale.ROOT, "%-12s %d known, %d unknown (%.1f s)%n", l.name(), r.known(), r.unknown(), (System.nanoTime() - t0) / 1e9);
            if (json.length() > 1) json.append(", ");
            json.append(String.format(Locale.ROOT, "\"%s\": {\"auroc\": %.6f, \"unknownAcceptedAt95\": %.6f, \"knownAccepted\": %.6f, "
                    + "\"unknownAccepted\": %.6f, \"known\": %d, \"unknown\": %d}", l.name(), r.auroc(), r.unknownAcceptedAt95(),
                    r.knownAccepted(), r.unknownAccepted(), r.known(), r.unknown()));
            if (!opts.get(JSON)) {
                out.println(String.format(Locale.ROOT, "%-14s %8.4f %21.2f%% %14.2f%% %16.2f%%", l.name(), r.auroc(), 100 * r.unknownAcceptedAt95(),
                        100 * r.knownAccepted(), 100 * r.unknownAccepted()));
            }
        }
        if (opts.get(JSON)) out.println(json.append('}'));
        return 0;
    }

    /** Accuracy (%) against k, a line and a colour per recognizer. */
    static String svg(Map<String, Map<Integer, Double>> results, String title) {
        int w = 560, h = 360, left = 60, right = 150, top = 40, bottom = 50;
        int maxK = results.values().stream().flatMap(m -> m.keySet().stream()).max(Integer::compare).orElse(1);
        double lo = Math.floor(100 * results.values().stream().flatMap(m -> m.values().stream()).min(Double::compare).orElse(0.9) - 0.5);
        double hi = 100;
        java.util.function.DoubleUnaryOperator x = k -> left + (w - left - right) * (maxK == 1 ? 0.5 : (k - 1) / (maxK - 1));
        java.util.function.DoubleUnaryOperator y = a -> top + (h - top - bottom) * (hi - a) / (hi - lo);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n",
                w, h, left, title.replace("&", "&amp;").replace("<", "&lt;")));
        for (double a = lo; a <= hi + 1e-9; a += 1) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f%%</text>%n", left, w - right, y.applyAsDouble(a), y.applyAsDouble(a),
                    left - 6, y.applyAsDouble(a) + 4, a));
        }
        for (int k = 1; k <= maxK; k++) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x.applyAsDouble(k), h - bottom + 18, k));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">examples per gesture (k)</text>%n",
                (left + w - right) / 2, h - 12));
        String[] colours = {"#3b7dd8", "#e07020", "#2a9d4a", "#9b59b6", "#888"};
        int i = 0;
        for (var e : results.entrySet()) {
            String c = colours[i % colours.length];
            StringBuilder pts = new StringBuilder();
            for (var p : e.getValue().entrySet()) {
                double px = x.applyAsDouble(p.getKey()), py = y.applyAsDouble(100 * p.getValue());
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, c));
            }
            b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", c, pts.toString().strip()));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", w - right + 12, top + 16 + 18 * i, c,
                    e.getKey().replace("&", "&amp;").replace("<", "&lt;")));
            i++;
        }
        return b.append("</svg>\n").toString();
    }
}
