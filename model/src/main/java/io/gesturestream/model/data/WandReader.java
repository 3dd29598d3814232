package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the accelerometer gestures of the TensorFlow Lite Micro "magic_wand" example (its
 * {@code data.tar.gz} of December 2019; see {@code shared/datasets/magic-wand/README.md}): a
 * 3-axis accelerometer moved in the air by 10 people, in files
 * {@code <gesture>/output_<gesture>_<person>.txt} for the gestures {@code wing}, {@code ring} and
 * {@code slope}, and {@code negative/output_negative_<rest>.txt} for other motion.
 *
 * <p>Format: a line {@code -,-,-} starts a recording; each line after it, up to the next
 * {@code -,-,-} or the end of the file, is one sample {@code x,y,z} in milli-g. The files are
 * terminal captures ({@code script} and {@code screen}), so they also hold lines that are not
 * samples: {@code Script started on ...}, escape sequences, blank lines with a carriage return,
 * a lone backspace after each recording. A line that is not three comma-separated numbers is
 * skipped and counted, never an error; a line of three numbers one of which is not finite or
 * beyond ±{@value #MAX_MILLI_G} milli-g (16 g, past the range of any accelerometer the example
 * used, which ran at ±2 g) is a {@link DataFormatException} {@code file:line: reason}. Samples
 * before the first {@code -,-,-} of a file are skipped and counted, not read as a recording: the
 * mark is what says a recording began (the dataset has none). A {@code -,-,-} with no sample
 * before the next one or the end of the file is an empty recording, skipped and counted.
 *
 * <p>Samples: {@link ImuSample#accel} in g (the file's value / 1000), no gyroscope. The files
 * carry no time: the sample rate is the README's, {@value #SAMPLE_RATE_HZ} per second (the
 * example's sensor setting), so sample i of a recording is at {@code round(i * 1000 / 25)} = 40 i
 * ms, from 0 in each recording. Skipped lines take no time.
 *
 * <p>Labels and subjects come from the file's name and folder: a file in folder {@code F} named
 * {@code output_F_<person>.txt} is a gesture {@code F} by {@code <person>}, subject
 * {@code magic-wand/<person>}. In folder {@code negative}, every recording is labelled
 * {@link OutputKind#UNKNOWN}: {@code output_negative_ccw_1.txt} (counter-clockwise circles, a near
 * miss of {@code ring}) has subject {@code magic-wand/ccw_1}, {@code output_negative_jiangyh.txt}
 * {@code magic-wand/jiangyh}, the same person as jiangyh's gestures. {@code output_negative_<n>.txt}
 * ({@code n} digits) is one long unsegmented stream of other motion: its recordings are joined in
 * order into one {@link Result#streams()} entry, label {@code unknown}, subject
 * {@code magic-wand/negative_<n>}, time going on at 40 ms a sample; these are not gestures but the
 * material of gesture spotting in a continuous stream, and they name no person, so no split side
 * holds them: {@code train --spot} learns from those its {@code --negatives} names, and
 * {@code spot} measures false detections on the others (leave one out). An {@code output_*.txt} that does not follow this naming is skipped and counted.
 *
 * <p>Split: {@link WriterSplit} on these subjects puts jiangyh, liucx, lsj, pengxl, shiyun (and
 * ccw_1) on the train side, dengyl on the validation side, and hyw, tangsy, xunkai, zhangxy (and
 * ccw_2) on the test side; {@code WandReaderTest} pins them.
 */
public final class WandReader {
    /** Samples per second: the README's rate (the files carry no time). */
    public static final int SAMPLE_RATE_HZ = 25;
    /** Every subject starts with this, the dataset's name. */
    public static final String SUBJECT_PREFIX = "magic-wand/";
    /** The largest magnitude of an axis that is read, in milli-g. */
    public static final int MAX_MILLI_G = 16_000;
    /** The line that starts a recording. */
    static final String MARK = "-,-,-";
    private static final String NEGATIVE = "negative";
    private static final int MAX_SAMPLES = 100_000;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NOT_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private WandReader() {}

    /**
     * What a read gives: the recordings (gestures and segmented negatives), the long streams set
     * aside, and one line per count worth saying ({@link #read(Path, Meter)} lists them).
     */
    public record Result(List<Gesture> gestures, List<Gesture> streams, List<String> report) {
        public Result {
            gestures = List.copyOf(gestures);
            streams = List.copyOf(streams);
            report = List.copyOf(report);
        }
    }

    /** What a file's name says: the label, the person (the subject without its prefix), whether it is a long stream. */
    record Naming(String label, String person, boolean stream) {
        String subject() {
            return SUBJECT_PREFIX + person;
        }
    }

    /**
     * Reads {@code path}: an {@code output_*.txt} file, or a folder searched for them at any
     * depth (such as {@code magic-wand/data} or {@code data/wing}), read in sorted path order.
     * The report says what was read and every count of what was skipped, a line each when it is
     * not zero.
     *
     * @throws DataFormatException a file that breaks the format or cannot be read; a folder
     *                             without {@code output_*.txt}; a file or folder holding no recording
     */
    public static Result read(Path path, Meter meter) throws DataFormatException {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.walk(path)) {
                files = s.filter(p -> isOutputFile(p) && Files.isRegularFile(p)).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                throw new DataFormatException(path + ": cannot be read: " + reason(e instanceof UncheckedIOException u ? u.getCause() : e));
            }
            if (files.isEmpty()) {
                throw new DataFormatException(path + ": no output_*.txt file below this folder (the magic-wand files are "
                        + "<gesture>/output_<gesture>_<person>.txt)");
            }
        } else {
            if (!Files.exists(path)) throw new DataFormatException(path + ": no such file or folder");
            if (naming(path) == null) {
                throw new DataFormatException(path + ": not a magic-wand file: expected output_<folder>_<person>.txt in its folder "
                        + "<folder>, such as wing/output_wing_hyw.txt");
            }
            files = List.of(path);
        }
        Acc acc = new Acc();
        List<Path> odd = new ArrayList<>();
        try (Meter.Step step = meter.start("reading " + path.getFileName(), files.size(), "files")) {
            int done = 0;
            for (Path f : files) {
                Naming n = naming(f);
                if (n == null) {
                    odd.add(f);
                } else {
                    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
                        read(r, f.toString(), n, acc);
                    } catch (IOException e) {
                        throw new DataFormatException(f + ": cannot be read: " + reason(e));
                    }
                }
                step.update(++done);
            }
        }
        if (odd.size() == files.size()) {
            throw new DataFormatException(path + ": none of its " + files.size() + " output_*.txt files is named "
                    + "output_<folder>_<person>.txt in its folder <folder> (first: " + odd.get(0) + ")");
        }
        if (acc.gestures.isEmpty() && acc.streams.isEmpty()) {
            throw new DataFormatException(path + ": no recording (a line -,-,- followed by x,y,z lines in milli-g)");
        }
        List<String> report = acc.report(files.size() - odd.size());
        if (!odd.isEmpty()) {
            report.add("skipped " + odd.size() + " output_*.txt files not named output_<folder>_<person>.txt in their folder "
                    + "<folder> (first: " + odd.get(0) + ")");
        }
        return new Result(acc.gestures, acc.streams, report);
    }

    /**
     * Reads one file's text from {@code r}, named {@code source} in errors, as a file of
     * {@code label} by {@code person} (a stream when {@code stream}).
     *
     * @throws DataFormatException a bad value, or no recording at all
     */
    static Result read(BufferedReader r, String source, String label, String person, boolean stream)
            throws IOException, DataFormatException {
        Acc acc = new Acc();
        read(r, source, new Naming(label, person, stream), acc);
        if (acc.gestures.isEmpty() && acc.streams.isEmpty()) {
            throw new DataFormatException(source + ": no recording (a line -,-,- followed by x,y,z lines in milli-g)");
        }
        return new Result(acc.gestures, acc.streams, acc.report(1));
    }

    /**
     * Whether {@code path} is magic-wand data, by name: an {@code output_*.txt} file, or a folder
     * with one at any depth. For a tool that tells formats apart by their paths; what it says is
     * only checked when the data is read.
     */
    public static boolean holds(Path path) {
        if (!Files.isDirectory(path)) return isOutputFile(path) && Files.isRegularFile(path);
        try (Stream<Path> s = Files.walk(path)) {
            return s.anyMatch(p -> isOutputFile(p) && Files.isRegularFile(p));
        } catch (IOException | UncheckedIOException e) {
            return false;  // a folder that cannot be walked: its reader says so
        }
    }

    private static boolean isOutputFile(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        return name.startsWith("output_") && name.endsWith(".txt");
    }

    /** The naming of {@code file}, or null when its name and folder do not follow it. */
    static Naming naming(Path file) {
        Path abs = file.toAbsolutePath();
        Path parent = abs.getParent();
        if (!isOutputFile(abs) || parent == null || parent.getFileName() == null) return null;
        String folder = parent.getFileName().toString();
        String name = abs.getFileName().toString();
        String head = "output_" + folder + "_";
        if (!name.startsWith(head) || name.length() <= head.length() + ".txt".length()) return null;
        String person = name.substring(head.length(), name.length() - ".txt".length());
        if (folder.length() > JsonlReader.MAX_LABEL || (SUBJECT_PREFIX + person).length() > JsonlReader.MAX_LABEL) return null;
        if (!folder.equals(NEGATIVE)) return new Naming(folder, person, false);
        boolean stream = DIGITS.matcher(person).matches();
        return new Naming(OutputKind.UNKNOWN, stream ? NEGATIVE + "_" + person : person, stream);
    }

    /** Accumulates over the files of one read. */
    private static final class Acc {
        final List<Gesture> gestures = new ArrayList<>();
        final List<Gesture> streams = new ArrayList<>();
        long noise, blank, empty, before, streamSamples;
        int noiseFiles, beforeFiles, withoutRecording;

        /** The lines of the report, for {@code files} files read. */
        List<String> report(int files) {
            Map<String, Integer> labels = new TreeMap<>();
            Set<String> subjects = new HashSet<>();
            for (Gesture g : gestures) {
                labels.merge(g.label(), 1, Integer::sum);
                subjects.add(g.subject());
            }
            StringBuilder byLabel = new StringBuilder();
            labels.forEach((l, n) -> byLabel.append(byLabel.isEmpty() ? "" : ", ").append(l).append(' ').append(n));
            List<String> lines = new ArrayList<>();
            lines.add("read " + gestures.size() + " recordings (" + (byLabel.isEmpty() ? "none" : byLabel) + ") of " + subjects.size()
                    + " subjects from " + files + " files");
            if (!streams.isEmpty()) {
                lines.add("set aside " + streams.size() + " long unsegmented streams of other motion (output_negative_<n>.txt, "
                        + streamSamples + " samples, label " + OutputKind.UNKNOWN + "): not gestures; they name no person, so no split side "
                        + "holds them (train --spot --negatives, spot --streams)");
            }
            if (noise > 0) {
                lines.add("skipped " + noise + " lines that are not three numbers (terminal noise, " + blank + " of them blank) in "
                        + noiseFiles + " files");
            }
            if (empty > 0) lines.add("skipped " + empty + " empty recordings (a -,-,- with no sample before the next one or the end of the file)");
            if (before > 0) {
                lines.add("skipped " + before + " samples before the first -,-,- of their file (in " + beforeFiles
                        + " files): only a -,-,- starts a recording");
            }
            if (withoutRecording > 0) lines.add(withoutRecording + " files held no recording");
            return lines;
        }
    }

    /** Reads one file from {@code r} into {@code acc}. */
    private static void read(BufferedReader r, String source, Naming naming, Acc acc) throws IOException, DataFormatException {
        int readBefore = acc.gestures.size() + acc.streams.size();
        List<Sample> samples = null;  // the recording being read (of a stream, all its recordings); null before the first mark
        int inRecording = 0;          // samples since the last mark
        long noise = 0, before = 0, i = 0;
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            String s = line.strip();
            if (s.equals(MARK)) {
                if (samples != null && inRecording == 0) acc.empty++;
                if (samples == null || !naming.stream()) {
                    finish(samples, naming, acc);
                    samples = new ArrayList<>();
                    i = 0;
                }
                inRecording = 0;
                continue;
            }
            double[] v = sample(s, source, no);
            if (v == null) {
                noise++;
                if (s.isEmpty()) acc.blank++;
            } else if (samples == null) {
                before++;
            } else {
                if (samples.size() >= MAX_SAMPLES) throw err(source, no, "more than " + MAX_SAMPLES + " samples in one recording");
                samples.add(ImuSample.accel(v[0] / 1000, v[1] / 1000, v[2] / 1000, Math.round(i * 1000.0 / SAMPLE_RATE_HZ)));
                i++;
                inRecording++;
            }
        }
        if (samples != null && inRecording == 0) acc.empty++;
        finish(samples, naming, acc);
        if (acc.gestures.size() + acc.streams.size() == readBefore) acc.withoutRecording++;
        acc.noise += noise;
        if (noise > 0) acc.noiseFiles++;
        acc.before += before;
        if (before > 0) acc.beforeFiles++;
    }

    /** Adds the recording (or stream) {@code samples} to {@code acc}, unless there is none or it is empty. */
    private static void finish(List<Sample> samples, Naming naming, Acc acc) {
        if (samples == null || samples.isEmpty()) return;
        Gesture g = new Gesture(naming.label(), naming.subject(), samples);
        if (naming.stream()) {
            acc.streams.add(g);
            acc.streamSamples += samples.size();
        } else {
            acc.gestures.add(g);
        }
    }

    /**
     * The three values of a sample line, or null when {@code s} is not three comma-separated
     * numbers (noise); a {@link DataFormatException} when it is, but one is not finite or out of range.
     */
    private static double[] sample(String s, String source, int no) throws DataFormatException {
        String[] f = s.split(",", -1);
        if (f.length != 3) return null;
        for (int k = 0; k < 3; k++) {
            f[k] = f[k].strip();
            if (!NUMBER.matcher(f[k]).matches() && !NOT_FINITE.matcher(f[k]).matches()) return null;
        }
        double[] v = new double[3];
        for (int k = 0; k < 3; k++) {
            String axis = "xyz".substring(k, k + 1);
            if (NOT_FINITE.matcher(f[k]).matches()) throw err(source, no, axis + " is not a finite number: " + abbreviate(s));
            v[k] = Double.parseDouble(f[k]);
            if (!Double.isFinite(v[k])) throw err(source, no, axis + " is not a finite number: " + abbreviate(s));
            if (Math.abs(v[k]) > MAX_MILLI_G) {
                throw err(source, no, axis + " = " + f[k] + " milli-g is beyond ±" + MAX_MILLI_G + " (16 g): " + abbreviate(s));
            }
        }
        return v;
    }

    private static String reason(Throwable e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static DataFormatException err(String source, int line, String msg) {
        return new DataFormatException(source + ":" + line + ": " + msg);
    }
}
