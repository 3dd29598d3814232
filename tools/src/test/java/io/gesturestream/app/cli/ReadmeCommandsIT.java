package io.gesturestream.app.cli;

import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.ops.Observability;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.ModelRegistry;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command line of the README, as a newcomer copies it: each one parses (a renamed option or
 * command fails here), and the ones that take seconds run against a real broker: the README's
 * own JSONL example through {@code send}, its results and dead letters through {@code tail},
 * {@code record} then {@code replay --data FILE.avro} in a JVM of its own (Avro class trust),
 * and {@code publish-model --app} refusing a model the instance would refuse.
 */
class ReadmeCommandsIT {
    /** Every command of the tools' jar (the app's and the tools'), by name, as --help lists them. */
    private static final java.util.Map<String, Command> ALL = new java.util.LinkedHashMap<>();

    static {
        for (CliCommand c : io.gesturestream.tools.Main.commands()) ALL.put(c.spec().name(), c.spec());
    }

    private static final Path README = Path.of("..", "README.md");

    @TempDir
    Path dir;

    /** The README's command lines: code-block lines that run one of the two jars, continuation lines joined. */
    static List<List<String>> commandLines(String jar) throws Exception {
        List<List<String>> out = new ArrayList<>();
        boolean code = false;
        StringBuilder line = new StringBuilder();
        String j = "$J";  // the README's shorthand, as its last J="..." line set it
        for (String l : Files.readAllLines(README)) {
            if (l.startsWith("```")) {
                code = !code;
                continue;
            }
            if (!code) continue;
            line.append(l.replaceAll("\\s+#.*$", "").strip());
            if (line.toString().endsWith("\\")) {
                line.setLength(line.length() - 1);
                line.append(' ');
                continue;
            }
            String full = line.toString();
            line.setLength(0);
            if (full.startsWith("J=\"")) {
                j = full.substring(3, full.lastIndexOf('"'));
                continue;
            }
            full = full.replace("$J", j);
            for (String part : full.split("&&|;")) {
                List<String> words = new ArrayList<>(Arrays.asList(part.strip().split("\\s+")));
                int at = -1;
                for (int i = 0; i < words.size(); i++) if (words.get(i).endsWith("/" + jar)) at = i;
                if (at < 0) continue;
                List<String> args = new ArrayList<>(words.subList(at + 1, words.size()));
                args.removeIf(w -> w.equals("&"));
                if (!args.isEmpty()) out.add(args);
            }
        }
        return out;
    }

    @Test
    void everyGestureStreamCommandLineInTheReadmeParses() throws Exception {
        List<List<String>> lines = commandLines("gesture-stream.jar");
        assertTrue(lines.size() >= 14, "command lines found: " + lines);
        for (List<String> args : lines) {
            Command c = ALL.get(args.get(0));
            assertTrue(c != null, "README runs an unknown command: " + args);
            int first = c.name().equals("bench") && args.size() > 1 && !args.get(1).startsWith("-") ? 2 : 1;
            c.parse(args.toArray(String[]::new), first);  // throws, naming the option, if the README is out of date
        }
    }

    /** The command table: every option a row shows is one its command declares, and every command has a row. */
    @Test
    void theReadmesCommandTableShowsDeclaredOptionsOnly() throws Exception {
        java.util.Set<String> rows = new java.util.HashSet<>();
        for (String l : Files.readAllLines(README)) {
            var m = java.util.regex.Pattern.compile("^\\| `([a-z-]+)( [^`]*)?` \\|").matcher(l);
            if (!m.find() || !ALL.containsKey(m.group(1))) continue;
            Command c = ALL.get(m.group(1));
            rows.add(c.name());
            var opt = java.util.regex.Pattern.compile("--([a-z][a-z-]*)").matcher(m.group(2) == null ? "" : m.group(2));
            while (opt.find()) {
                String name = opt.group(1);
                assertTrue(c.options().stream().anyMatch(o -> o.name().equals(name)), "README shows --" + name + " for " + c.name());
            }
        }
        assertEquals(ALL.keySet(), rows, "a README row per command");
    }

    @Test
    void everyGestureModelOptionInTheReadmeIsOneTheCommandDeclares() throws Exception {
        List<List<String>> lines = commandLines("gesture-model.jar");
        assertTrue(lines.size() >= 3, "command lines found: " + lines);
        Map<String, String> help = new HashMap<>();
        for (List<String> args : lines) {
            String cmd = args.get(0);
            String text = help.computeIfAbsent(cmd, k -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                PrintStream saved = System.out;
                try {
                    var m = io.gesturestream.model.cli.ModelCli.class.getDeclaredConstructor(PrintStream.class, PrintStream.class);
                    m.setAccessible(true);
                    Object cli = m.newInstance(new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true));
                    var run = cli.getClass().getDeclaredMethod("run", String[].class);
                    run.setAccessible(true);
                    assertEquals(0, run.invoke(cli, (Object) new String[] {k, "--help"}), "gesture-model " + k + " --help");
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                } finally {
                    System.setOut(saved);
                }
                return out.toString();
            });
            for (String w : args) {
                if (w.startsWith("--")) assertTrue(text.contains(w + " ") || text.contains(w + "\n"), "gesture-model " + cmd + " has no " + w);
            }
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theReadmesJsonlExampleSendRecordReplayTailAndPublishModelWorkAsWritten() throws Exception {
        Path example = dir.resolve("example.jsonl");
        Files.write(example, Files.readAllLines(README).stream().filter(l -> l.startsWith("{\"session\"")).toList());
        int port = io.gesturestream.app.it.ItSupport.freePort();
        Model pen = Model.bundled("pendigits");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.prepareApp(4, "unused", dir);
            String bootstrap = kafka.bootstrapServers();
            AppConfig cfg = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "KAFKA_STATE_DIR", dir.resolve("state").toString(),
                    "GESTURE_APPLICATION_ID", "readme", "GESTURE_HTTP_PORT", Integer.toString(port)));
            ModelRegistry models = new ModelRegistry(pen);
            try (Observability ops = new Observability(models);
                 KafkaStreams app = new KafkaStreams(GestureTopology.build(cfg.stream(), models, ops.telemetry()), cfg.streamsProperties())) {
                ops.start(app, cfg.http(), "GESTURE_HTTP_PORT");
                app.start();
                io.gesturestream.app.kafka.StreamsLifecycle.awaitRunning(app, Duration.ofSeconds(60));

                // the example's timestamps are from 2023: send stamps records with the send time, so they are not too old
                String[] r = main("send", "--data", example.toString(), "--bootstrap", bootstrap);
                assertEquals("0", r[0], r[2]);
                assertTrue(r[1].contains("sent 6 events of 2 gestures") && r[1].contains("all acknowledged"), r[1]);
                r = main("tail", "--topic", "results", "--from-beginning", "--limit", "1", "--bootstrap", bootstrap);
                assertEquals("0", r[0], r[2]);
                assertTrue(r[1].contains("session=s1 seq=4") && r[1].contains("final=END"), r[1]);
                r = main("tail", "--topic", "dlq", "--from-beginning", "--limit", "1", "--bootstrap", bootstrap);
                assertTrue(r[1].contains("key \"imu1\"") && r[1].contains("IMU event sent to a pen model"), r[1]);
                // --keep-time keeps the recording's 2023 times: refused as too old, and tail says why
                r = main("send", "--data", example.toString(), "--keep-time", "--bootstrap", bootstrap);
                assertEquals("0", r[0], r[2]);
                r = main("tail", "--topic", "dlq", "--from-beginning", "--limit", "3", "--bootstrap", bootstrap);
                assertTrue(r[1].contains("is more than 604800000 ms old"), r[1]);

                // record, then replay the recording in a JVM of its own (no -D for Avro's class trust)
                Path rec = dir.resolve("rec.avro");
                r = main("record", "--out", rec.toString(), "--bootstrap", bootstrap);
                assertEquals("0", r[0], r[2]);
                Path predictions = dir.resolve("p.jsonl");
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                        Path.of("target", "gesture-stream.jar").toString(), "replay", "--offline", "--data", rec.toString(), "--out",
                        predictions.toString()).redirectErrorStream(true).start();
                String said = new String(p.getInputStream().readAllBytes());
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), said);
                assertTrue(said.contains("gestures (model pendigits") && Files.readString(predictions).contains("\"session\":\"s1\""), said);

                // publish-model --app: a model the instance would refuse is not published; its own model is, and confirmed
                Path imu = dir.resolve("imu.gru");
                Files.write(imu, ModelFile.write(io.gesturestream.model.Fixtures.tinyImuModel()));
                String app1 = "http://127.0.0.1:" + port;
                r = main("publish-model", "--model", imu.toString(), "--app", app1, "--bootstrap", bootstrap);
                assertEquals("1", r[0], r[1]);
                assertTrue(r[2].contains("would refuse") && r[1].isEmpty(), r[2]);
                r = main("publish-model", "--model", "pendigits", "--app", app1, "--bootstrap", bootstrap);
                assertEquals("0", r[0], r[2]);
                assertTrue(r[1].contains("now starts new sessions on pendigits"), r[1]);
            }
        }
    }

    private static String[] main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true), new PrintStream(err, true), io.gesturestream.tools.Main.commands()).run(args, Map.of());
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}
