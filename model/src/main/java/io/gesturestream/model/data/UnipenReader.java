package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.features.Sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads UNIPEN 1.0 (Guyon et al., ICPR 1994) as the train_r01_v07 release has it: data files
 * holding {@code .INCLUDE}s and {@code .SEGMENT}s, the included files holding the contributor's
 * headers ({@code .COORD}, {@code .POINTS_PER_SECOND}), {@code .WRITER_ID}, {@code .DT} and the
 * pen data ({@code .PEN_DOWN} / {@code .PEN_UP} blocks, one point per line in the columns that
 * {@code .COORD} names).
 *
 * <p>Components: every {@code .PEN_DOWN} or {@code .PEN_UP} block that holds at least one point
 * is a component, numbered from 0 in include order. (An empty {@code .PEN_UP} only ends the pen
 * down block before it. Counting pen-up blocks with points is what tos, lex, sta and others
 * need: in all 3,906 data files but one, the highest component a segment names is then below
 * the count, and in most it is the last.) A segment names components as {@code 3}, {@code 3-5},
 * {@code 3,7}, or with point ranges, {@code 426:18-426:68} (component 426, points 18 to 68),
 * {@code 405:7-406}; points count from 0 and ends are inclusive (where one component is split
 * between two segments, the second mostly starts at the first one's end + 1). Only pen-down
 * points become samples: a pen-up block is the pen moving in the air, which
 * {@link io.gesturestream.model.features.PenSample} does not represent.
 *
 * <p>Each segment of any level ({@code CHARACTER}, {@code WORD}, ...) becomes one gesture: its
 * label is the quoted text with UNIPEN's escapes undone ({@code \"} is {@code "}, {@code \\} is
 * {@code \}) and kai's ligature marks {@code \@} removed; its subject is
 * {@code institution/WRITER_ID}, the institution being the first folder of the data file's first
 * {@code .INCLUDE} (such as {@code uqb} in {@code uqb/data/re.dat}). Time is the {@code T}
 * column when {@code .COORD} has one (ms), else the point's index at
 * {@code .POINTS_PER_SECOND}, plus every {@code .DT} (ms) before it.
 *
 * <p>Segments that cannot be a gesture for a stated reason (a bare ligature, quality
 * {@code BAD}, no pen-down point, components the files do not have) are skipped and counted in
 * {@link Result#skipped()}; a file that breaks the format is a {@link DataFormatException}
 * {@code file:line: reason}.
 */
public final class UnipenReader {
    /** The categories of train_r01_v07 that this project uses: folders under {@code data/}. */
    public static final List<String> CATEGORIES = List.of("1a", "2", "7");
    private static final int MAX_POINTS = 100_000;
    private static final int MAX_COMPONENTS = 1_000_000;

    /** Which way the y axis of an institution's tablet points. */
    enum Y { UP, DOWN }

    /**
     * The y axis of each institution, the one place the reader decides it. UNIPEN's convention is
     * y up (include/lex/lex0.doc: "0 at the lower left corner, X axis pointing to the right, Y axis
     * pointing to the top"); no other header says which way its y points, so each entry was
     * checked on the data as read with y as in the file (2026-11-30, train_r01_v07, categories
     * 1a, 2 and 7), by two measures:
     * <ul>
     * <li>S: the share of pen-down strokes whose first point is nearer the smaller y of the
     *     stroke's own extent. People draw most strokes top to bottom, so S is high when y points
     *     down and low when it points up (letters that begin with an up-stroke mislead it: sie);
     * <li>D: in gestures whose label has an i or a j, the share of dot-sized strokes (under 8% of
     *     the gesture's height either way) lying at the smaller-y half. The dot is above, so D
     *     near 0 means y up.
     * </ul>
     * S (categories 1a / 2 / 7) and D (2 + 7, dots counted), rounded:
     * aga .05/.12 D 0 of 49; apc S .32 D .01 of 341; apd .24, .04 of 498; ape .21, .04 of 366;
     * cea .10/.42/.30, 0 of 28; ceb .25/.36/.25, 0 of 3; cec .28, .03 of 288; ced .12/.25,
     * 0 of 48; hpb .26, .03 of 355; imt .20, 0 of 74; int .51, .01 of 1131; kai .24/.21,
     * .04 of 210; lav .38/.36, 0 of 102; lex .27, .09 of 1666; pap .39, .01 of 482; par .32,
     * 0 of 176; rim .21, no dots; sta .29, .02 of 1517; tos .05/.11, .05 of 19; ugi .53,
     * .01 of 96; uqb .14/.18, no dots. All y up.
     *
     * <p>The two that these measures left open were settled by rendering samples with y as in the
     * file: mot (S .51, no i or j) draws n as u, w as m and h upside down; sie's characters
     * (S .85, because they are cut from cursive writing and start with an up-stroke from the
     * baseline) draw u as n and d as a q, and its words (S .30, D .06 of 193) draw a T with its
     * bar at the bottom. Both y up. Every institution of train_r01_v07 is y up, as UNIPEN says;
     * this table is kept so that one that is not can be said so, and one not listed is warned of.
     * {@code UnipenDatasetTest} repeats S on the digits and D on the characters where the data is.
     */
    static final Map<String, Y> ORIENTATION = Map.ofEntries(
            Map.entry("aga", Y.UP), Map.entry("apc", Y.UP), Map.entry("apd", Y.UP), Map.entry("ape", Y.UP),
            Map.entry("cea", Y.UP), Map.entry("ceb", Y.UP), Map.entry("cec", Y.UP), Map.entry("ced", Y.UP),
            Map.entry("hpb", Y.UP), Map.entry("imt", Y.UP), Map.entry("int", Y.UP), Map.entry("kai", Y.UP),
            Map.entry("lav", Y.UP), Map.entry("lex", Y.UP), Map.entry("mot", Y.UP), Map.entry("pap", Y.UP),
            Map.entry("par", Y.UP), Map.entry("rim", Y.UP), Map.entry("sie", Y.UP), Map.entry("sta", Y.UP),
            Map.entry("tos", Y.UP), Map.entry("ugi", Y.UP), Map.entry("uqb", Y.UP));

    private UnipenReader() {}

    /**
     * What a read gives: the gestures, the segments skipped by reason, and warnings (such as an
     * institution whose orientation the reader does not know) with the number of gestures each
     * concerns.
     */
    public record Result(List<Gesture> gestures, SortedMap<String, Integer> skipped, SortedMap<String, Integer> warnings,
                         int files) {
        public Result {
            gestures = List.copyOf(gestures);
            skipped = Collections.unmodifiableSortedMap(new TreeMap<>(skipped));
            warnings = Collections.unmodifiableSortedMap(new TreeMap<>(warnings));
        }

        public int skippedTotal() {
            int n = 0;
            for (int v : skipped.values()) n += v;
            return n;
        }

        /** One line per count: "read N gestures from F files", then "skipped K: reason", "warning K: what". */
        public List<String> report() {
            List<String> lines = new ArrayList<>();
            lines.add("read " + gestures.size() + " gestures from " + files + " files, skipped " + skippedTotal() + " segments");
            skipped.forEach((why, n) -> lines.add("skipped " + n + ": " + why));
            warnings.forEach((what, n) -> lines.add("warning " + n + ": " + what));
            return lines;
        }
    }

    /** Opens an included file by the name the {@code .INCLUDE} gives; null if there is none. */
    interface Includes {
        Source open(String name, String includingSource) throws IOException;
    }

    /** An opened text: its reader and the name errors give it. */
    record Source(BufferedReader reader, String name) {}

    /**
     * Reads {@code path}: a data file; a folder of data files (such as {@code data/1a} or
     * {@code data/1a/aga}), read in path order; or a {@code train_r01_v07} folder, of which
     * {@code data/<category>} is read. Included files are looked up in the {@code include}
     * folder of the nearest folder above that has one, then next to the including file.
     *
     * @param category {@code 1a}, {@code 2} or {@code 7} when {@code path} is a train_r01_v07
     *                 folder; null otherwise
     */
    public static Result read(Path path, String category, Meter meter) throws IOException, DataFormatException {
        List<Path> files;
        Path start = path;
        if (Files.isDirectory(path)) {
            Path folder = path;
            if (Files.isDirectory(path.resolve("data"))) {
                if (category == null) {
                    throw new DataFormatException(path + ": a UNIPEN release folder; read one category: --category "
                            + String.join(", ", CATEGORIES) + ", or its folder data/" + String.join(", data/", CATEGORIES));
                }
                folder = path.resolve("data").resolve(category);
                if (!Files.isDirectory(folder)) throw new DataFormatException(folder + ": no such category folder");
            } else if (category != null) {
                throw new DataFormatException(path + ": a category applies to a UNIPEN release folder (one with data/ and include/)");
            }
            try (Stream<Path> s = Files.walk(folder)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            }
            if (files.isEmpty()) throw new DataFormatException(folder + ": no data files below this folder");
        } else {
            if (category != null) throw new DataFormatException(path + ": a category applies to a UNIPEN release folder, not a file");
            files = List.of(path);
            start = path.toAbsolutePath().getParent();
        }
        Path includeRoot = includeRoot(start);
        Acc acc = new Acc();
        try (Meter.Step step = meter.start("reading " + path.getFileName(), files.size(), "files")) {
            int done = 0;
            for (Path f : files) {
                Includes inc = (name, including) -> open(includeRoot, Path.of(including).getParent(), name);
                try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
                    read(r, f.toString(), inc, acc);
                }
                step.update(++done);
            }
        }
        if (acc.gestures.isEmpty()) throw new DataFormatException(path + ": no segments that could be read" + acc.why());
        return acc.result(files.size());
    }

    /** The {@code include} folder of {@code start} or the nearest folder above it; null if none. */
    private static Path includeRoot(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("include"))) return p.resolve("include");
        }
        return null;
    }

    private static Source open(Path includeRoot, Path here, String name) throws IOException {
        List<Path> tries = new ArrayList<>(2);
        if (includeRoot != null) tries.add(includeRoot.resolve(name));
        if (here != null) tries.add(here.resolve(name));
        for (Path p : tries) {
            if (Files.isRegularFile(p)) return new Source(Files.newBufferedReader(p, StandardCharsets.ISO_8859_1), p.toString());
        }
        return null;
    }

    /** Accumulates over the files of one read. */
    static final class Acc {
        final List<Gesture> gestures = new ArrayList<>();
        final TreeMap<String, Integer> skipped = new TreeMap<>();
        final TreeMap<String, Integer> warnings = new TreeMap<>();

        void skip(String why) {
            skipped.merge(why, 1, Integer::sum);
        }

        String why() {
            return skipped.isEmpty() ? "" : " (skipped: " + skipped + ")";
        }

        Result result(int files) {
            return new Result(gestures, skipped, warnings, files);
        }
    }

    /** One component: a pen-down or pen-up block with its points, and the writer in effect. */
    private record Component(boolean down, double[] xs, double[] ys, long[] ts, String writer) {
        int size() {
            return xs.length;
        }
    }

    /** The state that carries across a data file's includes. */
    private static final class Ink {
        final List<Component> components = new ArrayList<>();
        int xCol = 0, yCol = 1, tCol = -1, columns = 2;
        double pointsPerSecond = Double.NaN;
        double clockMs;
        String writer;
        String institution;
        int points;
    }

    /** Reads one data file from {@code r}; its includes through {@code includes}. Adds to {@code acc}. */
    static void read(BufferedReader r, String source, Includes includes, Acc acc) throws IOException, DataFormatException {
        Ink ink = new Ink();
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            String s = line.strip();
            if (!isKeyword(s)) continue;
            String key = keyword(s);
            switch (key) {
                case ".INCLUDE" -> {
                    String name = s.substring(key.length()).strip();
                    if (name.isEmpty()) throw err(source, no, ".INCLUDE without a file name");
                    if (ink.institution == null) {
                        int slash = name.indexOf('/');
                        ink.institution = slash > 0 ? name.substring(0, slash) : "";
                    }
                    Source in = includes.open(name, source);
                    if (in == null) throw err(source, no, "included file " + name + " not found");
                    try (BufferedReader ir = in.reader()) {
                        readInk(ir, in.name(), ink);
                    }
                }
                case ".SEGMENT" -> segment(s, source, no, ink, acc);
                case ".PEN_DOWN", ".PEN_UP", ".COORD", ".POINTS_PER_SECOND", ".WRITER_ID", ".DT" -> {
                    // pen data in a data file: read it as if included
                    throw err(source, no, key + " in a data file: this reader expects pen data in .INCLUDEd files");
                }
                default -> { } // .VERSION, .COMMENT and the other headers carry nothing this reader uses
            }
        }
    }

    private static boolean isKeyword(String s) {
        return s.length() > 1 && s.charAt(0) == '.' && s.charAt(1) >= 'A' && s.charAt(1) <= 'Z';
    }

    private static String keyword(String s) {
        int end = 1;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) end++;
        return s.substring(0, end);
    }

    /** Reads an included file's headers and pen data into {@code ink}. */
    private static void readInk(BufferedReader r, String source, Ink ink) throws IOException, DataFormatException {
        String line;
        int no = 0;
        Boolean down = null;  // inside a pen block: its kind; null outside
        double[] xs = new double[256], ys = new double[256];
        long[] ts = new long[256];
        int n = 0;
        while ((line = r.readLine()) != null) {
            no++;
            String s = line.strip();
            if (s.isEmpty()) continue;
            if (isKeyword(s)) {
                if (down != null && n > 0) ink.components.add(component(down, xs, ys, ts, n, ink));
                if (ink.components.size() > MAX_COMPONENTS) throw err(source, no, "more than " + MAX_COMPONENTS + " pen blocks");
                down = null;
                n = 0;
                String key = keyword(s);
                String value = s.substring(key.length()).strip();
                switch (key) {
                    case ".PEN_DOWN" -> down = true;
                    case ".PEN_UP" -> down = false;
                    case ".COORD" -> coord(value, source, no, ink);
                    case ".POINTS_PER_SECOND" -> {
                        double pps = number(value, source, no, key);
                        if (!(pps > 0)) throw err(source, no, ".POINTS_PER_SECOND must be above 0, got " + value);
                        ink.pointsPerSecond = pps;
                    }
                    case ".DT" -> {
                        double dt = number(value, source, no, key);
                        if (dt < 0 || dt > 1e13) throw err(source, no, ".DT out of range: " + value);
                        ink.clockMs += dt;
                    }
                    case ".WRITER_ID" -> {
                        if (value.isEmpty()) throw err(source, no, ".WRITER_ID without a value");
                        if (value.length() > JsonlReader.MAX_LABEL) throw err(source, no, ".WRITER_ID longer than " + JsonlReader.MAX_LABEL);
                        ink.writer = value;
                    }
                    case ".INCLUDE" -> throw err(source, no, ".INCLUDE inside an included file is not supported");
                    case ".SEGMENT" -> throw err(source, no, ".SEGMENT inside an included file is not supported");
                    default -> { }
                }
                continue;
            }
            if (down == null) continue;  // the text of .COMMENT, .SETUP and other headers
            String[] f = s.split("\\s+");
            if (f.length != ink.columns) {
                throw err(source, no, "expected " + ink.columns + " numbers (.COORD), got: " + abbreviate(s));
            }
            if (Double.isNaN(ink.pointsPerSecond) && ink.tCol < 0) {
                throw err(source, no, "a point before .POINTS_PER_SECOND (and .COORD has no T)");
            }
            if (++ink.points > 50_000_000) throw err(source, no, "too many points");
            // checked on every point: checked only when the arrays grow, it let a block reach 131,072 points
            if (n >= MAX_POINTS) throw err(source, no, "more than " + MAX_POINTS + " points in one pen block");
            if (n == xs.length) {
                xs = Arrays.copyOf(xs, 2 * n);
                ys = Arrays.copyOf(ys, 2 * n);
                ts = Arrays.copyOf(ts, 2 * n);
            }
            xs[n] = coordinate(f[ink.xCol], source, no);
            ys[n] = coordinate(f[ink.yCol], source, no);
            if (ink.tCol >= 0) {
                double t = coordinate(f[ink.tCol], source, no);
                if (Math.abs(t) > 9e15) throw err(source, no, "T out of range: " + f[ink.tCol]);
                ts[n] = (long) t;
            } else {
                ts[n] = (long) ink.clockMs;
                ink.clockMs += 1000.0 / ink.pointsPerSecond;
            }
            n++;
        }
        if (down != null && n > 0) ink.components.add(component(down, xs, ys, ts, n, ink));
    }

    private static Component component(boolean down, double[] xs, double[] ys, long[] ts, int n, Ink ink) {
        return new Component(down, Arrays.copyOf(xs, n), Arrays.copyOf(ys, n), Arrays.copyOf(ts, n), ink.writer);
    }

    private static void coord(String value, String source, int no, Ink ink) throws DataFormatException {
        String[] cols = value.isEmpty() ? new String[0] : value.split("\\s+");
        int x = -1, y = -1, t = -1;
        for (int i = 0; i < cols.length; i++) {
            switch (cols[i].toUpperCase(Locale.ROOT)) {
                case "X" -> x = i;
                case "Y" -> y = i;
                case "T" -> t = i;
                default -> { }
            }
        }
        if (x < 0 || y < 0) throw err(source, no, ".COORD must name X and Y, got: " + abbreviate(value));
        ink.xCol = x;
        ink.yCol = y;
        ink.tCol = t;
        ink.columns = cols.length;
    }

    private static double number(String v, String source, int no, String key) throws DataFormatException {
        String first = v.isEmpty() ? "" : v.split("\\s+")[0];
        try {
            double d = Double.parseDouble(first);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // below
        }
        throw err(source, no, key + " is not a number: " + abbreviate(v));
    }

    private static double coordinate(String v, String source, int no) throws DataFormatException {
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d) && Math.abs(d) < 1e9) return d;
        } catch (NumberFormatException e) {
            // below
        }
        throw err(source, no, "not a coordinate: " + abbreviate(v));
    }

    /** One {@code .SEGMENT} line: a gesture, or a counted skip. */
    private static void segment(String s, String source, int no, Ink ink, Acc acc) throws DataFormatException {
        int q = s.indexOf('"');
        if (q < 0) throw err(source, no, ".SEGMENT without a quoted label");
        String[] f = s.substring(0, q).strip().split("\\s+");
        if (f.length != 4) throw err(source, no, "expected .SEGMENT LEVEL COMPONENTS QUALITY \"LABEL\", got: " + abbreviate(s));
        String quality = f[3];
        if (!quality.equals("OK") && !quality.equals("GOOD") && !quality.equals("BAD") && !quality.equals("?")) {
            throw err(source, no, "quality must be OK, GOOD, BAD or ?, got: " + abbreviate(quality));
        }
        String label = label(s, q, source, no);
        int[][] pieces = components(f[2], source, no);
        if (quality.equals("BAD")) {
            acc.skip("quality BAD");
            return;
        }
        String unmarked = label.replace("\u0000", "");  // the ligature marks, see label()
        if (unmarked.isEmpty() && !label.isEmpty()) {
            acc.skip("a ligature (\\@), not a character");
            return;
        }
        label = unmarked;
        if (label.isEmpty()) {
            acc.skip("empty label");
            return;
        }
        List<Sample> samples = new ArrayList<>();
        String writer = null;
        for (int[] p : pieces) {
            int c0 = p[0], p0 = p[1], c1 = p[2], p1 = p[3];
            if (c1 >= ink.components.size()) {
                acc.skip("names a component beyond those of its files");
                return;
            }
            for (int c = c0; c <= c1; c++) {
                Component comp = ink.components.get(c);
                int from = c == c0 ? p0 : 0;
                int to = c == c1 && p1 >= 0 ? p1 : comp.size() - 1;
                if (from >= comp.size() || to >= comp.size()) {
                    acc.skip("names a point beyond its component");
                    return;
                }
                if (!comp.down() || from > to) continue;
                if (writer == null) writer = comp.writer();
                if (samples.size() + (to - from + 2) > MAX_POINTS) throw err(source, no, "more than " + MAX_POINTS + " points in one segment");
                int m = to - from + 1;
                double[] xs = Arrays.copyOfRange(comp.xs(), from, to + 1);
                double[] ys = Arrays.copyOfRange(comp.ys(), from, to + 1);
                long[] ts = Arrays.copyOfRange(comp.ts(), from, to + 1);
                if (yUp(ink, acc)) for (int i = 0; i < m; i++) ys[i] = -ys[i];
                Strokes.add(samples, xs, ys, ts, m);
            }
        }
        if (samples.isEmpty()) {
            acc.skip("no pen-down points");
            return;
        }
        if (writer == null) {
            acc.skip("no .WRITER_ID before its components");
            return;
        }
        String institution = ink.institution == null || ink.institution.isEmpty() ? "?" : ink.institution;
        if (!ORIENTATION.containsKey(institution)) {
            acc.warnings.merge("institution " + institution + ": orientation unknown, y kept as in the file", 1, Integer::sum);
        }
        acc.gestures.add(new Gesture(label, institution + "/" + writer, samples));
    }

    private static boolean yUp(Ink ink, Acc acc) {
        return ORIENTATION.get(ink.institution == null ? "?" : ink.institution) == Y.UP;
    }

    /**
     * The label that starts at the quote at {@code q}, escapes undone; a ligature mark {@code \@}
     * becomes U+0000 (removed by the caller, which first tells a bare ligature from a word).
     */
    private static String label(String s, int q, String source, int no) throws DataFormatException {
        StringBuilder b = new StringBuilder();
        int i = q + 1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') break;
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                if (e == '@') {
                    b.append('\u0000');
                    continue;
                }
                c = e;  // \" is ", \\ is \; any other escaped character stands for itself
            }
            b.append(c);
            if (b.length() > JsonlReader.MAX_LABEL) throw err(source, no, "label longer than " + JsonlReader.MAX_LABEL + " characters");
        }
        if (i >= s.length()) throw err(source, no, "label without its closing quote");
        if (!s.substring(i + 1).isBlank()) throw err(source, no, "text after the label: " + abbreviate(s.substring(i + 1).strip()));
        return b.toString();
    }

    /**
     * A segment's components as pieces {@code {c0, p0, c1, p1}}: components c0 to c1, from point
     * p0 of c0 to point p1 of c1 (-1: to its end).
     */
    private static int[][] components(String spec, String source, int no) throws DataFormatException {
        String[] items = spec.split(",", -1);
        if (items.length > 10_000) throw err(source, no, "too many component ranges");
        int[][] out = new int[items.length][];
        for (int k = 0; k < items.length; k++) {
            String[] ends = items[k].split("-", -1);
            if (ends.length > 2) throw err(source, no, "bad component range: " + abbreviate(items[k]));
            int[] a = ref(ends[0], source, no);
            int[] b = ends.length == 2 ? ref(ends[1], source, no) : a;
            if (b[0] < a[0] || (b[0] == a[0] && b[1] >= 0 && b[1] < a[1])) throw err(source, no, "empty component range: " + abbreviate(items[k]));
            int p1 = b[1];
            if (ends.length == 1 && a[1] >= 0) p1 = a[1];  // "c:p" alone: that one point
            out[k] = new int[] {a[0], Math.max(a[1], 0), b[0], p1};
        }
        return out;
    }

    /** {@code c} or {@code c:p} as {c, p}, p -1 when not given. */
    private static int[] ref(String r, String source, int no) throws DataFormatException {
        String[] cp = r.split(":", -1);
        if (cp.length > 2) throw err(source, no, "bad component: " + abbreviate(r));
        int c = whole(cp[0], source, no);
        int p = cp.length == 2 ? whole(cp[1], source, no) : -1;
        return new int[] {c, p};
    }

    private static int whole(String v, String source, int no) throws DataFormatException {
        if (v.isEmpty() || v.length() > 9) throw err(source, no, "bad component number: '" + abbreviate(v) + "'");
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') throw err(source, no, "bad component number: '" + abbreviate(v) + "'");
        }
        return Integer.parseInt(v);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static DataFormatException err(String source, int line, String msg) {
        return new DataFormatException(source + ":" + line + ": " + msg);
    }
}
