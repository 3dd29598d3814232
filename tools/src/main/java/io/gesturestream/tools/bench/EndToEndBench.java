package io.gesturestream.tools.bench;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import io.gesturestream.app.kafka.StreamsLifecycle;
import io.gesturestream.app.config.AppConfig;
import io.gesturestream.app.config.PredictionMode;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Model;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.PenSample;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench e2e}: events through a real broker on loopback and the app, in one JVM. An
 * open-loop sender offers a fixed rate over K sessions (pen strokes of 40 events, then END);
 * each event carries the time it was due in a header, which Kafka Streams passes on to the
 * prediction, so latency runs from when the event should have been sent to when its prediction
 * was read, and a sender that falls behind shows up in it (no coordinated omission). The
 * pass-through topology (bytes in, the same bytes out, no state) runs the same way as the floor.
 */
public final class EndToEndBench {
    /** What runs between the topics. */
    public enum Pipeline { PASS_THROUGH, GRU }

    /**
     * How the app runs: stream threads per instance, instances (in this JVM, each with its own
     * state directory), partitions of every app topic, sessions held in the store before the
     * measurement starts (each opened by one event and left open), the app's idle timeout, its
     * record cache ({@code statestore.cache.max.bytes}, -1 Kafka's default) and what it writes to
     * {@code gesture-predictions} ({@code GESTURE_PREDICTIONS}: every, change, final).
     */
    public record Setup(int threads, int instances, int partitions, int liveSessions, long idleTimeoutMs, long cacheBytes,
                        PredictionMode predictions) {
        public Setup {
            if (threads < 1 || instances < 1 || partitions < 1 || liveSessions < 0 || idleTimeoutMs < 1) {
                throw new IllegalArgumentException("threads, instances, partitions and the idle timeout must be >= 1, live sessions >= 0");
            }
        }

        public static Setup defaults() {
            return new Setup(1, 1, 4, 0, 3000, -1, PredictionMode.EVERY);
        }
    }

    /**
     * Latency at one offered load; times in ms. The bytes are what producers wrote to the topics
     * (Kafka's {@code producer-topic-metrics} {@code byte-total}: record batches as sent, before
     * replication) from the start of the load's warm-up to its end, per input event sent then:
     * the input topic, the session store's changelog, and the app's outputs (predictions,
     * results, dead letters).
     */
    public record Point(Pipeline pipeline, String guarantee, double offered, double achieved, long count, double p50,
                        double p99, double p999, double max, double inputBytesPerEvent, double changelogBytesPerEvent,
                        double outputBytesPerEvent) {}

    /** Events through as fast as they go: from the first send to the last output read. */
    /**
     * Events through as fast as they go: from the first send to the last output read. With the
     * CPU time the app's stream threads spent per event meanwhile (their own processing, with
     * Kafka Streams' commits at the configured interval, not the broker's or the load's work):
     * the in-process cost of a pipeline, measured where it runs.
     */
    public record Throughput(Pipeline pipeline, String guarantee, Setup setup, long events, double seconds,
                             double streamThreadMicrosPerEvent) {
        public double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** CPU time (ns) of this JVM's threads named as Kafka Streams names stream threads: {@code <client id>-StreamThread-<n>}. */
    static long streamThreadCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null || !t.getThreadName().matches(".*-StreamThread-\\d+")) continue;
            long cpu = mx.getThreadCpuTime(t.getThreadId());
            if (cpu > 0) sum += cpu;
        }
        return sum;
    }

    static final String SENT_HEADER = "bench-due-ns";
    private static final int EVENTS_PER_GESTURE = 40;

    private EndToEndBench() {}

    static Topology passThrough() {
        Topology t = new Topology();
        t.addSource("bench-source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), Names.EVENTS_TOPIC);
        t.addSink("bench-sink", Names.PREDICTIONS_TOPIC, new ByteArraySerializer(), new ByteArraySerializer(), "bench-source");
        return t;
    }

    /** One broker and app for {@code pipeline} under {@code guarantee}; {@code body} runs against them. */
    private interface Body<T> {
        T run(String bootstrap, List<KafkaStreams> apps) throws Exception;
    }

    private static <T> T withApp(Pipeline pipeline, String guarantee, Setup setup, Body<T> body) throws Exception {
        Path state = Files.createTempDirectory("gesture-bench-");
        List<KafkaStreams> apps = new ArrayList<>();
        long commitMs = 0;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try {
                String id = "bench-" + pipeline.name().toLowerCase() + "-" + guarantee.replace('_', '-');
                kafka.createAppTopics(setup.partitions());
                Model model = Model.bundled("pendigits");
                for (int i = 0; i < setup.instances(); i++) {
                    AppConfig cfg = AppConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                            "KAFKA_STATE_DIR", state.resolve("instance-" + i).toString(), "GESTURE_APPLICATION_ID", id,
                            "GESTURE_HTTP_PORT", "-1", "GESTURE_IDLE_TIMEOUT_MS", Long.toString(setup.idleTimeoutMs()),
                            "GESTURE_MAX_SESSIONS", Long.toString(setup.liveSessions() + 1_000_000L),  // room for the load beside the held
                            "GESTURE_PREDICTIONS", setup.predictions().name()));
                    Properties p = cfg.streamsProperties();
                    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
                    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(setup.threads()));
                    if (setup.cacheBytes() >= 0) p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(setup.cacheBytes()));
                    Topology t = pipeline == Pipeline.GRU
                            ? GestureTopology.build(cfg.stream().withRepeatFinals(guarantee.equals("at_least_once")), model) : passThrough();
                    commitMs = new StreamsConfig(p).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
                    KafkaStreams streams = new KafkaStreams(t, p);
                    apps.add(streams);
                    streams.start();
                }
                for (KafkaStreams s : apps) StreamsLifecycle.awaitRunning(s, Duration.ofSeconds(60));
                if (pipeline == Pipeline.GRU && setup.liveSessions() > 0) hold(kafka.bootstrapServers(), guarantee, setup.liveSessions(), apps, commitMs);
                return body.run(kafka.bootstrapServers(), apps);
            } finally {
                for (KafkaStreams s : apps) s.close(Duration.ofSeconds(30));  // before the broker goes
            }
        } finally {
            RestoreBench.deleteTree(state);
        }
    }

    /**
     * Opens {@code n} sessions that stay open (one pen-down each, ids {@code held-*}), as fast as
     * they go, and waits until the app has processed them all (a prediction each) and written
     * them to the changelog (no growth for a commit interval), so that the measurement's
     * changelog bytes are its own.
     */
    private static void hold(String bootstrap, String guarantee, int n, List<KafkaStreams> apps, long commitMs) throws Exception {
        AvroSerde<GestureEvent> serde = GestureSerdes.gestureEvent();
        long t0 = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> c = reader(bootstrap, guarantee);
             KafkaProducer<String, byte[]> producer = producer(bootstrap, 5)) {
            for (int i = 0; i < n; i++) {
                String id = "held-" + i;
                GestureEvent e = GestureEvent.newBuilder().setSession(id).setSeq(1).setTimestamp(Instant.now()).setType(EventType.DOWN)
                        .setSample(PenSample.newBuilder().setX(i % 1000).setY(i / 1000 % 1000).setPressure(null).build()).setLabel(null).build();
                producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, id, serde.serialize(Names.EVENTS_TOPIC, e)));
            }
            producer.flush();
            long seen = 0, until = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (seen < n && System.nanoTime() < until) seen += c.poll(Duration.ofMillis(200)).count();
            if (seen < n) throw new IllegalStateException("only " + seen + " of " + n + " held sessions opened within 30 minutes");
        }
        double last = -1;
        long giveUp = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        for (long still = System.nanoTime(); ; Thread.sleep(500)) {
            double now = changelogBytes(apps);
            if (System.nanoTime() > giveUp) throw new IllegalStateException("the changelog was still growing 10 minutes after the held sessions opened");
            if (now != last) {
                last = now;
                still = System.nanoTime();
            } else if (System.nanoTime() - still > (commitMs + 1000) * 1_000_000) {
                break;
            }
        }
        System.err.printf(java.util.Locale.ROOT, "held %,d open sessions in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }

    /** Bytes the producers of {@code apps} (or the one given) have written to topics whose name ends with {@code suffix}. */
    static double bytesWritten(java.util.Collection<? extends org.apache.kafka.common.Metric> metrics, String suffix) {
        double sum = 0;
        for (org.apache.kafka.common.Metric m : metrics) {
            var name = m.metricName();
            String topic = name.tags().get("topic");
            if (name.group().equals("producer-topic-metrics") && name.name().equals("byte-total") && topic != null && topic.endsWith(suffix)) {
                sum += ((Number) m.metricValue()).doubleValue();
            }
        }
        return sum;
    }

    private static double changelogBytes(List<KafkaStreams> apps) {
        return appBytes(apps, "-" + Names.SESSIONS_STORE + "-changelog");
    }

    private static double outputBytes(List<KafkaStreams> apps) {
        return appBytes(apps, Names.PREDICTIONS_TOPIC) + appBytes(apps, Names.RESULTS_TOPIC) + appBytes(apps, Names.DLQ_TOPIC);
    }

    private static double appBytes(List<KafkaStreams> apps, String suffix) {
        double sum = 0;
        for (KafkaStreams a : apps) sum += bytesWritten(a.metrics().values(), suffix);
        return sum;
    }

    /** Offered loads in turn on one app: a warm-up at each rate, then the measured interval. */
    public static List<Point> latency(Pipeline pipeline, String guarantee, List<Double> rates, Duration warmUp, Duration measure,
                                      int sessions, Setup setup, PrintStream log) throws Exception {
        return withApp(pipeline, guarantee, setup, (bootstrap, apps) -> {
            List<Point> out = new java.util.ArrayList<>();
            Load load = new Load(sessions);
            for (double rate : rates) {
                Point pt = offer(bootstrap, apps, pipeline, guarantee, rate, warmUp, measure, load, setup.predictions() == PredictionMode.EVERY);
                log.printf(java.util.Locale.ROOT, "%-12s %-16s %7.0f ev/s offered, %7.0f sent: p50 %7.2f  p99 %7.2f  p99.9 %7.2f  max %7.2f ms (%d);"
                                + " bytes per event: input %.1f, changelog %.1f, outputs %.1f%n",
                        pipeline, guarantee, rate, pt.achieved(), pt.p50(), pt.p99(), pt.p999(), pt.max(), pt.count(),
                        pt.inputBytesPerEvent(), pt.changelogBytesPerEvent(), pt.outputBytesPerEvent());
                out.add(pt);
            }
            return out;
        });
    }

    public static Throughput throughput(Pipeline pipeline, String guarantee, int events, int sessions, Setup setup) throws Exception {
        return withApp(pipeline, guarantee, setup, (bootstrap, apps) -> {
            Load load = new Load(sessions);
            // a first pass warms the JIT, the broker's log segments and the store; the second is timed
            sendAndDrain(bootstrap, guarantee, load, Math.min(events, 50_000));
            long cpu = streamThreadCpuNanos();
            double seconds = sendAndDrain(bootstrap, guarantee, load, events);
            return new Throughput(pipeline, guarantee, setup, events, seconds, (streamThreadCpuNanos() - cpu) / 1e3 / events);
        });
    }

    private static double sendAndDrain(String bootstrap, String guarantee, Load load, int events) throws Exception {
        try (KafkaConsumer<byte[], byte[]> c = reader(bootstrap, guarantee);
             KafkaProducer<String, byte[]> producer = producer(bootstrap, 5)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                GestureEvent e = load.next();
                producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), load.bytes(e)));
            }
            producer.flush();
            long seen = 0, until = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen < events && System.nanoTime() < until) seen += c.poll(Duration.ofMillis(100)).count();
            if (seen < events) throw new IllegalStateException("only " + seen + " of " + events + " outputs within 5 minutes");
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** @param everyEvent whether each event gets a prediction (else the latency is that of those it gets, after a 3 s drain) */
    private static Point offer(String bootstrap, List<KafkaStreams> apps, Pipeline pipeline, String guarantee, double rate,
                               Duration warmUp, Duration measure, Load load, boolean everyEvent) throws Exception {
        Histogram h = new Histogram(Duration.ofSeconds(120).toNanos(), 3);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
        long total = (long) (rate * (warmUp.toNanos() + measure.toNanos()) / 1e9);
        long measured = (long) (rate * measure.toNanos() / 1e9);
        AtomicLong received = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = reader(bootstrap, guarantee)) {
                while (!done.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        Header sent = r.headers().lastHeader(SENT_HEADER);
                        if (sent == null) continue;  // a final result: it has no header of its own
                        long due = ByteBuffer.wrap(sent.value()).getLong();
                        if (due >= measuredFrom.get()) {
                            h.recordValue(Math.min(now - due, h.getHighestTrackableValue()));
                            received.incrementAndGet();
                        }
                    }
                }
            }
        }, "bench-reader");
        reader.start();
        Thread.sleep(1000);  // the reader's partitions are assigned
        long start = System.nanoTime(), sentMeasured = 0;
        measuredFrom.set(start + warmUp.toNanos());
        long lastSent = start;
        double changelogBefore = changelogBytes(apps), outputBefore = outputBytes(apps), inputBytes;
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap, 0)) {
            for (long i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long now;
                while ((now = System.nanoTime()) < due) {
                    if (due - now > 1_000_000) Thread.sleep(0, 500_000);
                    else Thread.onSpinWait();
                }
                GestureEvent e = load.next();
                ProducerRecord<String, byte[]> rec = new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), load.bytes(e));
                rec.headers().add(SENT_HEADER, ByteBuffer.allocate(8).putLong(due).array());
                producer.send(rec);
                if (due >= measuredFrom.get() && e.getType() != EventType.END) sentMeasured++;
                lastSent = System.nanoTime();
            }
            producer.flush();
            inputBytes = bytesWritten(producer.metrics().values(), Names.EVENTS_TOPIC);
        }
        double achieved = sentMeasured / ((lastSent - measuredFrom.get()) / 1e9);
        long until = System.nanoTime() + Duration.ofSeconds(everyEvent || pipeline == Pipeline.PASS_THROUGH ? 30 : 3).toNanos();
        long expected = pipeline == Pipeline.GRU ? sentMeasured : measured;
        while (received.get() < expected && System.nanoTime() < until) Thread.sleep(20);
        done.set(true);
        reader.join();
        double changelog = changelogBytes(apps) - changelogBefore, output = outputBytes(apps) - outputBefore;
        return new Point(pipeline, guarantee, rate, achieved, h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), inputBytes / total,
                changelog / total, output / total);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        p.put("batch.size", "65536");
        return new KafkaProducer<>(p, new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> reader(String bootstrap, String guarantee) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, guarantee.equals("exactly_once_v2") ? "read_committed" : "read_uncommitted");
        p.put("fetch.max.wait.ms", "100");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(Names.PREDICTIONS_TOPIC));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (c.assignment().isEmpty() && System.nanoTime() < until) c.poll(Duration.ofMillis(50));
        c.seekToEnd(c.assignment());
        c.assignment().forEach(c::position);
        return c;
    }

    /** K sessions drawing circles, 40 events a gesture then END, round robin. */
    private static final class Load {
        private final int sessions;
        private final long[] seq;
        private final String[] ids;
        private final AvroSerde<GestureEvent> serde = GestureSerdes.gestureEvent();
        private long n;

        Load(int sessions) {
            this.sessions = sessions;
            this.seq = new long[sessions];
            this.ids = new String[sessions];
            for (int s = 0; s < sessions; s++) ids[s] = "bench-" + s;
        }

        GestureEvent next() {
            int s = (int) (n++ % sessions);
            long q = ++seq[s];
            int j = (int) ((q - 1) % (EVENTS_PER_GESTURE + 1));
            Instant now = Instant.now();
            if (j == EVENTS_PER_GESTURE) {
                return GestureEvent.newBuilder().setSession(ids[s]).setSeq(q).setTimestamp(now).setType(EventType.END)
                        .setSample(null).setLabel(null).build();
            }
            double a = j * 2 * Math.PI / EVENTS_PER_GESTURE;
            return GestureEvent.newBuilder().setSession(ids[s]).setSeq(q).setTimestamp(now)
                    .setType(j == 0 ? EventType.DOWN : EventType.MOVE)
                    .setSample(PenSample.newBuilder().setX((float) (500 + 200 * Math.cos(a))).setY((float) (500 + 200 * Math.sin(a)))
                            .setPressure(null).build()).setLabel(null).build();
        }

        byte[] bytes(GestureEvent e) {
            return serde.serialize(Names.EVENTS_TOPIC, e);
        }
    }

    /** CSV of the latency points, for the plot and for reading. */
    public static String csv(List<Point> points) {
        StringBuilder b = new StringBuilder("pipeline,guarantee,offered_eps,achieved_eps,count,p50_ms,p99_ms,p999_ms,max_ms,"
                + "input_bytes_per_event,changelog_bytes_per_event,output_bytes_per_event\n");
        for (Point p : points) {
            b.append(String.format(java.util.Locale.ROOT, "%s,%s,%.0f,%.0f,%d,%.3f,%.3f,%.3f,%.3f,%.1f,%.1f,%.1f%n", p.pipeline(),
                    p.guarantee(), p.offered(), p.achieved(), p.count(), p.p50(), p.p99(), p.p999(), p.max(), p.inputBytesPerEvent(),
                    p.changelogBytesPerEvent(), p.outputBytesPerEvent()));
        }
        return b.toString();
    }

    public static void plot(List<Point> points, Path png) throws java.io.IOException {
        LatencyPlot.write(points, "gesture-stream end to end, " + Runtime.getRuntime().availableProcessors() + " cores, "
                + java.time.LocalDate.now(), png);
    }
}
