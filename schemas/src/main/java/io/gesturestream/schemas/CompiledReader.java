package io.gesturestream.schemas;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads records written in exactly the reader's schema (the single-object header names it), by
 * a plan made once from the schema: what Avro's {@code BinaryMessageDecoder} reads from the same
 * bytes (tested on random records of every type, and on truncated and corrupted ones, which
 * both refuse), without its per-record work. Every event is read so. Records written in another
 * schema, or with a header that is not one, go to Avro's decoder, which resolves them.
 *
 * <p>The types are {@link CompiledWriter}'s; {@link #compile} returns null for a schema with
 * another. Malformed bytes: an {@link IOException} ({@link EOFException} when they end early),
 * never a read past the end or an allocation larger than what they hold.
 */
final class CompiledReader {
    /** Reads one value of its schema. */
    private interface Part {
        Object read(In in) throws IOException;
    }

    /** The header of the records it reads ({@link CompiledWriter#header}). */
    private final byte[] header;
    private final Part body;

    private CompiledReader(byte[] header, Part body) {
        this.header = header;
        this.body = body;
    }

    /** A reader for records of {@code schema} (the generated class's) written in it, or null for a type it does not read. */
    static CompiledReader compile(Schema schema, SpecificData data) {
        Part body = part(schema, data);
        return body == null ? null : new CompiledReader(CompiledWriter.header(schema), body);
    }

    /** Whether {@code b} is a single-object record written in this reader's schema. */
    boolean reads(byte[] b) {
        return b.length >= header.length && Arrays.equals(b, 0, header.length, header, 0, header.length);
    }

    /** The record in {@code b}, for which {@link #reads} holds; bytes after it are ignored, as Avro's decoder does. */
    Object read(byte[] b) throws IOException {
        return body.read(new In(b, header.length));
    }

    private static Part part(Schema s, SpecificData data) {
        LogicalType logical = s.getLogicalType();
        if (logical != null && !(logical instanceof LogicalTypes.TimestampMillis && s.getType() == Schema.Type.LONG)) return null;
        return switch (s.getType()) {
            case RECORD -> record(s, data);
            case STRING -> In::string;
            case BYTES -> In::bytes;
            case INT -> In::varint32;
            case LONG -> logical != null ? in -> Instant.ofEpochMilli(in.varint64()) : In::varint64;
            case FLOAT -> In::float32;
            case DOUBLE -> In::float64;
            case BOOLEAN -> In::bool;
            case NULL -> in -> null;
            case ENUM -> enumeration(s, data);
            case ARRAY -> array(s.getElementType(), data);
            case UNION -> union(s, data);
            default -> null;  // map, fixed
        };
    }

    private static Part record(Schema s, SpecificData data) {
        Class<?> type = data.getClass(s);
        if (type == null) return null;  // a generated class to fill, or nothing here
        List<Schema.Field> fields = s.getFields();
        int[] pos = new int[fields.size()];
        Part[] parts = new Part[fields.size()];
        for (int i = 0; i < parts.length; i++) {
            pos[i] = fields.get(i).pos();
            if ((parts[i] = part(fields.get(i).schema(), data)) == null) return null;
        }
        Supplier<Object> make = constructor(type);
        return in -> {
            IndexedRecord r = (IndexedRecord) (make != null ? make.get() : data.newRecord(null, s));
            for (int i = 0; i < parts.length; i++) r.put(pos[i], parts[i].read(in));
            return r;
        };
    }

    /**
     * The generated class's no-argument constructor as a {@link Supplier}: what Avro calls by
     * reflection for every record it reads, at the cost of a plain call. Null when it cannot be
     * made (no such public constructor); then Avro's {@link SpecificData#newRecord} serves.
     */
    @SuppressWarnings("unchecked")
    private static Supplier<Object> constructor(Class<?> c) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle ctor = lookup.findConstructor(c, MethodType.methodType(void.class));
            return (Supplier<Object>) LambdaMetafactory.metafactory(lookup, "get", MethodType.methodType(Supplier.class),
                    MethodType.methodType(Object.class), ctor, MethodType.methodType(c)).getTarget().invokeExact();
        } catch (Throwable t) {
            return null;
        }
    }

    private static Part enumeration(Schema s, SpecificData data) {
        List<String> symbols = s.getEnumSymbols();
        Object[] values = new Object[symbols.size()];
        for (int i = 0; i < values.length; i++) values[i] = data.createEnum(symbols.get(i), s);
        return in -> {
            int i = in.varint32();
            if (i < 0 || i >= values.length) throw new IOException("enum " + s.getName() + " index " + i + " out of range");
            return values[i];
        };
    }

    private static Part union(Schema s, SpecificData data) {
        List<Schema> branches = s.getTypes();
        Part[] parts = new Part[branches.size()];
        for (int i = 0; i < parts.length; i++) if ((parts[i] = part(branches.get(i), data)) == null) return null;
        return in -> {
            int i = in.varint32();
            if (i < 0 || i >= parts.length) throw new IOException("union index " + i + " out of range");
            return parts[i].read(in);
        };
    }

    /** Blocks of items, each a count (negative: followed by the block's size in bytes) then the items; a count of 0 ends it. */
    private static Part array(Schema item, SpecificData data) {
        Part p = part(item, data);
        if (p == null) return null;
        return in -> {
            List<Object> out = new ArrayList<>();
            for (long n = in.varint64(); n != 0; n = in.varint64()) {
                if (n < 0) {
                    n = -n;
                    in.varint64();  // the block's size in bytes
                }
                // every item takes a byte at least (the project's arrays hold floats): a count beyond the bytes left is corrupt
                if (n > in.left()) throw new EOFException("array of " + n + " items in " + in.left() + " bytes");
                for (long k = 0; k < n; k++) out.add(p.read(in));
            }
            return out;
        };
    }

    /** Avro's binary encodings of the primitive types, read from a byte array. */
    private static final class In {
        private final byte[] b;
        private int pos;

        In(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int left() {
            return b.length - pos;
        }

        private void need(int k) throws EOFException {
            if (k > b.length - pos) throw new EOFException();
        }

        /** LEB128 then zigzag, at most 10 bytes. */
        long varint64() throws IOException {
            long raw = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                need(1);
                int x = b[pos++] & 0xFF;
                raw |= (long) (x & 0x7F) << shift;
                if (x < 0x80) return (raw >>> 1) ^ -(raw & 1);
            }
            throw new IOException("invalid long encoding");
        }

        /** LEB128 then zigzag, at most 5 bytes; bits beyond 32 dropped, as Avro does. */
        int varint32() throws IOException {
            int raw = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                need(1);
                int x = b[pos++] & 0xFF;
                raw |= (x & 0x7F) << shift;
                if (x < 0x80) return (raw >>> 1) ^ -(raw & 1);
            }
            throw new IOException("invalid int encoding");
        }

        Object float32() throws EOFException {
            need(4);
            int x = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
            pos += 4;
            return Float.intBitsToFloat(x);
        }

        Object float64() throws EOFException {
            need(8);
            long x = 0;
            for (int i = 7; i >= 0; i--) x = x << 8 | (b[pos + i] & 0xFF);
            pos += 8;
            return Double.longBitsToDouble(x);
        }

        Object bool() throws EOFException {
            need(1);
            return b[pos++] == 1;
        }

        private int length() throws IOException {
            int n = varint32();
            if (n < 0) throw new IOException("negative length " + n);
            need(n);
            return n;
        }

        String string() throws IOException {
            int n = length();
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        ByteBuffer bytes() throws IOException {
            int n = length();
            ByteBuffer out = ByteBuffer.wrap(Arrays.copyOfRange(b, pos, pos + n));
            pos += n;
            return out;
        }
    }
}
