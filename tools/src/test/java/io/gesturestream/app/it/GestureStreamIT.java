package io.gesturestream.app.it;

import io.gesturestream.app.config.AppConfig;
import io.gesturestream.tools.EmbeddedKafka;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.LabelSet;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app against a real Kafka broker (KRaft, in this JVM, 127.0.0.1 only) with real RocksDB
 * stores: gestures in, one final result each out, bit for bit what the offline recognizer says,
 * and a malformed record dead-lettered without disturbing the rest; under at_least_once and
 * under exactly_once_v2 (read with read_committed). For the transcription model {@code words}
 * (with its lexicon), the final text too.
 */
class GestureStreamIT {
    @TempDir
    Path stateDir;

    @ParameterizedTest
    @CsvSource({"pendigits,, at_least_once", "pendigits,, exactly_once_v2", "digits,, at_least_once", "latin,, exactly_once_v2",
            "latin, 'A-Z,a-z', at_least_once", "words,, exactly_once_v2", "words,, at_least_once"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void gesturesThroughARealBrokerGiveExactlyTheOfflineResults(String name, String labels, String guarantee) throws Exception {
        // the bundled models, and one restricted to some of its labels (GESTURE_LABELS)
        Model model = Model.bundled(name).restrictedTo(labels == null ? null : LabelSet.parse(labels));
        List<Gesture> gestures = Fixtures.shapes(2, 1, 7);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            AppConfig cfg = kafka.prepareApp(4, "gesture-it", stateDir);
            Properties props = cfg.streamsProperties();
            props.put("processing.guarantee", guarantee);
            try (KafkaStreams streams = new KafkaStreams(GestureTopology.build(cfg.stream(), model), props)) {
                streams.start();
                Properties pp = new Properties();
                pp.put("bootstrap.servers", kafka.bootstrapServers());
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                    var serde = GestureSerdes.gestureEvent();
                    for (int i = 0; i < gestures.size(); i++) {
                        String s = "s" + i;
                        for (GestureEvent e : GestureEvents.of(s, gestures.get(i), 1, 0)) {
                            producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, s.getBytes(StandardCharsets.UTF_8),
                                    serde.serialize(Names.EVENTS_TOPIC, e)));
                        }
                    }
                    producer.send(new ProducerRecord<>(Names.EVENTS_TOPIC, "bad".getBytes(), "garbage".getBytes()));
                    producer.flush();
                }
                Map<String, Prediction> results = new HashMap<>();
                for (ConsumerRecord<String, Prediction> rec : read(kafka, Names.RESULTS_TOPIC, new StringDeserializer(),
                        GestureSerdes.prediction().deserializer(), gestures.size())) {
                    assertTrue(results.put(rec.key(), rec.value()) == null, "duplicate result for " + rec.key());
                }
                assertEquals(gestures.size(), results.size());
                Map<String, List<Float>> expected = ItSupport.offlineFinals(model, gestures, "s");
                for (int i = 0; i < gestures.size(); i++) {
                    Prediction got = results.get("s" + i);
                    assertEquals(FinalReason.END, got.getFinalReason());
                    assertEquals(expected.get("s" + i), got.getProbabilities(), "s" + i);
                    if (model.output() == io.gesturestream.model.OutputKind.CTC) {   // words, with its lexicon: the same text
                        io.gesturestream.model.Recognizer r = new io.gesturestream.model.Recognizer(model);
                        io.gesturestream.model.SessionState st = r.newSession();
                        for (var x : gestures.get(i).samples()) r.step(st, x);
                        assertEquals(r.finalText(st), got.getText(), "s" + i);
                        assertEquals(r.inLexicon(st), got.getInLexicon(), "s" + i);
                        assertTrue(model.lexicon() != null && got.getInLexicon() != null, "the bundled words model has its lexicon");
                    }
                }
                List<ConsumerRecord<byte[], DeadLetter>> dead = read(kafka, Names.DLQ_TOPIC, new ByteArrayDeserializer(),
                        GestureSerdes.deadLetter().deserializer(), 1);
                assertEquals("bad", new String(dead.get(0).key()));
                assertTrue(dead.get(0).value().getErrorMessage().contains("GestureEvent"));
                streams.close(Duration.ofSeconds(10));
            }
        }
    }

    private static <K, V> List<ConsumerRecord<K, V>> read(EmbeddedKafka kafka, String topic, Deserializer<K> k,
                                                         Deserializer<V> v, int want) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("group.id", "it-" + topic);
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");  // under exactly_once_v2, only committed output counts
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (KafkaConsumer<K, V> c = new KafkaConsumer<>(p, k, v)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < want && System.nanoTime() < deadline) {
                for (ConsumerRecord<K, V> r : c.poll(Duration.ofMillis(200))) out.add(r);
            }
            // a little longer, to catch duplicates
            for (ConsumerRecord<K, V> r : c.poll(Duration.ofMillis(500))) out.add(r);
        }
        return out;
    }
}
