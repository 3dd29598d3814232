package io.gesturestream.tools;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.app.topology.GestureTopology;
import io.gesturestream.app.topology.Names;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Json;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Runs recorded gestures through the real topology in this process (Kafka Streams'
 * TopologyTestDriver, with a wall clock that stands still), for deterministic regression tests:
 * the same input gives the same predictions, bit for bit. Gestures are replayed one after
 * another in input order, on the session they were recorded in (a JSONL or Avro recording's
 * session, a dataset's writer or subject; {@code g<i>} when there is none), its seq continuing
 * from one gesture to the next, as a device would send them.
 */
public final class OfflineReplay {
    private OfflineReplay() {}

    /** A prediction, with its session and the true label of its gesture (null when unlabelled). */
    public record Output(String session, String truth, Prediction prediction) {}

    public static List<Output> run(List<Gesture> gestures, Model model, StreamSettings settings) {
        Path state;
        try {
            state = Files.createTempDirectory("gesture-offline-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "gesture-offline-replay");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        p.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");  // as the app sets it (AppConfig)
        AvroSerde<GestureEvent> serde = GestureSerdes.gestureEvent();
        try (TopologyTestDriver d = new TopologyTestDriver(GestureTopology.build(settings.withoutClockLimits(), model), p, Instant.EPOCH)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic(Names.EVENTS_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, Prediction> out = d.createOutputTopic(Names.PREDICTIONS_TOPIC, new StringDeserializer(),
                    GestureSerdes.prediction().deserializer());
            List<Output> all = new ArrayList<>();
            Map<String, Long> nextSeq = new HashMap<>();
            for (int i = 0; i < gestures.size(); i++) {
                Gesture g = gestures.get(i);
                String session = g.subject().isEmpty() ? "g" + i : g.subject();
                List<GestureEvent> events = GestureEvents.of(session, g, nextSeq.getOrDefault(session, 1L), 0);
                nextSeq.put(session, events.get(events.size() - 1).getSeq() + 1);
                for (GestureEvent e : events) {
                    in.pipeInput(session.getBytes(StandardCharsets.UTF_8), serde.serialize(Names.EVENTS_TOPIC, e), e.getTimestamp());
                }
                for (KeyValue<String, Prediction> kv : out.readKeyValuesToList()) {
                    all.add(new Output(kv.key, g.label().isEmpty() ? null : g.label(), kv.value));
                }
            }
            return all;
        } finally {
            try (Stream<Path> s = Files.walk(state)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temp folder
            }
        }
    }

    /**
     * One JSON line per prediction; floats as Java prints them (the shortest text that reads
     * back to the same bits), so equal files mean equal bits.
     */
    public static void write(Writer w, List<Output> predictions) throws IOException {
        for (Output o : predictions) {
            Prediction p = o.prediction();
            StringBuilder b = new StringBuilder("{\"session\":").append(Json.quote(o.session())).append(",\"seq\":").append(p.getSeq())
                    .append(",\"steps\":").append(p.getSteps()).append(",\"top\":").append(Json.quote(p.getTopLabel()));
            if (o.truth() != null) b.append(",\"truth\":").append(Json.quote(o.truth()));
            b.append(",\"final\":").append(p.getFinal$());
            if (p.getFinalReason() != null) b.append(",\"reason\":\"").append(p.getFinalReason()).append('"');
            b.append(",\"p\":[");
            for (int i = 0; i < p.getProbabilities().size(); i++) b.append(i == 0 ? "" : ",").append(p.getProbabilities().get(i));
            w.write(b.append("]}\n").toString());
        }
    }
}
