package io.gesturestream.app.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Recordings of {@code gesture-events}: {@link #record} consumes the topic from a point in time
 * (or the beginning) up to its end at the moment of the call, or a record limit, into an Avro
 * container file that holds its schema; {@link #read} turns such a file back into gestures
 * for {@code replay}. Records that do not decode are counted and skipped.
 */
public final class Recording {
    private Recording() {}

    /** @return events written */
    public static long record(String bootstrap, String topic, Long fromTimestampMs, long limit, Path out) throws IOException {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put("enable.auto.commit", "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long written = 0, skipped = 0;
        var serde = GestureSerdes.gestureEvent();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             DataFileWriter<GestureEvent> w = new DataFileWriter<>(new SpecificDatumWriter<>(GestureEvent.class))) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            if (parts.isEmpty()) throw new IOException("topic " + topic + " not found");
            c.assign(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            if (fromTimestampMs == null) {
                c.seekToBeginning(parts);
            } else {
                Map<TopicPartition, Long> ts = new HashMap<>();
                for (TopicPartition tp : parts) ts.put(tp, fromTimestampMs);
                c.offsetsForTimes(ts).forEach((tp, o) -> c.seek(tp, o == null ? end.get(tp) : o.offset()));
            }
            w.create(GestureEvent.getClassSchema(), out.toFile());
            while (written < limit && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition())) || written >= limit) continue;
                    try {
                        w.append(serde.deserialize(topic, r.value()));
                        written++;
                    } catch (SerializationException | NullPointerException e) {
                        skipped++;
                    }
                }
            }
        }
        if (skipped > 0) System.err.println("record: skipped " + skipped + " records that are not GestureEvents");
        return written;
    }

    /** The gestures of a recording: each session's events up to its END, in order of their END. */
    public static List<Gesture> read(Path file) throws IOException {
        io.gesturestream.schemas.AvroTrust.ourClasses();  // the container reader instantiates GestureEvent by name
        Map<String, List<GestureEvent>> open = new LinkedHashMap<>();
        List<Gesture> out = new ArrayList<>();
        try (DataFileReader<GestureEvent> r = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(GestureEvent.class))) {
            for (GestureEvent e : r) {
                List<GestureEvent> g = open.computeIfAbsent(e.getSession(), k -> new ArrayList<>());
                if (e.getType() != EventType.END) {
                    if (e.getSample() != null) g.add(e);
                    continue;
                }
                open.remove(e.getSession());
                if (g.isEmpty()) continue;
                String label = e.getLabel() != null ? e.getLabel() : g.get(0).getLabel();
                List<Sample> samples = new ArrayList<>();
                for (GestureEvent x : g) samples.add(GestureEvents.toSample(x));
                out.add(new Gesture(label == null ? "" : label, e.getSession(), samples));
            }
        }
        return out;
    }

}
