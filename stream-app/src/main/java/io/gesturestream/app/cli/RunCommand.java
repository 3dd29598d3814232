package io.gesturestream.app.cli;

import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.app.kafka.StateReset;
import io.gesturestream.app.kafka.Topics;
import io.gesturestream.app.ops.Observability;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.ModelRegistry;
import io.gesturestream.app.web.DrawingPage;
import io.gesturestream.model.Model;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code run}: the app, against a cluster, until SIGTERM or Ctrl-C. */
public final class RunCommand implements CliCommand {
    static final Command SPEC = new Command("run", String.join("\n",
            "Connects to a cluster, creates missing topics when allowed, and runs the topology until SIGTERM or Ctrl-C.",
            "Configured by GESTURE_* and KAFKA_* environment variables (see the README), which override the file."),
            List.of(Opt.of("config", "FILE", null, "a properties file: gesture.* keys for GESTURE_* settings, any other key is a Kafka property")));
    /** How long {@code run} waits for the cluster to answer at start-up. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public Command spec() {
        return SPEC;
    }

    /** The words of GESTURE_LEXICON's file; a file that cannot be read stops the app with one line. */
    static java.util.List<String> readLexicon(String file) {
        try {
            return io.gesturestream.model.Lexicon.readWords(java.nio.file.Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GESTURE_LEXICON: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("GESTURE_LEXICON: cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    public int run(Command.Parsed opts, Cli cli) throws Exception {
        AppConfig cfg = AppConfig.from(propertiesFile(opts.get("config")), cli.env());
        PrintStream out = cli.out();
        Model model = Model.load(cfg.model());
        if (cfg.labels() != null) {
            try {
                model = model.restrictedTo(cfg.labels());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("GESTURE_LABELS: " + e.getMessage() + "; refusing to start");
            }
            int kept = model.allowed() == null ? model.labels().size() : model.allowed().cardinality();
            out.println("answering over " + kept + " of the " + model.labels().size() + " labels of " + model.name()
                    + " (GESTURE_LABELS " + cfg.labels() + ")");
        }
        java.util.List<String> words = null;   // null: the registry uses the model's own lexicon, if any
        if ("none".equals(cfg.lexicon())) {
            model = model.withLexicon(null, 0);
        } else if (cfg.lexicon() != null) {
            if (model.output() != io.gesturestream.model.OutputKind.CTC) {
                throw new IllegalArgumentException("GESTURE_LEXICON: model " + model.name() + " does not transcribe; refusing to start");
            }
            words = readLexicon(cfg.lexicon());
            io.gesturestream.model.Lexicon lexicon = io.gesturestream.model.Lexicon.of(words, model);
            model = model.withLexicon(lexicon, cfg.lexiconBeam(), cfg.lexiconCommit());
            out.println("lexicon " + cfg.lexicon() + ": " + lexicon.words() + " words (" + lexicon.skipped()
                    + " left out: a character the model cannot write), beam width " + cfg.lexiconBeam() + ", commit " + cfg.lexiconCommit());
        } else if (model.lexicon() != null) {   // the model's own, with the beam as configured
            model = model.withLexicon(model.lexicon(), cfg.lexiconBeam(), cfg.lexiconCommit());
        }
        if (model.encoder().kind() != cfg.input()) {
            throw new IllegalArgumentException("model " + model.name() + " reads " + model.encoder().kind().name().toLowerCase(Locale.ROOT)
                    + " events, but the input topic carries " + cfg.input().name().toLowerCase(Locale.ROOT)
                    + " events (GESTURE_INPUT); refusing to start");
        }
        Cli.checkConnectionQuietly(cfg.kafka(), STARTUP_TIMEOUT);
        if (cfg.createTopics()) {
            List<String> created = Topics.createMissing(cfg.kafka(), cfg.partitions(), cfg.replication(), Topics.APP_TOPICS);
            if (!created.isEmpty()) out.println("created topics " + created);
        }
        // local state ahead of the cluster (the cluster was reset): Kafka Streams would fail on it, so start afresh
        StateReset.resetIfAhead(cfg.kafka(), StateReset.appStateDir(cfg.streamsProperties()), out::println);
        ModelRegistry models = new ModelRegistry(model, words);
        Observability ops = new Observability(models);
        KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), models, ops.telemetry()), cfg.streamsProperties());
        streams.setGlobalStateRestoreListener(new RestoreLog(out));
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        streams.setUncaughtExceptionHandler(e -> {
            // one line, then the app stops: an instance that cannot process must not look alive
            cli.err().println("error: stream thread failed: " + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).replace('\n', ' '));
            failed.set(true);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
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
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            ops.close();
            if (!failed.get()) out.println("gesture-stream stopped: state committed and checkpointed");
            out.flush();
            done.countDown();
        }, "gesture-stream-shutdown"));
        streams.start();
        String bootstrap = cfg.kafka().getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (cfg.webPage() && ops.port() >= 0) ops.add(new DrawingPage(bootstrap, List.of(model)));
        out.println("gesture-stream running: model " + model + ", application.id " + cfg.applicationId() + ", bootstrap " + bootstrap
                + (ops.port() < 0 ? "" : ", http://" + cfg.http().host() + ":" + ops.port() + " (/metrics, /health/live, /health/ready, /sessions/{id})"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failed.get() ? 1 : 0;
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

    /** One line per restored store partition: how many records came back from the changelog, in how long. */
    private static final class RestoreLog implements StateRestoreListener {
        private final PrintStream out;
        private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();

        RestoreLog(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onRestoreStart(TopicPartition tp, String store, long startOffset, long endOffset) {
            started.put(tp, System.nanoTime());
        }

        @Override
        public void onBatchRestored(TopicPartition tp, String store, long batchEndOffset, long numRestored) {
        }

        @Override
        public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {
            Long t0 = started.remove(tp);
            out.printf(Locale.ROOT, "restored %s partition %d: %d records in %d ms%n", store, tp.partition(), totalRestored,
                    t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000);
            out.flush();
        }
    }
}
