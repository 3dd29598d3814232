package io.gesturestream.app.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Sends recorded gestures to {@code gesture-events} over K concurrent sessions and reads the
 * answers back from {@code gesture-predictions} and {@code gesture-results}.
 *
 * <p>Session k sends gestures k, k+K, k+2K, ... one after another, its seq continuing across
 * them; sessions interleave. Pacing: a fixed rate in events/s, or the recording's own timing
 * divided by a speed factor (every session starts at once; 200 ms between its gestures), or
 * as fast as possible. Reading runs on its own thread so that receive times are not delayed by
 * sending; latency is from the send of an event to the read of its prediction.
 *
 * <p>A final result belongs to the gesture whose events its seq covers (a final carries the seq
 * of the last event it saw): the first final that covers a gesture's last sample is its answer;
 * one that comes before it (the gesture went on) splits the gesture, and is premature when it was
 * an idle timeout's; an idle final before the gesture's END is premature too (replay ends every
 * gesture with END right after its last sample); a second final covering the same end is a
 * duplicate. One early final thus costs one gesture, not every later one of its session.
 */
public final class Replay {
    public static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final long GAP_BETWEEN_GESTURES_MS = 200;

    /**
     * @param rate   events per second; when 0, {@code speed} applies
     * @param speed  the recording's timing divided by this; 0 with rate 0: as fast as possible
     * @param prefix session ids are {@code prefix + k}
     * @param timeout how long to wait for the broker, and for the answers after the last event
     */
    public record Options(int sessions, double rate, double speed, String prefix, Duration timeout) {
        public Options {
            if (sessions < 1) throw new IllegalArgumentException("sessions must be >= 1");
            if (!(rate >= 0) || !(speed >= 0)) throw new IllegalArgumentException("rate and speed must be >= 0");
        }
    }

    /** One gesture's final answer. */
    public record Answer(String session, int index, String truth, Prediction result) {
        /** What the result answers: a transcription model's text, else its top label. */
        public String answer() {
            return answerOf(result);
        }
    }

    /** A transcription model's text, else the top label. */
    public static String answerOf(Prediction p) {
        return p.getText() != null ? p.getText() : p.getTopLabel();
    }

    /** At most this many of the gestures without a final are named in a report. */
    static final int NAMED_UNANSWERED = 20;

    /** Progress: events sent of the total, then gestures answered while the results come in. */
    public record Progress(long sent, long total, double seconds, int answered, int gestures) {}

    /**
     * @param latenciesMicros     event-to-prediction latency of every non-final prediction read
     * @param warmLatenciesMicros the same for events sent after the first {@link #WARM_UP}
     * @param accuracyAt          share of labelled gestures whose prediction after the first 25%,
     *                            50%, 75% and 100% of their events was right
     */
    public record Report(int gestures, List<Answer> answers, int duplicates, int split, int premature, long[] latenciesMicros,
                         long[] warmLatenciesMicros, Map<Double, Double> accuracyAt, double seconds, long unacknowledged,
                         String sendError, List<String> unanswered) {
        public int missing() {
            return gestures - answers.size();
        }

        public long correct() {
            return answers.stream().filter(a -> a.truth() != null && a.truth().equals(a.answer())).count();
        }

        public long labelled() {
            return answers.stream().filter(a -> a.truth() != null).count();
        }

        public double latencyMs(double q) {
            return percentileMs(latenciesMicros, q);
        }

        public double warmLatencyMs(double q) {
            return percentileMs(warmLatenciesMicros, q);
        }

        private static double percentileMs(long[] micros, double q) {
            if (micros.length == 0) return Double.NaN;
            long[] s = micros.clone();
            Arrays.sort(s);
            return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))] / 1000.0;
        }
    }

    private Replay() {}

    /** A timed event of the replay plan. */
    private record Planned(long dueMs, long order, GestureEvent event) {}

    /** Where each gesture sits: its session and the seq of its first event and its event count. */
    record Placement(String session, long firstSeq, int events) {}

    public static Report run(String bootstrap, List<Gesture> gestures, Options o, Consumer<Answer> onAnswer,
                             Consumer<Progress> onProgress, AtomicBoolean stop) {
        int k = Math.min(o.sessions(), gestures.size());
        List<Planned> plan = new ArrayList<>();
        Placement[] placement = new Placement[gestures.size()];
        Map<String, List<Integer>> gestureOf = new HashMap<>();
        for (int s = 0; s < k; s++) {
            String session = o.prefix() + s;
            long seq = 1, clock = 0, j = 0;
            List<Integer> idx = new ArrayList<>();
            for (int i = s; i < gestures.size(); i += o.sessions()) {
                Gesture g = gestures.get(i);
                long t0 = g.samples().get(0).t();
                List<GestureEvent> es = GestureEvents.of(session, g, seq, 0);
                placement[i] = new Placement(session, seq, es.size() - 1);
                for (GestureEvent e : es) plan.add(new Planned(clock + (e.getTimestamp().toEpochMilli() - t0), j++ * k + s, e));
                clock += es.get(es.size() - 1).getTimestamp().toEpochMilli() - t0 + GAP_BETWEEN_GESTURES_MS;
                seq += es.size();
                idx.add(i);
            }
            gestureOf.put(session, idx);
        }
        // rate or fast: round-robin over sessions (order = j-th event of session s at j*K + s); speed: the recording's clock
        if (o.rate() > 0 || o.speed() == 0) {
            plan.sort((a, b) -> Long.compare(a.order(), b.order()));
        } else {
            plan.sort((a, b) -> a.dueMs() != b.dueMs() ? Long.compare(a.dueMs(), b.dueMs()) : Long.compare(a.order(), b.order()));
        }

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicLong unacked = new java.util.concurrent.atomic.AtomicLong();
        String[] sendError = {null};
        Map<String, String> topAt = new ConcurrentHashMap<>();
        java.util.Set<Integer> answered = new java.util.HashSet<>(), split = new java.util.HashSet<>();
        int[] premature = {0};
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());  // {sent at, latency us}
        int[] duplicates = {0};
        long start = System.nanoTime();
        long[] sendStart = {start};
        long[] deadline = {Long.MAX_VALUE};
        CountDownLatch assigned = new CountDownLatch(1);
        AtomicBoolean sendingDone = new AtomicBoolean();
        Properties cp = new Properties();
        cp.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "gesture-replay-" + o.prefix() + System.nanoTime());
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, Prediction> c = new KafkaConsumer<>(cp, new StringDeserializer(),
                    GestureSerdes.prediction().deserializer())) {
                c.subscribe(List.of(Names.PREDICTIONS_TOPIC, Names.RESULTS_TOPIC));
                while (c.assignment().size() < 2 && System.nanoTime() - start < o.timeout().toNanos()) c.poll(Duration.ofMillis(50));
                c.seekToEnd(c.assignment());
                c.assignment().forEach(c::position);
                assigned.countDown();
                while (!stop.get() && answers.size() < gestures.size() && !(sendingDone.get() && System.nanoTime() > deadline[0])) {
                    for (ConsumerRecord<String, Prediction> r : c.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        Prediction p = r.value();
                        List<Integer> idx = gestureOf.get(r.key());
                        if (idx == null) continue;  // not ours
                        if (r.topic().equals(Names.PREDICTIONS_TOPIC)) {
                            if (p.getFinal$()) continue;
                            topAt.put(r.key() + "/" + p.getSeq(), answerOf(p));
                            Long t = sentAt.get(r.key() + "/" + p.getSeq());
                            if (t != null) latencies.add(new long[] {t, (now - t) / 1000});
                            continue;
                        }
                        int g = gestureAt(idx, placement, p.getSeq());
                        if (g < 0) {  // a seq of none of the gestures sent
                            duplicates[0]++;
                            continue;
                        }
                        Placement at = placement[g];
                        boolean idle = p.getFinalReason() == io.gesturestream.schemas.avro.FinalReason.IDLE_TIMEOUT;
                        if (idle && p.getSeq() < at.firstSeq() + at.events()) premature[0]++;  // before its END
                        if (p.getSeq() < at.firstSeq() + at.events() - 1) {  // before its last sample: the gesture went on
                            split.add(g);
                            continue;
                        }
                        if (!answered.add(g)) {
                            duplicates[0]++;
                            continue;
                        }
                        String truth = gestures.get(g).label().isEmpty() ? null : gestures.get(g).label();
                        Answer a = new Answer(r.key(), g, truth, p);
                        answers.add(a);
                        onAnswer.accept(a);
                    }
                }
                c.close(Duration.ofSeconds(2));
            }
        }, "gesture-replay-reader");
        reader.start();
        Properties pp = new Properties();
        pp.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        try (KafkaProducer<String, GestureEvent> producer = new KafkaProducer<>(pp, new StringSerializer(),
                GestureSerdes.gestureEvent().serializer())) {
            assigned.await(o.timeout().toMillis(), TimeUnit.MILLISECONDS);
            sendStart[0] = System.nanoTime();
            long lastProgress = 0;
            for (int i = 0; i < plan.size() && !stop.get(); i++) {
                Planned e = plan.get(i);
                long due = o.rate() > 0 ? sendStart[0] + (long) (i / o.rate() * 1e9)
                        : o.speed() > 0 ? sendStart[0] + (long) (e.dueMs() / o.speed() * 1e6) : 0;
                while (System.nanoTime() < due && !stop.get()) {
                    if (due - System.nanoTime() > 2_000_000) Thread.sleep(1);
                    else Thread.onSpinWait();
                }
                GestureEvent ev = e.event();
                sentAt.put(ev.getSession() + "/" + ev.getSeq(), System.nanoTime());
                producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, ev.getSession(), ev), (md, ex) -> {
                    if (ex != null && unacked.incrementAndGet() == 1) sendError[0] = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                });
                long now = System.nanoTime();
                if (now - lastProgress > 200_000_000L) {
                    onProgress.accept(new Progress(i + 1, plan.size(), (now - sendStart[0]) / 1e9, answers.size(), gestures.size()));
                    lastProgress = now;
                }
            }
            if (!stop.get()) producer.flush();
            deadline[0] = System.nanoTime() + o.timeout().toNanos();
            sendingDone.set(true);
            do {  // the results still to come
                onProgress.accept(new Progress(plan.size(), plan.size(), (System.nanoTime() - sendStart[0]) / 1e9, answers.size(),
                        gestures.size()));
                reader.join(200);
            } while (reader.isAlive());
            producer.close(Duration.ofSeconds(stop.get() ? 1 : 10));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
        long warmFrom = sendStart[0] + WARM_UP.toNanos();
        long[] lat, warm;
        synchronized (latencies) {
            lat = latencies.stream().mapToLong(l -> l[1]).toArray();
            warm = latencies.stream().filter(l -> l[0] >= warmFrom).mapToLong(l -> l[1]).toArray();
        }
        List<String> unanswered = new ArrayList<>();
        synchronized (answers) {  // the reader has stopped; its sets are complete
            for (int i = 0; i < placement.length && unanswered.size() < NAMED_UNANSWERED; i++) {
                Placement at = placement[i];
                if (at != null && !answered.contains(i)) {
                    unanswered.add("gesture " + i + ": session " + at.session() + ", seq " + at.firstSeq() + ".." + (at.firstSeq() + at.events())
                            + " (END)" + (split.contains(i) ? ", split" : ""));
                }
            }
        }
        return new Report(gestures.size(), new ArrayList<>(answers), duplicates[0], split.size(), premature[0], lat, warm,
                earlyAccuracy(gestures, placement, topAt, answers), (System.nanoTime() - start) / 1e9, unacked.get(), sendError[0],
                unanswered);
    }

    /** The gesture of a session (its indices in seq order) whose events include {@code seq}; -1 when none. */
    static int gestureAt(List<Integer> idx, Placement[] placement, long seq) {
        int lo = 0, hi = idx.size() - 1, found = -1;
        while (lo <= hi) {  // the last gesture that starts at or before seq
            int mid = (lo + hi) >>> 1;
            if (placement[idx.get(mid)].firstSeq() <= seq) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) return -1;
        Placement at = placement[idx.get(found)];
        return seq <= at.firstSeq() + at.events() ? idx.get(found) : -1;  // up to its END
    }

    private static Map<Double, Double> earlyAccuracy(List<Gesture> gestures, Placement[] placement, Map<String, String> topAt,
                                                     List<Answer> answers) {
        Map<Double, Double> out = new LinkedHashMap<>();
        for (double f : new double[] {0.25, 0.5, 0.75}) {
            int ok = 0, n = 0;
            for (int i = 0; i < gestures.size(); i++) {
                String truth = gestures.get(i).label();
                if (truth.isEmpty() || placement[i] == null) continue;
                n++;
                int cut = Math.max(1, (int) Math.ceil(f * placement[i].events() - 1e-9));
                if (truth.equals(topAt.get(placement[i].session() + "/" + (placement[i].firstSeq() + cut - 1)))) ok++;
            }
            out.put(f, n == 0 ? Double.NaN : (double) ok / n);
        }
        long labelled = answers.stream().filter(a -> a.truth() != null).count();
        long correct = answers.stream().filter(a -> a.truth() != null && a.truth().equals(a.answer())).count();
        out.put(1.0, labelled == 0 ? Double.NaN : (double) correct / gestures.stream().filter(g -> !g.label().isEmpty()).count());
        return out;
    }
}
