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
        assertOneLineError(run(Map.of(), "replay", "--data", "x.tes", "--prefix", "p"), "2", "unknown option --prefix for replay");
        assertOneLineError(run(Map.of(), "broker", "--port", "70000"), "2", "port must be in [0, 65535]");
        assertOneLineError(run(Map.of(), "broker", "--port", "x"), "2", "x");
        assertOneLineError(run(Map.of(), "bench"), "2", "usage: gesture-stream bench restore");
        assertOneLineError(run(Map.of(), "bench", "restore", "--standby", "2"), "2", "--standby must be 0 or 1");
        assertOneLineError(run(Map.of(), "bench", "restore", "--sessions", "0"), "2", "--sessions must be in");
        assertOneLineError(run(Map.of("GESTURE_INPUT", "mouse"), "run"), "2", "GESTURE_INPUT must be pen or imu");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"session\":\"a\"}\n");
        assertOneLineError(run(Map.of(), "send", "--data", bad.toString()), "1", "bad.jsonl:1");
    }

    /** A model file that is corrupt, cut short, tampered with or made for other events never loads; the error says why. */
    @Test
    void badModelFilesAreRefusedAtStartUpWithTheReason() throws Exception {
        byte[] good = io.gesturestream.model.ModelFile.write(io.gesturestream.model.Model.bundled("pendigits"));
        byte[] tampered = good.clone();
        tampered[good.length / 2] ^= 1;  // one bit of one weight
        var files = java.util.List.of(
                Map.entry("not a gesture-stream model file: wrong magic", "hello, I am a text file".getBytes()),
                Map.entry("truncated", java.util.Arrays.copyOf(good, good.length / 2)),
                Map.entry("checksum mismatch", tampered),
                Map.entry("truncated", new byte[0]));
        for (Map.Entry<String, byte[]> f : files) {
            Path p = dir.resolve("m" + f.getValue().length + ".gru");
            Files.write(p, f.getValue());
            String[] r = run(Map.of("GESTURE_MODEL", p.toString(), "GESTURE_CREATE_TOPICS", "false"), "run");
            assertOneLineError(r, "1", f.getKey());
            assertTrue(r[2].contains(p.toString()), "the error names the file: " + r[2]);
        }
        // an IMU model where pen events arrive
        var imu = io.gesturestream.model.Fixtures.tinyImuModel();
        Path imuFile = dir.resolve("imu.gru");
        Files.write(imuFile, io.gesturestream.model.ModelFile.write(imu));
        assertOneLineError(run(Map.of("GESTURE_MODEL", imuFile.toString(), "GESTURE_CREATE_TOPICS", "false"), "run"), "2",
                "reads imu events, but the input topic carries pen events (GESTURE_INPUT); refusing to start");
    }
}
