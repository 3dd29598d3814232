package io.gesturestream.tools;

import io.gesturestream.app.cli.Cli;
import io.gesturestream.app.cli.CliCommand;
import io.gesturestream.app.cli.Command;
import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.cli.Logs;
import io.gesturestream.app.config.PredictionMode;
import io.gesturestream.tools.bench.EndToEndBench;
import io.gesturestream.tools.bench.MemoryBench;
import io.gesturestream.tools.bench.RestoreBench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code bench restore|e2e|memory|soak [options]}: the first argument names the bench. */
final class BenchCommand implements CliCommand {
    static final Command SPEC = new Command("bench", String.join("\n",
            "bench restore: two instances, N live sessions, one leaves: time until the other serves every session.",
            "bench e2e: latency percentiles at fixed offered loads and sustained throughput, end to end.",
            "bench memory: stored bytes, heap and resident memory per live session.",
            "bench soak: the app started cold in its own JVM under a steady load for minutes, optionally frozen (SIGSTOP)",
            "  and thawed: finals premature, doubled or lost, latency, heap and RSS per minute; exit 1 if any went wrong.",
            "usage: gesture-stream bench restore|e2e|memory|soak [options]"),
            List.of(Opt.of("sessions", "N", "restore 20000, e2e 50, memory 100000, soak 50", "live sessions"),
                    Opt.of("standby", "0|1", "0", "restore: standby replicas"),
                    Opt.of("heartbeat-ms", "MS", "3000 (Kafka's)", "restore: consumer heartbeat interval"),
                    Opt.of("rates", "R1,R2,...", "1000,5000,10000,20000", "e2e: offered loads, events/s (none: no latency run)"),
                    Opt.of("warmup", "S", "5", "e2e: warm-up seconds per load"),
                    Opt.of("seconds", "S", "10", "e2e: measured seconds per load"),
                    Opt.of("threads", "T1,T2", "1", "e2e: stream threads per instance (several: a throughput run each)"),
                    Opt.of("instances", "I", "1", "e2e: app instances in this JVM, one state directory each"),
                    Opt.of("partitions", "P1,P2", "4", "e2e: partitions of every app topic (several: a throughput run each)"),
                    Opt.of("live-sessions", "N", "0", "e2e: sessions opened and held in the store before the loads (gru only)"),
                    Opt.of("cache-bytes", "B", "Kafka's, 10 MiB", "e2e: statestore.cache.max.bytes per instance (0: no record cache)"),
                    Opt.of("predictions", "every|change|final", "every", "e2e: the app's GESTURE_PREDICTIONS"),
                    Opt.of("guarantees", "G1,G2", "at_least_once,exactly_once_v2", "e2e: processing guarantees"),
                    Opt.of("pipelines", "P1,P2", "pass_through,gru", "e2e: topologies"),
                    Opt.of("events", "N", "300000", "e2e: events for the throughput run (0: none)"),
                    Opt.of("minutes", "M", "10", "soak: minutes of load"),
                    Opt.of("rate", "R", "5000", "soak: offered load, events/s (open loop)"),
                    Opt.of("data", "FILE|FOLDER", "../shared/datasets/pendigits/pendigits-orig.tes, else built-in digits",
                            "soak: gestures to cycle through"),
                    Opt.of("idle-timeout-ms", "MS", "3000", "e2e, soak: the app's GESTURE_IDLE_TIMEOUT_MS"),
                    Opt.of("stall-at", "S", null, "soak: SIGSTOP the app S seconds into the load (Linux)"),
                    Opt.of("stall-for", "S", "10", "soak: seconds until SIGCONT"),
                    Opt.of("stalls", "N", "1", "soak: how many stalls"),
                    Opt.of("stall-every", "S", null, "soak: seconds from one stall's start to the next (with --stalls > 1)"),
                    Opt.of("out", "DIR", null, "e2e: write latency.csv, throughput.csv and latency.png there; soak: soak.csv (a line per 10 s)"
                            + " and the app's log")));
    private static final String USAGE = "usage: gesture-stream bench restore [--sessions N] [--standby 0|1] [--heartbeat-ms MS]"
            + " | bench memory [--sessions N] | bench e2e [--rates 1000,5000,...] [--warmup S] [--seconds S] [--sessions K] [--threads T1,T2] [--instances I]"
            + " [--partitions P1,P2] [--live-sessions N] [--idle-timeout-ms MS] [--cache-bytes B] [--predictions every|change|final]"
            + " [--guarantees at_least_once,exactly_once_v2] [--pipelines pass_through,gru] [--events N] [--out DIR]"
            + " | bench soak [--minutes M] [--rate R] [--sessions K] [--stall-at S --stall-for S --stalls N --stall-every S]"
            + " [--idle-timeout-ms MS] [--data FILE] [--out DIR]";

    private String which = "";

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int firstOption(String[] args) {
        which = args.length > 1 && !args[1].startsWith("-") ? args[1] : "";
        return which.isEmpty() ? 1 : 2;
    }

    @Override
    public int run(Command.Parsed opts, Cli cli) throws Exception {
        Logs.brokerInThisJvm();
        PrintStream out = cli.out();
        switch (which) {
            case "e2e" -> {
                return endToEnd(opts, out);
            }
            case "soak" -> {
                return SoakOptions.run(opts, cli);
            }
            case "memory" -> {
                MemoryBench.Result r = MemoryBench.run(opts.integer("sessions", 100_000, 1, 10_000_000), out);
                double mib = 1024 * 1024;
                out.printf(Locale.ROOT, "memory: %d live sessions: stored value %.1f bytes + key %.1f bytes per session; heap after GC"
                                + " %.1f -> %.1f MiB (+%.1f), RSS %.1f -> %.1f MiB (+%.1f): %.0f bytes of RSS per session%n",
                        r.sessions(), r.valueBytes(), r.keyBytes(), r.heapBefore() / mib, r.heapAfter() / mib,
                        (r.heapAfter() - r.heapBefore()) / mib, r.rssBefore() / mib, r.rssAfter() / mib,
                        (r.rssAfter() - r.rssBefore()) / mib, (double) (r.rssAfter() - r.rssBefore()) / r.sessions());
                return 0;
            }
            case "restore" -> {
                int sessions = opts.integer("sessions", 20_000, 1, 10_000_000);
                int standby = opts.integer("standby", 0, 0, 1);
                int heartbeat = opts.integer("heartbeat-ms", 0, 0, 60_000);
                RestoreBench.Result r = RestoreBench.run(sessions, standby, heartbeat, out);
                out.printf(Locale.ROOT, "restore: %d sessions, %d standby replica(s), heartbeat %s: hand-over %.2f s, %d changelog records restored%n",
                        r.sessions(), r.standbys(), heartbeat == 0 ? "3000 ms (default)" : heartbeat + " ms", r.handOverSeconds(), r.restoredRecords());
                return 0;
            }
            default -> throw new IllegalArgumentException(USAGE);
        }
    }

    private static int endToEnd(Command.Parsed opts, PrintStream out) throws Exception {
        String r = opts.get("rates", "1000,5000,10000,20000");
        List<Double> rates = r.equals("none") ? List.of() : Arrays.stream(r.split(",")).map(String::strip).map(BenchCommand::rate).toList();
        if (rates.stream().anyMatch(x -> !(x > 0) || x > 1e6)) throw new IllegalArgumentException("--rates must be in (0, 1e6]");
        Duration warm = Duration.ofSeconds(opts.integer("warmup", 5, 0, 3600));
        Duration measure = Duration.ofSeconds(opts.integer("seconds", 10, 1, 3600));
        int sessions = opts.integer("sessions", 50, 1, 1_000_000);
        List<Integer> threads = counts(opts.get("threads", "1"), "--threads", 16);
        List<Integer> partitions = counts(opts.get("partitions", "4"), "--partitions", 64);
        int instances = opts.integer("instances", 1, 1, 8);
        int live = opts.integer("live-sessions", 0, 0, 10_000_000);
        int idle = opts.integer("idle-timeout-ms", 3000, 1, Integer.MAX_VALUE);
        long cache = opts.has("cache-bytes") ? opts.integer("cache-bytes", 0, 0, Integer.MAX_VALUE) : -1;
        PredictionMode predictions = predictionMode(opts.get("predictions", "every"));
        EndToEndBench.Setup first = new EndToEndBench.Setup(threads.get(0), instances, partitions.get(0), live, idle, cache, predictions);
        int events = opts.integer("events", 300_000, 0, 100_000_000);
        if (events > 0 && events < 1000) throw new IllegalArgumentException("--events must be 0 (no throughput run) or at least 1000");
        if (predictions != PredictionMode.EVERY && events > 0) {
            throw new IllegalArgumentException("--predictions " + predictions.name().toLowerCase(Locale.ROOT) + " needs --events 0: the throughput run counts a prediction per event");
        }
        List<String> guarantees = List.of(opts.get("guarantees", "at_least_once,exactly_once_v2").split(","));
        for (String g : guarantees) {
            if (!g.equals("at_least_once") && !g.equals("exactly_once_v2")) throw new IllegalArgumentException("unknown guarantee " + g);
        }
        List<EndToEndBench.Pipeline> pipelines = Arrays.stream(opts.get("pipelines", "pass_through,gru").split(","))
                .map(BenchCommand::pipeline).toList();
        List<EndToEndBench.Point> points = new ArrayList<>();
        List<EndToEndBench.Throughput> through = new ArrayList<>();
        for (String g : guarantees) {
            for (EndToEndBench.Pipeline p : pipelines) {
                if (!rates.isEmpty()) points.addAll(EndToEndBench.latency(p, g, rates, warm, measure, sessions, first, out));
                if (events == 0) continue;
                for (int th : threads) {
                    for (int parts : partitions) {
                        EndToEndBench.Setup setup = new EndToEndBench.Setup(th, instances, parts, 0, idle, cache, predictions);
                        EndToEndBench.Throughput t = EndToEndBench.throughput(p, g, events, sessions, setup);
                        out.printf(Locale.ROOT, "%-12s %-16s sustained, %d instance(s) x %d thread(s), %d partitions: %d events in %.2f s"
                                        + " = %,.0f events/s; stream threads' CPU %.2f us per event%n", p, g, instances, th, parts, t.events(),
                                t.seconds(), t.eventsPerSecond(), t.streamThreadMicrosPerEvent());
                        through.add(t);
                    }
                }
            }
        }
        if (opts.has("out")) {
            Path outDir = Path.of(opts.get("out"));
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve("latency.csv"), EndToEndBench.csv(points));
            StringBuilder b = new StringBuilder("pipeline,guarantee,instances,threads,partitions,events,seconds,events_per_s,"
                    + "stream_thread_cpu_us_per_event\n");
            for (EndToEndBench.Throughput t : through) {
                b.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%.3f,%.0f,%.3f%n", t.pipeline(), t.guarantee(), t.setup().instances(),
                        t.setup().threads(), t.setup().partitions(), t.events(), t.seconds(), t.eventsPerSecond(),
                        t.streamThreadMicrosPerEvent()));
            }
            Files.writeString(outDir.resolve("throughput.csv"), b.toString());
            EndToEndBench.plot(points, outDir.resolve("latency.png"));
            out.println("wrote " + outDir.resolve("latency.csv") + ", throughput.csv and latency.png");
        }
        return 0;
    }

    private static List<Integer> counts(String s, String option, int max) {
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",")) {
            try {
                int n = Integer.parseInt(part.strip());
                if (n < 1 || n > max) throw new NumberFormatException();
                out.add(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be whole numbers from 1 to " + max + " separated by commas, got '" + s + "'");
            }
        }
        return out;
    }

    private static PredictionMode predictionMode(String s) {
        for (PredictionMode m : PredictionMode.values()) if (m.name().equalsIgnoreCase(s.strip())) return m;
        throw new IllegalArgumentException("--predictions must be one of " + Arrays.stream(PredictionMode.values())
                .map(m -> m.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + s + "'");
    }

    private static double rate(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rates must be numbers separated by commas, got '" + s + "'");
        }
    }

    private static EndToEndBench.Pipeline pipeline(String s) {
        try {
            return EndToEndBench.Pipeline.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--pipelines: unknown pipeline '" + s + "' (pass_through, gru)");
        }
    }
}
