package io.gesturestream.model.data;

import io.gesturestream.model.Meter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads any supported dataset format by name: {@code pendigits}, {@code dollar}, {@code jsonl},
 * {@code unipen} (a data file, or a folder of them such as {@code train_r01_v07/data/1a}; see
 * {@link UnipenReader}, which also counts the segments it skips) or {@code wand} (the magic-wand
 * accelerometer recordings: an {@code output_*.txt} file or a folder of them; see
 * {@link WandReader}, whose long unsegmented streams are not among the gestures returned here).
 */
public final class Datasets {
    public static final List<String> FORMATS = List.of("pendigits", "dollar", "jsonl", "unipen", "wand");

    private Datasets() {}

    /**
     * @param subjects null for every subject; for {@code dollar}, a subject filter such as {@code
     *     s02-s07}; for the others, subject names as the reader gives them, separated by commas (e.g.
     *     {@code magic-wand/dengyl,magic-wand/lsj}): see {@link #withSubjects}
     */
    public static List<Gesture> read(String format, Path path, String subjects) throws IOException, DataFormatException {
        return read(format, path, subjects, Meter.NONE);
    }

    /** Like {@link #read(String, Path, String)}, reporting how far the reading is to {@code meter}. */
    public static List<Gesture> read(String format, Path path, String subjects, Meter meter) throws IOException, DataFormatException {
        return read(format, path, subjects, meter, line -> { });
    }

    /**
     * Like {@link #read(String, Path, String, Meter)}, giving {@code notes} what a reader has to
     * say besides the gestures, one line at a time: for {@code unipen}, the segments it skipped
     * by reason and its warnings ({@link UnipenReader.Result#report()}); for {@code wand}, what it
     * read, the streams it set aside and what it skipped ({@link WandReader.Result#report()}).
     */
    public static List<Gesture> read(String format, Path path, String subjects, Meter meter, Consumer<String> notes)
            throws IOException, DataFormatException {
        return read(format, path, subjects, null, meter, notes);
    }

    /**
     * Like {@link #read(String, Path, String, Meter, Consumer)}; for {@code unipen}, {@code category}
     * ({@code 1a}, {@code 2} or {@code 7}) reads that category of a release folder ({@code
     * train_r01_v07}); null reads {@code path} as a data file or a folder of them.
     */
    public static List<Gesture> read(String format, Path path, String subjects, String category, Meter meter, Consumer<String> notes)
            throws IOException, DataFormatException {
        String f = format == null ? "" : format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw new DataFormatException("unknown format '" + format + "' (use " + String.join(", ", FORMATS) + ")");
        }
        if (!Files.exists(path)) throw new DataFormatException(path + ": no such file or folder");
        if (category != null && !f.equals("unipen")) throw new DataFormatException("--category applies to the unipen format only");
        if (subjects != null && !f.equals("dollar")) return withSubjects(read(f, path, null, category, meter, notes), subjects, path);
        return switch (f) {
            case "pendigits" -> {
                requireFile(path);
                yield PendigitsReader.read(path, meter);
            }
            case "dollar" -> {
                try {
                    yield DollarXmlReader.readFolder(path, DollarXmlReader.subjects(subjects), meter);
                } catch (IllegalArgumentException e) {
                    throw new DataFormatException(e.getMessage());
                }
            }
            case "unipen" -> {
                UnipenReader.Result r = UnipenReader.read(path, category, meter);
                r.report().forEach(notes);
                yield r.gestures();
            }
            case "wand" -> {
                WandReader.Result r = WandReader.read(path, meter);
                r.report().forEach(notes);
                if (r.gestures().isEmpty()) {
                    throw new DataFormatException(path + ": no segmented recording, only the long streams of output_negative_<n>.txt, "
                            + "which are for spotting evaluation, not gestures");
                }
                yield r.gestures();
            }
            default -> {
                requireFile(path);
                yield JsonlReader.read(path, true, meter);
            }
        };
    }

    /**
     * The gestures whose subject is one of {@code subjects}' names (separated by commas, exact: a
     * cross-validation fold of people, say); a name that no gesture has is an error that lists the
     * subjects there are, so that a typo does not leave a fold empty.
     */
    public static List<Gesture> withSubjects(List<Gesture> gestures, String subjects, Path source) throws DataFormatException {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String s : subjects.split(",", -1)) {
            if (s.isBlank()) throw new DataFormatException("--subjects '" + subjects + "': an empty name");
            names.add(s.strip());
        }
        java.util.Set<String> present = new java.util.TreeSet<>();
        for (Gesture g : gestures) present.add(g.subject());
        for (String n : names) {
            if (!present.contains(n)) {
                throw new DataFormatException("--subjects: no gesture of subject '" + n + "' in " + source + " (its subjects: "
                        + (present.size() <= 12 ? String.join(", ", present) : String.join(", ", present.stream().limit(12).toList()) + ", ...")
                        + ")");
            }
        }
        return gestures.stream().filter(g -> names.contains(g.subject())).toList();
    }

    private static void requireFile(Path p) throws DataFormatException {
        if (!Files.isRegularFile(p)) throw new DataFormatException(p + ": not a file");
    }
}
