package io.gesturestream.tools;

import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.DataFormatException;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Splice;
import io.gesturestream.model.data.WandReader;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.eval.SpotEvaluation;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code demo} with a spotting model (issue 20): instead of pen gestures, continuous IMU streams,
 * one session each, as a wand held all day would send them, built by {@link SpotEvaluation#streams}
 * from the magic-wand test people's gestures between stretches of its long recordings of other
 * motion. Through the broker and the real topology; the SPOTTED finals read back from the results
 * topic (read_committed) are scored exactly as {@link SpotEvaluation#score} scores the offline
 * detections, and compared with those, event for event.
 */
final class SpotDemo {
    /** How long after the last event is sent the finals still to come are waited for. */
    static final Duration DRAIN = Duration.ofSeconds(30);

    private SpotDemo() {}

    /** The magic-wand test streams under {@code datasets}, at most {@code count} (0: all); one line and exit 2 when the data is not there. */
    static List<Splice.Stream> streams(Path datasets, int count, long seed) {
        Path data = datasets.resolve("magic-wand").resolve("data");
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("a spotting model's demo replays the magic-wand data, and there is no folder " + data
                    + " (give --datasets DIR, the folder that holds magic-wand/data)");
        }
        try {
            WandReader.Result r = WandReader.read(data, io.gesturestream.model.Meter.NONE);
            List<Gesture> test = WriterSplit.TEST.select(r.gestures(), data.toString());
            List<List<Sample>> negatives = r.streams().stream().map(Gesture::samples).toList();
            if (negatives.isEmpty()) throw new IllegalArgumentException(data + " has no long recordings of other motion (output_negative_N.txt)");
            List<Splice.Stream> all = SpotEvaluation.streams(test, negatives, seed);
            return count > 0 && count < all.size() ? all.subList(0, count) : all;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** One stream's events as the device sends them: seq from 1, its times from {@code t0}, no END (a stream has none). */
    static List<GestureEvent> events(String session, Splice.Stream s, long t0) {
        List<GestureEvent> es = GestureEvents.of(session, new Gesture("", "", s.samples()), 1, t0);
        return es.subList(0, es.size() - 1);
    }

    /**
     * Sends {@code streams} (session {@code prefix + i} each, interleaved, {@code rate} events/s in all, 0: full speed), reads
     * their SPOTTED finals, prints a line per final, and returns 0 when they are the offline detections exactly.
     */
    static int run(String bootstrap, Model model, List<Splice.Stream> streams, double rate, PrintStream out, AtomicBoolean stop)
            throws InterruptedException {
        int k = streams.size();
        long longest = streams.stream().mapToLong(s -> s.samples().get(s.samples().size() - 1).t()).max().orElse(0);
        long t0 = System.currentTimeMillis() - longest - 1000;  // the devices' clock: every event time in the past
        List<List<GestureEvent>> events = new ArrayList<>();
        List<List<SpotEvaluation.Detection>> offline = new ArrayList<>();
        Map<String, Integer> streamOf = new HashMap<>();
        long total = 0;
        for (int i = 0; i < k; i++) {
            String session = "wand-" + i;
            streamOf.put(session, i);
            List<GestureEvent> es = events(session, streams.get(i), t0);
            events.add(es);
            total += es.size();
            // the offline reference reads exactly what the app reads, back in the stream's own time
            List<Sample> samples = es.stream().map(GestureEvents::toSample).toList();
            offline.add(SpotEvaluation.detect(model, samples).stream()
                    .map(d -> new SpotEvaluation.Detection(d.label(), d.index(), d.time() - t0)).toList());
        }
        int expected = offline.stream().mapToInt(List::size).sum();
        out.printf(Locale.ROOT, "sending %d continuous IMU streams (%d events, %.1f min of motion, %d gestures) as %d sessions at %s%n", k,
                total, streams.stream().mapToLong(s -> s.samples().get(s.samples().size() - 1).t()).sum() / 60000.0,
                streams.stream().mapToInt(s -> s.events().size()).sum(), k, rate > 0 ? (long) rate + " events/s" : "full speed");
        out.flush();

        long[][] sentAt = new long[k][];
        for (int i = 0; i < k; i++) sentAt[i] = new long[events.get(i).size()];
        List<List<SpotEvaluation.Detection>> found = new ArrayList<>();
        for (int i = 0; i < k; i++) found.add(new ArrayList<>());
        List<long[]> wall = new ArrayList<>();  // {sent at, latency µs}
        AtomicInteger received = new AtomicInteger(), duplicates = new AtomicInteger();
        java.util.Set<String> seen = new java.util.HashSet<>();
        AtomicBoolean sendingDone = new AtomicBoolean(), assigned = new AtomicBoolean();
        long[] deadline = {Long.MAX_VALUE};
        Properties cp = new Properties();
        cp.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "gesture-spot-demo-" + System.nanoTime());
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, Prediction> c = new KafkaConsumer<>(cp, new StringDeserializer(), GestureSerdes.prediction().deserializer())) {
                c.subscribe(List.of(Names.RESULTS_TOPIC));
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (c.assignment().isEmpty() && System.nanoTime() < until) c.poll(Duration.ofMillis(50));
                c.seekToEnd(c.assignment());
                c.assignment().forEach(c::position);
                assigned.set(true);
                while (!stop.get() && !(sendingDone.get() && (received.get() >= expected || System.nanoTime() > deadline[0]))) {
                    for (ConsumerRecord<String, Prediction> r : c.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        Integer i = streamOf.get(r.key());
                        Prediction p = r.value();
                        if (i == null || p.getFinalReason() != FinalReason.SPOTTED) continue;
                        int index = (int) p.getSeq() - 1;
                        if (!seen.add(r.key() + "/" + p.getSeq()) || index < 0 || index >= sentAt[i].length) {
                            duplicates.incrementAndGet();
                            continue;
                        }
                        long time = p.getEventTimestamp().toEpochMilli() - t0;
                        synchronized (found) {
                            found.get(i).add(new SpotEvaluation.Detection(p.getTopLabel(), index, time));
                            wall.add(new long[] {sentAt[i][index], (now - sentAt[i][index]) / 1000});
                        }
                        received.incrementAndGet();
                        out.printf(Locale.ROOT, "%-8s spotted %-8s at event %5d (%7.2f s)  %s%n", r.key(), p.getTopLabel(), p.getSeq(),
                                time / 1000.0, truth(streams.get(i), p.getTopLabel(), time));
                    }
                }
                c.close(Duration.ofSeconds(2));
            }
        }, "gesture-spot-demo-reader");
        reader.start();
        Properties pp = new Properties();
        pp.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        long start = System.nanoTime();
        long[] sendStart = {start};
        try (KafkaProducer<String, GestureEvent> producer = new KafkaProducer<>(pp, new StringSerializer(), GestureSerdes.gestureEvent().serializer())) {
            while (!assigned.get() && reader.isAlive()) Thread.sleep(20);
            sendStart[0] = System.nanoTime();
            long n = 0;
            // round-robin: the j-th event of every stream, then the (j+1)-th, as devices sending at one rate would
            int longestEvents = events.stream().mapToInt(List::size).max().orElse(0);
            for (int j = 0; j < longestEvents && !stop.get(); j++) {
                for (int i = 0; i < k && !stop.get(); i++) {
                    if (j >= events.get(i).size()) continue;
                    long due = rate > 0 ? sendStart[0] + (long) (n++ / rate * 1e9) : 0;
                    while (System.nanoTime() < due && !stop.get()) {
                        if (due - System.nanoTime() > 2_000_000) Thread.sleep(1);
                        else Thread.onSpinWait();
                    }
                    GestureEvent e = events.get(i).get(j);
                    sentAt[i][j] = System.nanoTime();
                    producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, e.getSession(), e));
                }
            }
            producer.flush();
        }
        deadline[0] = System.nanoTime() + DRAIN.toNanos();
        sendingDone.set(true);
        reader.join();
        double seconds = (System.nanoTime() - start) / 1e9;

        List<List<SpotEvaluation.Detection>> got = new ArrayList<>();
        long[] wallMicros, warmMicros;
        long warmFrom = sendStart[0] + io.gesturestream.app.kafka.Replay.WARM_UP.toNanos();
        synchronized (found) {
            for (List<SpotEvaluation.Detection> f : found) {
                List<SpotEvaluation.Detection> sorted = new ArrayList<>(f);
                sorted.sort(Comparator.comparingInt(SpotEvaluation.Detection::index));
                got.add(sorted);
            }
            wallMicros = wall.stream().mapToLong(w -> w[1]).sorted().toArray();
            warmMicros = wall.stream().filter(w -> w[0] >= warmFrom).mapToLong(w -> w[1]).sorted().toArray();
        }
        SpotEvaluation.Score s = SpotEvaluation.score(streams, got);
        boolean same = got.equals(offline);
        out.printf(Locale.ROOT, "demo: %d streams, %.1f min, %d gestures: recall %.2f%%, precision %.2f%% (%d detections, %d false); %d duplicated%n",
                s.streams(), s.durationMs() / 60000.0, s.gestures(), 100 * s.recall(), 100 * s.precision(), s.detections(), s.falseDetections(),
                duplicates.get());
        out.printf(Locale.ROOT, "demo: detection latency after the gesture's last sample, in the events' time: median %.0f ms, p90 %.0f ms%n",
                s.latency(0.5), s.latency(0.9));
        out.printf(Locale.ROOT, "demo: completing event sent to its final read: p50 %.1f ms, p99 %.1f ms over %d finals "
                        + "(after the first %d s: p50 %.1f ms, p99 %.1f ms over %d); %.1f s%n", quantile(wallMicros, 0.5) / 1000,
                quantile(wallMicros, 0.99) / 1000, wallMicros.length, io.gesturestream.app.kafka.Replay.WARM_UP.toSeconds(),
                quantile(warmMicros, 0.5) / 1000, quantile(warmMicros, 0.99) / 1000, warmMicros.length, seconds);
        out.printf(Locale.ROOT, "demo: the stream's detections %s the offline ones (SpotEvaluation.detect: %d)%n",
                same ? "are exactly" : "DIFFER from", expected);
        if (stop.get()) out.println("demo: stopped before the end of the input");
        return same && duplicates.get() == 0 ? 0 : 1;
    }

    /** Whether a detection finds a gesture of its stream, as the score matches it (ignoring which detection came first). */
    private static String truth(Splice.Stream st, String label, long time) {
        for (Splice.Event e : st.events()) {
            long first = st.samples().get(e.first()).t(), last = st.samples().get(e.last()).t();
            if (time >= first && time <= last + SpotEvaluation.MATCH_MS) {
                return e.label().equals(label) ? String.format(Locale.ROOT, "a %s ended %+d ms before", e.label(), time - last)
                        : "<- a " + e.label() + " was made";
            }
        }
        return "<- false: no gesture there";
    }

    private static double quantile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
