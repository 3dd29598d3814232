package io.gesturestream.app.it;

import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.kafka.Tail;
import io.gesturestream.app.kafka.Topics;
import io.gesturestream.app.topology.Names;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tail} against a real broker: a line per record of each kind, one line for a record that
 * does not decode and then on, nothing of an aborted transaction (read_committed), one session
 * only, new records only without {@code --from-beginning}, and a quick clear error when the
 * topic or the cluster is not there.
 */
class TailIT {
    static final Instant T = Instant.parse("2025-03-01T12:00:00.250Z");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tailPrintsALinePerRecordAndGoesOnPastOneThatDoesNotDecode() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            long t0 = System.nanoTime();
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> tail(kafka, Map.of("topic", "results", "from-beginning", "true")));
            assertEquals("topic gesture-results does not exist at " + kafka.bootstrapServers(), missing.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15), "a missing topic fails fast");

            kafka.createAppTopics(2);
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            Properties tx = new Properties();
            tx.putAll(p);
            tx.put("transactional.id", "tail-it");
            try (KafkaProducer<byte[], byte[]> aborted = new KafkaProducer<>(tx, new ByteArraySerializer(), new ByteArraySerializer())) {
                aborted.initTransactions();
                aborted.beginTransaction();
                aborted.send(result(prediction("aborted", 1)));
                aborted.flush();
                aborted.abortTransaction();
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(result(prediction("pen-7", 42)));
                producer.send(new ProducerRecord<>(Names.RESULTS_TOPIC, 0, T.toEpochMilli(), bytes("pen-8"), bytes("garbage, no Avro")));
                producer.send(result(prediction("pen-8", 17)));
                DeadLetter d = DeadLetter.newBuilder().setKey(ByteBuffer.wrap(bytes("bad"))).setValue(ByteBuffer.wrap(bytes("garbage")))
                        .setTopic(Names.EVENTS_TOPIC).setPartition(1).setOffset(99).setErrorClass("InvalidEventException")
                        .setErrorMessage("not an Avro single-object GestureEvent: Not enough header bytes").setTimestamp(T).build();
                producer.send(new ProducerRecord<>(Names.DLQ_TOPIC, bytes("bad"), GestureSerdes.deadLetter().serialize(Names.DLQ_TOPIC, d)));
                GestureEvent e = GestureEvent.newBuilder().setSession("pen-7").setSeq(3).setTimestamp(T).setType(EventType.MOVE)
                        .setSample(new PenSample(12.5f, 30f, null)).build();
                producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, bytes("pen-7"), GestureSerdes.gestureEvent().serialize(Names.EVENTS_TOPIC, e)));
                producer.flush();
            }

            Result r = tail(kafka, Map.of("topic", "results", "from-beginning", "true", "limit", "3"));
            assertEquals(3, r.printed);
            assertEquals(List.of(
                    "2025-03-01T12:00:00.250Z session=pen-7 seq=42 top=7 p=0.913 steps=42 final=END",
                    "2025-03-01T12:00:00.250Z gesture-results partition 0 offset 3: not a Prediction (16 bytes): not an Avro single-object"
                            + " Prediction: Unrecognized header bytes: 0x67 0x61",
                    "2025-03-01T12:00:00.250Z session=pen-8 seq=17 top=7 p=0.913 steps=42 final=END"), r.lines(),
                    "the aborted transaction's record (offset 0) is not shown, the garbage is a line of its own");

            assertEquals(List.of("2025-03-01T12:00:00.250Z dead letter from gesture-events partition 1 offset 99, key \"bad\", value 7 bytes:"
                    + " not an Avro single-object GestureEvent: Not enough header bytes"),
                    tail(kafka, Map.of("topic", "dlq", "from-beginning", "true", "limit", "1")).lines());
            assertEquals(List.of("2025-03-01T12:00:00.250Z session=pen-7 seq=3 MOVE pen x=12.5 y=30.0"),
                    tail(kafka, Map.of("topic", "events", "from-beginning", "true", "limit", "1")).lines());
            List<String> pen8 = tail(kafka, Map.of("topic", "results", "from-beginning", "true", "session", "pen-8", "limit", "2")).lines();
            assertEquals(2, pen8.size());
            assertTrue(pen8.get(0).contains("not a Prediction") && pen8.get(1).contains("session=pen-8"), pen8.toString());

            // without --from-beginning: only what comes after it started
            CompletableFuture<Result> live = CompletableFuture.supplyAsync(() -> tail(kafka, Map.of("topic", "results", "limit", "1")));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; !live.isDone() && i < 100; i++) {  // until tail, positioned at the end, sees one
                    producer.send(result(prediction("live", i))).get();
                    Thread.sleep(200);
                }
            }
            List<String> lines = live.get(30, TimeUnit.SECONDS).lines();
            assertEquals(1, lines.size());
            assertTrue(lines.get(0).contains("session=live"), lines.toString());

            // no limit: it follows until stopped
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Long> following = CompletableFuture.supplyAsync(() -> Tail.run(options(
                    Map.of("topic", "dlq", "bootstrap", kafka.bootstrapServers())), new PrintStream(new ByteArrayOutputStream()), stop));
            Thread.sleep(2000);
            assertTrue(!following.isDone(), "still following");
            stop.set(true);
            assertEquals(0L, following.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUnreachableClusterFailsFastWithOneClearMessage() throws Exception {
        int port = ItSupport.freePort();
        long t0 = System.nanoTime();
        Topics.ClusterUnavailableException e = assertThrows(Topics.ClusterUnavailableException.class, () -> Tail.run(
                options(Map.of("bootstrap", "127.0.0.1:" + port)), new PrintStream(new ByteArrayOutputStream()), new AtomicBoolean()));
        long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertEquals("no answer from Kafka at 127.0.0.1:" + port + " within 10 s (is a broker running there?)", e.getMessage());
        assertTrue(s <= 15, "gave up after " + s + " s");
    }

    record Result(long printed, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Result tail(EmbeddedKafka kafka, Map<String, String> opts) {
        Map<String, String> o = new HashMap<>(opts);
        o.put("bootstrap", kafka.bootstrapServers());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = Tail.run(options(o), new PrintStream(out, true, StandardCharsets.UTF_8), new AtomicBoolean());
        return new Result(n, out.toString(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** To partition 0 of the results topic, so that the order is known. */
    private static ProducerRecord<byte[], byte[]> result(Prediction p) {
        return new ProducerRecord<>(Names.RESULTS_TOPIC, 0, T.toEpochMilli(), bytes(p.getSession()),
                GestureSerdes.prediction().serialize(Names.RESULTS_TOPIC, p));
    }

    private static Prediction prediction(String session, long seq) {
        return Prediction.newBuilder().setSession(session).setSeq(seq).setEventTimestamp(T).setModel("pendigits").setModelVersion("1")
                .setSteps(42).setTopLabel("7").setTopProbability(0.9134f).setProbabilities(List.of(0.9134f)).setFinal$(true)
                .setFinalReason(FinalReason.END).setProcessedAt(T).build();
    }

    /** The options as {@code gesture-stream tail} parses them. */
    private static Tail.Options options(Map<String, String> o) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("tail"));
        o.forEach((k, v) -> {
            args.add("--" + k);
            if (!k.equals("from-beginning")) args.add(v);
        });
        return io.gesturestream.app.cli.TailCommand.options(args.toArray(String[]::new));
    }
}
