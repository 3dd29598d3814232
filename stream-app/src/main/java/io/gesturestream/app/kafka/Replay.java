package io.gesturestream.app.kafka;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Sends recorded gestures to {@code gesture-events} over K concurrent sessions (each session
 * sends its gestures one after another, sessions interleave event by event), paced at a given
 * rate, and reads {@code gesture-predictions} and {@code gesture-results} back: which gesture
 * got which final answer, and the event-to-prediction latency as the reader sees it.
 */
public final class Replay {
    /** One gesture's final answer. */
    public record Answer(String session, int index, String truth, Prediction result) {}

    /** What came back. */
    /**
     * @param latenciesMicros  event-to-prediction latency of every non-final prediction read
     * @param warmLatenciesMicros the same for events sent after the first {@link #WARM_UP} of sending:
     *                            a fresh JVM runs interpreted at first
     */
    public record Report(int gestures, List<Answer> answers, int duplicates, long[] latenciesMicros,
                         long[] warmLatenciesMicros, double seconds) {
        public long correct() {
            return answers.stream().filter(a -> a.truth() != null && a.truth().equals(a.result().getTopLabel())).count();
        }

        public long labelled() {
            return answers.stream().filter(a -> a.truth() != null).count();
        }

        /** Latency percentile in ms, q in [0, 1]. */
        public double latencyMs(double q) {
            return percentileMs(latenciesMicros, q);
        }

        /** Latency percentile in ms after the warm-up. */
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

    public static final Duration WARM_UP = Duration.ofSeconds(5);

    private Replay() {}

    /**
     * @param rate events per second, 0 for as fast as possible
     * @param onAnswer called for every final result as it arrives
     */
    public static Report run(String bootstrap, List<Gesture> gestures, int sessions, double rate, Duration timeout,
                             Consumer<Answer> onAnswer, AtomicBoolean stop) {
        // session k sends gestures k, k+K, k+2K, ...: seq continues across its gestures
        List<Deque<GestureEvent>> queues = new ArrayList<>();
        Map<String, List<Integer>> gestureOf = new HashMap<>();  // session -> gesture indexes in order
        for (int k = 0; k < Math.min(sessions, gestures.size()); k++) {
            String s = "session-" + k;
            Deque<GestureEvent> q = new ArrayDeque<>();
            long seq = 1;
            List<Integer> idx = new ArrayList<>();
            for (int i = k; i < gestures.size(); i += sessions) {
                List<GestureEvent> es = GestureEvents.of(s, gestures.get(i), seq, 0);
                seq += es.size();
                q.addAll(es);
                idx.add(i);
            }
            queues.add(q);
            gestureOf.put(s, idx);
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Integer> finals = new HashMap<>();
        List<Answer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        List<long[]> latencies = new ArrayList<>();  // {sent at, latency us}
        int[] duplicates = {0};
        long start = System.nanoTime();
        Properties pp = new Properties();
        pp.put("bootstrap.servers", bootstrap);
        pp.put("linger.ms", "1");
        Properties cp = new Properties();
        cp.put("bootstrap.servers", bootstrap);
        cp.put("group.id", "gesture-replay-" + System.nanoTime());
        cp.put("auto.offset.reset", "latest");
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean sendingDone = new AtomicBoolean();
        long[] deadline = {Long.MAX_VALUE};
        long[] sendStart = {System.nanoTime()};
        // the reader runs beside the sender, so that receive times are not delayed by sending
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, Prediction> consumer = new KafkaConsumer<>(cp, new StringDeserializer(),
                    GestureSerdes.prediction().deserializer())) {
                consumer.subscribe(List.of(Names.PREDICTIONS_TOPIC, Names.RESULTS_TOPIC));
                while (consumer.assignment().size() < 2 && System.nanoTime() - start < timeout.toNanos()) {
                    consumer.poll(Duration.ofMillis(50));
                }
                consumer.seekToEnd(consumer.assignment());
                consumer.assignment().forEach(consumer::position);
                assigned.countDown();
                while (!stop.get() && answers.size() < gestures.size()
                        && !(sendingDone.get() && System.nanoTime() > deadline[0])) {
                    drain(consumer, Duration.ofMillis(50), sentAt, finals, gestureOf, gestures, answers, latencies, duplicates, onAnswer);
                }
                if (!stop.get()) {
                    drain(consumer, Duration.ofMillis(300), sentAt, finals, gestureOf, gestures, answers, latencies, duplicates,
                            onAnswer);
                }
                consumer.close(Duration.ofSeconds(2));
            }
        }, "gesture-replay-reader");
        reader.start();
        try (KafkaProducer<String, GestureEvent> producer = new KafkaProducer<>(pp, new StringSerializer(),
                GestureSerdes.gestureEvent().serializer())) {
            assigned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            long sent = 0;
            sendStart[0] = System.nanoTime();
            boolean more = true;
            while (more && !stop.get()) {
                more = false;
                for (Deque<GestureEvent> q : queues) {
                    GestureEvent e = q.poll();
                    if (e == null) continue;
                    more = true;
                    if (rate > 0) {
                        long due = sendStart[0] + (long) (sent / rate * 1e9);
                        while (System.nanoTime() < due) Thread.onSpinWait();
                    }
                    sentAt.put(e.getSession() + "/" + e.getSeq(), System.nanoTime());
                    producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                    sent++;
                }
            }
            if (!stop.get()) producer.flush();
            deadline[0] = System.nanoTime() + timeout.toNanos();
            sendingDone.set(true);
            reader.join();
            producer.close(Duration.ofSeconds(stop.get() ? 1 : 10));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
        long[] lat, warm;
        long warmFrom = sendStart[0] + WARM_UP.toNanos();
        synchronized (latencies) {
            lat = latencies.stream().mapToLong(l -> l[1]).toArray();
            warm = latencies.stream().filter(l -> l[0] >= warmFrom).mapToLong(l -> l[1]).toArray();
        }
        return new Report(gestures.size(), new ArrayList<>(answers), duplicates[0], lat, warm, (System.nanoTime() - start) / 1e9);
    }

    private static void drain(KafkaConsumer<String, Prediction> c, Duration wait, Map<String, Long> sentAt,
                              Map<String, Integer> finals, Map<String, List<Integer>> gestureOf, List<Gesture> gestures,
                              List<Answer> answers, List<long[]> latencies, int[] duplicates, Consumer<Answer> onAnswer) {
        long now;
        for (ConsumerRecord<String, Prediction> r : c.poll(wait)) {
            now = System.nanoTime();
            Prediction p = r.value();
            if (r.topic().equals(Names.PREDICTIONS_TOPIC)) {
                Long t = sentAt.get(r.key() + "/" + p.getSeq());
                if (t != null && !p.getFinal$()) {
                    synchronized (latencies) {
                        latencies.add(new long[] {t, (now - t) / 1000});
                    }
                }
                continue;
            }
            List<Integer> idx = gestureOf.get(r.key());
            if (idx == null) continue;
            int n = finals.merge(r.key(), 1, Integer::sum);
            if (n > idx.size()) {
                duplicates[0]++;
                continue;
            }
            int g = idx.get(n - 1);
            String truth = gestures.get(g).label().isEmpty() ? null : gestures.get(g).label();
            Answer a = new Answer(r.key(), g, truth, p);
            answers.add(a);
            onAnswer.accept(a);
        }
    }
}
