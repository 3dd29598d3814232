package io.gesturestream.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @TempDir
    Path dir;

    private static String[] run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true), new PrintStream(err, true)).run(args, env);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private static void assertOneLineError(String[] r, String code, String fragment) {
        assertEquals(code, r[0], r[2]);
        assertTrue(r[2].startsWith("error: ") && r[2].strip().lines().count() == 1, r[2]);
        assertTrue(r[2].contains(fragment), r[2]);
    }

    @Test
    void badCommandsAndOptionsGiveOneLine() throws Exception {
        assertOneLineError(run(Map.of()), "2", "usage");
        assertOneLineError(run(Map.of(), "fly"), "2", "unknown command 'fly'");
        assertOneLineError(run(Map.of(), "demo", "--data"), "2", "expected --option value");
        assertOneLineError(run(Map.of(), "demo", "--data", dir.resolve("none.tes").toString()), "2", "no such file");
        assertOneLineError(run(Map.of(), "run", "--config", dir.resolve("none.properties").toString()), "2", "no such file");
        assertOneLineError(run(Map.of("GESTURE_MAX_EVENTS", "x"), "run"), "2", "GESTURE_MAX_EVENTS");
        assertOneLineError(run(Map.of("GESTURE_MODEL", dir.resolve("m.gru").toString(), "GESTURE_CREATE_TOPICS", "false"), "run"),
                "1", "no model file");
        assertOneLineError(run(Map.of(), "broker", "--port", "70000"), "2", "port must be in [0, 65535]");
        assertOneLineError(run(Map.of(), "broker", "--port", "x"), "2", "x");
        assertOneLineError(run(Map.of(), "bench"), "2", "usage: gesture-stream bench restore");
        assertOneLineError(run(Map.of(), "bench", "restore", "--standby", "2"), "2", "--standby must be 0 or 1");
        assertOneLineError(run(Map.of(), "bench", "restore", "--sessions", "0"), "2", "--sessions must be in");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"session\":\"a\"}\n");
        assertOneLineError(run(Map.of(), "send", "--data", bad.toString()), "1", "bad.jsonl:1");
    }
}
