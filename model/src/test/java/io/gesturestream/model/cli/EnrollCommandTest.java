package io.gesturestream.model.cli;

import io.gesturestream.model.Embedding;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.JsonlReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code enroll} on a tiny model: the file it writes, its name, the line per class, and what it refuses before any work. */
class EnrollCommandTest {
    @TempDir
    Path dir;

    private static CliResult run(String... args) {
        return CliResult.run(args);
    }

    private Path examples(String name, int n) throws Exception {
        List<Gesture> g = Fixtures.shapes(n, 1, 3).stream().filter(x -> x.label().equals("circle")).toList();
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            JsonlReader.write(w, g, "e");
        }
        return f;
    }

    /** Checks the class's line on stderr against the model written, and returns the milliseconds it says. */
    private static double classLine(CliResult r, Model m, String label, int examples) {
        int c = m.labels().indexOf(label);
        Matcher x = Pattern.compile(Pattern.quote(String.format(Locale.ROOT, "%s: %d examples, threshold %.3f (", label, examples, m.thresholds()[c]))
                + "([0-9.]+) ms\\)\n").matcher(r.err());
        assertTrue(x.matches(), r.err());
        return Double.parseDouble(x.group(1));
    }

    @Test
    void addReplaceAndRemoveWriteANewModelNamedAfterItsFile() throws Exception {
        Path base = dir.resolve("base.gru");
        Files.write(base, ModelFile.write(Fixtures.tinyModel(4, 1, 7)));
        Path three = examples("three.jsonl", 3), two = examples("two.jsonl", 2);
        Path out = dir.resolve("mine");
        CliResult r = run("enroll", "--model", base.toString(), "--add", "circle", "--examples", three.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Model m = ModelFile.read(Files.readAllBytes(out));
        assertEquals(List.of("mine", List.of("circle")), List.of(m.name(), m.labels()));
        assertEquals("wrote " + out + " (" + Files.size(out) + " bytes): 1 classes [circle], a final under its class's threshold is unknown\n", r.out());
        assertTrue(classLine(r, m, "circle", 3) < 60_000, r.err());
        assertTrue(m.metadata().get("command").startsWith("enroll --model " + base + " --add circle"), m.metadata().toString());

        Path added = dir.resolve("v2.model.gru");
        r = run("enroll", "--model", out.toString(), "--add", "circle", "--examples", two.toString(), "--out", added.toString());
        Model more = ModelFile.read(Files.readAllBytes(added));
        assertEquals("v2.model", more.name());
        classLine(r, more, "circle", 5);

        Path replaced = dir.resolve(".hidden");
        r = run("enroll", "--model", added.toString(), "--replace", "circle", "--examples", two.toString(), "--out", replaced.toString());
        assertEquals(0, r.code(), r.err());
        Model fresh = ModelFile.read(Files.readAllBytes(replaced));
        assertEquals(".hidden", fresh.name());
        classLine(r, fresh, "circle", 2);

        Path named = dir.resolve("named.gru");
        r = run("enroll", "--model", added.toString(), "--add", "line", "--examples", two.toString(), "--out", named.toString(), "--name", "Mine");
        assertEquals("Mine", ModelFile.read(Files.readAllBytes(named)).name());
        r = run("enroll", "--model", named.toString(), "--remove", "circle", "--out", named.toString());
        assertEquals(List.of(0, ""), List.of(r.code(), r.err()));
        assertEquals(List.of("line"), ModelFile.read(Files.readAllBytes(named)).labels());
    }

    /** A classifier's classes learned from a labelled file, then one of them replaced by a user's own examples. */
    @Test
    void classesFromAFileThenAUsersOwnReplaceOne() throws Exception {
        Path base = dir.resolve("base.gru");
        Files.write(base, ModelFile.write(Fixtures.tinyModel(4, 1, 7)));
        Path population = dir.resolve("population.jsonl");
        try (Writer w = Files.newBufferedWriter(population)) {
            JsonlReader.write(w, Fixtures.shapes(5, 2, 11), "p");
        }
        Path out = dir.resolve("prototypes.gru");
        CliResult r = run("enroll", "--model", base.toString(), "--classes", "jsonl:" + population, "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*4 classes from 20 gestures \\([0-9.]+ s\\)\n"), r.err());
        Model m = ModelFile.read(Files.readAllBytes(out));
        assertEquals(Fixtures.SHAPES, m.labels());
        assertArrayEquals(new int[] {5, 5, 5, 5}, m.enrolledExamples());
        for (float t : m.thresholds()) assertTrue(t > -1f && t <= 1f, "calibrated: " + t);
        assertEquals(Embedding.STATE_LOGITS, m.embedding(), "a classifier's own classes: its logits beside its state");
        Path state = dir.resolve("state.gru");
        assertEquals(0, run("enroll", "--model", base.toString(), "--classes", "jsonl:" + population, "--embedding", "state", "--out", state.toString()).code());
        assertEquals(Embedding.STATE, ModelFile.read(Files.readAllBytes(state)).embedding());

        Path mine = dir.resolve("mine.gru");
        r = run("enroll", "--model", out.toString(), "--replace", "circle", "--examples", examples("own.jsonl", 3).toString(), "--out", mine.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new int[] {3, 5, 5, 5}, ModelFile.read(Files.readAllBytes(mine)).enrolledExamples());

        r = run("enroll", "--model", out.toString(), "--classes", "jsonl:" + population, "--out", mine.toString());
        assertEquals(List.of(1, "error: --classes: model prototypes is no classifier; its classes are learned from a classifier's\n"),
                List.of(r.code(), r.err()));
    }

    /** A new class of a classifier's is a mean of its layers' states beside their means unless --embedding says otherwise; a prototype model keeps its own. */
    @Test
    void theEmbeddingOfAClassifierIsChosenOnceAndKept() throws Exception {
        Path base = dir.resolve("base.gru");
        Files.write(base, ModelFile.write(Fixtures.tinyModel(4, 2, 7)));
        Path three = examples("three.jsonl", 3), logits = dir.resolve("logits.gru"), state = dir.resolve("state.gru");
        CliResult r = run("enroll", "--model", base.toString(), "--add", "circle", "--examples", three.toString(), "--embedding", "state+logits",
                "--out", logits.toString());
        assertEquals(0, r.code(), r.err());
        Model m = ModelFile.read(Files.readAllBytes(logits));
        assertEquals(List.of(Embedding.STATE_LOGITS, 4, 3), List.of(m.embedding(), m.shape().embedding(), ModelFile.versionOf(m)));
        r = run("enroll", "--model", base.toString(), "--add", "circle", "--examples", three.toString(), "--embedding", "state", "--out", state.toString());
        assertEquals(0, r.code(), r.err());
        Model s = ModelFile.read(Files.readAllBytes(state));
        assertEquals(List.of(Embedding.STATE, 0, 2), List.of(s.embedding(), s.shape().embedding(), ModelFile.versionOf(s)));
        Path mean = dir.resolve("mean.gru");   // the default for a new class
        r = run("enroll", "--model", base.toString(), "--add", "circle", "--examples", three.toString(), "--out", mean.toString());
        assertEquals(0, r.code(), r.err());
        Model p = ModelFile.read(Files.readAllBytes(mean));
        assertEquals(List.of(Embedding.LAYERS_MEAN, 0, 2, 3), List.of(p.embedding(), p.shape().embedding(), p.shape().pooledLayers(), ModelFile.versionOf(p)));
        // adding to either keeps its embedding
        Path more = dir.resolve("more.gru");
        assertEquals(0, run("enroll", "--model", logits.toString(), "--add", "line", "--examples", three.toString(), "--out", more.toString()).code());
        assertEquals(Embedding.STATE_LOGITS, ModelFile.read(Files.readAllBytes(more)).embedding());
        assertEquals(List.of(1, "error: --embedding: model logits is no classifier; a prototype model keeps its own embedding\n"),
                List.of(run("enroll", "--model", logits.toString(), "--add", "line", "--examples", three.toString(), "--embedding", "state",
                        "--out", more.toString()).code(), run("enroll", "--model", logits.toString(), "--add", "line", "--examples",
                        three.toString(), "--embedding", "state", "--out", more.toString()).err()));
        r = run("enroll", "--model", base.toString(), "--add", "circle", "--examples", three.toString(), "--embedding", "logits", "--out", more.toString());
        assertEquals(List.of(2, "error: --embedding must be state, state+logits, state+mean or layers+mean, got 'logits' (see gesture-model enroll --help)\n"),
                List.of(r.code(), r.err()));
    }

    @Test
    void whatEnrollRefusesIsOneLine() throws Exception {
        String none = dir.resolve("none.gru").toString(), ex = examples("e.jsonl", 2).toString(), out = dir.resolve("o.gru").toString();
        String noFolder = dir.resolve("no").resolve("o.gru").toString();
        // the output is checked before the model is read
        assertEquals("error: --out " + noFolder + ": folder " + dir.resolve("no") + " does not exist\n",
                run("enroll", "--model", none, "--add", "a", "--examples", ex, "--out", noFolder).err());
        assertEquals("error: give one of --add LABEL, --replace LABEL, --remove LABEL or --classes F:PATH (see gesture-model enroll --help)\n",
                run("enroll", "--model", none, "--out", out).err());
        assertEquals("error: give one of --add LABEL, --replace LABEL, --remove LABEL or --classes F:PATH (see gesture-model enroll --help)\n",
                run("enroll", "--model", none, "--add", "a", "--replace", "a", "--examples", ex, "--out", out).err());
        assertEquals("error: --examples does not apply to --remove (see gesture-model enroll --help)\n",
                run("enroll", "--model", none, "--remove", "a", "--examples", ex, "--out", out).err());
        assertEquals("error: --examples does not apply to --classes (see gesture-model enroll --help)\n",
                run("enroll", "--model", none, "--classes", "jsonl:" + ex, "--examples", ex, "--out", out).err());
        assertEquals("error: --classes must be FORMAT:PATH, such as pendigits:pendigits-orig.tra, got '" + ex + "' (see gesture-model enroll --help)\n",
                run("enroll", "--model", none, "--classes", ex, "--out", out).err());
        assertEquals("error: --examples FILE is required (see gesture-model enroll --help)\n",
                run("enroll", "--model", none, "--replace", "a", "--out", out).err());
    }
}
