package io.gesturestream.model.cli;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Json;
import io.gesturestream.model.data.JsonlReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code personal} on a tiny classifier and the fixture shapes: its table, its JSON, and what it refuses in one line. */
class PersonalCommandTest {
    @TempDir
    Path dir;

    private Path jsonl(String name, List<Gesture> g) throws Exception {
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            JsonlReader.write(w, g, "g");
        }
        return f;
    }

    private String[] args(String... more) throws Exception {
        Path model = dir.resolve("tiny.gru");
        Files.write(model, ModelFile.write(Fixtures.tinyModel(8, 1, 7)));
        Path pop = jsonl("pop.jsonl", Fixtures.shapes(8, 4, 3)), test = jsonl("test.jsonl", Fixtures.shapes(8, 3, 4));
        List<String> a = new java.util.ArrayList<>(List.of("personal", "--model", model.toString(), "--format", "jsonl", "--data",
                test.toString(), "--population", "jsonl:" + pop));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void aTableOfTheWorstWritersAndTheSameFiguresInJson() throws Exception {
        CliResult t = CliResult.run(args("--writers", "2", "--repeats", "3"));
        assertEquals(0, t.code(), t.err());
        String[] lines = t.out().split("\n");
        assertEquals(4, lines.length, t.out());
        assertTrue(lines[0].matches("writer +gestures +accuracy +enrolled +too thin +tested +before +population +after"), lines[0]);
        assertTrue(lines[3].startsWith("mean "), lines[3]);
        assertTrue(t.err().contains("population: 32 gestures; 2 writers, k = 3, 3 draws each ("), t.err());

        CliResult j = CliResult.run(args("--writers", "2", "--repeats", "3", "--json"));
        assertEquals(0, j.code(), j.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) Json.parse(j.out().strip());
        assertEquals("tiny", o.get("model"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> writers = (List<Map<String, Object>>) o.get("writers");
        assertEquals(2, writers.size());
        double sum = 0;
        for (int i = 0; i < 2; i++) {
            Map<String, Object> w = writers.get(i);
            // the table's row says the same, to two decimals
            assertTrue(lines[1 + i].startsWith(String.format(java.util.Locale.ROOT, "%-22s %8d %8.2f%%", w.get("writer"),
                    ((Number) w.get("gestures")).intValue(), 100 * ((Number) w.get("accuracy")).doubleValue())), lines[1 + i]);
            sum += ((Number) w.get("after")).doubleValue();
        }
        assertEquals(sum / 2, ((Number) o.get("after")).doubleValue(), 1e-6);
        assertTrue(((Number) writers.get(0).get("accuracy")).doubleValue() <= ((Number) writers.get(1).get("accuracy")).doubleValue());
    }

    @Test
    void whatItRefusesIsOneLine() throws Exception {
        String[] a = args();
        a[a.length - 1] = "pop.jsonl";
        assertEquals("error: --population must be FORMAT:PATH items separated by commas, such as pendigits:pendigits-orig.tra, "
                + "got 'pop.jsonl' (see gesture-model personal --help)\n", CliResult.run(a).err());
        assertEquals("error: --category applies to unipen data only (see gesture-model personal --help)\n",
                CliResult.run(args("--category", "1a")).err());
        a = args();
        a[2] = "gestures";
        CliResult r = CliResult.run(a);
        assertEquals(List.of(1, "error: model gestures is no classifier: the personal fix starts from one\n"), List.of(r.code(), r.err()));
    }
}
