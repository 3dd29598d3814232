package io.gesturestream.app.cli;

import io.gesturestream.app.bench.EndToEndBench;
import io.gesturestream.app.bench.RestoreBench;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.app.ops.Observability;
import io.gesturestream.app.kafka.BuiltInGestures;
import io.gesturestream.app.kafka.EmbeddedKafka;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.kafka.Replay;
import io.gesturestream.app.kafka.Topics;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.ModelRegistry;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.cli.Progress;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFormatException;
import io.gesturestream.model.data.DataFormatException;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.JsonlReader;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.GestureEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code gesture-stream <command> [options]}: the commands are declared in {@link Commands}, which
 * also gives their {@code --help}. Errors print one line and exit non-zero: 2 for a bad argument,
 * 1 for anything else (an unreachable cluster, an unreadable file).
 */
public final class Main {
    private final PrintStream out, err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err).run(args, System.getenv()));
    }

    int run(String[] args, Map<String, String> env) {
        try {
            if (args.length == 0) {
                throw new IllegalArgumentException("a command is needed: " + String.join(", ", Commands.ALL.keySet())
                        + " (gesture-stream --help)");
            }
            if (isHelp(args[0])) {
                out.print(Commands.usage());
                return 0;
            }
            Command cmd = Commands.ALL.get(args[0]);
            if (cmd == null) {
                throw new IllegalArgumentException("unknown command '" + args[0] + "' (" + String.join(", ", Commands.ALL.keySet())
                        + "; gesture-stream --help)");
            }
            int first = cmd == Commands.BENCH && args.length > 1 && !args[1].startsWith("-") ? 2 : 1;
            for (int i = 1; i < args.length; i++) {
                if (isHelp(args[i])) {
                    out.print(cmd.help());
                    return 0;
                }
            }
            Command.Parsed opts = cmd.parse(args, first);
            if (cmd == Commands.DEMO || cmd == Commands.BROKER || cmd == Commands.BENCH) Logs.brokerInThisJvm();
            if (cmd == Commands.REPLAY && opts.has("offline")) Logs.stateInTempFolder();
            return switch (cmd.name()) {
                case "run" -> runApp(AppConfig.from(propertiesFile(opts.get("config")), env));
                case "demo" -> demo(opts);
                case "send" -> send(opts);
                case "tail" -> tail(opts);
                case "replay" -> replay(opts);
                case "record" -> record(opts);
                case "broker" -> broker(opts);
                case "publish-model" -> publishModel(opts);
                case "bench" -> bench(args, opts, env);
                default -> throw new IllegalStateException("command " + cmd.name() + " is declared but not wired");
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("error: " + e.getFile() + ": no such file or folder");
            return 1;
        } catch (java.nio.file.AccessDeniedException e) {
            err.println("error: " + e.getFile() + ": permission denied");
            return 1;
        } catch (IllegalArgumentException | IOException | DataFormatException | ModelFormatException
                 | Topics.ClusterUnavailableException e) {
            err.println("error: " + String.valueOf(e.getMessage()).replace('\n', ' ')
                    + (e instanceof IllegalArgumentException && args.length > 0 && Commands.ALL.containsKey(args[0])
                    ? " (see gesture-stream " + args[0] + " --help)" : ""));
            return e instanceof IllegalArgumentException ? 2 : 1;
        } catch (Exception e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return 1;
        }
    }

    private static boolean isHelp(String a) {
        return a.equals("--help") || a.equals("-h") || a.equals("help");
    }

    private static Properties propertiesFile(String path) throws IOException {
        Properties p = new Properties();
        if (path == null) return p;
        if (!Files.isRegularFile(Path.of(path))) throw new IllegalArgumentException("--config " + path + ": no such file");
        try (var r = Files.newBufferedReader(Path.of(path))) {
            p.load(r);
        }
        return p;
    }

    /**
     * {@code publish-model --model FILE|NAME [--bootstrap] [--app URL]}: the model file, checked
     * here as the app will check it, to the compacted {@code gesture-models} topic; running
     * instances that serve a model of that name switch to it for new sessions. With {@code --app},
     * the instance there is asked first which model it serves (a model it would refuse is not
     * published) and afterwards whether it switched.
     */
    private int publishModel(Command.Parsed opts) throws Exception {
        String name = opts.get("model");
        if (name == null) throw new IllegalArgumentException("publish-model needs --model FILE (or a bundled model's name)");
        Model m = Model.load(name);  // refuses a corrupt, truncated or tampered file with the reason
        String app = opts.get("app");
        if (app != null) {
            Map<?, ?> serving = servedModel(app);
            String kind = m.encoder().kind().name().toLowerCase(Locale.ROOT);
            if (!m.name().equals(serving.get("name")) || !kind.equals(serving.get("input"))) {
                throw new IllegalStateException("the instance at " + app + " serves " + serving.get("name") + " (" + serving.get("input")
                        + " events) and would refuse " + m.name() + " (" + kind + " events); not published");
            }
        }
        byte[] file = io.gesturestream.model.ModelFile.write(m);
        io.gesturestream.schemas.avro.ModelRecord r = io.gesturestream.schemas.avro.ModelRecord.newBuilder().setName(m.name())
                .setVersion(m.version()).setChecksum(m.checksum()).setPublishedAt(java.time.Instant.now())
                .setModel(java.nio.ByteBuffer.wrap(file)).build();
        Properties p = clientProperties(opts.get("bootstrap", "127.0.0.1:9092"));
        checkConnectionQuietly(p, CLIENT_TIMEOUT);
        p.put("max.request.size", Integer.toString(Math.max(1 << 20, file.length + (64 << 10))));
        p.put("delivery.timeout.ms", "30000");
        p.put("request.timeout.ms", "15000");
        try (var producer = new KafkaProducer<String, io.gesturestream.schemas.avro.ModelRecord>(p, new StringSerializer(),
                GestureSerdes.modelRecord().serializer())) {
            var md = producer.send(new ProducerRecord<>(Names.MODELS_TOPIC, m.name(), r)).get(40, java.util.concurrent.TimeUnit.SECONDS);
            out.printf(Locale.ROOT, "published %s (%d bytes, checksum %08x) to %s at offset %d%n", m, file.length, m.checksum(),
                    Names.MODELS_TOPIC, md.offset());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("publishing failed: " + e.getCause().getMessage(), e.getCause());
        }
        if (app == null) {
            out.println("instances serving " + m.name() + " check it as it arrives and log whether they took it (--app URL waits for one)");
            return 0;
        }
        String want = String.format("%08x", m.checksum());
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (want.equals(servedModel(app).get("checksum"))) {
                out.println("the instance at " + app + " now starts new sessions on " + m);
                return 0;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the instance at " + app + " did not switch to " + m + " within 30 s (its log says why)");
    }

    /** {@code GET app/model}: what an instance serves. */
    private static Map<?, ?> servedModel(String app) throws InterruptedException {
        String url = app.replaceAll("/+$", "") + "/model";
        try {
            var client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var res = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200 || !(io.gesturestream.model.data.Json.parse(res.body()) instanceof Map<?, ?> json)) {
                throw new IllegalStateException(url + " answered " + res.statusCode() + ", not a model description");
            }
            return json;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("no answer from the instance at " + url + ": " + e.getMessage());
        }
    }

    /** A broker for local use, in this JVM, until Ctrl-C. */
    private int broker(Command.Parsed opts) throws InterruptedException {
        int port = opts.integer("port", 9092, 0, 65535);
        int partitions = opts.integer("partitions", 4, 1, 1000);
        CountDownLatch stop = new CountDownLatch(1), stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gesture-broker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(port)) {
            kafka.createAppTopics(partitions);
            out.println("Kafka broker (KRaft, single node) on " + kafka.bootstrapServers() + " with the app's topics, "
                    + partitions + " partitions each (" + Names.MODELS_TOPIC + ": 1, compacted); Ctrl-C stops it and deletes its data");
            out.flush();
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** {@code bench restore|e2e|memory|soak ...}. */
    private int bench(String[] args, Command.Parsed opts, Map<String, String> env) throws Exception {
        if (args.length >= 2 && args[1].equals("e2e")) return benchEndToEnd(opts);
        if (args.length >= 2 && args[1].equals("soak")) return benchSoak(opts, env);
        if (args.length >= 2 && args[1].equals("memory")) {
            io.gesturestream.app.bench.MemoryBench.Result r = io.gesturestream.app.bench.MemoryBench.run(
                    opts.integer("sessions", 100_000, 1, 10_000_000), out);
            double mib = 1024 * 1024;
            out.printf(Locale.ROOT, "memory: %d live sessions: stored value %.1f bytes + key %.1f bytes per session; heap after GC"
                            + " %.1f -> %.1f MiB (+%.1f), RSS %.1f -> %.1f MiB (+%.1f): %.0f bytes of RSS per session%n",
                    r.sessions(), r.valueBytes(), r.keyBytes(), r.heapBefore() / mib, r.heapAfter() / mib,
                    (r.heapAfter() - r.heapBefore()) / mib, r.rssBefore() / mib, r.rssAfter() / mib,
                    (r.rssAfter() - r.rssBefore()) / mib, (double) (r.rssAfter() - r.rssBefore()) / r.sessions());
            return 0;
        }
        if (args.length < 2 || !args[1].equals("restore")) {
            throw new IllegalArgumentException("usage: gesture-stream bench restore [--sessions N] [--standby 0|1] [--heartbeat-ms MS]"
                    + " | bench memory [--sessions N] | bench e2e [--rates 1000,5000,...] [--warmup S] [--seconds S] [--sessions K] [--threads T]"
                    + " [--guarantees at_least_once,exactly_once_v2] [--pipelines pass_through,gru] [--events N] [--out DIR]"
                    + " | bench soak [--minutes M] [--rate R] [--sessions K] [--stall-at S --stall-for S --stalls N --stall-every S]"
                    + " [--idle-timeout-ms MS] [--data FILE] [--out DIR]");
        }
        int sessions = opts.integer("sessions", 20_000, 1, 10_000_000);
        int standby = opts.integer("standby", 0, 0, 1);
        int heartbeat = opts.integer("heartbeat-ms", 0, 0, 60_000);
        RestoreBench.Result r = RestoreBench.run(sessions, standby, heartbeat, out);
        out.printf(Locale.ROOT, "restore: %d sessions, %d standby replica(s), heartbeat %s: hand-over %.2f s, %d changelog records restored%n",
                r.sessions(), r.standbys(), heartbeat == 0 ? "3000 ms (default)" : heartbeat + " ms", r.handOverSeconds(), r.restoredRecords());
        return 0;
    }

    private int benchEndToEnd(Command.Parsed opts) throws Exception {
        List<Double> rates = java.util.Arrays.stream(opts.get("rates", "1000,5000,10000,20000").split(","))
                .map(String::strip).map(Main::rate).toList();
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0) || r > 1e6)) throw new IllegalArgumentException("--rates must be in (0, 1e6]");
        Duration warm = Duration.ofSeconds(opts.integer("warmup", 5, 0, 3600));
        Duration measure = Duration.ofSeconds(opts.integer("seconds", 10, 1, 3600));
        int sessions = opts.integer("sessions", 50, 1, 1_000_000);
        int threads = opts.integer("threads", 1, 1, 16);
        int events = opts.integer("events", 300_000, 1000, 100_000_000);
        if (sessions < 1 || threads < 1 || threads > 16 || events < 1000 || measure.isZero() || warm.isNegative()) {
            throw new IllegalArgumentException("--sessions >= 1, --threads in [1, 16], --events >= 1000, --seconds >= 1");
        }
        List<String> guarantees = List.of(opts.get("guarantees", "at_least_once,exactly_once_v2").split(","));
        for (String g : guarantees) {
            if (!g.equals("at_least_once") && !g.equals("exactly_once_v2")) throw new IllegalArgumentException("unknown guarantee " + g);
        }
        List<EndToEndBench.Pipeline> pipelines = java.util.Arrays.stream(opts.get("pipelines", "pass_through,gru").split(","))
                .map(Main::pipeline).toList();
        Path outDir = opts.has("out") ? Path.of(opts.get("out")) : null;
        List<EndToEndBench.Point> points = new ArrayList<>();
        List<EndToEndBench.Throughput> through = new ArrayList<>();
        for (String g : guarantees) {
            for (EndToEndBench.Pipeline p : pipelines) {
                points.addAll(EndToEndBench.latency(p, g, rates, warm, measure, sessions, threads, out));
                EndToEndBench.Throughput t = EndToEndBench.throughput(p, g, events, sessions, threads);
                out.printf(Locale.ROOT, "%-12s %-16s sustained: %d events in %.2f s = %,.0f events/s%n", p, g, t.events(), t.seconds(),
                        t.eventsPerSecond());
                through.add(t);
            }
        }
        if (outDir != null) {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve("latency.csv"), EndToEndBench.csv(points));
            StringBuilder b = new StringBuilder("pipeline,guarantee,events,seconds,events_per_s\n");
            for (EndToEndBench.Throughput t : through) {
                b.append(String.format(Locale.ROOT, "%s,%s,%d,%.3f,%.0f%n", t.pipeline(), t.guarantee(), t.events(), t.seconds(), t.eventsPerSecond()));
            }
            Files.writeString(outDir.resolve("throughput.csv"), b.toString());
            EndToEndBench.plot(points, outDir.resolve("latency.png"));
            out.println("wrote " + outDir.resolve("latency.csv") + ", throughput.csv and latency.png");
        }
        return 0;
    }

    /** The options {@code bench soak} reads; the other bench options are refused with it. */
    private static final java.util.Set<String> SOAK_OPTIONS = java.util.Set.of("minutes", "rate", "sessions", "data", "idle-timeout-ms",
            "stall-at", "stall-for", "stalls", "stall-every", "out");
    static final String SOAK_DEFAULT_DATA = "../shared/datasets/pendigits/pendigits-orig.tes";

    /**
     * {@code bench soak}: a broker here, the app cold in its own JVM (this jar's {@code run}), an
     * open-loop load for minutes, optional SIGSTOP/SIGCONT stalls; see {@link io.gesturestream.app.bench.SoakBench}.
     */
    private int benchSoak(Command.Parsed opts, Map<String, String> env) throws Exception {
        for (Command.Opt o : Commands.BENCH.options()) {
            if (opts.has(o.name()) && !SOAK_OPTIONS.contains(o.name())) throw new IllegalArgumentException("--" + o.name() + " is not an option of bench soak");
        }
        double minutes = opts.number("minutes", 10, 0.1, 100_000);
        double rate = opts.number("rate", 5000, 1, 1e6);
        int sessions = opts.integer("sessions", 50, 1, 10_000);
        long idle = opts.integer("idle-timeout-ms", 3000L, 100L, 3_600_000L);
        List<io.gesturestream.app.bench.SoakBench.Stall> stalls = List.of();
        if (opts.has("stall-at")) {
            int n = opts.integer("stalls", 1, 1, 100_000);
            if (n > 1 && !opts.has("stall-every")) throw new IllegalArgumentException("--stalls " + n + " needs --stall-every S");
            stalls = io.gesturestream.app.bench.SoakBench.stalls(opts.number("stall-at", 0, 0, 1e9), opts.number("stall-for", 10, 0.001, 1e9), n,
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
            gestures = readGestures(d);
            if (gestures.isEmpty()) throw new IllegalArgumentException("--data " + d + ": no gestures");
            note = d + " (" + gestures.size() + " gestures, cycled)";
            if (!env.containsKey("GESTURE_MODEL")) appEnv.put("GESTURE_MODEL", defaultModel(d));
        }
        Path outDir = opts.has("out") ? Path.of(opts.get("out")) : null;
        Path jar = runningJar();
        var o = new io.gesturestream.app.bench.SoakBench.Options(Duration.ofMillis(Math.round(minutes * 60_000)), rate, sessions, stalls,
                Duration.ofMillis(idle), gestures, note, appEnv, outDir, jar);
        try (CtrlC ctrlC = new CtrlC("bench-soak", Duration.ofSeconds(45))) {  // Ctrl-C: stop the load, report, stop the app and broker
            return io.gesturestream.app.bench.SoakBench.run(o, out, err, ctrlC.stop);
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
                + " java --add-modules jdk.incubator.vector -jar stream-app/target/gesture-stream.jar bench soak");
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

    private int runApp(AppConfig cfg) throws IOException, ModelFormatException {
        Model model = Model.load(cfg.model());
        if (model.encoder().kind() != cfg.input()) {
            throw new IllegalArgumentException("model " + model.name() + " reads " + model.encoder().kind().name().toLowerCase(Locale.ROOT)
                    + " events, but the input topic carries " + cfg.input().name().toLowerCase(Locale.ROOT)
                    + " events (GESTURE_INPUT); refusing to start");
        }
        checkConnectionQuietly(cfg.kafka(), STARTUP_TIMEOUT);
        if (cfg.createTopics()) {
            List<String> created = Topics.createMissing(cfg.kafka(), cfg.partitions(), cfg.replication(), Topics.APP_TOPICS);
            if (!created.isEmpty()) out.println("created topics " + created);
        }
        // local state ahead of the cluster (the cluster was reset): Kafka Streams would fail on it, so start afresh
        io.gesturestream.app.kafka.StateReset.resetIfAhead(cfg.kafka(),
                io.gesturestream.app.kafka.StateReset.appStateDir(cfg.streamsProperties()), out::println);
        ModelRegistry models = new ModelRegistry(model);
        Observability ops = new Observability(models);
        KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), models, ops.telemetry()), cfg.streamsProperties());
        streams.setGlobalStateRestoreListener(new RestoreLog(out));
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        streams.setUncaughtExceptionHandler(e -> {
            // one line, then the app stops: an instance that cannot process must not look alive
            err.println("error: stream thread failed: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
            failed.set(true);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            out.println("kafka streams: " + before + " -> " + now);  // one line per significant event
            if (now == KafkaStreams.State.ERROR || (now == KafkaStreams.State.NOT_RUNNING && failed.get())) done.countDown();
        });
        try {
            ops.start(streams, cfg.http(), "GESTURE_HTTP_HOST / GESTURE_HTTP_PORT");
        } catch (IOException e) {
            streams.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // leave the group: the other instances take this one's partitions at once, not after a session timeout
            streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                    org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
            ops.close();
            if (!failed.get()) out.println("gesture-stream stopped: state committed and checkpointed");
            out.flush();
            done.countDown();
        }, "gesture-stream-shutdown"));
        streams.start();
        if (cfg.webPage() && ops.port() >= 0) {
            ops.add(new io.gesturestream.app.web.DrawingPage(cfg.kafka().getProperty("bootstrap.servers"), List.of(model)));
        }
        out.println("gesture-stream running: model " + model + ", application.id " + cfg.applicationId() + ", bootstrap "
                + cfg.kafka().getProperty("bootstrap.servers")
                + (ops.port() < 0 ? "" : ", http://" + cfg.http().host() + ":" + ops.port() + " (/metrics, /health/live, /health/ready, /sessions/{id})"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failed.get() ? 1 : 0;
    }

    /**
     * The start-up check, with the Kafka client's own log lines held back: when it fails, the
     * reason is given once, in our error line, instead of three times in three formats.
     */
    private static void checkConnectionQuietly(Properties client, Duration timeout) {
        PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
        System.setErr(new PrintStream(held, true));  // slf4j-simple writes to whatever System.err is now
        try {
            Topics.checkConnection(client, timeout);
        } finally {
            System.setErr(stderr);
        }
    }

    /** How long {@code run} waits for the cluster to answer at start-up. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The drawing page, until Ctrl-C: the demo's own app goes on serving its model, and a second
     * app runs the other bundled model on the same events (from now on), so that the page can
     * offer both; each prediction names its model and the page shows the one chosen.
     */
    private void drawingPage(EmbeddedKafka kafka, Properties props, StreamSettings settings, Model model, Observability ops,
                             AtomicBoolean stop) throws IOException, ModelFormatException, InterruptedException {
        Model other = Model.load(model.name().equals("dollar16") ? "pendigits" : "dollar16");
        Properties p = new Properties();
        p.putAll(props);
        p.put("application.id", "gesture-demo-" + other.name());
        p.put("consumer.auto.offset.reset", "latest");
        p.remove("application.server");
        try (KafkaStreams second = new KafkaStreams(GestureTopology.build(settings, other), p);
             io.gesturestream.app.web.DrawingPage page = new io.gesturestream.app.web.DrawingPage(kafka.bootstrapServers(), List.of(model, other))) {
            second.start();
            awaitRunning(second, Duration.ofSeconds(60));
            ops.add(page);
            out.printf(Locale.ROOT, "draw at http://127.0.0.1:%d/ (%s or %s); Ctrl-C stops the demo%n", ops.port(), model.name(), other.name());
            out.flush();
            while (!stop.get()) Thread.sleep(200);
            second.close(Duration.ofSeconds(3));
        }
    }

    /** The model for gestures read from {@code data}: dollar16 for a $1 folder, else pendigits. */
    static String defaultModel(String data) {
        return data != null && !data.equals("-") && Files.isDirectory(Path.of(data)) ? "dollar16" : "pendigits";
    }

    private int demo(Command.Parsed opts) throws IOException, DataFormatException, ModelFormatException, InterruptedException {
        String dataOpt = opts.get("data");
        int count = opts.integer("count", 0, 0, Integer.MAX_VALUE);
        int sessions = opts.integer("sessions", 20, 1, 100_000);
        double rate = opts.number("rate", 1000, 0, 1e7);
        int warmup = opts.integer("warmup", 2, 0, 1000);
        String guarantee = opts.choice("guarantee", "at_least_once", List.of("at_least_once", "exactly_once_v2"));
        int httpPort = opts.integer("http-port", 8080, 0, 65535);
        String pageOpt = opts.choice("page", Boolean.toString(dataOpt == null), List.of("true", "false"));
        Model model = Model.load(opts.get("model", defaultModel(dataOpt)));
        List<Gesture> gestures = dataOpt == null ? BuiltInGestures.forModel(model, 3, 1) : readGestures(dataOpt);
        if (gestures.isEmpty()) {
            throw new IllegalArgumentException("no built-in gestures for model " + model.name() + "; give --data");
        }
        if (count > 0 && count < gestures.size()) gestures = new ArrayList<>(gestures.subList(0, count));
        Path stateDir = Files.createTempDirectory("gesture-demo-state-");
        CtrlC ctrlC = new CtrlC("demo", Duration.ofSeconds(20));  // let the demo stop its app and broker, and delete its state
        AtomicBoolean stop = ctrlC.stop;
        long t0 = System.nanoTime();
        out.println("starting a Kafka broker on 127.0.0.1 ...");
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            out.printf(Locale.ROOT, "broker ready at %s (%.1f s); starting the app with model %s ...%n", kafka.bootstrapServers(),
                    (System.nanoTime() - t0) / 1e9, model);
            out.flush();
            AppConfig cfg = kafka.prepareApp(4, "gesture-demo", stateDir);
            Properties props = cfg.streamsProperties();
            props.put("processing.guarantee", guarantee);
            StreamSettings settings = cfg.stream().withRepeatFinals(guarantee.equals("at_least_once"));
            props.put("application.server", "127.0.0.1:" + httpPort);
            ModelRegistry models = new ModelRegistry(model);
            try (Observability ops = new Observability(models);
                 KafkaStreams streams = new KafkaStreams(GestureTopology.build(settings, models, ops.telemetry()), props)) {
                ops.start(streams, new AppConfig.Http("127.0.0.1", httpPort, "127.0.0.1"), "--http-port");
                streams.start();
                awaitRunning(streams, Duration.ofSeconds(60));
                out.printf(Locale.ROOT, "app running (%.1f s); http://127.0.0.1:%d/metrics, /health/live, /health/ready, /sessions/{id}%n",
                        (System.nanoTime() - t0) / 1e9, ops.port());
                List<Gesture> warm = BuiltInGestures.forModel(model, warmup, 99);
                if (!warm.isEmpty()) {
                    // a fresh JVM runs Kafka, Avro, RocksDB and the GRU interpreted at first: measure it warm
                    out.println("warming up with " + warm.size() + " built-in " + model.name() + " gestures (not counted) ...");
                    out.flush();
                    try (Progress bar = Progress.start(err, "warm-up", warm.stream().mapToLong(g -> g.samples().size() + 1).sum(), "events")) {
                        Replay.run(kafka.bootstrapServers(), warm, new Replay.Options(sessions, rate, 0, "warmup-", Duration.ofSeconds(60)),
                                a -> { }, pr -> bar.update(pr.sent()), stop);
                    }
                }
                out.printf(Locale.ROOT, "sending %d gestures (%s) over %d sessions at %s%n", gestures.size(),
                        dataOpt == null ? "built-in " + model.name() + " gestures" : dataOpt,
                        Math.min(sessions, gestures.size()), rate > 0 ? (long) rate + " events/s" : "full speed");
                out.flush();
                Replay.Report r = Replay.run(kafka.bootstrapServers(), gestures,
                        new Replay.Options(sessions, rate, 0, "session-", Duration.ofSeconds(60)),
                        a -> out.printf(Locale.ROOT, "%-14s true %-18s predicted %-18s p=%.3f %4d events %s%s%n", a.session(),
                                a.truth() == null ? "?" : a.truth(), a.result().getTopLabel(), a.result().getTopProbability(),
                                a.result().getSteps(), a.result().getFinalReason(),
                                a.truth() == null || a.truth().equals(a.result().getTopLabel()) ? "" : "  <- wrong"), p -> { }, stop);
                out.printf(Locale.ROOT, "demo: %d gestures, %d answered, %d duplicated", r.gestures(), r.answers().size(), r.duplicates());
                if (r.labelled() > 0) out.printf(Locale.ROOT, ", accuracy %.2f%% (%d of %d)", 100.0 * r.correct() / r.labelled(), r.correct(), r.labelled());
                out.printf(Locale.ROOT, "; event-to-prediction latency p50 %.1f ms, p99 %.1f ms over %d predictions",
                        r.latencyMs(0.5), r.latencyMs(0.99), r.latenciesMicros().length);
                if (r.warmLatenciesMicros().length > 0) {
                    out.printf(Locale.ROOT, " (after the first %d s: p50 %.1f ms, p99 %.1f ms over %d)", Replay.WARM_UP.toSeconds(),
                            r.warmLatencyMs(0.5), r.warmLatencyMs(0.99), r.warmLatenciesMicros().length);
                }
                out.printf(Locale.ROOT, "; %.1f s%n", r.seconds());
                if (stop.get()) out.println("demo: stopped before the end of the input");
                // the page draws on this same app (its model) and on a second one for the other bundled model
                if (pageOpt.equals("true") && !stop.get() && ops.port() >= 0) drawingPage(kafka, props, settings, model, ops, stop);
                streams.close(Duration.ofSeconds(stop.get() ? 3 : 10));
                return r.answers().size() == r.gestures() ? 0 : 1;
            }
        } finally {
            try (var s = Files.walk(stateDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            ctrlC.close();
        }
    }

    private static List<Gesture> stdinJsonl() throws IOException, DataFormatException {
        var r = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        return JsonlReader.read(r, "stdin", false);
    }

    /** Waits until the app has its tasks and is processing. */
    public static void awaitRunning(KafkaStreams streams, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the app did not reach RUNNING (state " + streams.state() + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting");
            }
        }
    }

    /**
     * Gestures to replay: a pendigits file, a $1 folder, gesture JSONL ({@code .jsonl}, or
     * {@code -} for standard input) or a recording ({@code .avro}).
     */
    private static List<Gesture> readGestures(String data) throws IOException, DataFormatException {
        if (data.equals("-")) return stdinJsonl();
        Path p = Path.of(data);
        if (!Files.exists(p)) throw new IllegalArgumentException("--data " + data + ": no such file or folder");
        if (Files.isDirectory(p)) return Datasets.read("dollar", p, null);
        if (data.endsWith(".jsonl")) return JsonlReader.read(p, false);
        if (data.endsWith(".avro")) return io.gesturestream.app.kafka.Recording.read(p);
        return Datasets.read("pendigits", p, null);
    }

    /** How long {@code send} and {@code replay} wait for a cluster that does not answer. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Replays recorded gestures to a cluster's {@code gesture-events}; with {@code --verify} reads
     * the results for the replayed sessions and reports missing, duplicated and split results
     * (each paired with its gesture by seq), premature idle finals, accuracy, early accuracy and
     * latency, and exits 1 when a result is missing, duplicated, split or premature, or an event
     * was not acknowledged. Ctrl-C stops it and still prints what came back.
     */
    private int replay(Command.Parsed opts) throws IOException, DataFormatException, ModelFormatException, InterruptedException {
        if (opts.get("data") == null) throw new IllegalArgumentException("replay needs --data FILE|FOLDER|-");
        int count = opts.integer("count", 0, 0, Integer.MAX_VALUE);
        int sessions = opts.integer("sessions", 50, 1, 1_000_000);
        boolean fast = opts.has("fast"), verify = opts.has("verify");
        double rate = opts.number("rate", 0, 0, 1e7);
        double speed = fast || rate > 0 ? 0 : opts.number("speed", 1, 1e-3, 1e6);
        Duration timeout = Duration.ofSeconds(opts.integer("timeout", verify ? 120 : 10, 1, 86_400));
        if (opts.has("offline") != opts.has("out")) throw new IllegalArgumentException("--offline and --out go together");
        if (opts.has("model") && !opts.has("offline")) throw new IllegalArgumentException("--model is for --offline (the cluster's app has its own)");
        List<Gesture> gestures = readGestures(opts.get("data"));
        if (count > 0 && count < gestures.size()) gestures = new ArrayList<>(gestures.subList(0, count));
        if (opts.has("offline")) {
            String outFile = opts.get("out");
            Model model = Model.load(opts.get("model", defaultModel(opts.get("data"))));
            var predictions = io.gesturestream.app.kafka.OfflineReplay.run(gestures, model,
                    io.gesturestream.app.config.StreamSettings.defaults());
            try (var w = Files.newBufferedWriter(Path.of(outFile))) {
                io.gesturestream.app.kafka.OfflineReplay.write(w, predictions);
            }
            out.println("wrote " + predictions.size() + " predictions of " + gestures.size() + " gestures (model " + model + ") to " + outFile);
            return 0;
        }
        String bootstrap = opts.get("bootstrap", "127.0.0.1:9092");
        checkConnectionQuietly(clientProperties(bootstrap), CLIENT_TIMEOUT);
        String prefix = "replay-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        try (CtrlC ctrlC = new CtrlC("replay", Duration.ofSeconds(10))) {  // Ctrl-C: stop sending, then report what came back
            AtomicBoolean stop = ctrlC.stop;
            Replay.Report r;
            long events = gestures.stream().mapToLong(g -> g.samples().size() + 1).sum();
            try (Progress sending = Progress.start(err, "sending", events, "events");
                 Progress answering = Progress.start(err, "results", gestures.size(), "gestures answered")) {
                r = Replay.run(bootstrap, gestures, new Replay.Options(sessions, rate, speed, prefix, timeout), a -> { },
                        p -> {
                            if (p.sent() < p.total()) {
                                sending.update(p.sent());
                            } else {
                                sending.close();
                                if (verify) answering.update(p.answered());
                            }
                        }, stop);
            }
            if (stop.get()) out.println("replay: interrupted; what came back so far:");
            return report(r, sessions, prefix, bootstrap, verify);
        }
    }

    private int report(Replay.Report r, int sessions, String prefix, String bootstrap, boolean verify) {
        if (r.unacknowledged() > 0) {
            out.printf(Locale.ROOT, "%d events were not acknowledged by the cluster (first: %s)%n", r.unacknowledged(), r.sendError());
        }
        if (!verify) {
            out.printf(Locale.ROOT, "replayed %d gestures over %d sessions (%s) to %s%n", r.gestures(),
                    Math.min(sessions, r.gestures()), prefix + "*", bootstrap);
            out.flush();
            return r.unacknowledged() == 0 ? 0 : 1;
        }
        out.printf(Locale.ROOT, "gestures sent %d, answered %d, missing %d, duplicated %d, split %d, premature idle finals %d%n",
                r.gestures(), r.answers().size(), r.missing(), r.duplicates(), r.split(), r.premature());
        for (String u : r.unanswered().subList(0, Math.min(5, r.unanswered().size()))) out.println("  no final for " + u);
        Map<Object, Long> reasons = new java.util.TreeMap<>();
        for (Replay.Answer a : r.answers()) reasons.merge(String.valueOf(a.result().getFinalReason()), 1L, Long::sum);
        out.println("final results by reason: " + reasons);
        if (r.labelled() > 0) {
            out.printf(Locale.ROOT, "accuracy %.2f%% (%d of %d labelled)%n", 100.0 * r.correct() / r.labelled(), r.correct(), r.labelled());
            StringBuilder early = new StringBuilder("early accuracy:");
            r.accuracyAt().forEach((f, a) -> early.append(String.format(Locale.ROOT, "  %.0f%%: %.2f%%", 100 * f, 100 * a)));
            out.println(early);
        }
        out.printf(Locale.ROOT, "event-to-prediction latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms over %d predictions%n",
                r.latencyMs(0.5), r.latencyMs(0.99), r.latencyMs(0.999), r.latenciesMicros().length);
        if (r.warmLatenciesMicros().length > 0) {
            // a freshly started app runs interpreted at first; this is the latency once it is warm
            out.printf(Locale.ROOT, "  events sent after the first %d s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms over %d predictions%n",
                    Replay.WARM_UP.toSeconds(), r.warmLatencyMs(0.5), r.warmLatencyMs(0.99), r.warmLatencyMs(0.999),
                    r.warmLatenciesMicros().length);
        }
        out.flush();
        return r.missing() == 0 && r.duplicates() == 0 && r.split() == 0 && r.premature() == 0 && r.unacknowledged() == 0 ? 0 : 1;
    }

    /** {@code record --out FILE.avro [--topic gesture-events] [--from-ms T] [--limit N] [--bootstrap]}. */
    private int record(Command.Parsed opts) throws IOException {
        String outFile = opts.get("out");
        if (outFile == null) throw new IllegalArgumentException("record needs --out FILE.avro");
        Long from = opts.has("from-ms") ? opts.integer("from-ms", 0L, 0L, Long.MAX_VALUE) : null;
        long limit = opts.integer("limit", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        String bootstrap = opts.get("bootstrap", "127.0.0.1:9092");
        checkConnectionQuietly(clientProperties(bootstrap), CLIENT_TIMEOUT);
        long n = io.gesturestream.app.kafka.Recording.record(bootstrap, opts.get("topic", Names.EVENTS_TOPIC), from, limit, Path.of(outFile));
        out.println("recorded " + n + " events to " + outFile);
        return 0;
    }

    /**
     * Gesture JSONL to {@code gesture-events}. Records are stamped with the send time (a gateway
     * receiving the events now), unless {@code --keep-time}; the event's own {@code t} stays in the
     * event. Counts what the cluster acknowledged.
     */
    private int send(Command.Parsed opts) throws IOException, DataFormatException, InterruptedException {
        String file = opts.get("data", "-");
        boolean keepTime = opts.has("keep-time");
        Duration timeout = Duration.ofSeconds(opts.integer("timeout", (int) CLIENT_TIMEOUT.toSeconds(), 1, 3600));
        List<Gesture> gestures = file.equals("-") ? stdinJsonl() : JsonlReader.read(Path.of(file), false);
        String bootstrap = opts.get("bootstrap", "127.0.0.1:9092");
        Properties p = clientProperties(bootstrap);
        checkConnectionQuietly(p, timeout);
        p.put("max.block.ms", Long.toString(timeout.toMillis()));
        p.put("delivery.timeout.ms", Long.toString(timeout.toMillis()));
        p.put("request.timeout.ms", Long.toString(Math.min(timeout.toMillis(), 10_000)));
        p.put("linger.ms", "5");
        int n = 0;
        java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Map<String, Long> nextSeq = new HashMap<>();
        try (KafkaProducer<String, GestureEvent> producer = new KafkaProducer<>(p, new StringSerializer(),
                GestureSerdes.gestureEvent().serializer())) {
            for (Gesture g : gestures) {
                long first = nextSeq.getOrDefault(g.subject(), 1L);
                List<GestureEvent> events = GestureEvents.of(g.subject(), g, first, 0);
                nextSeq.put(g.subject(), first + events.size());
                for (GestureEvent e : events) {
                    Long ts = keepTime ? e.getTimestamp().toEpochMilli() : null;  // null: the producer stamps the send time
                    producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, null, ts, g.subject(), e), (md, ex) -> {
                        if (ex == null) acked.incrementAndGet();
                        else failure.compareAndSet(null, ex);
                    });
                    n++;
                }
                if (failure.get() != null) break;
            }
            producer.flush();
        }
        if (acked.get() < n) {
            Exception ex = failure.get();
            err.printf(Locale.ROOT, "error: the cluster at %s acknowledged %d of %d events%s%n", bootstrap, acked.get(), n,
                    ex == null ? "" : ": " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return 1;
        }
        out.println("sent " + n + " events of " + gestures.size() + " gestures to " + Names.EVENTS_TOPIC + " at " + bootstrap
                + ", all acknowledged" + (keepTime ? " (record times from the recording)" : ""));
        return 0;
    }

    /** {@code tail}: one readable line per record of an output topic, until Ctrl-C or {@code --limit}. */
    private int tail(Command.Parsed opts) {
        var o = tailOptions(opts);
        checkConnectionQuietly(o.client(), CLIENT_TIMEOUT);
        try (CtrlC ctrlC = new CtrlC("tail", Duration.ofSeconds(5))) {  // Ctrl-C: stop after the current poll
            io.gesturestream.app.kafka.Tail.run(o, out, ctrlC.stop);
            return 0;
        }
    }

    static io.gesturestream.app.kafka.Tail.Options tailOptions(Command.Parsed opts) {
        return new io.gesturestream.app.kafka.Tail.Options(clientProperties(opts.get("bootstrap", "127.0.0.1:9092")),
                io.gesturestream.app.kafka.Tail.Kind.of(opts.get("topic", "results")), opts.has("from-beginning"), opts.get("session"),
                opts.integer("limit", Long.MAX_VALUE, 1, Long.MAX_VALUE));
    }

    private static Properties clientProperties(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return p;
    }

    /** One line per restored store partition: how many records came back from the changelog, in how long. */
    private static final class RestoreLog implements org.apache.kafka.streams.processor.StateRestoreListener {
        private final PrintStream out;
        private final Map<org.apache.kafka.common.TopicPartition, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

        RestoreLog(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onRestoreStart(org.apache.kafka.common.TopicPartition tp, String store, long startOffset, long endOffset) {
            started.put(tp, System.nanoTime());
        }

        @Override
        public void onBatchRestored(org.apache.kafka.common.TopicPartition tp, String store, long batchEndOffset, long numRestored) {
        }

        @Override
        public void onRestoreEnd(org.apache.kafka.common.TopicPartition tp, String store, long totalRestored) {
            Long t0 = started.remove(tp);
            out.printf(Locale.ROOT, "restored %s partition %d: %d records in %d ms%n", store, tp.partition(), totalRestored,
                    t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000);
            out.flush();
        }
    }
}
