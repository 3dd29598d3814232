package io.gesturestream.benchmarks.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The smallest protobuf encoder that writes an ONNX model: varint and length-delimited fields
 * only (wire types 0 and 2), which is all that {@link OnnxGruModel} uses. Nested messages are
 * written into their own writer and then added as bytes.
 *
 * <p>Encoding (protobuf "Encoding" guide): every field is a key {@code (field << 3) | wireType}
 * as a varint, then the value: a varint (7 bits per byte, least significant group first, high
 * bit set on all but the last byte) or a varint length followed by that many bytes. Repeated
 * fields are simply written once per element, in order.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An int32/int64/enum field. Negative values would take 10 bytes; ONNX needs none here. */
    ProtoWriter varint(int field, long value) {
        key(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** A string field, UTF-8. An empty string is still written: repeated fields are positional. */
    ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] b) {
        key(field, LENGTH_DELIMITED);
        rawVarint(b.length);
        out.writeBytes(b);
        return this;
    }

    /** An embedded message field. */
    ProtoWriter message(int field, ProtoWriter m) {
        return bytes(field, m.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
