package io.gesturestream.app.cli;

import io.gesturestream.app.config.AppConfig;
import io.gesturestream.app.kafka.EmbeddedKafka;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFormatException;
import io.gesturestream.model.data.DataFormatException;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
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

/**
 * {@code gesture-stream run|demo|send}. Errors print one line and exit non-zero.
 * <ul>
 *   <li>{@code run}: the app, configured by {@code GESTURE_*} and {@code KAFKA_*} variables.</li>
 *   <li>{@code demo [--data FILE] [--count N]}: a real Kafka broker in this JVM, the app, and N
 *   digits of the pendigits test file sent through it, with each result printed.</li>
 *   <li>{@code send --data FILE.jsonl [--bootstrap HOST:PORT]}: a gesture JSONL file to
 *   {@code gesture-events}.</li>
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
            if (args.length == 0) throw new IllegalArgumentException("usage: gesture-stream run|demo|send [options]");
            Map<String, String> opts = options(args);
            return switch (args[0]) {
                case "run" -> runApp(AppConfig.fromEnv(env));
                case "demo" -> demo(opts);
                case "send" -> send(opts);
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "' (run, demo, send)");
            };
        } catch (IllegalArgumentException | IOException | DataFormatException | ModelFormatException e) {
            err.println("error: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return e instanceof IllegalArgumentException ? 2 : 1;
        } catch (RuntimeException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return 1;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    private int runApp(AppConfig cfg) throws IOException, ModelFormatException {
        Model model = Model.load(cfg.model());
        KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), model), cfg.streamsProperties());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            done.countDown();
        }, "gesture-stream-shutdown"));
        streams.start();
        out.println("gesture-stream running: model " + model + ", application.id " + cfg.applicationId() + ", bootstrap "
                + cfg.kafka().getProperty("bootstrap.servers"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private int demo(Map<String, String> opts) throws IOException, DataFormatException, ModelFormatException {
        Path data = Path.of(opts.getOrDefault("data", "../shared/datasets/pendigits/pendigits-orig.tes"));
        int count = Integer.parseInt(opts.getOrDefault("count", "20"));
        if (count < 1 || count > 10_000) throw new IllegalArgumentException("--count must be in [1, 10000]");
        if (!Files.isRegularFile(data)) throw new IllegalArgumentException("no pendigits file at " + data + " (give --data)");
        List<Gesture> all = Datasets.read("pendigits", data, null);
        List<Gesture> gestures = new ArrayList<>(all.subList(0, Math.min(count, all.size())));
        Model model = Model.bundled("pendigits");
        Path stateDir = Files.createTempDirectory("gesture-demo-state-");
        out.println("starting a Kafka broker on 127.0.0.1 ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(4, List.of(Names.EVENTS_TOPIC, Names.PREDICTIONS_TOPIC, Names.RESULTS_TOPIC, Names.DLQ_TOPIC), List.of());
            Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "KAFKA_STATE_DIR", stateDir.toString(), "GESTURE_APPLICATION_ID", "gesture-demo");
            AppConfig cfg = AppConfig.fromEnv(env);
            try (KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), model), cfg.streamsProperties())) {
                streams.start();
                out.println("app started (model " + model + "); broker at " + kafka.bootstrapServers());
                Map<String, String> truth = produce(kafka.bootstrapServers(), gestures);
                out.println("sent " + gestures.size() + " digits of " + data + " as " + truth.size() + " sessions");
                int correct = 0, seen = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                try (KafkaConsumer<String, Prediction> c = consumer(kafka.bootstrapServers())) {
                    c.subscribe(List.of(Names.RESULTS_TOPIC));
                    while (seen < truth.size() && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, Prediction> r : c.poll(Duration.ofMillis(200))) {
                            Prediction p = r.value();
                            String label = truth.get(r.key());
                            boolean ok = p.getTopLabel().equals(label);
                            if (ok) correct++;
                            seen++;
                            out.printf(Locale.ROOT, "%-10s true %s  predicted %s (p=%.3f, %d events, %s)%s%n", r.key(), label,
                                    p.getTopLabel(), p.getTopProbability(), p.getSteps(), p.getFinalReason(), ok ? "" : "  <- wrong");
                        }
                    }
                }
                out.printf(Locale.ROOT, "demo: %d of %d digits answered, %d correct%n", seen, truth.size(), correct);
                streams.close(Duration.ofSeconds(10));
                return seen == truth.size() ? 0 : 1;
            }
        } finally {
            try (var s = Files.walk(stateDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Sends the gestures, session "digit-i" each; returns session -> true label. */
    private static Map<String, String> produce(String bootstrap, List<Gesture> gestures) {
        AvroSerde<GestureEvent> serde = GestureSerdes.gestureEvent();
        Map<String, String> truth = new HashMap<>();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", "5");
        try (KafkaProducer<String, GestureEvent> producer = new KafkaProducer<>(p, new StringSerializer(), serde.serializer())) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < gestures.size(); i++) {
                String session = "digit-" + i;
                truth.put(session, gestures.get(i).label());
                for (GestureEvent e : GestureEvents.of(session, gestures.get(i), 1, now)) {
                    producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, null, e.getTimestamp().toEpochMilli(), session, e));
                }
            }
            producer.flush();
        }
        return truth;
    }

    private static KafkaConsumer<String, Prediction> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "gesture-demo-reader");
        p.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), GestureSerdes.prediction().deserializer());
    }

    private int send(Map<String, String> opts) throws IOException, DataFormatException {
        String file = opts.get("data");
        if (file == null) throw new IllegalArgumentException("send needs --data FILE.jsonl");
        List<Gesture> gestures = io.gesturestream.model.data.JsonlReader.read(Path.of(file), false);
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
}
