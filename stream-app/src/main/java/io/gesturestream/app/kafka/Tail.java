package io.gesturestream.app.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import io.gesturestream.app.topology.Names;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code tail}: follows one of the app's topics and prints a line per record, read_committed,
 * from the end (new records only) or the beginning, for every session or one. A record that does
 * not decode gets a line saying so, and tail goes on. {@link #format} makes the lines.
 */
public final class Tail {
    private Tail() {}

    /** How long tail waits for the cluster, and for the topic's metadata, before giving up. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int KEY_BYTES_SHOWN = 32;
    private static final AvroSerde<Prediction> PREDICTION_SERDE = GestureSerdes.prediction();
    private static final AvroSerde<DeadLetter> DEAD_LETTER_SERDE = GestureSerdes.deadLetter();
    private static final AvroSerde<GestureEvent> EVENT_SERDE = GestureSerdes.gestureEvent();

    /** The topics tail follows, by their {@code --topic} names. */
    public enum Kind {
        RESULTS(Names.RESULTS_TOPIC), PREDICTIONS(Names.PREDICTIONS_TOPIC), DLQ(Names.DLQ_TOPIC), EVENTS(Names.EVENTS_TOPIC);

        public final String topic;

        Kind(String topic) {
            this.topic = topic;
        }

        /** {@code results}, {@code predictions}, {@code dlq} or {@code events}, or the topic's own name. */
        public static Kind of(String name) {
            for (Kind k : values()) if (k.name().equalsIgnoreCase(name) || k.topic.equals(name)) return k;
            throw new IllegalArgumentException("--topic must be results, predictions, dlq or events, got '" + name + "'");
        }
    }

    /**
     * @param client  Kafka client properties: {@code bootstrap.servers}, and security settings if any
     * @param session only this session's records (the record key), or null for all
     * @param limit   stop after this many lines
     */
    public record Options(Properties client, Kind kind, boolean fromBeginning, String session, long limit) {
        public Options {
            if (limit <= 0) throw new IllegalArgumentException("--limit must be positive, got " + limit);
        }
    }

    /**
     * Prints a line per record until {@code limit} lines or until {@code stop} is set.
     *
     * @return the lines printed
     * @throws Topics.ClusterUnavailableException when the cluster does not answer within about 10 s
     * @throws IllegalArgumentException           when the topic does not exist there
     */
    public static long run(Options o, java.io.PrintStream out, AtomicBoolean stop) {
        Topics.checkConnection(o.client(), CONNECT_TIMEOUT);
        Properties p = new Properties();
        p.putAll(o.client());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put("enable.auto.commit", "false");
        p.putIfAbsent("default.api.timeout.ms", Long.toString(CONNECT_TIMEOUT.toMillis()));
        String topic = o.kind().topic;
        byte[] session = o.session() == null ? null : o.session().getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> info = c.partitionsFor(topic, CONNECT_TIMEOUT);
            if (info == null || info.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist at " + o.client().getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
            }
            List<TopicPartition> parts = info.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);  // no consumer group: tail commits nothing and disturbs no one
            if (o.fromBeginning()) c.seekToBeginning(parts); else c.seekToEnd(parts);
            parts.forEach(c::position);  // "the end" is now, not whenever the first poll comes
            long printed = 0;
            while (printed < o.limit() && !stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (session != null && !Arrays.equals(session, r.key())) continue;
                    out.println(format(o.kind(), r));
                    if (++printed >= o.limit()) break;
                }
                out.flush();
            }
            return printed;
        }
    }

    /**
     * The line for one record of a {@code kind} topic, times in UTC:
     * <pre>
     * 2025-03-01T12:00:00.250Z session=pen-7 seq=42 top=7 p=0.913 steps=42 final=END     (results, predictions; final=- when not final)
     * 2025-03-01T12:00:00.250Z dead letter from gesture-events partition 2 offset 1234, key "pen-7", value 7 bytes: REASON
     * 2025-03-01T12:00:00.250Z session=pen-7 seq=3 MOVE pen x=12.5 y=30.0 pressure=0.5  (events)
     * 2025-03-01T12:00:00.250Z gesture-results partition 1 offset 17: not a Prediction (7 bytes): WHY
     * </pre>
     * The time is when the app made the prediction, when it dead-lettered the record, or the
     * event's time; for a record that does not decode, the record's timestamp. Control
     * characters in text from the topic are escaped, so that no record can rewrite the terminal.
     */
    public static String format(Kind kind, ConsumerRecord<byte[], byte[]> r) {
        try {
            return switch (kind) {
                case RESULTS, PREDICTIONS -> prediction(PREDICTION_SERDE.deserialize(r.topic(), nonNull(r)));
                case DLQ -> deadLetter(DEAD_LETTER_SERDE.deserialize(r.topic(), nonNull(r)));
                case EVENTS -> event(EVENT_SERDE.deserialize(r.topic(), nonNull(r)));
            };
        } catch (SerializationException | NullPointerException e) {
            String what = switch (kind) {
                case RESULTS, PREDICTIONS -> "Prediction";
                case DLQ -> "DeadLetter";
                case EVENTS -> "GestureEvent";
            };
            return time(r.timestamp()) + " " + r.topic() + " partition " + r.partition() + " offset " + r.offset() + ": not a "
                    + what + " (" + (r.value() == null ? "no value" : r.value().length + " bytes") + "): " + clean(e.getMessage());
        }
    }

    private static byte[] nonNull(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) throw new SerializationException("a null value");
        return r.value();
    }

    private static String prediction(Prediction p) {
        return String.format(Locale.ROOT, "%s session=%s seq=%d top=%s p=%.3f steps=%d final=%s", time(p.getProcessedAt()),
                clean(p.getSession()), p.getSeq(), clean(p.getTopLabel()), p.getTopProbability(), p.getSteps(),
                p.getFinal$() ? String.valueOf(p.getFinalReason()) : "-");
    }

    private static String deadLetter(DeadLetter d) {
        return time(d.getTimestamp()) + " dead letter from " + clean(d.getTopic()) + " partition " + d.getPartition() + " offset "
                + d.getOffset() + ", " + key(d.getKey()) + ", "
                + (d.getValue() == null ? "no value" : "value " + d.getValue().remaining() + " bytes") + ": " + clean(d.getErrorMessage());
    }

    private static String event(GestureEvent e) {
        StringBuilder b = new StringBuilder(time(e.getTimestamp())).append(" session=").append(clean(e.getSession()))
                .append(" seq=").append(e.getSeq()).append(' ').append(e.getType());
        if (e.getSample() instanceof PenSample s) {
            b.append(" pen x=").append(s.getX()).append(" y=").append(s.getY());
            if (s.getPressure() != null) b.append(" pressure=").append(s.getPressure());
        } else if (e.getSample() instanceof ImuSample s) {
            b.append(" imu ax=").append(s.getAx()).append(" ay=").append(s.getAy()).append(" az=").append(s.getAz());
            if (s.getGx() != null) b.append(" gx=").append(s.getGx());
            if (s.getGy() != null) b.append(" gy=").append(s.getGy());
            if (s.getGz() != null) b.append(" gz=").append(s.getGz());
        }
        if (e.getLabel() != null) b.append(" label=").append(clean(e.getLabel()));
        return b.toString();
    }

    /** {@code key "text"} when the key is printable UTF-8, else its first bytes in hex; {@code no key} for none. */
    static String key(ByteBuffer key) {
        if (key == null) return "no key";
        byte[] k = new byte[key.remaining()];
        key.duplicate().get(k);
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(k));
            if (text.codePoints().allMatch(Tail::printable)) return "key \"" + text + "\"";
        } catch (CharacterCodingException notUtf8) {
            // shown in hex
        }
        String hex = HexFormat.of().formatHex(k, 0, Math.min(k.length, KEY_BYTES_SHOWN));
        return "key 0x" + hex + (k.length > KEY_BYTES_SHOWN ? "... (" + k.length + " bytes)" : "");
    }

    private static boolean printable(int cp) {
        return !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT && Character.isDefined(cp);
    }

    /** The text with control and format characters written as {@code \}{@code uXXXX}: one line, no terminal escapes. */
    static String clean(String s) {
        if (s == null) return "null";
        if (s.codePoints().allMatch(Tail::printable)) return s;
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (printable(cp)) b.appendCodePoint(cp); else b.append(String.format(Locale.ROOT, "\\u%04x", cp));
        });
        return b.toString();
    }

    private static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    private static String time(long epochMs) {
        return epochMs < 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMs));
    }
}
