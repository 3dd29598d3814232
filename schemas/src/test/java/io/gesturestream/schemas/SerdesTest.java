package io.gesturestream.schemas;

import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerdesTest {
    private static final Instant T = Instant.ofEpochMilli(1_700_000_000_123L);

    static GestureEvent penEvent() {
        return GestureEvent.newBuilder().setSession("pen-1").setSeq(7).setTimestamp(T).setType(EventType.MOVE)
                .setSample(PenSample.newBuilder().setX(12.5f).setY(40f).setPressure(0.4f).build()).setLabel("7").build();
    }

    @Test
    void gestureEventsRoundTripWithPenImuAndNoSample() {
        AvroSerde<GestureEvent> serde = GestureSerdes.gestureEvent();
        GestureEvent imu = GestureEvent.newBuilder().setSession("imu").setSeq(1).setTimestamp(T).setType(EventType.SAMPLE)
                .setSample(ImuSample.newBuilder().setAx(0.1f).setAy(-0.98f).setAz(0.05f).setGx(1f).setGy(null).setGz(3f).build())
                .build();
        GestureEvent end = GestureEvent.newBuilder().setSession("pen-1").setSeq(8).setTimestamp(T).setType(EventType.END)
                .setSample(null).setLabel(null).build();
        for (GestureEvent e : List.of(penEvent(), imu, end)) {
            byte[] b = serde.serialize("t", e);
            assertEquals((byte) 0xC3, b[0]);
            assertEquals((byte) 0x01, b[1]);
            assertEquals(e, serde.deserialize("t", b));
        }
        assertNull(serde.serialize("t", null));
        assertNull(serde.deserialize("t", null));
    }

    @Test
    void predictionsAndDeadLettersRoundTrip() {
        Prediction p = Prediction.newBuilder().setSession("s").setSeq(3).setEventTimestamp(T).setModel("pendigits")
                .setModelVersion("1").setSteps(3).setTopLabel("7").setTopProbability(0.9f)
                .setProbabilities(List.of(0.05f, 0.9f, 0.05f)).setFinal$(true).setFinalReason(FinalReason.IDLE_TIMEOUT)
                .setProcessedAt(T.plusMillis(5)).build();
        AvroSerde<Prediction> ps = GestureSerdes.prediction();
        assertEquals(p, ps.deserialize("t", ps.serialize("t", p)));
        DeadLetter d = DeadLetter.newBuilder().setKey(ByteBuffer.wrap(new byte[] {1, 2})).setValue(null).setTopic("gesture-events")
                .setPartition(2).setOffset(99).setErrorClass("InvalidEventException").setErrorMessage("x is NaN")
                .setTimestamp(T).build();
        AvroSerde<DeadLetter> ds = GestureSerdes.deadLetter();
        DeadLetter back = ds.deserialize("t", ds.serialize("t", d));
        assertEquals(d, back);
        assertArrayEquals(new byte[] {1, 2}, back.getKey().array());
    }

    /** Version 1 of GestureEvent as a device might still send it: no label, no pressure, an enum without SAMPLE. */
    private static final String V1 = """
            {"type":"record","name":"GestureEvent","namespace":"io.gesturestream.schemas.avro","fields":[
              {"name":"session","type":"string"},
              {"name":"seq","type":"long"},
              {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"type","type":{"type":"enum","name":"EventType","symbols":["DOWN","MOVE","UP","END"]}},
              {"name":"sample","type":["null",{"type":"record","name":"PenSample","fields":[
                {"name":"x","type":"float"},{"name":"y","type":"float"}]}],"default":null}
            ]}""";

    @Test
    void aRecordWrittenWithSchemaV1IsReadWithV2() {
        Schema v1 = new Schema.Parser().parse(V1);
        GenericRecord pen = new GenericData.Record(v1.getField("sample").schema().getTypes().get(1));
        pen.put("x", 3f);
        pen.put("y", 4f);
        GenericRecord old = new GenericData.Record(v1);
        old.put("session", "old-device");
        old.put("seq", 5L);
        old.put("timestamp", T.toEpochMilli());
        old.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "UP"));
        old.put("sample", pen);
        byte[] bytes = encode(v1, old);

        AvroSerde<GestureEvent> current = new AvroSerde<>(GestureEvent.getClassSchema(), List.of(v1));
        GestureEvent e = current.deserialize("t", bytes);
        assertEquals("old-device", e.getSession());
        assertEquals(EventType.UP, e.getType());
        assertEquals(3f, ((PenSample) e.getSample()).getX());
        assertNull(((PenSample) e.getSample()).getPressure());
        assertNull(e.getLabel());

        var err = assertThrows(SerializationException.class, () -> GestureSerdes.gestureEvent().deserialize("t", bytes));
        assertTrue(err.getMessage().contains("unknown schema"), err.getMessage());
    }

    @Test
    void anEventTypeFromANewerWriterBecomesUnknown() {
        Schema newer = new Schema.Parser().parse(GestureEvent.getClassSchema().toString()
                .replace("\"SAMPLE\",\"END\",\"UNKNOWN\"", "\"SAMPLE\",\"END\",\"UNKNOWN\",\"HOVER\""));
        GenericRecord r = new GenericData.Record(newer);
        r.put("session", "s");
        r.put("seq", 1L);
        r.put("timestamp", T.toEpochMilli());
        r.put("type", new GenericData.EnumSymbol(newer.getField("type").schema(), "HOVER"));
        r.put("sample", null);
        r.put("label", null);
        GestureEvent e = new AvroSerde<GestureEvent>(GestureEvent.getClassSchema(), List.of(newer)).deserialize("t", encode(newer, r));
        assertEquals(EventType.UNKNOWN, e.getType());
    }

    @Test
    void garbageGivesASerializationExceptionThatSaysWhy() {
        AvroSerde<GestureEvent> serde = GestureSerdes.gestureEvent();
        var e1 = assertThrows(SerializationException.class, () -> serde.deserialize("t", "hello".getBytes()));
        assertTrue(e1.getMessage().contains("GestureEvent"), e1.getMessage());
        byte[] good = serde.serialize("t", penEvent());
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 6);
        assertThrows(SerializationException.class, () -> serde.deserialize("t", cut));
        assertThrows(SerializationException.class, () -> serde.deserialize("t", new byte[0]));
    }

    private static Prediction.Builder prediction() {
        return Prediction.newBuilder().setSession("s").setSeq(3).setEventTimestamp(T).setModel("words")
                .setModelVersion("1").setSteps(3).setTopLabel("a").setTopProbability(0.9f)
                .setProbabilities(List.of(0.05f, 0.9f, 0.05f)).setFinal$(false).setFinalReason(null)
                .setProcessedAt(T.plusMillis(5));
    }

    /** A reader built before version 2: it knows the version 1 schema only. */
    private static GenericRecord readAsVersionOne(byte[] bytes) throws java.io.IOException {
        return new org.apache.avro.message.BinaryMessageDecoder<GenericRecord>(GenericData.get(), GestureSerdes.PREDICTION_V1)
                .decode(bytes);
    }

    @Test
    void aPredictionWithoutTextIsWrittenInVersionOneSoOldReadersReadIt() throws Exception {
        AvroSerde<Prediction> serde = GestureSerdes.prediction();
        Prediction p = prediction().build();
        byte[] b = serde.serialize("t", p);
        GenericRecord old = readAsVersionOne(b);
        assertEquals("s", old.get("session").toString());
        assertEquals(0.9f, old.get("topProbability"));
        assertEquals(p, serde.deserialize("t", b));
        // the version 1 fingerprint, not the current one
        assertEquals(ByteBuffer.wrap(b, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(),
                org.apache.avro.SchemaNormalization.parsingFingerprint64(GestureSerdes.PREDICTION_V1));
    }

    @Test
    void aPredictionWithTextIsWrittenInVersionTwoWhichOnlyNewReadersRead() {
        AvroSerde<Prediction> serde = GestureSerdes.prediction();
        for (Prediction p : List.of(prediction().setText("hel").setStableText("he").build(),
                prediction().setText("").setStableText(null).build())) {
            byte[] b = serde.serialize("t", p);
            assertEquals(p, serde.deserialize("t", b));
            assertThrows(org.apache.avro.message.MissingSchemaException.class, () -> readAsVersionOne(b));
        }
    }

    @Test
    void aPredictionWithAFitIsWrittenInVersionThreeAndOneWithTextOnlyInVersionTwo() throws Exception {
        AvroSerde<Prediction> serde = GestureSerdes.prediction();
        Prediction withFit = prediction().setTopLabel("unknown").setFit(0.42f).build();
        byte[] b = serde.serialize("t", withFit);
        assertEquals(withFit, serde.deserialize("t", b));
        assertEquals(0.42f, serde.deserialize("t", b).getFit());
        assertEquals(fingerprint(b), org.apache.avro.SchemaNormalization.parsingFingerprint64(GestureSerdes.PREDICTION_V3));
        byte[] t = serde.serialize("t", prediction().setText("hel").setStableText("he").build());
        assertEquals(ByteBuffer.wrap(t, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(),
                org.apache.avro.SchemaNormalization.parsingFingerprint64(GestureSerdes.PREDICTION_V2), "text without a fit: version 2");
        GenericRecord v2 = new org.apache.avro.message.BinaryMessageDecoder<GenericRecord>(GenericData.get(), GestureSerdes.PREDICTION_V2).decode(t);
        assertEquals("hel", v2.get("text").toString());
        assertNull(serde.deserialize("t", t).getFit());
    }

    private static long fingerprint(byte[] b) {
        return ByteBuffer.wrap(b, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void aSpottedFinalIsWrittenInVersionFourAndEveryOtherFinalAsBefore() throws Exception {
        AvroSerde<Prediction> serde = GestureSerdes.prediction();
        Prediction spotted = prediction().setFinal$(true).setFinalReason(FinalReason.SPOTTED).build();
        byte[] b = serde.serialize("t", spotted);
        assertEquals(spotted, serde.deserialize("t", b));
        assertEquals(org.apache.avro.SchemaNormalization.parsingFingerprint64(Prediction.getClassSchema()), fingerprint(b));
        assertThrows(org.apache.avro.message.MissingSchemaException.class, () -> readAsVersionOne(b), "a reader of version 1 to 3 cannot");
        for (FinalReason r : List.of(FinalReason.END, FinalReason.IDLE_TIMEOUT, FinalReason.MAX_LENGTH)) {
            byte[] o = serde.serialize("t", prediction().setFinal$(true).setFinalReason(r).build());
            assertEquals(r.toString(), readAsVersionOne(o).get("finalReason").toString(), "version 1, as before SPOTTED");
        }
        byte[] fit = serde.serialize("t", prediction().setFinal$(true).setFinalReason(FinalReason.SPOTTED).setFit(0.5f).build());
        assertEquals(fingerprint(b), fingerprint(fit));
        // a reader whose enum lacks SPOTTED, given the writer's schema (a container file), reads the default
        Schema v4 = Prediction.getClassSchema();
        GenericRecord asOld = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(v4, GestureSerdes.PREDICTION_V3)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(b, 10, b.length - 10, null));
        assertEquals("UNKNOWN", asOld.get("finalReason").toString());
    }

    @Test
    void anOlderSchemaIsNotWrittenForASymbolItsEnumLacks() {
        List<AvroSerde.NewSymbols> n = AvroSerde.newSymbols(Prediction.getClassSchema(), GestureSerdes.PREDICTION_V3);
        assertEquals(List.of(new AvroSerde.NewSymbols(10, java.util.Set.of("SPOTTED"))), n);
        assertEquals(List.of(), AvroSerde.newSymbols(Prediction.getClassSchema(), Prediction.getClassSchema()));
        Schema was = record("{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}}");
        Schema now = record("{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"C\"]}}");
        assertEquals(List.of(new AvroSerde.NewSymbols(0, java.util.Set.of("B", "C"))), AvroSerde.newSymbols(now, was));
        assertEquals(List.of(), AvroSerde.newSymbols(record("{\"name\":\"e\",\"type\":\"int\"}"), was));
    }

    @Test
    void aRecordWrittenInVersionOneIsReadWithoutText() {
        GenericRecord old = new GenericData.Record(GestureSerdes.PREDICTION_V1);
        old.put("session", "old");
        old.put("seq", 4L);
        old.put("eventTimestamp", T.toEpochMilli());
        old.put("model", "pendigits");
        old.put("modelVersion", "1");
        old.put("steps", 4);
        old.put("topLabel", "7");
        old.put("topProbability", 0.5f);
        old.put("probabilities", List.of(0.5f, 0.5f));
        old.put("final", true);
        old.put("finalReason", new GenericData.EnumSymbol(FinalReason.getClassSchema(), "END"));
        old.put("processedAt", T.toEpochMilli());
        Prediction p = GestureSerdes.prediction().deserialize("t", encode(GestureSerdes.PREDICTION_V1, old));
        assertEquals("old", p.getSession());
        assertEquals(FinalReason.END, p.getFinalReason());
        assertNull(p.getText());
        assertNull(p.getStableText());
    }

    @Test
    void anOlderSchemaIsWrittenOnlyWhenItIsAPrefixAndTheRestDefaultsToNull() {
        Schema current = Prediction.getClassSchema();
        assertArrayEquals(new int[] {12, 13, 14, 15}, AvroSerde.absentFields(current, GestureSerdes.PREDICTION_V1));
        assertArrayEquals(new int[] {15}, AvroSerde.absentFields(current, GestureSerdes.PREDICTION_V2));
        assertArrayEquals(new int[0], AvroSerde.absentFields(current, GestureSerdes.PREDICTION_V3));
        assertArrayEquals(new int[0], AvroSerde.absentFields(current, current));
        assertNull(AvroSerde.absentFields(GestureSerdes.PREDICTION_V1, current), "fewer fields than the older one");
        assertNull(AvroSerde.absentFields(current, GestureEvent.getClassSchema()), "other names");
        Schema old = record("{\"name\":\"a\",\"type\":\"int\"}");
        assertArrayEquals(new int[] {1}, AvroSerde.absentFields(
                record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":[\"null\",\"int\"],\"default\":null}"), old));
        assertNull(AvroSerde.absentFields(record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}"), old),
                "a new field without a default");
        assertNull(AvroSerde.absentFields(record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}"), old),
                "a new field whose default is not null");
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
    }

    private static byte[] encode(Schema schema, GenericRecord r) {
        try {
            ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
