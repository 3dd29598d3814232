package io.gesturestream.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --format wand} on the command line: bad data is one {@code error:} line and exit 1, never a stack trace. */
class WandCliTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(CliResult r, int code, String fragment) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
        assertTrue(r.err().strip().lines().reduce((a, b) -> b).orElse("").contains(fragment), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void badWandDataGivesOneLineAndExitOne() throws Exception {
        Path wing = Files.createDirectories(dir.resolve("data/wing"));
        Path bad = Files.writeString(wing.resolve("output_wing_ann.txt"), "Script started\n-,-,-\n1,2,3\n1,99999,3\n");
        String out = dir.resolve("m.gru").toString();
        assertOneLineError(CliResult.run("train", "--format", "wand", "--data", dir.resolve("data").toString(), "--out", out), 1,
                bad + ":4: y = 99999 milli-g is beyond ±16000 (16 g): 1,99999,3");
        assertOneLineError(CliResult.run("evaluate", "--model", "pendigits", "--format", "wand", "--data", bad.toString()), 1,
                bad + ":4: y = 99999 milli-g is beyond ±16000 (16 g)");
        assertOneLineError(CliResult.run("train", "--format", "wand", "--data", dir.resolve("none").toString(), "--out", out), 1,
                "--data " + dir.resolve("none") + ": no such file or folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertOneLineError(CliResult.run("train", "--format", "wand", "--data", empty.toString(), "--out", out), 1,
                empty + ": no output_*.txt file below this folder");
    }

    @Test
    void theFormatIsNamedInTheHelp() {
        CliResult train = CliResult.run("train", "--help");
        assertTrue(train.out().contains("wand"), train.out());
        CliResult evaluate = CliResult.run("evaluate", "--help");
        assertTrue(evaluate.out().contains("wand"), evaluate.out());
    }
}
