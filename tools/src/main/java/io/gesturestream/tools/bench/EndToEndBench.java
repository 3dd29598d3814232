package io.gesturestream.tools.bench;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import io.gesturestream.app.kafka.StreamsLifecycle;
import io.gesturestream.app.config.AppConfig;
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
import java.util.List;
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

    /** Latency at one offered load; times in ms. */
    public record Point(Pipeline pipeline, String guarantee, double offered, double achieved, long count, double p50,
                        double p99, double p999, double max) {}

    /** Events through as fast as they go: from the first send to the last output read. */
    public record Throughput(Pipeline pipeline, String guarantee, long events, double seconds) {
        public double eventsPerSecond() {
            return events / seconds;
        }
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
        T run(String bootstrap) throws Exception;
    }

    private static <T> T withApp(Pipeline pipeline, String guarantee, int threads, Body<T> body) throws Exception {
        Path state = Files.createTempDirectory("gesture-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            AppConfig cfg = kafka.prepareApp(4, "bench-" + pipeline.name().toLowerCase() + "-" + guarantee.replace('_', '-'), state);
            Properties p = cfg.streamsProperties();
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
            p.put("num.stream.threads", Integer.toString(threads));
            Model model = Model.bundled("pendigits");
            Topology t = pipeline == Pipeline.GRU
                    ? GestureTopology.build(cfg.stream().withRepeatFinals(guarantee.equals("at_least_once")), model) : passThrough();
            try (KafkaStreams streams = new KafkaStreams(t, p)) {
                streams.start();
                StreamsLifecycle.awaitRunning(streams, Duration.ofSeconds(60));
                return body.run(kafka.bootstrapServers());
            }
        } finally {
            RestoreBench.deleteTree(state);
        }
    }

    /** Offered loads in turn on one app: a warm-up at each rate, then the measured interval. */
    public static List<Point> latency(Pipeline pipeline, String guarantee, List<Double> rates, Duration warmUp, Duration measure,
                                      int sessions, int threads, PrintStream log) throws Exception {
        return withApp(pipeline, guarantee, threads, bootstrap -> {
            List<Point> out = new java.util.ArrayList<>();
            Load load = new Load(sessions);
            for (double rate : rates) {
                Point pt = offer(bootstrap, pipeline, guarantee, rate, warmUp, measure, load);
                log.printf(java.util.Locale.ROOT, "%-12s %-16s %7.0f ev/s offered, %7.0f sent: p50 %7.2f  p99 %7.2f  p99.9 %7.2f  max %7.2f ms (%d)%n",
                        pipeline, guarantee, rate, pt.achieved(), pt.p50(), pt.p99(), pt.p999(), pt.max(), pt.count());
                out.add(pt);
            }
            return out;
        });
    }

    public static Throughput throughput(Pipeline pipeline, String guarantee, int events, int sessions, int threads) throws Exception {
        return withApp(pipeline, guarantee, threads, bootstrap -> {
            Load load = new Load(sessions);
            // a first pass warms the JIT, the broker's log segments and the store; the second is timed
            sendAndDrain(bootstrap, guarantee, load, Math.min(events, 50_000));
            double seconds = sendAndDrain(bootstrap, guarantee, load, events);
            return new Throughput(pipeline, guarantee, events, seconds);
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

    private static Point offer(String bootstrap, Pipeline pipeline, String guarantee, double rate, Duration warmUp,
                               Duration measure, Load load) throws Exception {
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
        }
        double achieved = sentMeasured / ((lastSent - measuredFrom.get()) / 1e9);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long expected = pipeline == Pipeline.GRU ? sentMeasured : measured;
        while (received.get() < expected && System.nanoTime() < until) Thread.sleep(20);
        done.set(true);
        reader.join();
        return new Point(pipeline, guarantee, rate, achieved, h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
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
        StringBuilder b = new StringBuilder("pipeline,guarantee,offered_eps,achieved_eps,count,p50_ms,p99_ms,p999_ms,max_ms\n");
        for (Point p : points) {
            b.append(String.format(java.util.Locale.ROOT, "%s,%s,%.0f,%.0f,%d,%.3f,%.3f,%.3f,%.3f%n", p.pipeline(), p.guarantee(),
                    p.offered(), p.achieved(), p.count(), p.p50(), p.p99(), p.p999(), p.max()));
        }
        return b.toString();
    }

    public static void plot(List<Point> points, Path png) throws java.io.IOException {
        LatencyPlot.write(points, "gesture-stream end to end, " + Runtime.getRuntime().availableProcessors() + " cores, "
                + java.time.LocalDate.now(), png);
    }
}
