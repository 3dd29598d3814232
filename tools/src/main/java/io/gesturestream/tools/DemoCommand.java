package io.gesturestream.tools;

import io.gesturestream.app.cli.Cli;
import io.gesturestream.app.cli.CliCommand;
import io.gesturestream.app.cli.Command;
import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.cli.CtrlC;
import io.gesturestream.app.cli.Logs;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.app.kafka.BuiltInGestures;
import io.gesturestream.app.kafka.Replay;
import io.gesturestream.app.kafka.StreamsLifecycle;
import io.gesturestream.app.ops.Observability;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.ModelRegistry;
import io.gesturestream.app.web.DrawingPage;
import io.gesturestream.model.Model;
import io.gesturestream.model.cli.Progress;
import io.gesturestream.model.data.Gesture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code demo}: a broker in this JVM, the app, gestures replayed over concurrent sessions with a
 * line per final result, accuracy and latency; then, for the built-in gestures, the drawing page
 * until Ctrl-C.
 */
final class DemoCommand implements CliCommand {
    static final Command SPEC = new Command("demo", String.join("\n",
            "A Kafka broker in this JVM (127.0.0.1, free ports), the app, and gestures replayed over concurrent sessions;",
            "a line per final result, then accuracy and latency; then, for the built-in gestures, a page to draw on",
            "until Ctrl-C. With a spotting model (wand): continuous IMU streams from the magic-wand data under --datasets, one",
            "session each, a line per SPOTTED final, then recall, precision, false detections and latency."),
            List.of(Opt.of("data", "FILE|FOLDER|-", null, "a pendigits file, a $1 folder, a UNIPEN release folder (with --category), gesture JSONL (- for stdin) or a recording (.avro); built-in gestures without it"),
                    Opt.of("category", "C", null, "a UNIPEN release folder as --data: its category C (1a digits, 2 characters, 7 words)"),
                    Opt.of("split", "SIDE", null, "a UNIPEN release folder as --data: only its writers on this side (train, validation, test)"),
                    Opt.of("count", "N", "all", "replay only the first N gestures"),
                    Opt.of("sessions", "K", "20", "concurrent sessions"),
                    Opt.of("rate", "R", "1000", "events per second (0: as fast as possible)"),
                    Opt.of("warmup", "W", "2", "10 x W built-in gestures of the model's kind first, not counted (0: none)"),
                    Opt.of("model", "NAME|FILE", "pendigits, dollar16 for a $1 folder", "the model"),
                    Opt.of("guarantee", "G", "at_least_once", "processing guarantee: at_least_once or exactly_once_v2"),
                    Opt.of("http-port", "PORT", "8080", "port of the drawing page, /metrics, /health/* and /sessions/{id} (0: any free port)"),
                    Opt.of("page", "true|false", "true without --data", "serve the drawing page after the replay (pen models)"),
                    Opt.of("datasets", "DIR", "../shared/datasets", "a spotting model: where magic-wand/data is found (--count: streams)")));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, Cli cli) throws Exception {
        Logs.brokerInThisJvm();
        PrintStream out = cli.out();
        String dataOpt = opts.get("data");
        int count = opts.integer("count", 0, 0, Integer.MAX_VALUE);
        int sessions = opts.integer("sessions", 20, 1, 100_000);
        double rate = opts.number("rate", 1000, 0, 1e7);
        int warmup = opts.integer("warmup", 2, 0, 1000);
        String guarantee = opts.choice("guarantee", StreamsConfig.AT_LEAST_ONCE, List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2));
        int httpPort = opts.integer("http-port", 8080, 0, 65535);
        String pageOpt = opts.choice("page", Boolean.toString(dataOpt == null), List.of("true", "false"));
        for (String o : List.of("category", "split")) {
            if (dataOpt == null && opts.get(o) != null) throw new IllegalArgumentException("--" + o + " needs --data: a UNIPEN release folder");
        }
        Model model = Model.load(opts.get("model", Cli.defaultModel(dataOpt)));
        // a spotting model: continuous streams of the magic-wand data, read (or refused in one line) before the broker starts
        List<io.gesturestream.model.data.Splice.Stream> spotStreams = null;
        if (model.spotting()) {
            if (dataOpt != null) throw new IllegalArgumentException("a spotting model's demo replays the magic-wand data under --datasets, not --data");
            spotStreams = SpotDemo.streams(Path.of(opts.get("datasets", "../shared/datasets")), count, 1);
        }
        List<Gesture> gestures = dataOpt == null ? BuiltInGestures.forModel(model, 3, 1)
                : Cli.readGestures(dataOpt, opts.get("category"), opts.get("split"));
        if (gestures.isEmpty() && spotStreams == null) throw new IllegalArgumentException("no built-in gestures for model " + model.name() + "; give --data");
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
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
            StreamSettings settings = cfg.stream().withRepeatFinals(guarantee.equals(StreamsConfig.AT_LEAST_ONCE));
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + httpPort);
            ModelRegistry models = new ModelRegistry(model);
            try (Observability ops = new Observability(models);
                 KafkaStreams streams = new KafkaStreams(GestureTopology.build(settings, models, ops.telemetry()), props)) {
                ops.start(streams, new AppConfig.Http("127.0.0.1", httpPort, "127.0.0.1"), "--http-port");
                streams.start();
                StreamsLifecycle.awaitRunning(streams, Duration.ofSeconds(60));
                out.printf(Locale.ROOT, "app running (%.1f s); http://127.0.0.1:%d/metrics, /health/live, /health/ready, /sessions/{id}%n",
                        (System.nanoTime() - t0) / 1e9, ops.port());
                if (spotStreams != null) {
                    int code = SpotDemo.run(kafka.bootstrapServers(), model, spotStreams, rate, out, stop);
                    streams.close(Duration.ofSeconds(stop.get() ? 3 : 10));
                    return code;
                }
                warmUp(kafka, model, warmup, sessions, rate, cli, stop);
                out.printf(Locale.ROOT, "sending %d gestures (%s) over %d sessions at %s%n", gestures.size(),
                        dataOpt == null ? "built-in " + model.name() + " gestures" : dataOpt,
                        Math.min(sessions, gestures.size()), rate > 0 ? (long) rate + " events/s" : "full speed");
                out.flush();
                Replay.Report r = Replay.run(kafka.bootstrapServers(), gestures,
                        new Replay.Options(sessions, rate, 0, "session-", Duration.ofSeconds(60)),
                        a -> out.printf(Locale.ROOT, "%-14s true %-18s predicted %-18s p=%.3f %4d events %s%s%n", a.session(),
                                a.truth() == null ? "?" : a.truth(), a.answer(), a.result().getTopProbability(),
                                a.result().getSteps(), a.result().getFinalReason(),
                                a.truth() == null || a.truth().equals(a.answer()) ? "" : "  <- wrong"), p -> { }, stop);
                summary(out, r);
                if (model.output() == io.gesturestream.model.OutputKind.CTC) characterErrors(out, r);
                if (stop.get()) out.println("demo: stopped before the end of the input");
                // the page draws on this same app (its model) and on a second one for the other bundled model
                if (pageOpt.equals("true") && !stop.get() && ops.port() >= 0) drawingPage(kafka, props, settings, model, ops, out, stop);
                streams.close(Duration.ofSeconds(stop.get() ? 3 : 10));
                return r.answers().size() == r.gestures() ? 0 : 1;
            }
        } finally {
            try (var s = Files.walk(stateDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            ctrlC.close();
        }
    }

    /** A fresh JVM runs Kafka, Avro, RocksDB and the GRU interpreted at first: the demo measures it warm. */
    private static void warmUp(EmbeddedKafka kafka, Model model, int warmup, int sessions, double rate, Cli cli, AtomicBoolean stop) {
        List<Gesture> warm = BuiltInGestures.forModel(model, warmup, 99);
        if (warm.isEmpty()) return;
        cli.out().println("warming up with " + warm.size() + " built-in " + model.name() + " gestures (not counted) ...");
        cli.out().flush();
        try (Progress bar = Progress.start(cli.err(), "warm-up", warm.stream().mapToLong(g -> g.samples().size() + 1).sum(), "events")) {
            Replay.run(kafka.bootstrapServers(), warm, new Replay.Options(sessions, rate, 0, "warmup-", Duration.ofSeconds(60)),
                    a -> { }, pr -> bar.update(pr.sent()), stop);
        }
    }

    /** A transcription model's CER and WER over the answered words, as {@code evaluate} computes them. */
    static void characterErrors(PrintStream out, Replay.Report r) {
        long edits = 0, length = 0, wrong = 0, n = 0;
        for (Replay.Answer a : r.answers()) {
            if (a.truth() == null) continue;
            n++;
            edits += io.gesturestream.model.eval.Transcriptions.editDistance(a.answer(), a.truth());
            length += a.truth().codePointCount(0, a.truth().length());
            if (!a.truth().equals(a.answer())) wrong++;
        }
        if (n > 0) {
            out.printf(Locale.ROOT, "demo: %d words, CER %.2f%%, WER %.2f%% (the stream's final texts)%n", n, 100.0 * edits / length,
                    100.0 * wrong / n);
        }
    }

    private static void summary(PrintStream out, Replay.Report r) {
        out.printf(Locale.ROOT, "demo: %d gestures, %d answered, %d duplicated", r.gestures(), r.answers().size(), r.duplicates());
        if (r.labelled() > 0) out.printf(Locale.ROOT, ", accuracy %.2f%% (%d of %d)", 100.0 * r.correct() / r.labelled(), r.correct(), r.labelled());
        out.printf(Locale.ROOT, "; event-to-prediction latency p50 %.1f ms, p99 %.1f ms over %d predictions",
                r.latencyMs(0.5), r.latencyMs(0.99), r.latenciesMicros().length);
        if (r.warmLatenciesMicros().length > 0) {
            out.printf(Locale.ROOT, " (after the first %d s: p50 %.1f ms, p99 %.1f ms over %d)", Replay.WARM_UP.toSeconds(),
                    r.warmLatencyMs(0.5), r.warmLatencyMs(0.99), r.warmLatenciesMicros().length);
        }
        out.printf(Locale.ROOT, "; %.1f s%n", r.seconds());
    }

    /**
     * What the drawing page offers besides the demo's own model: digits for any tablet, 94 characters, words, the $1 gestures,
     * and the 94 characters as a prototype model that the page can teach gestures of your own.
     */
    static final List<String> PAGE_MODELS = List.of("digits", "latin", "words", "dollar16", "gestures");

    /**
     * The drawing page, until Ctrl-C: the demo's own app goes on serving its model, and one more
     * app per other model of {@link #PAGE_MODELS} runs on the same events (from now on), so that
     * the page can offer them all; each prediction names its model and the page shows the one chosen.
     */
    private static void drawingPage(EmbeddedKafka kafka, Properties props, StreamSettings settings, Model model, Observability ops,
                                    PrintStream out, AtomicBoolean stop) throws Exception {
        List<Model> models = new java.util.ArrayList<>(List.of(model));
        for (String name : PAGE_MODELS) if (!name.equals(model.name())) models.add(Model.load(name));
        List<KafkaStreams> others = new java.util.ArrayList<>();
        try {
            for (Model other : models.subList(1, models.size())) {
                Properties p = new Properties();
                p.putAll(props);
                p.put(StreamsConfig.APPLICATION_ID_CONFIG, "gesture-demo-" + other.name());
                p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "latest");
                p.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
                KafkaStreams second = new KafkaStreams(GestureTopology.build(settings, other), p);
                others.add(second);
                second.start();
            }
            for (KafkaStreams k : others) StreamsLifecycle.awaitRunning(k, Duration.ofSeconds(60));
            try (DrawingPage page = new DrawingPage(kafka.bootstrapServers(), models)) {
                ops.add(page);
                out.printf(Locale.ROOT, "draw at http://127.0.0.1:%d/ (%s); Ctrl-C stops the demo%n", ops.port(),
                        String.join(", ", models.stream().map(Model::name).toList()));
                out.flush();
                while (!stop.get()) Thread.sleep(200);
            }
        } finally {
            for (KafkaStreams k : others) k.close(Duration.ofSeconds(3));
        }
    }
}
