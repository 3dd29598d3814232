package io.gesturestream.model;

import io.gesturestream.model.features.FeatureEncoder;
import io.gesturestream.model.features.InputKind;
import io.gesturestream.model.gru.GruShape;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The model file format, versions 1 to 3. Every number is little-endian; a string is a u16 byte
 * length then that many bytes of UTF-8.
 * <pre>
 *   magic          4 bytes  "GSGR"
 *   version        u16      1, 2 or 3
 *   input kind     u8       0 = pen, 1 = IMU
 *   output kind    u8       version 2 only: 0 = classes, 1 = CTC transcription (labels: the blank "", then the alphabet),
 *                            2 = prototypes (the head's rows are the classes' mean embeddings, its bias 0; the metadata's
 *                            prototypes.examples and prototypes.thresholds give each class's count and threshold)
 *   weight type    u8       version 2 only: 0 = f32, 1 = f16 (IEEE binary16, 2 bytes a weight)
 *   layers         u8       1..2
 *   input size     u32
 *   hidden size    u32
 *   classes        u32
 *   embedding      u32      version 3 only: E, the embedding logits of a prototype model whose embedding is the state
 *                            beside a classifier's logits (see GruShape; the tensors embed.weight and embed.bias follow the head)
 *   pooled         u8       version 3 only: P, how many layers from the top the embedding holds the mean state of over the
 *                            events (1: the top's; 2: and the layer below's state and mean; see GruShape), 0..layers
 *   name           string   e.g. "pendigits"
 *   model version  string   e.g. "1"
 *   encoder        u16 count, then count x f32   (see PenEncoder / ImuEncoder)
 *   labels         classes x string
 *   metadata       u16 count, then count x (key string, value string)
 *                            training data, seed, date, held-out accuracy, command, ...
 *   tensors        u16 count, then per tensor: name string, u8 rank, rank x u32 dims,
 *                            then prod(dims) x f32 (or f16); in the order of GruShape.tensors()
 *   checksum       u32      CRC-32C of every byte before it
 * </pre>
 * Loading checks, and names in its error: truncation, magic, version, limits, the checksum,
 * every tensor's name and shape against the hyper-parameters, and that every weight is finite.
 */
public final class ModelFile {
    public static final byte[] MAGIC = {'G', 'S', 'G', 'R'};
    /**
     * The newest version this build reads and writes. A classifier is written as version 1, byte
     * for byte as before (its checksum, which stored sessions carry, does not change, and older
     * builds still read it); version 2 adds the output kind and the weight type, for transcription
     * models and weights stored as halves; version 3 the embedding logits and the pooled state,
     * written only for a prototype model that has either (so every other file stays what it was,
     * and a build that cannot serve them says so by the version).
     */
    public static final int VERSION = 3;
    private static final int MAX_STRING = 4096;
    private static final int MAX_METADATA = 256;
    private static final int MAX_ENCODER_PARAMS = 64;

    private ModelFile() {}

    /** The format version {@link #write} gives a model: 1 for a classifier with float weights, 3 with more than the state embedded, else 2. */
    public static int versionOf(Model m) {
        if (m.shape().embedding() > 0 || m.shape().pooledLayers() > 0) return 3;
        return m.output() == OutputKind.CLASSES && !m.halfWeights() ? 1 : 2;
    }

    public static byte[] write(Model m) {
        Out o = new Out();
        o.bytes(MAGIC);
        int version = versionOf(m);
        o.u16(version);
        o.u8(m.encoder().kind().ordinal());
        if (version >= 2) {
            o.u8(m.output().ordinal());
            o.u8(m.halfWeights() ? 1 : 0);
        }
        GruShape s = m.shape();
        o.u8(s.layers());
        o.u32(s.inputSize());
        o.u32(s.hiddenSize());
        o.u32(s.classes());
        if (version >= 3) {
            o.u32(s.embedding());
            o.u8(s.pooledLayers());
        }
        o.str(m.name());
        o.str(m.version());
        float[] enc = m.encoder().parameters();
        o.u16(enc.length);
        for (float f : enc) o.f32(f);
        for (String label : m.labels()) o.str(label);
        o.u16(m.metadata().size());
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(m.metadata()).entrySet()) {
            o.str(e.getKey());
            o.str(e.getValue());
        }
        List<GruShape.Tensor> tensors = s.tensors();
        float[] p = m.parameters();
        o.u16(tensors.size());
        for (GruShape.Tensor t : tensors) {
            o.str(t.name());
            o.u8(t.dims().length);
            for (int d : t.dims()) o.u32(d);
            if (m.halfWeights()) {
                for (int i = 0; i < t.length(); i++) o.u16(Half.fromFloat(p[t.offset() + i]));
            } else {
                for (int i = 0; i < t.length(); i++) o.f32(p[t.offset() + i]);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(o.buf.toByteArray());
        o.u32((int) crc.getValue());
        return o.buf.toByteArray();
    }

    /** The checksum {@link #write} ends the model's file with. */
    static int checksumOf(Model m) {
        byte[] b = write(m);
        return ByteBuffer.wrap(b, b.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    public static Model read(byte[] bytes) throws ModelFormatException {
        In in = new In(bytes);
        byte[] magic = in.bytes(4, "magic");
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new ModelFormatException("not a gesture-stream model file: wrong magic (expected \"GSGR\")");
        }
        int version = in.u16("format version");
        if (version < 1 || version > VERSION) {
            throw new ModelFormatException("unsupported model format version " + version + " (this build reads 1 to " + VERSION + ")");
        }
        int kindOrdinal = in.u8("input kind");
        if (kindOrdinal >= InputKind.values().length) {
            throw new ModelFormatException("unknown input kind " + kindOrdinal);
        }
        InputKind kind = InputKind.values()[kindOrdinal];
        OutputKind output = OutputKind.CLASSES;
        boolean half = false;
        if (version >= 2) {
            int outOrdinal = in.u8("output kind");
            if (outOrdinal >= OutputKind.values().length) throw new ModelFormatException("unknown output kind " + outOrdinal);
            output = OutputKind.values()[outOrdinal];
            int weights = in.u8("weight type");
            if (weights > 1) throw new ModelFormatException("unknown weight type " + weights + " (0 = f32, 1 = f16)");
            half = weights == 1;
            // a classifier with float weights is always written as version 1: not what write() makes of it
            if (output == OutputKind.CLASSES && !half) {
                throw new ModelFormatException("format version 2 with float weights is for transcription models; this classifier should be version 1");
            }
        }
        int layers = in.u8("layers");
        long inputSize = in.u32("input size");
        long hidden = in.u32("hidden size");
        long classes = in.u32("classes");
        long embedding = 0;
        int pooled = 0;
        if (version >= 3) {
            embedding = in.u32("embedding logits");
            pooled = in.u8("pooled");
            if (pooled > layers) throw new ModelFormatException("pooled must be 0 to the layers (" + layers + "), got " + pooled);
            if (output != OutputKind.PROTOTYPES || (embedding == 0 && pooled == 0)) {
                throw new ModelFormatException("format version 3 is for prototype models that embed more than the state; this model should be version "
                        + (output == OutputKind.CLASSES && !half ? 1 : 2));
            }
        }
        GruShape shape;
        try {
            shape = new GruShape(toInt(inputSize), toInt(hidden), layers, toInt(classes), toInt(embedding), pooled);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("bad hyper-parameters: " + e.getMessage());
        }
        String name = in.str("model name");
        String modelVersion = in.str("model version");
        int encCount = in.u16("encoder parameter count");
        if (encCount > MAX_ENCODER_PARAMS) throw new ModelFormatException(encCount + " encoder parameters is too many");
        float[] encParams = new float[encCount];
        for (int i = 0; i < encCount; i++) encParams[i] = in.f32("encoder parameter " + i);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < shape.classes(); i++) labels.add(in.str("label " + i));
        if (new java.util.HashSet<>(labels).size() != labels.size()) throw new ModelFormatException("duplicate class labels");
        int metaCount = in.u16("metadata count");
        if (metaCount > MAX_METADATA) throw new ModelFormatException(metaCount + " metadata entries is too many");
        Map<String, String> meta = new LinkedHashMap<>();
        // write() sorts the keys; a file that has them otherwise (or twice) is not what write() makes of it
        boolean keysAsWritten = true;
        String lastKey = null;
        for (int i = 0; i < metaCount; i++) {
            String key = in.str("metadata key");
            if (lastKey != null && key.compareTo(lastKey) <= 0) keysAsWritten = false;
            lastKey = key;
            meta.put(key, in.str("metadata value"));
        }
        List<GruShape.Tensor> expected = shape.tensors();
        int tensorCount = in.u16("tensor count");
        if (tensorCount != expected.size()) {
            throw new ModelFormatException("shape mismatch: " + tensorCount + " tensors, expected " + expected.size()
                    + " for " + layers + " layer(s)");
        }
        float[] params = null;
        for (GruShape.Tensor t : expected) {
            String tName = in.str("tensor name");
            if (!tName.equals(t.name())) {
                throw new ModelFormatException("expected tensor " + t.name() + ", found " + tName);
            }
            int rank = in.u8(t.name() + " rank");
            long[] dims = new long[rank];
            for (int d = 0; d < rank; d++) dims[d] = in.u32(t.name() + " dim " + d);
            if (!sameDims(dims, t.dims())) {
                throw new ModelFormatException("shape mismatch: " + t.name() + " is " + java.util.Arrays.toString(dims)
                        + ", the hyper-parameters need " + java.util.Arrays.toString(t.dims()));
            }
            if (params == null) {   // after the first tensor's header agrees, before any weight: a header cannot ask for more than the file holds
                in.need((half ? 2L : 4L) * shape.size(), "the tensors");
                params = new float[shape.size()];
            }
            in.need((half ? 2L : 4L) * t.length(), t.name() + " data");
            if (half) {
                for (int i = 0; i < t.length(); i++) params[t.offset() + i] = Half.toFloat(in.u16(t.name()));
            } else {
                for (int i = 0; i < t.length(); i++) params[t.offset() + i] = in.f32(null);
            }
        }
        int crcPos = in.pos;
        long stored = in.u32("checksum");
        if (in.pos != bytes.length) {
            throw new ModelFormatException((bytes.length - in.pos) + " unexpected bytes after the checksum");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, crcPos);
        if (crc.getValue() != stored) {
            throw new ModelFormatException(String.format("checksum mismatch: file says %08x, content is %08x (corrupt or modified)",
                    stored, crc.getValue()));
        }
        for (GruShape.Tensor t : expected) {
            for (int i = 0; i < t.length(); i++) {
                if (!Float.isFinite(params[t.offset() + i])) {
                    throw new ModelFormatException("non-finite weight in " + t.name() + " at index " + i);
                }
            }
        }
        FeatureEncoder encoder;
        try {
            encoder = FeatureEncoder.of(kind, encParams);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("bad feature encoder: " + e.getMessage());
        }
        if (encoder.inputSize() != shape.inputSize()) {
            throw new ModelFormatException("shape mismatch: the encoder writes " + encoder.inputSize()
                    + " features, the GRU reads " + shape.inputSize());
        }
        // The checksum identifies a model by the bytes write() gives it, and sessions in stores carry it. The file's own
        // is that one, with no second serialization, unless the file says something write() would say otherwise.
        Integer checksum = keysAsWritten && sameBits(encParams, encoder.parameters()) ? (int) stored : null;
        try {
            return new Model(name, modelVersion, output, half, shape, encoder, labels, meta, params, checksum);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(output == OutputKind.PROTOTYPES ? "bad prototypes: " + e.getMessage() : "bad labels: " + e.getMessage());
        }
    }

    private static boolean sameBits(float[] a, float[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) return false;
        return true;
    }

    private static boolean sameDims(long[] a, int[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    private static int toInt(long v) throws ModelFormatException {
        if (v > Integer.MAX_VALUE) throw new ModelFormatException("size " + v + " is out of range");
        return (int) v;
    }

    private static final class In {
        final ByteBuffer b;
        int pos;

        In(byte[] bytes) {
            b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        void need(long n, String what) throws ModelFormatException {
            if (pos + n > b.capacity()) {
                throw new ModelFormatException("truncated: the file ends at byte " + b.capacity() + " while reading "
                        + what + " (at byte " + pos + ")");
            }
        }

        byte[] bytes(int n, String what) throws ModelFormatException {
            need(n, what);
            byte[] out = new byte[n];
            b.get(pos, out);
            pos += n;
            return out;
        }

        int u8(String what) throws ModelFormatException {
            need(1, what);
            return b.get(pos++) & 0xff;
        }

        int u16(String what) throws ModelFormatException {
            need(2, what);
            int v = b.getShort(pos) & 0xffff;
            pos += 2;
            return v;
        }

        long u32(String what) throws ModelFormatException {
            need(4, what);
            long v = b.getInt(pos) & 0xffffffffL;
            pos += 4;
            return v;
        }

        float f32(String what) throws ModelFormatException {
            if (what != null) need(4, what);
            float v = b.getFloat(pos);
            pos += 4;
            return v;
        }

        String str(String what) throws ModelFormatException {
            int n = u16(what + " length");
            if (n > MAX_STRING) throw new ModelFormatException(what + " is " + n + " bytes long, the limit is " + MAX_STRING);
            byte[] raw = bytes(n, what);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw)).toString();
            } catch (CharacterCodingException e) {
                throw new ModelFormatException(what + " is not valid UTF-8");
            }
        }
    }

    private static final class Out {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);

        void bytes(byte[] b) { buf.writeBytes(b); }
        void u8(int v) { buf.write(v); }
        void u16(int v) {
            if (v < 0 || v > 0xffff) throw new IllegalArgumentException("value " + v + " does not fit in u16");
            buf.write(v & 0xff);
            buf.write(v >>> 8);
        }
        void u32(int v) {
            scratch.clear();
            scratch.putInt(v);
            buf.write(scratch.array(), 0, 4);
        }
        void f32(float f) { u32(Float.floatToRawIntBits(f)); }
        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_STRING) throw new IllegalArgumentException("string longer than " + MAX_STRING + " bytes");
            u16(b.length);
            bytes(b);
        }
    }
}
