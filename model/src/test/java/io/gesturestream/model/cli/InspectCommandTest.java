package io.gesturestream.model.cli;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.Recognizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code inspect}: every line it prints, for a classifier (f32 and f16), a transcriber, and one with its lexicon. */
class InspectCommandTest {
    @TempDir
    Path dir;

    private static List<String> inspect(String model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new ModelCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"inspect", model});
        assertEquals(List.of(0, ""), List.of(code, err.toString(StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private Path file(Model m) throws Exception {
        Path f = dir.resolve(m.name() + (m.halfWeights() ? "-f16" : "") + ".gru");
        Files.write(f, ModelFile.write(m));
        return f;
    }

    private static String format(Model m, String weights) {
        return "format:      gesture-stream model file v" + ModelFile.versionOf(m) + String.format(", checksum %08x", m.checksum()) + ", weights " + weights;
    }

    private static int state(Model m) {
        return new Recognizer(m).newSession().serializedSize();
    }

    @Test
    void aClassifier() throws Exception {
        Model m = Fixtures.tinyModel(4, 1, 7);
        for (boolean half : new boolean[] {false, true}) {
            Model x = half ? m.withHalfWeights() : m;
            Model read = ModelFile.read(Files.readAllBytes(file(x)));
            assertEquals(List.of(
                    "name:        tiny",
                    "version:     1",
                    format(read, half ? "f16" : "f32"),
                    "input:       PEN, " + m.shape().inputSize() + " features, encoder " + Arrays.toString(m.encoder().parameters()),
                    "gru:         1 layer(s) x 4 hidden, PyTorch convention (r, z, n)",
                    "parameters:  " + m.shape().size(),
                    "state:       " + state(read) + " bytes per session",
                    "classes:     4 [circle, line, vee, zigzag]",
                    "metadata:",
                    "  seed: 7"), inspect(file(x).toString()));
        }
    }

    @Test
    void aTranscriberWithoutAndWithItsLexicon() throws Exception {
        Model t = Fixtures.tinyTranscriber(3, 2, 1).withInfo("w", "2", java.util.Map.of("b", "2", "a", "1"));
        Model read = ModelFile.read(Files.readAllBytes(file(t)));
        assertEquals(List.of(
                "name:        w",
                "version:     2",
                format(read, "f32"),
                "input:       PEN, " + t.shape().inputSize() + " features, encoder " + Arrays.toString(t.encoder().parameters()),
                "gru:         2 layer(s) x 3 hidden, PyTorch convention (r, z, n)",
                "parameters:  " + t.shape().size(),
                "state:       " + state(read) + " bytes per session at its start, 2 more a symbol of its text",
                "output:      transcription (CTC): the blank and 3 symbols [a, b, c]",
                "metadata:",
                "  a: 1",
                "  b: 2"), inspect(file(t).toString()));
        Model words = Model.load("words");
        List<String> lines = inspect("words");
        assertEquals("state:       " + state(words) + " bytes per session at its start, 2 more a symbol of its text, up to "
                + 12 * (words.lexiconWidth() - 1) + " more as its beam fills", lines.get(6));
        assertEquals("lexicon:     " + words.lexicon().words() + " words (the bundled model's own), beam width 16, commit "
                + words.lexiconCommit(), lines.get(8));
        assertEquals("metadata:", lines.get(9));
    }
}
