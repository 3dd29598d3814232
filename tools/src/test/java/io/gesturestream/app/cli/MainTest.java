package io.gesturestream.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    /** Every command of the tools' jar (the app's and the tools'), by name, as --help lists them. */
    private static final java.util.Map<String, Command> ALL = new java.util.LinkedHashMap<>();

    static {
        for (CliCommand c : io.gesturestream.tools.Main.commands()) ALL.put(c.spec().name(), c.spec());
    }

    @TempDir
    Path dir;

    private static String[] run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true), new PrintStream(err, true), io.gesturestream.tools.Main.commands()).run(args, env);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private static void assertOneLineError(String[] r, String code, String fragment) {
        assertEquals(code, r[0], r[2]);
        assertTrue(r[2].startsWith("error: ") && r[2].strip().lines().count() == 1, r[2]);
        assertTrue(r[2].contains(fragment), r[2]);
    }

    @Test
    void badCommandsAndOptionsGiveOneLine() throws Exception {
        assertOneLineError(run(Map.of()), "2", "a command is needed");
        assertOneLineError(run(Map.of(), "fly"), "2", "unknown command 'fly'");
        assertOneLineError(run(Map.of(), "demo", "--data"), "2", "--data needs a value");
        assertOneLineError(run(Map.of(), "demo", "--split", "test"), "2", "--split needs --data: a UNIPEN release folder");
        assertOneLineError(run(Map.of(), "demo", "--data", dir.toString(), "--category", "7"), "2",
                "--category applies to a UNIPEN release folder (one with data/ and include/), and --data " + dir + " is not one");
        assertOneLineError(run(Map.of(), "demo", "--data", dir.resolve("none.tes").toString()), "2", "no such file");
        assertOneLineError(run(Map.of(), "run", "--config", dir.resolve("none.properties").toString()), "2", "no such file");
        assertOneLineError(run(Map.of("GESTURE_MAX_EVENTS", "x"), "run"), "2", "GESTURE_MAX_EVENTS");
        assertOneLineError(run(Map.of("GESTURE_MODEL", dir.resolve("m.gru").toString(), "GESTURE_CREATE_TOPICS", "false"), "run"),
                "1", "no model file");
        assertOneLineError(run(Map.of(), "replay", "--data", "x.tes", "--prefix", "p"), "2", "unknown option --prefix for replay");
        assertOneLineError(run(Map.of(), "broker", "--port", "70000"), "2", "port must be in [0, 65535]");
        assertOneLineError(run(Map.of(), "broker", "--port", "x"), "2", "x");
        assertOneLineError(run(Map.of(), "bench"), "2", "usage: gesture-stream bench restore");
        assertOneLineError(run(Map.of(), "bench", "restore", "--standby", "2"), "2", "--standby must be in [0, 1], got 2");
        assertOneLineError(run(Map.of(), "bench", "restore", "--sessions", "0"), "2", "--sessions must be in");
        assertOneLineError(run(Map.of("GESTURE_INPUT", "mouse"), "run"), "2", "GESTURE_INPUT must be pen or imu");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"session\":\"a\"}\n");
        assertOneLineError(run(Map.of(), "send", "--data", bad.toString()), "1", "bad.jsonl:1");
        // what a user mistypes gets a line that names the option and the value
        assertOneLineError(run(Map.of(), "replay", "--data", "x.tes", "--rate", "fast"), "2", "--rate must be a number, got 'fast'");
        assertOneLineError(run(Map.of(), "demo", "--sessions", "many"), "2", "--sessions must be a whole number, got 'many'");
        assertOneLineError(run(Map.of(), "demo", "--guarantee", "twice"), "2", "--guarantee must be one of at_least_once, exactly_once_v2");
        assertOneLineError(run(Map.of(), "send", "--data", dir.resolve("nope.jsonl").toString()), "1", "nope.jsonl: no such file");
        assertOneLineError(run(Map.of(), "replay", "--data", dir.resolve("nope.jsonl").toString()), "2", "nope.jsonl: no such file");
        assertOneLineError(run(Map.of(), "replay", "--data", "x.tes", "--offline"), "2", "--offline and --out go together");
        assertOneLineError(run(Map.of(), "demo", "--rate", "1", "--rate", "2"), "2", "--rate given twice");
    }

    /** {@code --help} (or -h, or help) anywhere: the command's usage on stdout, exit 0; every declared command has one. */
    @Test
    void everyCommandHasHelp() {
        String[] top = run(Map.of(), "--help");
        assertEquals("0", top[0], top[2]);
        for (String c : ALL.keySet()) {
            assertTrue(top[1].contains("\n  " + c + " "), c + " in " + top[1]);
            String[] r = run(Map.of(), c, "--help");
            assertEquals("0", r[0], r[2]);
            assertTrue(r[1].startsWith("usage: gesture-stream " + c), r[1]);
            for (Command.Opt o : ALL.get(c).options()) assertTrue(r[1].contains("--" + o.name()), o.name() + " in " + r[1]);
        }
        assertEquals("0", run(Map.of(), "demo", "--rate", "5", "-h")[0]);
        assertEquals("0", run(Map.of(), "help")[0]);
    }

    /** send, replay and record give up on a cluster that does not answer: one line, exit 1, in bounded time. */
    @Test
    void clientsFailFastWhenTheClusterIsUnreachable() throws Exception {
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "{\"session\": \"s1\", \"t\": 1700000000123, \"type\": \"DOWN\", \"x\": 1, \"y\": 2}\n"
                + "{\"session\": \"s1\", \"t\": 1700000000131, \"type\": \"UP\", \"x\": 3, \"y\": 4}\n"
                + "{\"session\": \"s1\", \"t\": 1700000000200, \"type\": \"END\"}\n");
        int port = io.gesturestream.app.it.ItSupport.freePort();  // closed again: nothing listens there
        String where = "127.0.0.1:" + port;
        for (String[] args : List.of(new String[] {"send", "--data", events.toString(), "--bootstrap", where, "--timeout", "3"},
                new String[] {"replay", "--data", events.toString(), "--bootstrap", where},
                new String[] {"record", "--out", dir.resolve("r.avro").toString(), "--bootstrap", where})) {
            long t0 = System.nanoTime();
            String[] r = run(Map.of(), args);
            assertOneLineError(r, "1", where);
            assertTrue(r[1].isEmpty(), "nothing claimed as sent: " + r[1]);
            assertTrue(System.nanoTime() - t0 < 30e9, args[0] + " took " + (System.nanoTime() - t0) / 1e9 + " s");
        }
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
        // a label restriction that names none of the model's labels
        assertOneLineError(run(Map.of("GESTURE_MODEL", "pendigits", "GESTURE_LABELS", "0-9,A-Z", "GESTURE_CREATE_TOPICS", "false"), "run"), "2",
                "GESTURE_LABELS: label set item 'A-Z' is none of the model's labels 0 1 2 3 4 5 6 7 8 9; refusing to start");
        // a lexicon for a classifier, and a lexicon file that is not there
        Path words = dir.resolve("words.txt");
        Files.writeString(words, "hello\n");
        assertOneLineError(run(Map.of("GESTURE_MODEL", "pendigits", "GESTURE_LEXICON", words.toString(), "GESTURE_CREATE_TOPICS", "false"),
                "run"), "2", "GESTURE_LEXICON: model pendigits does not transcribe; refusing to start");
        var transcriber = io.gesturestream.model.Fixtures.tinyTranscriber(4, 1, 1);
        Path tFile = dir.resolve("words.gru");
        Files.write(tFile, io.gesturestream.model.ModelFile.write(transcriber));
        assertOneLineError(run(Map.of("GESTURE_MODEL", tFile.toString(), "GESTURE_LEXICON", dir.resolve("none.txt").toString(),
                "GESTURE_CREATE_TOPICS", "false"), "run"), "2", "GESTURE_LEXICON: no such file " + dir.resolve("none.txt"));
    }
}
