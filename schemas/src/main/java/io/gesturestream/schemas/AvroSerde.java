package io.gesturestream.schemas;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A Kafka serde for one generated Avro record type, in Avro's single-object encoding: a 10-byte
 * header ({@code C3 01} and the writer schema's CRC-64-AVRO fingerprint), then the binary
 * datum. Records written with an older schema decode into the current class when that schema
 * is in the serde's {@link SchemaStore}: that is how the schemas evolve without a registry.
 *
 * <p>And the other way: a record whose fields added since an older schema are all null (their
 * default) is written in that older schema, so that readers built before the fields were added
 * still read it. Only a record that uses a new field needs a new reader. An older schema is used
 * so when its fields are the current schema's first ones, by name and position, and every field
 * after them defaults to null; and a record is not written in it when one of its enums holds a
 * symbol added since (a final reason {@code SPOTTED} goes out in version 4).
 *
 * <p>Thread-safe (Avro's message encoder and decoder keep their buffers per thread).
 * Deserialization errors are {@link SerializationException}s whose message says what is wrong,
 * so the stream can dead-letter the record.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    static {
        AvroTrust.ourClasses();
    }

    private final String typeName;
    private final BinaryMessageEncoder<T> encoder;
    /** The same encoding without Avro's per-record work (null: a schema it does not write, Avro's encoder does). */
    private final CompiledWriter compiled;
    private final BinaryMessageDecoder<T> decoder;
    /** Records written in the current schema, without Avro's per-record work (null: Avro's decoder reads them all). */
    private final CompiledReader reader;
    /** Writers in older schemas, and the positions of the fields each lacks; the oldest first. */
    private final List<Older<T>> olderWriters = new java.util.ArrayList<>();

    private record Older<T>(BinaryMessageEncoder<T> encoder, CompiledWriter compiled, int[] absent, List<NewSymbols> newSymbols) {
        boolean fits(SpecificRecord r) {
            for (int pos : absent) if (r.get(pos) != null) return false;
            for (NewSymbols n : newSymbols) {
                Object v = r.get(n.pos());
                if (v != null && n.symbols().contains(v.toString())) return false;
            }
            return true;
        }
    }

    /** The symbols of the enum in field {@code pos} (alone or in a union) that an older schema's enum lacks. */
    record NewSymbols(int pos, java.util.Set<String> symbols) {}

    /**
     * @param schema  the current schema of {@code T}
     * @param older   earlier versions of it, still readable
     */
    public AvroSerde(Schema schema, List<Schema> older) {
        this.typeName = schema.getName();
        SpecificData data = SpecificData.getForSchema(schema);
        this.encoder = new BinaryMessageEncoder<>(data, schema);
        this.compiled = CompiledWriter.compile(schema);
        SchemaStore.Cache store = new SchemaStore.Cache();
        for (Schema s : older) store.addSchema(s);
        this.decoder = new BinaryMessageDecoder<>(data, schema, store);
        this.reader = CompiledReader.compile(schema, data);
        for (Schema s : older) decoder.addSchema(s);
        for (Schema s : older) {
            int[] absent = absentFields(schema, s);
            if (absent != null) olderWriters.add(new Older<>(new BinaryMessageEncoder<>(data, s), CompiledWriter.compile(s), absent,
                    newSymbols(schema, s)));
        }
    }

    /**
     * The positions of the fields of {@code current} that {@code old} lacks, when {@code old} holds
     * exactly the first fields of {@code current} (same names, same positions) and the others
     * default to null; else null: records are never written in {@code old}.
     */
    static int[] absentFields(Schema current, Schema old) {
        List<Schema.Field> cur = current.getFields(), prev = old.getFields();
        if (prev.size() > cur.size()) return null;
        for (int i = 0; i < prev.size(); i++) if (!prev.get(i).name().equals(cur.get(i).name())) return null;
        int[] absent = new int[cur.size() - prev.size()];
        for (int i = prev.size(); i < cur.size(); i++) {
            Schema.Field f = cur.get(i);
            if (!f.hasDefaultValue() || f.defaultVal() != org.apache.avro.JsonProperties.NULL_VALUE) return null;
            absent[i - prev.size()] = i;
        }
        return absent;
    }

    /**
     * For an older schema {@code old} whose fields are the first of {@code current}'s: the fields
     * whose enum (alone or in a union) has symbols that {@code old}'s lacks, with those symbols. A
     * record holding one of them is not written in {@code old} (its writer could not encode it).
     */
    static List<NewSymbols> newSymbols(Schema current, Schema old) {
        List<NewSymbols> out = new java.util.ArrayList<>();
        List<Schema.Field> prev = old.getFields();
        for (int i = 0; i < prev.size(); i++) {
            Schema cur = enumOf(current.getFields().get(i).schema()), was = enumOf(prev.get(i).schema());
            if (cur == null || was == null) continue;
            java.util.Set<String> added = new java.util.HashSet<>(cur.getEnumSymbols());
            was.getEnumSymbols().forEach(added::remove);
            if (!added.isEmpty()) out.add(new NewSymbols(i, java.util.Set.copyOf(added)));
        }
        return out;
    }

    /** The enum a field holds, alone or as a branch of a union; null for none. */
    private static Schema enumOf(Schema s) {
        if (s.getType() == Schema.Type.ENUM) return s;
        if (s.getType() == Schema.Type.UNION) for (Schema b : s.getTypes()) if (b.getType() == Schema.Type.ENUM) return b;
        return null;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) return null;
        try {
            BinaryMessageEncoder<T> e = encoder;
            CompiledWriter c = compiled;
            for (Older<T> o : olderWriters) {
                if (o.fits(value)) {
                    e = o.encoder();
                    c = o.compiled();
                    break;
                }
            }
            if (c != null) return c.encode(value);
            ByteBuffer b = e.encode(value);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new SerializationException("cannot write " + typeName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) return null;
        try {
            if (reader != null && reader.reads(bytes)) {
                @SuppressWarnings("unchecked") T t = (T) reader.read(bytes);
                return t;
            }
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new SerializationException("not an Avro single-object " + typeName + ": " + e.getMessage(), e);
        } catch (MissingSchemaException e) {
            throw new SerializationException("a " + typeName + " written with an unknown schema: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("malformed " + typeName + " (" + bytes.length + " bytes): " + e, e);
        }
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the schemas are compiled in
    }

    @Override
    public void close() {
        // holds no resources
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}
