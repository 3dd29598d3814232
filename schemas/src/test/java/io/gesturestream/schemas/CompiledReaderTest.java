package io.gesturestream.schemas;

import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The compiled reader against Avro's own decoder: the same records from the same bytes, and a refusal where Avro refuses. */
class CompiledReaderTest {
    static {
        AvroTrust.ourClasses();
    }

    private final RandomRecords rnd = new RandomRecords(23);

    @Test
    void readsWhatAvroReadsForRandomRecordsOfEveryType() throws Exception {
        for (int i = 0; i < 2000; i++) {
            same(rnd.prediction(rnd.nextInt(5) == 0));
            same(rnd.event());
            same(rnd.deadLetter());
            same(rnd.modelRecord());
        }
    }

    /** Every prefix of a record, and records with a byte changed: both refuse, or both read the same record. */
    @Test
    void refusesTruncatedAndCorruptedRecordsWhereAvroDoesAndOtherwiseAgrees() throws Exception {
        int refused = 0;
        for (int i = 0; i < 300; i++) {
            for (Supplier<SpecificRecord> make : java.util.List.<Supplier<SpecificRecord>>of(() -> rnd.prediction(false), rnd::event,
                    rnd::deadLetter)) {
                SpecificRecord r = make.get();
                byte[] b = avroBytes(r);
                for (int len = 10; len < b.length; len++) refused += agree(r.getSchema(), Arrays.copyOf(b, len)) ? 1 : 0;
                for (int k = 0; k < 8; k++) {
                    byte[] c = b.clone();
                    c[10 + rnd.nextInt(c.length - 10)] = (byte) rnd.nextInt(256);
                    refused += agree(r.getSchema(), c) ? 1 : 0;
                }
            }
        }
        assertTrue(refused > 10_000, "the corrupt inputs were refused " + refused + " times");
    }

    @Test
    void aMalformedRecordIsASerializationExceptionThatSaysSo() {
        AvroSerde<GestureEvent> serde = GestureSerdes.gestureEvent();
        byte[] b = serde.serialize("t", rnd.event());
        SerializationException e = assertThrows(SerializationException.class, () -> serde.deserialize("t", Arrays.copyOf(b, 12)));
        assertTrue(e.getMessage().startsWith("malformed GestureEvent (12 bytes): "), e.getMessage());
        byte[] huge = Arrays.copyOf(b, 20);
        huge[10] = (byte) 0xFE;  // a session id of 2^31 - 1 bytes, in 20
        for (int k = 11; k < 15; k++) huge[k] = (byte) 0xFF;
        huge[14] = 0x0F;
        assertThrows(SerializationException.class, () -> serde.deserialize("t", huge));
    }

    /** Whether Avro refused {@code b}; fails unless the compiled reader did the same. */
    private static boolean agree(Schema schema, byte[] b) throws Exception {
        CompiledReader reader = CompiledReader.compile(schema, SpecificData.getForSchema(schema));
        Object avro, ours;
        try {
            avro = decoder(schema).decode(b);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            avro = null;
        }
        try {
            ours = reader.read(b);
        } catch (java.io.IOException e) {
            ours = null;
        }
        if (avro == null && ours != null) fail("Avro refuses what the compiled reader reads: " + ours);
        if (avro != null && ours == null) fail("the compiled reader refuses what Avro reads: " + avro);
        if (avro != null) assertSameRecord((SpecificRecord) avro, ours);
        return avro == null;
    }

    private static void same(SpecificRecord r) throws Exception {
        Schema schema = r.getSchema();
        CompiledReader reader = CompiledReader.compile(schema, SpecificData.getForSchema(schema));
        assertNotNull(reader, schema.getFullName());
        byte[] b = avroBytes(r);
        assertTrue(reader.reads(b));
        Object read = reader.read(b);
        assertSameRecord(decoder(schema).decode(b), read);
    }

    /** Same class, same bytes when Avro writes them: field by field, NaNs and their payloads too (a record's equals says NaN != NaN). */
    private static void assertSameRecord(SpecificRecord avro, Object ours) throws Exception {
        assertEquals(avro.getClass(), ours.getClass());
        assertEquals(Arrays.toString(avroBytes(avro)), Arrays.toString(avroBytes((SpecificRecord) ours)), () -> avro.toString());
    }

    private static BinaryMessageDecoder<SpecificRecord> decoder(Schema schema) {
        return new BinaryMessageDecoder<>(SpecificData.getForSchema(schema), schema);
    }

    private static byte[] avroBytes(SpecificRecord r) throws Exception {
        ByteBuffer b = new BinaryMessageEncoder<SpecificRecord>(SpecificData.getForSchema(r.getSchema()), r.getSchema()).encode(r);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void aRecordOfAnotherSchemaIsLeftToAvro() throws Exception {
        CompiledReader reader = CompiledReader.compile(Prediction.getClassSchema(), SpecificData.getForSchema(Prediction.getClassSchema()));
        assertTrue(!reader.reads(avroBytes(rnd.event())));
        assertTrue(!reader.reads(new byte[] {(byte) 0xC3, 1, 0}));
    }
}
