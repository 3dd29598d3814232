package io.gesturestream.tools;

import io.gesturestream.app.cli.Cli;
import io.gesturestream.app.cli.Command;
import io.gesturestream.app.cli.CtrlC;
import io.gesturestream.app.config.Settings;
import io.gesturestream.app.kafka.BuiltInGestures;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.tools.bench.SoakBench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench soak}: a broker here, the app cold in its own JVM (this jar's {@code run}), an
 * open-loop load for minutes, optional SIGSTOP/SIGCONT stalls; see {@link SoakBench}.
 */
final class SoakOptions {
    private SoakOptions() {}

    /** The options {@code bench soak} reads; the other bench options are refused with it. */
    private static final Set<String> SOAK_OPTIONS = Set.of("minutes", "rate", "sessions", "data", "idle-timeout-ms",
            "stall-at", "stall-for", "stalls", "stall-every", "out");
    static final String SOAK_DEFAULT_DATA = "../shared/datasets/pendigits/pendigits-orig.tes";

    static int run(Command.Parsed opts, Cli cli) throws Exception {
        for (Command.Opt o : BenchCommand.SPEC.options()) {
            if (opts.has(o.name()) && !SOAK_OPTIONS.contains(o.name())) throw new IllegalArgumentException("--" + o.name() + " is not an option of bench soak");
        }
        double minutes = opts.number("minutes", 10, 0.1, 100_000);
        double rate = opts.number("rate", 5000, 1, 1e6);
        int sessions = opts.integer("sessions", 50, 1, 10_000);
        long idle = opts.integer("idle-timeout-ms", 3000L, 100L, 3_600_000L);
        List<SoakBench.Stall> stalls = List.of();
        if (opts.has("stall-at")) {
            int n = opts.integer("stalls", 1, 1, 100_000);
            if (n > 1 && !opts.has("stall-every")) throw new IllegalArgumentException("--stalls " + n + " needs --stall-every S");
            stalls = SoakBench.stalls(opts.number("stall-at", 0, 0, 1e9), opts.number("stall-for", 10, 0.001, 1e9), n,
                    opts.number("stall-every", 0, 0, 1e9), minutes * 60);
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                throw new IllegalArgumentException("--stall-at needs Linux (it stops the app with kill -STOP), not " + System.getProperty("os.name"));
            }
        } else if (opts.has("stall-for") || opts.has("stalls") || opts.has("stall-every")) {
            throw new IllegalArgumentException("--stall-for, --stalls and --stall-every go with --stall-at S");
        }
        Map<String, String> appEnv = new HashMap<>();
        String data = opts.get("data");
        List<Gesture> gestures;
        String note;
        if (data == null && !Files.isRegularFile(Path.of(SOAK_DEFAULT_DATA))) {
            gestures = BuiltInGestures.digits(30, 1);
            note = "built-in digits (" + gestures.size() + ", cycled; " + SOAK_DEFAULT_DATA + " not found)";
        } else {
            String d = data == null ? SOAK_DEFAULT_DATA : data;
            if (d.equals("-")) throw new IllegalArgumentException("--data - (stdin) is not for bench soak: give a file or folder");
            gestures = Cli.readGestures(d);
            if (gestures.isEmpty()) throw new IllegalArgumentException("--data " + d + ": no gestures");
            note = d + " (" + gestures.size() + " gestures, cycled)";
            if (!cli.env().containsKey(Settings.MODEL.env())) appEnv.put(Settings.MODEL.env(), Cli.defaultModel(d));
        }
        Path outDir = opts.has("out") ? Path.of(opts.get("out")) : null;
        var o = new SoakBench.Options(Duration.ofMillis(Math.round(minutes * 60_000)), rate, sessions, stalls,
                Duration.ofMillis(idle), gestures, note, appEnv, outDir, runningJar());
        try (CtrlC ctrlC = new CtrlC("bench-soak", Duration.ofSeconds(45))) {  // Ctrl-C: stop the load, report, stop the app and broker
            return SoakBench.run(o, cli.out(), cli.err(), ctrlC.stop);
        }
    }

    /** The jar this runs from, which {@code bench soak} starts the app with. */
    private static Path runningJar() {
        try {
            Path p = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar")) return p;
        } catch (Exception e) {
            // below
        }
        throw new IllegalArgumentException("bench soak starts the app from the jar it runs from: run it as"
                + " java --add-modules jdk.incubator.vector -jar tools/target/gesture-stream.jar bench soak");
    }
}
