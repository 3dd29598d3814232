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
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFormatException;
import io.gesturestream.model.data.DataFormatException;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.JsonlReader;
import io.gesturestream.schemas.AvroSerde;
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
 * {@code gesture-stream run|demo|send}. Errors print one line and exit non-zero.
 * <ul>
 *   <li>{@code run}: the app, configured by {@code GESTURE_*} and {@code KAFKA_*} variables.</li>
 *   <li>{@code demo [--data FILE|FOLDER|-] [--count N] [--sessions 20] [--rate 1000] [--warmup 2] [--model M]
 *   [--guarantee at_least_once|exactly_once_v2]}:
 *   a real Kafka broker in this JVM, the app, and gestures sent through it over concurrent
 *   sessions (built-in digits without {@code --data}); a line per final result, then accuracy
 *   and event-to-prediction latency. For pen models it first sends 10 x {@code --warmup}
 *   built-in digits that are not counted, so that latency is measured on a warm JVM.</li>
 *   <li>{@code replay --data FILE|FOLDER|- [--count N] [--sessions 50] [--speed 1 | --rate R |
 *   --fast] [--bootstrap HOST:PORT] [--verify] [--timeout S]}: recorded gestures to a cluster, with a
 *   progress bar; {@code --verify} reports what came back; {@code --offline --out FILE} runs the
 *   topology in-process instead and writes every prediction, bit-exact.</li>
 *   <li>{@code record --out FILE.avro [--topic gesture-events] [--from-ms T] [--limit N]
 *   [--bootstrap HOST:PORT]}: the topic, up to its end now, into an Avro container file that
 *   {@code replay} reads.</li>
 *   <li>{@code send [--data FILE.jsonl|-] [--bootstrap HOST:PORT]}: gesture JSONL to
 *   {@code gesture-events}, as a device gateway would.</li>
 *   <li>{@code broker [--port 9092] [--partitions 4]}: a single-node Kafka broker on 127.0.0.1 in
 *   this JVM, with the app's topics, until Ctrl-C: for trying {@code run} and {@code replay}
 *   against a broker in another process.</li>
 *   <li>{@code bench restore [--sessions 20000] [--standby 0|1] [--heartbeat-ms MS]}: the time the sessions of a
 *   stopped instance take to come back on another.</li>
 * </ul>
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
                throw new IllegalArgumentException("usage: gesture-stream run|demo|replay|record|send|broker|bench [options]");
            }
            Map<String, String> opts = options(args, args[0].equals("bench") ? 2 : 1);
            java.util.Set<String> known = OPTIONS.get(args[0]);
            if (known != null) {
                for (String o : opts.keySet()) {
                    if (!known.contains(o)) {
                        throw new IllegalArgumentException("unknown option --" + o + " for " + args[0] + " (known: "
                                + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                    }
                }
            }
            return switch (args[0]) {
                case "run" -> runApp(AppConfig.from(propertiesFile(opts.get("config")), env));
                case "demo" -> demo(opts);
                case "send" -> send(opts);
                case "replay" -> replay(opts);
                case "record" -> record(opts);
                case "broker" -> broker(opts);
                case "publish-model" -> publishModel(opts);
                case "bench" -> bench(args, opts);
                default -> throw new IllegalArgumentException("unknown command '" + args[0]
                        + "' (run, demo, replay, record, send, broker, bench)");
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        } catch (IllegalArgumentException | IOException | DataFormatException | ModelFormatException
                 | Topics.ClusterUnavailableException e) {
            err.println("error: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return e instanceof IllegalArgumentException ? 2 : 1;
        } catch (Exception e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return 1;
        }
    }

    private static final java.util.Set<String> FLAGS = java.util.Set.of("verify", "fast", "offline");
    /** The options each command takes; any other is an error, not silently ignored. */
    private static final Map<String, java.util.Set<String>> OPTIONS = Map.of(
            "run", java.util.Set.of("config"),
            "demo", java.util.Set.of("data", "count", "sessions", "rate", "warmup", "model", "guarantee", "http-port", "page"),
            "replay", java.util.Set.of("data", "count", "sessions", "speed", "rate", "fast", "bootstrap", "verify", "timeout",
                    "offline", "out", "model"),
            "record", java.util.Set.of("out", "topic", "from-ms", "limit", "bootstrap"),
            "send", java.util.Set.of("data", "bootstrap"),
            "broker", java.util.Set.of("port", "partitions"),
            "publish-model", java.util.Set.of("model", "bootstrap"),
            "bench", java.util.Set.of("sessions", "standby", "heartbeat-ms", "rates", "warmup", "seconds", "threads",
                    "guarantees", "pipelines", "events", "out"));

    private static Map<String, String> options(String[] args, int first) {
        Map<String, String> m = new HashMap<>();
        for (int i = first; i < args.length; i++) {
            if (args[i].startsWith("--") && FLAGS.contains(args[i].substring(2))) {
                m.put(args[i].substring(2), "true");
                continue;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
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
     * {@code publish-model --model FILE|NAME [--bootstrap]}: the model file, checked here as the
     * app will check it, to the compacted {@code gesture-models} topic; running instances that
     * serve a model of that name switch to it for new sessions.
     */
    private int publishModel(Map<String, String> opts) throws Exception {
        String name = opts.get("model");
        if (name == null) throw new IllegalArgumentException("publish-model needs --model FILE (or a bundled model's name)");
        Model m = Model.load(name);  // refuses a corrupt, truncated or tampered file with the reason
        byte[] file = io.gesturestream.model.ModelFile.write(m);
        io.gesturestream.schemas.avro.ModelRecord r = io.gesturestream.schemas.avro.ModelRecord.newBuilder().setName(m.name())
                .setVersion(m.version()).setChecksum(m.checksum()).setPublishedAt(java.time.Instant.now())
                .setModel(java.nio.ByteBuffer.wrap(file)).build();
        Properties p = new Properties();
        p.put("bootstrap.servers", opts.getOrDefault("bootstrap", "127.0.0.1:9092"));
        p.put("max.request.size", Integer.toString(Math.max(1 << 20, file.length + (64 << 10))));
        p.put("delivery.timeout.ms", "30000");
        p.put("request.timeout.ms", "15000");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, io.gesturestream.schemas.avro.ModelRecord>(p,
                new org.apache.kafka.common.serialization.StringSerializer(), io.gesturestream.schemas.GestureSerdes.modelRecord().serializer())) {
            var md = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Names.MODELS_TOPIC, m.name(), r))
                    .get(40, java.util.concurrent.TimeUnit.SECONDS);
            out.printf(Locale.ROOT, "published %s (%d bytes, checksum %08x) to %s at offset %d%n", m, file.length, m.checksum(),
                    Names.MODELS_TOPIC, md.offset());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("publishing failed: " + e.getCause().getMessage(), e.getCause());
        }
        return 0;
    }

    /** A broker for local use, in this JVM, until Ctrl-C. */
    private int broker(Map<String, String> opts) throws InterruptedException {
        int port = Integer.parseInt(opts.getOrDefault("port", "9092"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "4"));
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

    /** {@code bench restore|e2e ...}. */
    private int bench(String[] args, Map<String, String> opts) throws Exception {
        if (args.length >= 2 && args[1].equals("e2e")) return benchEndToEnd(opts);
        if (args.length >= 2 && args[1].equals("memory")) {
            io.gesturestream.app.bench.MemoryBench.Result r = io.gesturestream.app.bench.MemoryBench.run(
                    Integer.parseInt(opts.getOrDefault("sessions", "100000")), out);
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
                    + " [--guarantees at_least_once,exactly_once_v2] [--pipelines pass_through,gru] [--events N] [--out DIR]");
        }
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "20000"));
        int standby = Integer.parseInt(opts.getOrDefault("standby", "0"));
        int heartbeat = Integer.parseInt(opts.getOrDefault("heartbeat-ms", "0"));
        RestoreBench.Result r = RestoreBench.run(sessions, standby, heartbeat, out);
        out.printf(Locale.ROOT, "restore: %d sessions, %d standby replica(s), heartbeat %s: hand-over %.2f s, %d changelog records restored%n",
                r.sessions(), r.standbys(), heartbeat == 0 ? "3000 ms (default)" : heartbeat + " ms", r.handOverSeconds(), r.restoredRecords());
        return 0;
    }

    private int benchEndToEnd(Map<String, String> opts) throws Exception {
        List<Double> rates = java.util.Arrays.stream(opts.getOrDefault("rates", "1000,5000,10000,20000").split(","))
                .map(String::strip).map(Double::parseDouble).toList();
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0) || r > 1e6)) throw new IllegalArgumentException("--rates must be in (0, 1e6]");
        Duration warm = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("warmup", "5")));
        Duration measure = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("seconds", "10")));
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "50"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "1"));
        int events = Integer.parseInt(opts.getOrDefault("events", "300000"));
        if (sessions < 1 || threads < 1 || threads > 16 || events < 1000 || measure.isZero() || warm.isNegative()) {
            throw new IllegalArgumentException("--sessions >= 1, --threads in [1, 16], --events >= 1000, --seconds >= 1");
        }
        List<String> guarantees = List.of(opts.getOrDefault("guarantees", "at_least_once,exactly_once_v2").split(","));
        for (String g : guarantees) {
            if (!g.equals("at_least_once") && !g.equals("exactly_once_v2")) throw new IllegalArgumentException("unknown guarantee " + g);
        }
        List<EndToEndBench.Pipeline> pipelines = java.util.Arrays.stream(opts.getOrDefault("pipelines", "pass_through,gru").split(","))
                .map(s -> EndToEndBench.Pipeline.valueOf(s.strip().toUpperCase(Locale.ROOT))).toList();
        Path outDir = opts.containsKey("out") ? Path.of(opts.get("out")) : null;
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

    private int runApp(AppConfig cfg) throws IOException, ModelFormatException {
        Model model = Model.load(cfg.model());
        if (model.encoder().kind() != cfg.input()) {
            throw new IllegalArgumentException("model " + model.name() + " reads " + model.encoder().kind().name().toLowerCase(Locale.ROOT)
                    + " events, but the input topic carries " + cfg.input().name().toLowerCase(Locale.ROOT)
                    + " events (GESTURE_INPUT); refusing to start");
        }
        checkConnectionQuietly(cfg);
        if (cfg.createTopics()) {
            List<String> created = Topics.createMissing(cfg.kafka(), cfg.partitions(), cfg.replication(), Topics.APP_TOPICS);
            if (!created.isEmpty()) out.println("created topics " + created);
        }
        Observability ops = new Observability(model);
        KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), model, ops.telemetry()), cfg.streamsProperties());
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
            ops.start(streams, cfg.http());
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
    private static void checkConnectionQuietly(AppConfig cfg) {
        PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
        System.setErr(new PrintStream(held, true));  // slf4j-simple writes to whatever System.err is now
        try {
            Topics.checkConnection(cfg.kafka(), STARTUP_TIMEOUT);
        } finally {
            System.setErr(stderr);
        }
    }

    /** How long {@code run} waits for the cluster to answer at start-up. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The drawing page, until Ctrl-C: the demo's app, and a second one running the dollar16
     * model on the same events (from now on), so that the page can offer both; each prediction
     * names its model and the page shows the one chosen.
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

    private int demo(Map<String, String> opts) throws IOException, DataFormatException, ModelFormatException, InterruptedException {
        String dataOpt = opts.get("data");
        List<Gesture> gestures = readGestures(dataOpt);
        int count = Integer.parseInt(opts.getOrDefault("count", "0"));
        if (count > 0 && count < gestures.size()) gestures = new ArrayList<>(gestures.subList(0, count));
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "20"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "1000"));
        if (sessions < 1 || sessions > 100_000) throw new IllegalArgumentException("--sessions must be in [1, 100000]");
        if (!(rate >= 0)) throw new IllegalArgumentException("--rate must be >= 0 (0: as fast as possible)");
        String modelName = opts.getOrDefault("model", dataOpt != null && Files.isDirectory(Path.of(dataOpt)) ? "dollar16" : "pendigits");
        Model model = Model.load(modelName);
        Path stateDir = Files.createTempDirectory("gesture-demo-state-");
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                cleanedUp.await(20, java.util.concurrent.TimeUnit.SECONDS);  // let the demo stop its app and broker
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gesture-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("starting a Kafka broker on 127.0.0.1 ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            AppConfig cfg = kafka.prepareApp(4, "gesture-demo", stateDir);
            Properties props = cfg.streamsProperties();
            String guarantee = opts.getOrDefault("guarantee", "at_least_once");
            props.put("processing.guarantee", guarantee);
            StreamSettings settings = cfg.stream().withRepeatFinals(guarantee.equals("at_least_once"));
            int httpPort = Integer.parseInt(opts.getOrDefault("http-port", "8080"));
            props.put("application.server", "127.0.0.1:" + httpPort);
            try (Observability ops = new Observability(model);
                 KafkaStreams streams = new KafkaStreams(GestureTopology.build(settings, model, ops.telemetry()), props)) {
                ops.start(streams, new AppConfig.Http("127.0.0.1", httpPort, "127.0.0.1"));
                out.printf(Locale.ROOT, "http://127.0.0.1:%d/metrics, /health/live, /health/ready, /sessions/{id}%n", ops.port());
                streams.start();
                awaitRunning(streams, Duration.ofSeconds(60));
                out.printf(Locale.ROOT, "app started: model %s, broker %s; sending %d gestures (%s) over %d sessions at %s%n",
                        model, kafka.bootstrapServers(), gestures.size(), dataOpt == null ? "built-in digits" : dataOpt,
                        Math.min(sessions, gestures.size()), rate > 0 ? (long) rate + " events/s" : "full speed");
                int warmup = Integer.parseInt(opts.getOrDefault("warmup", "2"));
                if (warmup > 0 && model.encoder().kind() == io.gesturestream.model.features.InputKind.PEN) {
                    // a fresh JVM runs Kafka, Avro, RocksDB and the GRU interpreted at first: measure it warm
                    Replay.run(kafka.bootstrapServers(), BuiltInGestures.digits(warmup * 10, 99),
                            new Replay.Options(sessions, rate, 0, "warmup-", Duration.ofSeconds(60)), a -> { }, p -> { }, stop);
                    out.println("warmed up with " + warmup * 10 + " built-in digits (not counted)");
                }
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
                streams.close(Duration.ofSeconds(stop.get() ? 3 : 10));
                if (stop.get()) out.println("demo: stopped before the end of the input");
                boolean page = Boolean.parseBoolean(opts.getOrDefault("page", Boolean.toString(dataOpt == null)));
                if (page && !stop.get() && ops.port() >= 0) drawingPage(kafka, props, settings, model, ops, stop);
                return r.answers().size() == r.gestures() ? 0 : 1;
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is already on its way out
            }
            try (var s = Files.walk(stateDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            cleanedUp.countDown();
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
     * {@code -} for standard input), a recording ({@code .avro}), or with no {@code --data} the
     * built-in digits.
     */
    private static List<Gesture> readGestures(String data) throws IOException, DataFormatException {
        if (data == null) return BuiltInGestures.digits(3, 1);
        if (data.equals("-")) return stdinJsonl();
        Path p = Path.of(data);
        if (!Files.exists(p)) throw new IllegalArgumentException("--data " + data + ": no such file or folder");
        if (Files.isDirectory(p)) return Datasets.read("dollar", p, null);
        if (data.endsWith(".jsonl")) return JsonlReader.read(p, false);
        if (data.endsWith(".avro")) return io.gesturestream.app.kafka.Recording.read(p);
        return Datasets.read("pendigits", p, null);
    }

    /**
     * Replays recorded gestures to a cluster's {@code gesture-events}; with {@code --verify} reads
     * the results for the replayed sessions and reports missing and duplicated results, accuracy,
     * early accuracy and latency, and exits 1 when a result is missing or duplicated.
     */
    private int replay(Map<String, String> opts) throws IOException, DataFormatException {
        if (opts.get("data") == null) throw new IllegalArgumentException("replay needs --data FILE|FOLDER|-");
        List<Gesture> gestures = readGestures(opts.get("data"));
        int count = Integer.parseInt(opts.getOrDefault("count", "0"));
        if (count > 0 && count < gestures.size()) gestures = new ArrayList<>(gestures.subList(0, count));
        if (opts.containsKey("offline")) {
            String outFile = opts.get("out");
            if (outFile == null) throw new IllegalArgumentException("replay --offline needs --out FILE");
            Model model;
            try {
                model = Model.load(opts.getOrDefault("model", "pendigits"));
            } catch (ModelFormatException e) {
                throw new IOException(e.getMessage());
            }
            var predictions = io.gesturestream.app.kafka.OfflineReplay.run(gestures, model,
                    io.gesturestream.app.config.StreamSettings.defaults());
            try (var w = Files.newBufferedWriter(Path.of(outFile))) {
                io.gesturestream.app.kafka.OfflineReplay.write(w, predictions);
            }
            out.println("wrote " + predictions.size() + " predictions of " + gestures.size() + " gestures to " + outFile);
            return 0;
        }
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", "50"));
        boolean fast = opts.containsKey("fast");
        double rate = Double.parseDouble(opts.getOrDefault("rate", "0"));
        double speed = fast || rate > 0 ? 0 : Double.parseDouble(opts.getOrDefault("speed", "1"));
        boolean verify = opts.containsKey("verify");
        Duration timeout = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("timeout", verify ? "120" : "10")));
        String bootstrap = opts.getOrDefault("bootstrap", "127.0.0.1:9092");
        String prefix = "replay-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        AtomicBoolean stop = new AtomicBoolean();
        boolean terminal = System.console() != null;  // no progress bar in logs and pipes
        Replay.Report r = Replay.run(bootstrap, gestures, new Replay.Options(sessions, rate, speed, prefix, timeout), a -> { },
                p -> {
                    if (terminal) {
                        err.printf(Locale.ROOT, "\r[%-30s] %d/%d events  %.0f ev/s  ETA %.0f s ", "=".repeat((int) (30 * p.sent() / Math.max(1, p.total()))),
                                p.sent(), p.total(), p.sent() / Math.max(1e-9, p.seconds()),
                                p.sent() == 0 ? 0 : (p.total() - p.sent()) * p.seconds() / p.sent());
                    }
                }, stop);
        if (terminal) err.println();
        if (!verify) {
            out.printf(Locale.ROOT, "replayed %d gestures over %d sessions (%s) to %s%n", gestures.size(),
                    Math.min(sessions, gestures.size()), prefix + "*", bootstrap);
            return 0;
        }
        out.printf(Locale.ROOT, "gestures sent %d, answered %d, missing %d, duplicated %d%n", r.gestures(), r.answers().size(),
                r.missing(), r.duplicates());
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
        return r.missing() == 0 && r.duplicates() == 0 ? 0 : 1;
    }

    /** {@code record --out FILE.avro [--topic gesture-events] [--from-ms T] [--limit N] [--bootstrap]}. */
    private int record(Map<String, String> opts) throws IOException {
        String outFile = opts.get("out");
        if (outFile == null) throw new IllegalArgumentException("record needs --out FILE.avro");
        Long from = opts.containsKey("from-ms") ? Long.parseLong(opts.get("from-ms")) : null;
        long limit = Long.parseLong(opts.getOrDefault("limit", Long.toString(Long.MAX_VALUE)));
        long n = io.gesturestream.app.kafka.Recording.record(opts.getOrDefault("bootstrap", "127.0.0.1:9092"),
                opts.getOrDefault("topic", Names.EVENTS_TOPIC), from, limit, Path.of(outFile));
        out.println("recorded " + n + " events to " + outFile);
        return 0;
    }

    private int send(Map<String, String> opts) throws IOException, DataFormatException {
        String file = opts.getOrDefault("data", "-");
        List<Gesture> gestures = file.equals("-") ? stdinJsonl() : JsonlReader.read(Path.of(file), false);
        String bootstrap = opts.getOrDefault("bootstrap", "127.0.0.1:9092");
        AvroSerde<GestureEvent> serde = GestureSerdes.gestureEvent();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("max.block.ms", "10000");
        int n = 0;
        Map<String, Long> nextSeq = new HashMap<>();
        try (KafkaProducer<String, GestureEvent> producer = new KafkaProducer<>(p, new StringSerializer(), serde.serializer())) {
            for (Gesture g : gestures) {
                long first = nextSeq.getOrDefault(g.subject(), 1L);
                List<GestureEvent> events = GestureEvents.of(g.subject(), g, first, 0);
                nextSeq.put(g.subject(), first + events.size());
                for (GestureEvent e : events) {
                    producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, null, e.getTimestamp().toEpochMilli(), g.subject(), e));
                    n++;
                }
            }
            producer.flush();
        }
        out.println("sent " + n + " events of " + gestures.size() + " gestures to " + Names.EVENTS_TOPIC + " at " + bootstrap);
        return 0;
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
