package io.gesturestream.app.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production app's jar: its commands only, and a pointer to the tools' jar for the others. */
class AppMainTest {
    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true), new PrintStream(err, true), Main.appCommands()).run(args, Map.of());
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsTheAppsCommandsAndEachHasItsOwn() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        List<String> names = Main.appCommands().stream().map(c -> c.spec().name()).toList();
        assertEquals(List.of("run", "send", "replay", "record", "tail", "publish-model"), names);
        for (String n : names) {
            assertTrue(r[1].contains("  " + n + " "), n + " in " + r[1]);
            String[] h = run(n, "--help");
            assertEquals("0", h[0]);
            assertTrue(h[1].startsWith("usage: gesture-stream " + n), h[1]);
        }
    }

    @Test
    void theToolsCommandsPointToTheToolsJar() {
        for (String n : List.of("demo", "broker", "bench")) {
            String[] r = run(n);
            assertEquals("2", r[0]);
            assertTrue(r[2].startsWith("error: " + n + " is in the tools' jar") && r[2].contains("tools/target/gesture-stream.jar " + n), r[2]);
            assertEquals(1, r[2].lines().count(), "one line");
        }
        String[] offline = run("replay", "--offline", "--data", "x");
        assertEquals("2", offline[0]);
        assertTrue(offline[2].contains("unknown option --offline"), offline[2]);
    }
}
