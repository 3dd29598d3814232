package io.gesturestream.schemas;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Avro's single-object encoding of one record schema, written by a plan made once from the
 * schema: the same bytes as Avro's {@code BinaryMessageEncoder} (tested on every record type,
 * every schema version), without its per-record work: a thread-local buffer, a schema lookup per
 * union, a datum writer that walks the schema at every field. A prediction is written on every
 * event, so this is on the stream thread's path.
 *
 * <p>It knows the types the project's schemas use: records, the primitive types, bytes, enums,
 * arrays, unions of null and other branches told apart by Java type, and {@code timestamp-millis}
 * on a long field ({@link Instant}). {@link #compile} returns null for a schema with anything
 * else, and the caller keeps Avro's encoder for it.
 */
final class CompiledWriter {
    /** Writes one value of its schema. */
    private interface Part {
        void write(Object v, Out out);
    }

    private final byte[] header;
    private final Part body;
    /** The size of the last record written: the next one's first buffer (a race on it costs nothing but a resize). */
    private int lastSize = 64;

    private CompiledWriter(byte[] header, Part body) {
        this.header = header;
        this.body = body;
    }

    /** A writer for records of {@code schema} (the writer schema), or null when it holds a type this class does not write. */
    static CompiledWriter compile(Schema schema) {
        Part body = part(schema);
        return body == null ? null : new CompiledWriter(header(schema), body);
    }

    /** The single-object header of records written in {@code schema}: {@code C3 01}, then its CRC-64-AVRO fingerprint, little-endian. */
    static byte[] header(Schema schema) {
        return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                .putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
    }

    /** The single-object encoding of {@code r}: header, then the datum. */
    byte[] encode(IndexedRecord r) {
        Out out = new Out(Math.max(lastSize, header.length + 16));
        out.bytes(header, 0, header.length);
        body.write(r, out);
        lastSize = out.n;
        return Arrays.copyOf(out.buf, out.n);
    }

    private static Part part(Schema s) {
        LogicalType logical = s.getLogicalType();
        if (logical != null && !(logical instanceof LogicalTypes.TimestampMillis && s.getType() == Schema.Type.LONG)) return null;
        return switch (s.getType()) {
            case RECORD -> record(s);
            case STRING -> (v, out) -> out.string((CharSequence) v);
            case BYTES -> (v, out) -> out.bytes((ByteBuffer) v);
            case INT -> (v, out) -> out.varint((Integer) v);
            case LONG -> logical != null ? (v, out) -> out.varint(((Instant) v).toEpochMilli()) : (v, out) -> out.varint((Long) v);
            case FLOAT -> (v, out) -> out.floatBits((Float) v);
            case DOUBLE -> (v, out) -> out.doubleBits((Double) v);
            case BOOLEAN -> (v, out) -> out.bool((Boolean) v);
            case NULL -> (v, out) -> {
                if (v != null) throw new ClassCastException("not null: " + v);
            };
            case ENUM -> (v, out) -> out.varint(s.getEnumOrdinal(((Enum<?>) v).name()));
            case ARRAY -> array(s.getElementType());
            case UNION -> union(s);
            default -> null;  // map, fixed
        };
    }

    private static Part record(Schema s) {
        List<Schema.Field> fields = s.getFields();
        int[] pos = new int[fields.size()];
        Part[] parts = new Part[fields.size()];
        for (int i = 0; i < parts.length; i++) {
            pos[i] = fields.get(i).pos();
            if ((parts[i] = part(fields.get(i).schema())) == null) return null;
        }
        return (v, out) -> {
            IndexedRecord r = (IndexedRecord) v;
            for (int i = 0; i < parts.length; i++) parts[i].write(r.get(pos[i]), out);
        };
    }

    private static Part array(Schema item) {
        Part p = part(item);
        if (p == null) return null;
        return (v, out) -> {
            List<?> list = (List<?>) v;
            int n = list.size();
            if (n > 0) {
                out.varint(n);
                for (int i = 0; i < n; i++) p.write(list.get(i), out);
            }
            out.varint(0);
        };
    }

    /** A union: the first branch whose Java type the value has (records and enums: by full name), its index, then the value. */
    private static Part union(Schema s) {
        List<Schema> branches = s.getTypes();
        Part[] parts = new Part[branches.size()];
        Class<?>[] types = new Class<?>[branches.size()];
        String[] names = new String[branches.size()];
        for (int i = 0; i < parts.length; i++) {
            Schema b = branches.get(i);
            if (b.getLogicalType() != null || (parts[i] = part(b)) == null) return null;
            switch (b.getType()) {
                case NULL -> types[i] = null;
                case STRING -> types[i] = CharSequence.class;
                case BYTES -> types[i] = ByteBuffer.class;
                case INT -> types[i] = Integer.class;
                case LONG -> types[i] = Long.class;
                case FLOAT -> types[i] = Float.class;
                case DOUBLE -> types[i] = Double.class;
                case BOOLEAN -> types[i] = Boolean.class;
                case RECORD, ENUM -> {
                    types[i] = GenericContainer.class;
                    names[i] = b.getFullName();
                }
                default -> {
                    return null;  // an array or a union in a union: not in the project's schemas
                }
            }
        }
        return (v, out) -> {
            for (int i = 0; i < parts.length; i++) {
                boolean fits = v == null ? types[i] == null
                        : types[i] != null && types[i].isInstance(v) && (names[i] == null || names[i].equals(((GenericContainer) v).getSchema().getFullName()));
                if (fits) {
                    out.varint(i);
                    parts[i].write(v, out);
                    return;
                }
            }
            throw new ClassCastException("not in union " + s + ": " + v);
        };
    }

    /** A growing byte array and Avro's binary encodings of the primitive types. */
    private static final class Out {
        byte[] buf;
        int n;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int k) {
            if (n + k > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
        }

        /** Zigzag, then LEB128: Avro's int and long. */
        void varint(long v) {
            room(10);
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                buf[n++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[n++] = (byte) z;
        }

        void floatBits(float f) {
            room(4);
            int b = Float.floatToRawIntBits(f);
            buf[n++] = (byte) b;
            buf[n++] = (byte) (b >>> 8);
            buf[n++] = (byte) (b >>> 16);
            buf[n++] = (byte) (b >>> 24);
        }

        void doubleBits(double d) {
            long b = Double.doubleToRawLongBits(d);
            room(8);
            for (int i = 0; i < 8; i++) buf[n++] = (byte) (b >>> (8 * i));
        }

        void bool(boolean b) {
            room(1);
            buf[n++] = (byte) (b ? 1 : 0);
        }

        void string(CharSequence s) {
            if (s instanceof Utf8 u) {
                varint(u.getByteLength());
                bytes(u.getBytes(), 0, u.getByteLength());
            } else {
                byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
                varint(b.length);
                bytes(b, 0, b.length);
            }
        }

        void bytes(ByteBuffer b) {
            int len = b.remaining();
            varint(len);
            room(len);
            b.duplicate().get(buf, n, len);
            n += len;
        }

        void bytes(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }
    }
}
