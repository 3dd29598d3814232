package io.gesturestream.schemas;

import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.ModelRecord;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The compiled writer against Avro's own encoder: the same bytes for every record type and schema version. */
class CompiledWriterTest {
    static {
        AvroTrust.ourClasses();  // Avro's own encoder, compared against, loads the generated classes
    }

    private final RandomRecords rnd = new RandomRecords(17);

    @Test
    void writesWhatAvroWritesForRandomRecordsOfEveryType() throws Exception {
        for (int i = 0; i < 2000; i++) {
            same(Prediction.getClassSchema(), rnd.prediction(rnd.nextInt(5) == 0));
            same(GestureEvent.getClassSchema(), rnd.event());
            same(DeadLetter.getClassSchema(), rnd.deadLetter());
            same(ModelRecord.getClassSchema(), rnd.modelRecord());
        }
    }

    @Test
    void writesWhatAvroWritesInEveryOlderPredictionSchema() throws Exception {
        for (int i = 0; i < 500; i++) {
            Prediction p = rnd.prediction(false);
            p.setText(null);
            p.setStableText(null);
            p.setInLexicon(null);
            p.setFit(null);
            // SPOTTED is not in these schemas; UNKNOWN is, at another position: see below
            if (p.getFinalReason() == FinalReason.SPOTTED || p.getFinalReason() == FinalReason.UNKNOWN) p.setFinalReason(FinalReason.END);
            same(GestureSerdes.PREDICTION_V1, p);
            p.setText(rnd.string());
            p.setStableText(rnd.string());
            same(GestureSerdes.PREDICTION_V2, p);
            p.setFit(rnd.floatValue());
            same(GestureSerdes.PREDICTION_V3, p);
        }
    }

    /**
     * Avro's specific writer writes an enum's Java ordinal whatever the writer schema: UNKNOWN (4)
     * written in version 1, whose enum has no SPOTTED and UNKNOWN at 3, was out of that enum's
     * range, and no reader could read it. This writer writes the writer schema's position.
     */
    @Test
    void anEnumIsWrittenAtItsPositionInTheWriterSchema() {
        AvroSerde<Prediction> ps = GestureSerdes.prediction();
        Prediction p = rnd.prediction(false);
        p.setText(null);
        p.setStableText(null);
        p.setInLexicon(null);
        p.setFit(null);
        p.setFinalReason(FinalReason.UNKNOWN);
        byte[] b = ps.serialize("t", p);
        assertEquals(GestureSerdes.PREDICTION_V1, fingerprinted(b));
        assertEquals(FinalReason.UNKNOWN, ps.deserialize("t", b).getFinalReason());
    }

    private static Schema fingerprinted(byte[] b) {
        long fp = ByteBuffer.wrap(b, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (Schema s : List.of(GestureSerdes.PREDICTION_V1, GestureSerdes.PREDICTION_V2, GestureSerdes.PREDICTION_V3, Prediction.getClassSchema())) {
            if (org.apache.avro.SchemaNormalization.parsingFingerprint64(s) == fp) return s;
        }
        return null;
    }

    @Test
    void aMissingRequiredFieldOrAValueOutsideItsUnionIsASerializationException() {
        AvroSerde<Prediction> ps = GestureSerdes.prediction();
        Prediction p = rnd.prediction(false);
        p.setModel(null);
        assertThrows(SerializationException.class, () -> ps.serialize("t", p));
        AvroSerde<GestureEvent> es = GestureSerdes.gestureEvent();
        GestureEvent e = rnd.event();
        e.setSample(rnd.prediction(false));  // a record, but of no branch of the sample's union
        assertThrows(SerializationException.class, () -> es.serialize("t", e));
    }

    private static void same(Schema writer, SpecificRecord r) throws Exception {
        CompiledWriter c = CompiledWriter.compile(writer);
        assertNotNull(c, writer.getFullName());
        ByteBuffer b = new BinaryMessageEncoder<SpecificRecord>(SpecificData.getForSchema(r.getSchema()), writer).encode(r);
        byte[] avro = new byte[b.remaining()];
        b.get(avro);
        assertArrayEquals(avro, c.encode(r), () -> "differs from Avro's encoding: " + r);
    }

    @Test
    void theBufferWrittenIsLeftAsItWas() {
        ByteBuffer key = ByteBuffer.wrap(new byte[] {1, 2, 3, 4}).position(1);
        DeadLetter d = new DeadLetter(key, null, "t", 0, 5L, "E", "m", Instant.EPOCH);
        GestureSerdes.deadLetter().serialize("t", d);
        assertEquals(1, key.position());
        assertEquals(3, key.remaining());
    }
}
