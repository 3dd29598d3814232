package io.gesturestream.app.kafka;

import io.gesturestream.app.kafka.Tail.Kind;
import io.gesturestream.app.cli.TailCommand;
import io.gesturestream.app.topology.Names;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TailTest {
    static final Instant T = Instant.parse("2025-03-01T12:00:00.250Z");

    static Prediction prediction(String session, long seq, boolean fin) {
        return Prediction.newBuilder().setSession(session).setSeq(seq).setEventTimestamp(T.minusMillis(40)).setModel("pendigits")
                .setModelVersion("1").setSteps(42).setTopLabel("7").setTopProbability(0.91349f).setProbabilities(List.of(0.91349f))
                .setFinal$(fin).setFinalReason(fin ? FinalReason.END : null).setProcessedAt(T).build();
    }

    static DeadLetter deadLetter(byte[] key) {
        return DeadLetter.newBuilder().setKey(key == null ? null : ByteBuffer.wrap(key)).setValue(ByteBuffer.wrap("garbage".getBytes()))
                .setTopic(Names.EVENTS_TOPIC).setPartition(2).setOffset(1234).setErrorClass("InvalidEventException")
                .setErrorMessage("not an Avro single-object GestureEvent: Unrecognized header bytes: 0x67 0x61").setTimestamp(T).build();
    }

    static ConsumerRecord<byte[], byte[]> rec(String topic, String key, byte[] value) {
        return new ConsumerRecord<>(topic, 1, 17, T.toEpochMilli() + 5, TimestampType.CREATE_TIME, -1, -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty());
    }

    @Test
    void aResultOrAPrediction() {
        byte[] fin = GestureSerdes.prediction().serialize("t", prediction("pen-7", 42, true));
        assertEquals("2025-03-01T12:00:00.250Z session=pen-7 seq=42 top=7 p=0.913 steps=42 final=END",
                Tail.format(Kind.RESULTS, rec(Names.RESULTS_TOPIC, "pen-7", fin)));
        byte[] open = GestureSerdes.prediction().serialize("t", prediction("pen-7", 41, false));
        assertEquals("2025-03-01T12:00:00.250Z session=pen-7 seq=41 top=7 p=0.913 steps=42 final=-",
                Tail.format(Kind.PREDICTIONS, rec(Names.PREDICTIONS_TOPIC, "pen-7", open)));
    }

    @Test
    void aDeadLetterSaysWhereItCameFromAndWhy() {
        byte[] d = GestureSerdes.deadLetter().serialize("t", deadLetter("bad".getBytes(StandardCharsets.UTF_8)));
        assertEquals("2025-03-01T12:00:00.250Z dead letter from gesture-events partition 2 offset 1234, key \"bad\", value 7 bytes:"
                + " not an Avro single-object GestureEvent: Unrecognized header bytes: 0x67 0x61", Tail.format(Kind.DLQ, rec(Names.DLQ_TOPIC, "bad", d)));
        byte[] binaryKey = GestureSerdes.deadLetter().serialize("t", deadLetter(new byte[] {(byte) 0xff, 0x00, 0x1b}));
        assertTrue(Tail.format(Kind.DLQ, rec(Names.DLQ_TOPIC, null, binaryKey)).contains(", key 0xff001b, value 7 bytes: "));
        byte[] noKey = GestureSerdes.deadLetter().serialize("t", deadLetter(null));
        assertTrue(Tail.format(Kind.DLQ, rec(Names.DLQ_TOPIC, null, noKey)).contains(" offset 1234, no key, value 7 bytes: "));
    }

    @Test
    void keysThatAreNotPrintableAreShownInHex() {
        assertEquals("key \"pen-7 é\"", Tail.key(ByteBuffer.wrap("pen-7 é".getBytes(StandardCharsets.UTF_8))));
        assertEquals("key 0x1b5b324a", Tail.key(ByteBuffer.wrap("\u001b[2J".getBytes(StandardCharsets.UTF_8))), "a terminal escape");
        assertEquals("key 0xc328", Tail.key(ByteBuffer.wrap(new byte[] {(byte) 0xc3, 0x28})), "not UTF-8");
        byte[] long40 = new byte[40];
        java.util.Arrays.fill(long40, (byte) 1);
        assertEquals("key 0x" + "01".repeat(32) + "... (40 bytes)", Tail.key(ByteBuffer.wrap(long40)));
    }

    @Test
    void anEvent() {
        GestureEvent pen = GestureEvent.newBuilder().setSession("pen-7").setSeq(3).setTimestamp(T).setType(EventType.MOVE)
                .setSample(new PenSample(12.5f, 30f, 0.5f)).build();
        assertEquals("2025-03-01T12:00:00.250Z session=pen-7 seq=3 MOVE pen x=12.5 y=30.0 pressure=0.5",
                Tail.format(Kind.EVENTS, rec(Names.EVENTS_TOPIC, "pen-7", GestureSerdes.gestureEvent().serialize("t", pen))));
        GestureEvent imu = GestureEvent.newBuilder().setSession("watch").setSeq(9).setTimestamp(T).setType(EventType.SAMPLE)
                .setSample(new ImuSample(0.1f, -0.2f, 1f, null, null, null)).setLabel("wave").build();
        assertEquals("2025-03-01T12:00:00.250Z session=watch seq=9 SAMPLE imu ax=0.1 ay=-0.2 az=1.0 label=wave",
                Tail.format(Kind.EVENTS, rec(Names.EVENTS_TOPIC, "watch", GestureSerdes.gestureEvent().serialize("t", imu))));
        GestureEvent end = GestureEvent.newBuilder().setSession("pen-7").setSeq(4).setTimestamp(T).setType(EventType.END).build();
        assertEquals("2025-03-01T12:00:00.250Z session=pen-7 seq=4 END",
                Tail.format(Kind.EVENTS, rec(Names.EVENTS_TOPIC, "pen-7", GestureSerdes.gestureEvent().serialize("t", end))));
    }

    @Test
    void aRecordThatDoesNotDecodeIsOneLineSayingSo() {
        assertEquals("2025-03-01T12:00:00.255Z gesture-results partition 1 offset 17: not a Prediction (16 bytes): not an Avro"
                        + " single-object Prediction: Unrecognized header bytes: 0x67 0x61",
                Tail.format(Kind.RESULTS, rec(Names.RESULTS_TOPIC, "x", "garbage, no Avro".getBytes())));
        assertEquals("2025-03-01T12:00:00.255Z gesture-results partition 1 offset 17: not a Prediction (7 bytes): not an Avro"
                        + " single-object Prediction: Not enough header bytes",
                Tail.format(Kind.RESULTS, rec(Names.RESULTS_TOPIC, "x", "garbage".getBytes())));
        // a prediction is not a dead letter: the fingerprint tells
        String wrong = Tail.format(Kind.DLQ, rec(Names.DLQ_TOPIC, "x", GestureSerdes.prediction().serialize("t", prediction("s", 1, true))));
        assertTrue(wrong.startsWith("2025-03-01T12:00:00.255Z gesture-events-dlq partition 1 offset 17: not a DeadLetter ("), wrong);
        assertEquals("2025-03-01T12:00:00.255Z gesture-events partition 1 offset 17: not a GestureEvent (no value): a null value",
                Tail.format(Kind.EVENTS, rec(Names.EVENTS_TOPIC, "x", null)));
    }

    @Test
    void textFromTheTopicCannotBreakTheLineOrTheTerminal() {
        byte[] p = GestureSerdes.prediction().serialize("t", prediction("a\nb\u001b[2J\u202e", 1, true));
        String line = Tail.format(Kind.RESULTS, rec(Names.RESULTS_TOPIC, "a", p));
        assertTrue(line.contains("session=a\\u000ab\\u001b[2J\\u202e seq=1"), line);
        assertFalse(line.chars().anyMatch(Character::isISOControl));
    }

    @Test
    void options() {
        Tail.Options o = TailCommand.options("tail", "--topic", "dlq", "--from-beginning", "--session", "s1", "--limit", "3",
                "--bootstrap", "127.0.0.1:1234");
        assertEquals(Kind.DLQ, o.kind());
        assertTrue(o.fromBeginning());
        assertEquals("s1", o.session());
        assertEquals(3, o.limit());
        assertEquals("127.0.0.1:1234", o.client().getProperty("bootstrap.servers"));
        Tail.Options d = TailCommand.options("tail");
        assertEquals(Kind.RESULTS, d.kind());
        assertFalse(d.fromBeginning());
        assertEquals(Long.MAX_VALUE, d.limit());
        assertEquals(Kind.EVENTS, Kind.of(Names.EVENTS_TOPIC));
        assertEquals("--topic must be results, predictions, dlq or events, got 'models'",
                assertThrows(IllegalArgumentException.class, () -> TailCommand.options("tail", "--topic", "models")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TailCommand.options("tail", "--limit", "0"));
        assertThrows(IllegalArgumentException.class, () -> TailCommand.options("tail", "--limit", "x"));
    }
}
