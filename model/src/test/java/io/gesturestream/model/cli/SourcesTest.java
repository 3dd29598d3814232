package io.gesturestream.model.cli;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.features.PenSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the commands share: the option types, the default data under --datasets, and the checks of a path before any work. */
class SourcesTest {
    @TempDir
    Path dir;

    private static Command.Parsed evaluate(String... words) throws Command.UsageException {
        String[] args = new String[words.length + 3];
        args[0] = "evaluate";
        args[1] = "--model";
        args[2] = "m.gru";
        System.arraycopy(words, 0, args, 3, words.length);
        return EvaluateCommand.SPEC.parse(args, 1);
    }

    private static String usage(Command.Parsed opts, String format) {
        return assertThrows(Command.UsageException.class, () -> Sources.subjects(opts, EvaluateCommand.SUBJECTS, format)).getMessage();
    }

    @Test
    void subjectsApplyToDollarAndASplitDropsTheirDefault() throws Exception {
        assertEquals("s08-s11", Sources.subjects(evaluate(), EvaluateCommand.SUBJECTS, "dollar"));
        assertEquals("s03-s04", Sources.subjects(evaluate("--subjects", "s03-s04"), EvaluateCommand.SUBJECTS, "dollar"));
        assertNull(Sources.subjects(evaluate("--split", "test"), EvaluateCommand.SUBJECTS, "dollar"));
        assertEquals("s05", Sources.subjects(evaluate("--split", "test", "--subjects", "s05"), EvaluateCommand.SUBJECTS, "dollar"));
        assertNull(Sources.subjects(evaluate(), EvaluateCommand.SUBJECTS, "jsonl"));
        assertEquals("magic-wand/x,magic-wand/y", Sources.subjects(evaluate("--subjects", "magic-wand/x,magic-wand/y"), EvaluateCommand.SUBJECTS, "wand"));
        assertEquals("--subjects: bad subject 'x' (expected e.g. s02)", usage(evaluate("--subjects", "x"), "dollar"));
        assertEquals("--subjects: an empty subject in 'a,,b'",
                assertThrows(Command.UsageException.class, () -> evaluate("--subjects", "a,,b")).getMessage());
    }

    @Test
    void theOptionTypesReadWhatTheySay() throws Exception {
        assertEquals(List.of("1a", "7"), Sources.categories("--category", " 1a,7"));
        assertEquals("--category: category 2 given twice", assertThrows(Command.UsageException.class, () -> Sources.categories("--category", "2, 2")).getMessage());
        assertEquals("--category: unknown category ' 8' (use 1a, 2, 7, or several separated by commas)",
                assertThrows(Command.UsageException.class, () -> Sources.categories("--category", "1a, 8")).getMessage());
        assertEquals(WriterSplit.VALIDATION, Sources.split("--split", "VALIDATION"));
        assertEquals("unipen", Sources.format("--format", " UniPen "));
        assertEquals("circle,line", Sources.labels("--labels", "circle,line").toString());
        assertEquals("--labels: label set 'a,,b' has an empty item (two commas, or one at an end); a comma label is \\,", assertThrows(Command.UsageException.class, () -> Sources.labels("--labels", "a,,b")).getMessage());
        Command.Parsed p = evaluate("--category", "2,1a");
        assertEquals(List.of("2", "1a"), Sources.categories(p, "unipen"));
        assertNull(Sources.categories(evaluate(), "jsonl"));
        assertEquals("--category applies to the unipen format only", assertThrows(Command.UsageException.class, () -> Sources.categories(p, "jsonl")).getMessage());
    }

    @Test
    void theDefaultDataIsFoundUnderDatasetsAndChecked() throws Exception {
        Path datasets = dir.resolve("sets");
        Path tes = datasets.resolve("pendigits").resolve("pendigits-orig.tes");
        Files.createDirectories(tes.getParent());
        Files.writeString(tes, ".SEGMENT DIGIT 0 ? \"1\"\n");
        assertEquals(tes, Sources.data(evaluate(), EvaluateCommand.DATA, "pendigits", datasets, false));
        assertEquals(datasets.resolve("pendigits").resolve("pendigits-orig.tra"), Sources.defaultData("pendigits", datasets, true));
        assertEquals(datasets.resolve("dollar1-unistroke").resolve("xml_logs"), Sources.defaultData("dollar", datasets, false));
        assertEquals(datasets.resolve("unipen").resolve("train_r01_v07"), Sources.defaultData("unipen", datasets, true));
        assertEquals(datasets.resolve("magic-wand").resolve("data"), Sources.defaultData("wand", datasets, false));
        assertNull(Sources.defaultData("jsonl", datasets, true));
        assertEquals("--data is required for the jsonl format",
                assertThrows(Command.UsageException.class, () -> Sources.data(evaluate(), EvaluateCommand.DATA, "jsonl", datasets, false)).getMessage());
        Files.delete(tes);
        Files.createDirectories(tes);
        assertEquals("the default --data " + tes + " (from --datasets " + datasets + "): is a folder; the pendigits format reads a file",
                assertThrows(IOException.class, () -> Sources.data(evaluate(), EvaluateCommand.DATA, "pendigits", datasets, false)).getMessage());
        // unipen reads a file or a folder
        assertEquals(tes, Sources.readable("x", tes, "unipen"));
        assertEquals(datasets, Sources.readable("x", datasets, "dollar"));
    }

    @Test
    void anOutputIsCheckedBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path in = file.resolve("m.gru");
        assertEquals("--out " + in + ": " + file.toAbsolutePath() + " is not a folder",
                assertThrows(IOException.class, () -> Sources.writable("--out " + in, in)).getMessage());
        assertEquals("--out " + dir + ": is a folder; give a file name, such as " + dir.resolve("model.gru"),
                assertThrows(IOException.class, () -> Sources.writable("--out " + dir, dir)).getMessage());
        Sources.writable("--out", dir.resolve("new.gru"));
        Sources.writable("--out", file);
        Sources.writable("--out", Path.of("relative.gru"));
    }

    @Test
    void theLinesOfASplitAndALabelSetCountWhatIsKept() throws Exception {
        List<Gesture> g = List.of(by("w46", "circle"), by("w269", "line"), by("w269", "circle"), by("w121", "vee"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        List<Gesture> test = Sources.split(err, WriterSplit.TEST, g, Path.of("d"));
        assertEquals(3, test.size());
        List<Gesture> val = Sources.split(err, WriterSplit.VALIDATION, g, Path.of("d"));
        assertEquals(1, val.size());
        assertEquals(g, Sources.split(err, null, g, Path.of("d")));
        List<Gesture> kept = Sources.withLabels(err, Sources.labels("--labels", "circle,line"), g);
        assertEquals(3, kept.size());
        assertEquals(g, Sources.withLabels(err, null, g));
        assertEquals(List.of("split test: 3 gestures of 2 writers (of 4 gestures, 3 writers)",
                "split validation: 1 gestures of 1 writer (of 4 gestures, 3 writers)",
                "labels circle,line: 3 gestures of 2 labels (of 4 gestures, 3 labels)"), buf.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals("--model " + dir + ": is a folder, not a model file",
                assertThrows(IOException.class, () -> Sources.model("--model", dir.toString())).getMessage());
        assertEquals("pendigits", Sources.model("--model", "pendigits").name());
    }

    private static Gesture by(String writer, String label) {
        return new Gesture(label, writer, List.of(PenSample.of(PenSample.Phase.DOWN, 0, 0, 0), PenSample.of(PenSample.Phase.UP, 1, 1, 1)));
    }
}
