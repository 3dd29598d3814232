package io.gesturestream.tools.bench;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench soak}: the app over minutes, started cold in a JVM of its own against a broker in
 * this one, under an open-loop load of real gestures, optionally frozen (SIGSTOP) and thawed
 * (SIGCONT) on a schedule. Every final result read back is put to the gesture it belongs to
 * ({@link SoakLedger}): complete, premature (an idle timeout that ended a gesture still arriving),
 * doubled, or, at the end, lost. Event-to-prediction latency per minute of sending, and the
 * app's heap and resident memory every 10 s, show whether anything drifts over time.
 */
public final class SoakBench {
    /** Seconds between samples of the app's memory and counters. */
    static final int SAMPLE_EVERY_S = 10;
    /** Latencies above this are recorded as this. */
    private static final long MAX_LATENCY_US = TimeUnit.MINUTES.toMicros(10);
    /** Send times kept for latency, over all sessions (the oldest of a session are overwritten first). */
    private static final int SEND_TIMES = 1 << 21;
    /** A gesture with no completing final this long after idle timeout + its END is lost. */
    static final Duration LOST_GRACE = Duration.ofSeconds(30);
    static final Duration DRAIN = Duration.ofSeconds(60);
    /** Finals of each kind other than complete shown in the report. */
    private static final int EXAMPLES = 5;

    private SoakBench() {}

    /** One freeze of the app: SIGSTOP {@code atMs} after the load starts, SIGCONT {@code forMs} later. */
    public record Stall(long atMs, long forMs) {}

    /**
     * @param gestures  cycled over the sessions, in order
     * @param dataNote  where the gestures came from, for the report
     * @param appEnv    extra environment for the app (on top of this process's, which it inherits)
     * @param outDir    where soak.csv and the app's log go; null: nowhere (the log in a temp folder)
     */
    public record Options(Duration load, double rate, int sessions, List<Stall> stalls, Duration idleTimeout,
                          List<Gesture> gestures, String dataNote, Map<String, String> appEnv, Path outDir, Path jar) {
        public Options {
            if (gestures.isEmpty()) throw new IllegalArgumentException("no gestures to send");
            stalls = List.copyOf(stalls);
            appEnv = Map.copyOf(appEnv);
        }
    }

    /**
     * The stall schedule of {@code --stall-at S --stall-for S --stalls N --stall-every S}: N
     * freezes, the first at S, each lasting {@code forS}, starting {@code everyS} apart; all must
     * end before the load does.
     */
    public static List<Stall> stalls(double atS, double forS, int n, double everyS, double loadS) {
        if (n < 1) throw new IllegalArgumentException("--stalls must be >= 1");
        if (!(atS >= 0)) throw new IllegalArgumentException("--stall-at must be >= 0");
        if (!(forS > 0)) throw new IllegalArgumentException("--stall-for must be > 0");
        if (n > 1 && !(everyS > forS)) {
            throw new IllegalArgumentException("--stall-every must be longer than --stall-for when --stalls > 1 (got " + fmt(everyS)
                    + " s and " + fmt(forS) + " s)");
        }
        double lastEnd = atS + (n - 1) * (n > 1 ? everyS : 0) + forS;
        if (lastEnd > loadS) {
            throw new IllegalArgumentException("the stalls must end before the load does: the last ends at " + fmt(lastEnd)
                    + " s, the load lasts " + fmt(loadS) + " s");
        }
        List<Stall> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Stall(Math.round((atS + i * everyS) * 1000), Math.round(forS * 1000)));
        return out;
    }

    private static String fmt(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    /**
     * Least-squares slope of {@code y} over {@code tSeconds}, per minute; points with a NaN are
     * left out; NaN with fewer than two points or no spread in time.
     */
    static double slopePerMinute(double[] tSeconds, double[] y) {
        double n = 0, st = 0, sy = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i]) || Double.isNaN(tSeconds[i])) continue;
            n++;
            st += tSeconds[i];
            sy += y[i];
        }
        if (n < 2) return Double.NaN;
        double mt = st / n, my = sy / n, num = 0, den = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(y[i]) || Double.isNaN(tSeconds[i])) continue;
            num += (tSeconds[i] - mt) * (y[i] - my);
            den += (tSeconds[i] - mt) * (tSeconds[i] - mt);
        }
        return den == 0 ? Double.NaN : num / den * 60;
    }

    /** A sample of the app, {@code t} seconds after the load started. */
    record Sample(double t, long sent, long finals, long premature, long doubled, double heapMiB, double rssMiB,
                  double appPremature, boolean stalled) {}

    /** What happened in one minute: events sent in it, finals read in it, latency of its events' predictions. */
    private static final class Minute {
        final AtomicLong sent = new AtomicLong();
        // read and written by the reader thread only, then by the report after it has stopped
        final long[] finals = new long[FinalReason.values().length];
        long premature, doubled, early, unmatched;
        final Histogram latency = new Histogram(MAX_LATENCY_US, 3);
    }

    /** Send times of recent events, per session, by seq (a ring of a power of two per session). */
    private static final class SendTimes {
        private final int size, mask;
        private final AtomicLongArray seqs, nanos;

        SendTimes(int sessions, double rate) {
            long want = (long) Math.ceil(rate / sessions * 180);  // three minutes of a session's events
            long cap = Math.max(64, SEND_TIMES / sessions);
            int s = 64;
            while (s < Math.min(Math.max(want, 1024), cap)) s <<= 1;
            size = s;
            mask = s - 1;
            seqs = new AtomicLongArray(sessions * s);
            nanos = new AtomicLongArray(sessions * s);
        }

        void put(int session, long seq, long t) {
            int i = session * size + (int) (seq & mask);
            nanos.set(i, t);
            seqs.set(i, seq);
        }

        /** The send time of the event, or -1 when it is no longer (or not yet) held. */
        long get(int session, long seq) {
            int i = session * size + (int) (seq & mask);
            if (seqs.get(i) != seq) return -1;
            long t = nanos.get(i);
            return seqs.get(i) == seq ? t : -1;
        }
    }

    /** Everything one run shares between its threads. */
    private static final class Run {
        final Options o;
        final PrintStream out, err;
        final AtomicBoolean stop;
        final String prefix = "soak-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        final SoakLedger ledger = new SoakLedger();
        final SendTimes sendTimes;
        final Map<Integer, Minute> minutes = new ConcurrentHashMap<>();
        final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong sent = new AtomicLong(), unacked = new AtomicLong(), finals = new AtomicLong(), premature = new AtomicLong(),
                doubled = new AtomicLong(), early = new AtomicLong(), unmatched = new AtomicLong(), untimed = new AtomicLong();
        final long[] finalsByReason = new long[FinalReason.values().length];  // reader thread only
        final Histogram latency = new Histogram(MAX_LATENCY_US, 3);           // reader thread only
        final AtomicBoolean stalled = new AtomicBoolean(), readerStop = new AtomicBoolean();
        final List<String> stallLog = Collections.synchronizedList(new ArrayList<>());
        volatile String sendError;
        volatile RuntimeException readerError;
        final Map<SoakLedger.Kind, Integer> examples = new java.util.EnumMap<>(SoakLedger.Kind.class);  // guarded by itself
        final List<String> exampleLines = new ArrayList<>();                                             // guarded by examples
        volatile long loadStartNanos;
        volatile long sendEndNanos;
        Process app;
        int port;
        String bootstrap;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        Run(Options o, PrintStream out, PrintStream err, AtomicBoolean stop) {
            this.o = o;
            this.out = out;
            this.err = err;
            this.stop = stop;
            this.sendTimes = new SendTimes(o.sessions(), o.rate());
        }

        Minute minute(long nanos) {
            int m = (int) Math.max(0, (nanos - loadStartNanos) / 60_000_000_000L);
            return minutes.computeIfAbsent(m, k -> new Minute());
        }

        double sinceStart() {
            return (System.nanoTime() - loadStartNanos) / 1e9;
        }
    }

    /** Runs the soak and prints its report; 0 when no gesture was lost and no final was premature, doubled or unmatched. */
    public static int run(Options o, PrintStream out, PrintStream err, AtomicBoolean stop) throws Exception {
        // the broker's retention check, 30 s after its start and every 5 min, takes its clock before it looks at
        // the segments, so a record appended meanwhile reads as "future timestamp(s)": a WARN about deleting a
        // segment of a log this run deletes anyway (slf4j-simple reads the level when the broker makes the logger)
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.LogFutureTimestampLogger", "error");
        Run r = new Run(o, out, err, stop);
        Path work = Files.createTempDirectory("gesture-soak-");
        Path log = o.outDir() != null ? o.outDir().resolve("app.log") : work.resolve("app.log");
        if (o.outDir() != null) Files.createDirectories(o.outDir());
        boolean keepLog = false;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createAppTopics(4);
            r.port = freePort();
            r.bootstrap = kafka.bootstrapServers();
            String appId = "soak-" + Long.toString(System.currentTimeMillis(), 36);
            String guarantee = System.getenv().getOrDefault("KAFKA_PROCESSING_GUARANTEE", "at_least_once");
            out.printf(Locale.ROOT, "soak: %s at %.0f events/s over %d sessions, %s, idle timeout %d ms, %s; broker %s%n",
                    minutes(o.load()), o.rate(), o.sessions(), o.dataNote(), o.idleTimeout().toMillis(), guarantee, kafka.bootstrapServers());
            long t0 = System.nanoTime();
            r.app = startApp(o, kafka.bootstrapServers(), appId, r.port, work.resolve("state"), log);
            try {
                if (!awaitReady(r, Duration.ofSeconds(120))) {
                    if (stop.get()) return 1;
                    keepLog = true;
                    err.println("error: the app did not become ready within 120 s" + (r.app.isAlive() ? "" : " (it exited with " + r.app.exitValue() + ")")
                            + "; its log: " + log + (o.outDir() == null ? " (kept)" : ""));
                    printTail(err, log);
                    return 1;
                }
                out.printf(Locale.ROOT, "app (pid %d, -Xmx512m, cold) ready in %.1f s on http://127.0.0.1:%d; %s%n", r.app.pid(),
                        (System.nanoTime() - t0) / 1e9, r.port, o.outDir() == null ? "its log is deleted at the end" : "its log: " + log);
                out.flush();
                boolean died = load(r);
                if (died) {
                    keepLog = o.outDir() == null;
                    err.println("error: the app exited (code " + r.app.exitValue() + ") during the soak; its log: " + log);
                    printTail(err, log);
                }
                int code = report(r);
                if (o.outDir() != null) {
                    Files.writeString(o.outDir().resolve("soak.csv"), csv(r.samples));
                    out.println("wrote " + o.outDir().resolve("soak.csv") + " and " + log.getFileName());
                }
                return died || stop.get() ? 1 : code;
            } finally {
                if (r.stalled.get()) {
                    try {
                        signal(r.app.pid(), "CONT");  // a stopped process would not act on SIGTERM
                    } catch (IOException e) {
                        err.println("error: " + e.getMessage());
                    }
                }
                r.app.destroy();  // SIGTERM: the app closes Kafka Streams
                if (!r.app.waitFor(stop.get() ? 10 : 30, TimeUnit.SECONDS)) r.app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (keepLog && o.outDir() == null) {
                RestoreBench.deleteTree(work.resolve("state"));
            } else {
                RestoreBench.deleteTree(work);
            }
        }
    }

    private static String minutes(Duration d) {
        double m = d.toMillis() / 60_000.0;
        return (m == Math.rint(m) ? Long.toString((long) m) : String.format(Locale.ROOT, "%.2f", m)) + " min";
    }

    private static Process startApp(Options o, String bootstrap, String appId, int port, Path state, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m", "-jar", o.jar().toString(), "run");
        Map<String, String> env = pb.environment();  // this process's, so KAFKA_PROCESSING_GUARANTEE and the like carry over
        env.putAll(o.appEnv());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("KAFKA_STATE_DIR", state.toString());
        env.put("GESTURE_APPLICATION_ID", appId);
        env.put("GESTURE_HTTP_HOST", "127.0.0.1");
        env.put("GESTURE_HTTP_PORT", Integer.toString(port));
        env.put("GESTURE_IDLE_TIMEOUT_MS", Long.toString(o.idleTimeout().toMillis()));
        env.put("GESTURE_PREDICTIONS", "every");  // latency needs a prediction per event
        env.put("GESTURE_WEB_PAGE", "false");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        p.getOutputStream().close();  // it reads nothing
        return p;
    }

    /** Polls {@code /health/ready} until it answers 200; false if the app exits, Ctrl-C, or the timeout. */
    private static boolean awaitReady(Run r, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < until && r.app.isAlive() && !r.stop.get()) {
            try {
                if (r.http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return true;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** The reader, the sampler and the stalls around the load, then the drain; true if the app died. */
    private static boolean load(Run r) throws Exception {
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> read(r, assigned), "soak-reader");
        reader.setDaemon(true);
        reader.start();
        if (!assigned.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the reader got no partitions within 60 s");
        if (r.readerError != null) throw new IllegalStateException("the reader failed: " + r.readerError, r.readerError);
        r.loadStartNanos = System.nanoTime();
        var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(t -> {
            Thread th = new Thread(t, "soak-sampler");
            th.setDaemon(true);
            return th;
        });
        sampler.scheduleAtFixedRate(() -> sample(r, true), 0, SAMPLE_EVERY_S, TimeUnit.SECONDS);
        Thread staller = new Thread(() -> stall(r), "soak-stalls");
        staller.setDaemon(true);
        staller.start();
        boolean died;
        try {
            died = send(r);
            long drainNanos = Math.max(DRAIN.toNanos(), r.o.idleTimeout().plus(LOST_GRACE).plusSeconds(5).toNanos());
            long until = System.nanoTime() + drainNanos;
            // the results still to come: until every gesture has its final, then one idle timeout more for stray ones
            while (!died && !r.stop.get() && System.nanoTime() < until) {
                if (!r.app.isAlive()) {
                    died = true;
                    break;
                }
                if (r.ledger.completed() == r.ledger.gestures()) {
                    long settle = Math.min(until, System.nanoTime() + r.o.idleTimeout().plusSeconds(2).toNanos());
                    while (!r.stop.get() && System.nanoTime() < settle) Thread.sleep(100);
                    break;
                }
                Thread.sleep(200);
            }
        } finally {
            staller.interrupt();
            staller.join(10_000);
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (!died && r.app.isAlive()) sample(r, false);  // the last one, at the end of the drain
        r.readerStop.set(true);
        reader.join(10_000);
        return died;
    }

    /**
     * The open-loop sender: event i is due {@code i / rate} s after the start, whatever became of
     * the earlier ones; session after session in turn, each sending gesture after gesture (the
     * next of the cycled list when it starts one), its seq continuing. When the time is up, each
     * session finishes the gesture it is in, END included. True if the app died.
     */
    private static boolean send(Run r) {
        Options o = r.o;
        int k = o.sessions(), n = o.gestures().size();
        String[] ids = new String[k];
        long[] nextSeq = new long[k];
        @SuppressWarnings("unchecked") List<GestureEvent>[] cur = new List[k];
        int[] pos = new int[k];
        boolean[] done = new boolean[k];
        for (int s = 0; s < k; s++) {
            ids[s] = r.prefix + s;
            nextSeq[s] = 1;
        }
        Properties pp = new Properties();
        pp.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, r.bootstrap);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        double nsPerEvent = 1e9 / o.rate();
        try (KafkaProducer<String, GestureEvent> producer = new KafkaProducer<>(pp, new StringSerializer(),
                GestureSerdes.gestureEvent().serializer())) {
            long start = r.loadStartNanos, end = start + o.load().toNanos(), lastCheck = start, i = 0;
            int s = k - 1, cursor = 0;
            sending:
            while (!r.stop.get()) {
                long now = System.nanoTime();
                if (now - lastCheck > 1_000_000_000L) {
                    lastCheck = now;
                    if (!r.app.isAlive()) return true;
                }
                boolean stopping = now >= end;
                long due = (long) ((now - start) / nsPerEvent) + 1;  // events due by now
                while (i < due) {
                    GestureEvent next = null;
                    for (int tries = 0; tries < k && next == null; tries++) {
                        s = (s + 1) % k;
                        if (done[s]) continue;
                        if (cur[s] == null || pos[s] == cur[s].size()) {
                            if (stopping) {
                                done[s] = true;
                                continue;
                            }
                            Gesture g = o.gestures().get(cursor);
                            cursor = (cursor + 1) % n;
                            // the recording's event times, moved so that the gesture's last one is now: the rate, not the
                            // recording, paces the sending, and event times ahead of the clock would carry over to the
                            // outputs' record times (the broker warns of those)
                            long offset = System.currentTimeMillis() - g.samples().get(g.samples().size() - 1).t();
                            List<GestureEvent> es = GestureEvents.of(ids[s], g, nextSeq[s], offset);
                            r.ledger.add(ids[s], nextSeq[s], nextSeq[s] + es.size() - 1, g.label());
                            nextSeq[s] += es.size();
                            cur[s] = es;
                            pos[s] = 0;
                        }
                        next = cur[s].get(pos[s]++);
                    }
                    if (next == null) break sending;  // every session has finished its last gesture
                    long t = System.nanoTime();
                    r.sendTimes.put(s, next.getSeq(), t);
                    producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, ids[s], next), (md, ex) -> {
                        if (ex != null && r.unacked.incrementAndGet() == 1) r.sendError = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                    });
                    if (next.getType() == EventType.END) r.ledger.endSent(ids[s], next.getSeq(), System.currentTimeMillis());
                    r.sent.incrementAndGet();
                    r.minute(t).sent.incrementAndGet();
                    i++;
                }
                long wait = start + (long) (i * nsPerEvent) - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(Math.min(Math.max(wait, 500_000), 10_000_000));  // no spinning: 2 cores
            }
            producer.flush();
        } finally {
            r.sendEndNanos = System.nanoTime();
        }
        return false;
    }

    /** Reads every prediction and final result of the run's sessions (read_committed, from the beginning). */
    private static void read(Run r, java.util.concurrent.CountDownLatch assigned) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, r.bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put("enable.auto.commit", "false");
        p.put("fetch.max.wait.ms", "100");
        int k = r.o.sessions();
        try (KafkaConsumer<String, Prediction> c = new KafkaConsumer<>(p, new StringDeserializer(), GestureSerdes.prediction().deserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String topic : List.of(Names.PREDICTIONS_TOPIC, Names.RESULTS_TOPIC)) {
                c.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> tps.add(new TopicPartition(topic, i.partition())));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            tps.forEach(c::position);
            assigned.countDown();
            while (!r.readerStop.get()) {
                for (ConsumerRecord<String, Prediction> rec : c.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    String key = rec.key();
                    if (key == null || !key.startsWith(r.prefix)) continue;
                    int s;
                    try {
                        s = Integer.parseInt(key.substring(r.prefix.length()));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (s < 0 || s >= k) continue;
                    Prediction pred = rec.value();
                    if (rec.topic().equals(Names.RESULTS_TOPIC)) {
                        FinalReason reason = pred.getFinalReason() == null ? FinalReason.UNKNOWN : pred.getFinalReason();
                        SoakLedger.Outcome oc = r.ledger.onFinal(key, pred.getSeq(), reason, pred.getTopLabel());
                        Minute m = r.minute(now);
                        m.finals[reason.ordinal()]++;
                        r.finalsByReason[reason.ordinal()]++;
                        r.finals.incrementAndGet();
                        if (oc.kind() != SoakLedger.Kind.COMPLETE) {
                            synchronized (r.examples) {
                                if (r.examples.merge(oc.kind(), 1, Integer::sum) <= EXAMPLES) {
                                    r.exampleLines.add(String.format(Locale.ROOT, "  %s at %.1f s: %s seq %d, %s final (steps %d, top %s)%s",
                                            oc.kind(), r.sinceStart(), key, pred.getSeq(), reason, pred.getSteps(), pred.getTopLabel(),
                                            oc.first() < 0 ? "" : ", gesture seq " + oc.first() + ".." + oc.end() + " (END)"));
                                }
                            }
                        }
                        switch (oc.kind()) {
                            case PREMATURE -> {
                                m.premature++;
                                r.premature.incrementAndGet();
                            }
                            case DOUBLED -> {
                                m.doubled++;
                                r.doubled.incrementAndGet();
                            }
                            case EARLY -> {
                                m.early++;
                                r.early.incrementAndGet();
                            }
                            case UNMATCHED -> {
                                m.unmatched++;
                                r.unmatched.incrementAndGet();
                            }
                            case COMPLETE -> { }
                        }
                    } else if (!pred.getFinal$()) {
                        long t = r.sendTimes.get(s, pred.getSeq());
                        if (t < 0) {
                            r.untimed.incrementAndGet();
                            continue;
                        }
                        long us = Math.max(0, Math.min((now - t) / 1000, MAX_LATENCY_US));
                        r.minute(t).latency.recordValue(us);
                        r.latency.recordValue(us);
                    }
                }
            }
        } catch (RuntimeException e) {
            r.readerError = e;
            assigned.countDown();
        }
    }

    /** SIGSTOP and SIGCONT on the schedule; the app is never left stopped. */
    private static void stall(Run r) {
        long pid = r.app.pid();
        int n = r.o.stalls().size(), i = 0;
        try {
            for (Stall st : r.o.stalls()) {
                i++;
                if (!sleepUntil(r, r.loadStartNanos + st.atMs() * 1_000_000L)) return;
                signal(pid, "STOP");
                r.stalled.set(true);
                double at = r.sinceStart();
                if (!sleepUntil(r, r.loadStartNanos + (st.atMs() + st.forMs()) * 1_000_000L)) return;
                signal(pid, "CONT");
                r.stalled.set(false);
                String line = String.format(Locale.ROOT, "stall %d/%d: SIGSTOP at %.1f s, SIGCONT at %.1f s", i, n, at, r.sinceStart());
                r.stallLog.add(line);
                r.out.println(line);
                r.out.flush();
            }
        } catch (InterruptedException e) {
            // the run is over
        } catch (IOException e) {
            r.err.println("error: " + e.getMessage());
        } finally {
            if (r.stalled.getAndSet(false)) {
                try {
                    signal(pid, "CONT");
                } catch (IOException | InterruptedException e) {
                    r.err.println("error: could not SIGCONT the app (pid " + pid + "): " + e.getMessage());
                }
            }
        }
    }

    /** False if the run stopped first. */
    private static boolean sleepUntil(Run r, long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            if (r.stop.get()) return false;
            Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
        }
        return !r.stop.get();
    }

    /** {@code kill -SIG pid}. */
    static void signal(long pid, String sig) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
        String said = new String(k.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (k.waitFor() != 0) throw new IOException("kill -" + sig + " " + pid + " failed: " + said);
    }

    /** The app's resident memory, its heap in use and its premature-final counter (NaN where unknown). */
    private static void sample(Run r, boolean progress) {
        try {
            double t = r.sinceStart();
            boolean stalled = r.stalled.get();
            double rss = rssMiB(r.app.pid()), heap = Double.NaN, prem = Double.NaN;
            if (!stalled) {  // a stopped app accepts the connection but never answers
                try {
                    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port + "/metrics")).timeout(Duration.ofSeconds(3)).build();
                    HttpResponse<String> res = r.http.send(req, HttpResponse.BodyHandlers.ofString());
                    if (res.statusCode() == 200) {
                        double[] m = metrics(res.body());
                        heap = m[0] / (1024.0 * 1024.0);
                        prem = m[1];
                    }
                } catch (IOException e) {
                    // no answer in time: unknown
                }
            }
            Sample s = new Sample(t, r.sent.get(), r.finals.get(), r.premature.get(), r.doubled.get(), heap, rss, prem, stalled);
            int index;
            synchronized (r.samples) {
                r.samples.add(s);
                index = r.samples.size() - 1;
            }
            if (progress && index > 0 && index % (60 / SAMPLE_EVERY_S) == 0) {
                r.err.printf(Locale.ROOT, "soak: %d min: %,d events sent, %,d finals read (premature %d, doubled %d), heap %s MiB, RSS %s MiB%n",
                        index / (60 / SAMPLE_EVERY_S), s.sent(), s.finals(), s.premature(), s.doubled(), num(heap, 0), num(rss, 0));
                r.err.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            r.err.println("soak: a sample failed: " + e);
        }
    }

    /**
     * From a Prometheus scrape: the heap in use (every {@code jvm_memory_used_bytes} series of
     * {@code area="heap"}, summed) and {@code gesture_idle_premature_total} (summed over its
     * series; NaN when the app has no such counter).
     */
    static double[] metrics(String body) {
        double heap = 0, prem = Double.NaN;
        for (String line : body.split("\n")) {
            if (line.startsWith("#")) continue;
            boolean isHeap = line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"");
            boolean isPrem = line.startsWith("gesture_idle_premature_total ") || line.startsWith("gesture_idle_premature_total{");
            if (!isHeap && !isPrem) continue;
            double v;
            try {
                v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).strip());
            } catch (NumberFormatException e) {
                continue;
            }
            if (isHeap) heap += v;
            else prem = (Double.isNaN(prem) ? 0 : prem) + v;
        }
        return new double[] {heap, prem};
    }

    private static double rssMiB(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Means of the samples whose time is in [from, to). */
    private static double[] means(List<Sample> samples, double from, double to) {
        double heap = 0, rss = 0;
        int nh = 0, nr = 0;
        for (Sample s : samples) {
            if (s.t() < from || s.t() >= to) continue;
            if (!Double.isNaN(s.heapMiB())) {
                heap += s.heapMiB();
                nh++;
            }
            if (!Double.isNaN(s.rssMiB())) {
                rss += s.rssMiB();
                nr++;
            }
        }
        return new double[] {nh == 0 ? Double.NaN : heap / nh, nr == 0 ? Double.NaN : rss / nr};
    }

    /** The report; 0 when nothing was lost, premature, doubled, unmatched or unacknowledged. */
    private static int report(Run r) {
        PrintStream out = r.out;
        List<Sample> samples;
        synchronized (r.samples) {
            samples = new ArrayList<>(r.samples);
        }
        double loadS = (r.sendEndNanos - r.loadStartNanos) / 1e9;
        int lastMinute = r.minutes.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (Sample s : samples) lastMinute = Math.max(lastMinute, (int) (s.t() / 60));
        out.printf(Locale.ROOT, "%-7s %9s %7s %6s %6s %9s %7s %8s %8s %8s %8s %8s %8s%n", "minute", "sent", "END", "IDLE", "MAXLEN",
                "premature", "doubled", "p50 ms", "p99 ms", "p99.9 ms", "heap MiB", "RSS MiB", "app prem");
        boolean anyDrain = false;
        for (int m = 0; m <= lastMinute; m++) {
            Minute mi = r.minutes.getOrDefault(m, new Minute());
            double[] mean = means(samples, 60.0 * m, 60.0 * (m + 1));
            double appPrem = Double.NaN;
            for (Sample s : samples) if (s.t() >= 60.0 * m && s.t() < 60.0 * (m + 1) && !Double.isNaN(s.appPremature())) appPrem = s.appPremature();
            boolean drain = 60.0 * m >= loadS;
            anyDrain |= drain;
            out.printf(Locale.ROOT, "%-7s %,9d %7d %6d %6d %9d %7d %8s %8s %8s %8s %8s %8s%n", (m + 1) + (drain ? "*" : ""), mi.sent.get(),
                    mi.finals[FinalReason.END.ordinal()], mi.finals[FinalReason.IDLE_TIMEOUT.ordinal()],
                    mi.finals[FinalReason.MAX_LENGTH.ordinal()], mi.premature, mi.doubled, num(ms(mi.latency, 50), 1),
                    num(ms(mi.latency, 99), 1), num(ms(mi.latency, 99.9), 1), num(mean[0], 1), num(mean[1], 1), num(appPrem, 0));
        }
        if (anyDrain) out.println("(* after the load: the drain; latency is by the minute an event was sent, finals by the minute they were read)");
        if (r.readerError != null) r.err.println("error: the reader of the results failed: " + r.readerError);
        long gestures = r.ledger.gestures();
        SoakLedger.Open open = r.ledger.open(System.currentTimeMillis(), r.o.idleTimeout().plus(LOST_GRACE).toMillis());
        StringBuilder reasons = new StringBuilder();
        for (FinalReason fr : FinalReason.values()) {
            long c = r.finalsByReason[fr.ordinal()];
            if (c > 0 || fr != FinalReason.UNKNOWN) reasons.append(reasons.isEmpty() ? "" : ", ").append(fr).append(' ').append(c);
        }
        out.printf(Locale.ROOT, "sent %,d events in %.1f s (%.0f events/s) of %,d gestures over %d sessions; %d not acknowledged%s%n",
                r.sent.get(), loadS, r.sent.get() / Math.max(loadS, 1e-9), gestures, r.o.sessions(), r.unacked.get(),
                r.sendError == null ? "" : " (first: " + r.sendError + ")");
        out.println("finals read: " + r.finals.get() + " (" + reasons + ")");
        out.printf(Locale.ROOT, "gestures completed %,d; premature finals %d (in %d gestures), doubled %d, lost %d%s%s%s%n",
                r.ledger.completed(), r.premature.get(), r.ledger.prematureGestures(), r.doubled.get(), open.lost(),
                open.pending() > 0 ? ", still pending " + open.pending() : "",
                r.early.get() > 0 ? ", ended early (not by the idle timeout) " + r.early.get() : "",
                r.unmatched.get() > 0 ? ", finals matching no gesture " + r.unmatched.get() : "");
        if (r.ledger.labelled() > 0) {
            out.printf(Locale.ROOT, "accuracy %.2f%% (%d of %d completing finals of labelled gestures)%n",
                    100.0 * r.ledger.correct() / r.ledger.labelled(), r.ledger.correct(), r.ledger.labelled());
        }
        out.printf(Locale.ROOT, "event-to-prediction latency p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms over %,d predictions%s%n",
                num(ms(r.latency, 50), 1), num(ms(r.latency, 99), 1), num(ms(r.latency, 99.9), 1),
                num(r.latency.getTotalCount() == 0 ? Double.NaN : r.latency.getMaxValue() / 1000.0, 1), r.latency.getTotalCount(),
                r.untimed.get() > 0 ? " (" + r.untimed.get() + " more whose send time was no longer held)" : "");
        windows(out, samples);
        synchronized (r.examples) {
            if (!r.exampleLines.isEmpty()) {
                out.println("the first finals of each kind that went wrong (times since the load started):");
                r.exampleLines.forEach(out::println);
            }
        }
        trend(out, samples, loadS);
        double appPrem = Double.NaN;
        for (Sample s : samples) if (!Double.isNaN(s.appPremature())) appPrem = s.appPremature();
        out.println("app's gesture_idle_premature_total at the end: " + num(appPrem, 0));
        boolean ok = open.lost() == 0 && r.premature.get() == 0 && r.doubled.get() == 0 && r.unmatched.get() == 0 && r.unacked.get() == 0;
        if (r.stop.get()) {
            out.printf(Locale.ROOT, "soak: interrupted %.0f s into the load (%d gestures still pending): no verdict%n", loadS, open.pending());
            out.flush();
            return 1;
        }
        out.println(ok ? "soak: PASS (no final lost, premature or doubled)"
                : String.format(Locale.ROOT, "soak: FAIL (lost %d, premature %d, doubled %d, unmatched %d, unacknowledged %d)",
                        open.lost(), r.premature.get(), r.doubled.get(), r.unmatched.get(), r.unacked.get()));
        out.flush();
        return ok ? 0 : 1;
    }

    /** When premature and doubled finals were read: the 10 s sample windows in which their counts rose. */
    private static void windows(PrintStream out, List<Sample> samples) {
        StringBuilder b = new StringBuilder();
        int shown = 0, more = 0;
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1), s = samples.get(i);
            long p = s.premature() - a.premature(), d = s.doubled() - a.doubled();
            if (p == 0 && d == 0) continue;
            if (shown == 30) {
                more++;
                continue;
            }
            shown++;
            b.append(b.isEmpty() ? "" : "; ").append(String.format(Locale.ROOT, "%.0f-%.0f s:", a.t(), s.t()));
            if (p > 0) b.append(' ').append(p).append(" premature");
            if (d > 0) b.append(p > 0 ? "," : "").append(' ').append(d).append(" doubled");
        }
        if (more > 0) b.append("; ... ").append(more).append(" more windows (soak.csv has them all)");
        if (!b.isEmpty()) out.println("read in the 10 s windows: " + b);
    }

    /** Heap and RSS: mean of the first minute against the last minute of the load, and the slope after the first minute. */
    private static void trend(PrintStream out, List<Sample> samples, double loadS) {
        List<Sample> during = samples.stream().filter(s -> s.t() <= loadS + 1).toList();
        double lastFrom = Math.max(0, loadS - 60);
        double[] first = means(during, 0, 60), last = means(during, lastFrom, loadS + 1);
        List<Sample> after = during.stream().filter(s -> s.t() >= 60).toList();
        double[] t = after.stream().mapToDouble(Sample::t).toArray();
        double heapSlope = slopePerMinute(t, after.stream().mapToDouble(Sample::heapMiB).toArray());
        double rssSlope = slopePerMinute(t, after.stream().mapToDouble(Sample::rssMiB).toArray());
        String span = loadS < 120 ? " (the load lasted under two minutes: the first and last minutes overlap)" : "";
        out.printf(Locale.ROOT, "heap: first minute %s MiB, last minute %s MiB, slope %s over %d samples after the first minute%s%n",
                num(first[0], 1), num(last[0], 1), slope(heapSlope), after.size(), span);
        out.printf(Locale.ROOT, "RSS:  first minute %s MiB, last minute %s MiB, slope %s over %d samples after the first minute%n",
                num(first[1], 1), num(last[1], 1), slope(rssSlope), after.size());
    }

    private static String slope(double v) {
        return Double.isNaN(v) ? "n/a (needs 2 samples after the first minute)" : String.format(Locale.ROOT, "%+.2f MiB/min", v);
    }

    /** The 10 s samples, for soak.csv. */
    static String csv(List<Sample> samples) {
        StringBuilder b = new StringBuilder("t_s,events_sent,finals,premature,doubled,heap_mib,rss_mib,app_premature_total,stalled\n");
        synchronized (samples) {
            for (Sample s : samples) {
                b.append(String.format(Locale.ROOT, "%.1f,%d,%d,%d,%d,%s,%s,%s,%s%n", s.t(), s.sent(), s.finals(), s.premature(), s.doubled(),
                        Double.isNaN(s.heapMiB()) ? "" : String.format(Locale.ROOT, "%.1f", s.heapMiB()),
                        Double.isNaN(s.rssMiB()) ? "" : String.format(Locale.ROOT, "%.1f", s.rssMiB()),
                        Double.isNaN(s.appPremature()) ? "" : String.format(Locale.ROOT, "%.0f", s.appPremature()), s.stalled()));
            }
        }
        return b.toString();
    }

    private static void printTail(PrintStream err, Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            err.println("last lines of the app's log:");
            lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> err.println("  " + l));
        } catch (IOException e) {
            // no log to show
        }
    }

    private static int freePort() throws IOException {
        return io.gesturestream.tools.EmbeddedKafka.freePorts(1, 0)[0];
    }
}
