package io.gesturestream.model;

import io.gesturestream.model.features.ImuEncoder;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    @Test
    void roundTripKeepsEveryFieldAndEveryBit() throws Exception {
        for (int layers = 1; layers <= 2; layers++) {
            Model m = Fixtures.tinyModel(6, layers, 3).withInfo("tiny", "7", Map.of("seed", "3", "date", "2026-11-25"));
            byte[] bytes = ModelFile.write(m);
            Model back = ModelFile.read(bytes);
            assertEquals("tiny", back.name());
            assertEquals("7", back.version());
            assertEquals(m.shape(), back.shape());
            assertEquals(m.labels(), back.labels());
            assertEquals(m.metadata(), back.metadata());
            assertArrayEquals(m.encoder().parameters(), back.encoder().parameters());
            assertArrayEquals(m.parameters(), back.parameters());
            assertArrayEquals(bytes, ModelFile.write(back));
            assertEquals(m.checksum(), back.checksum());
        }
    }

    @Test
    void imuModelRoundTrips() throws Exception {
        ImuEncoder enc = new ImuEncoder(true, 400f);
        GruShape s = new GruShape(enc.inputSize(), 4, 1, 3);
        Model m = new Model("imu", "1", s, enc, List.of("a", "b", "c"), Map.of(), new float[s.size()]);
        Model back = ModelFile.read(ModelFile.write(m));
        assertArrayEquals(enc.parameters(), back.encoder().parameters());
        assertEquals(m.encoder().kind(), back.encoder().kind());
    }

    @Test
    void transcriptionModelIsVersionTwoAndRoundTripsWithItsAlphabet() throws Exception {
        Model tiny = Fixtures.tinyModel(4, 2, 1);
        GruShape s = new GruShape(tiny.shape().inputSize(), 4, 2, 4);
        float[] p = new float[s.size()];
        for (int i = 0; i < p.length; i++) p[i] = (i % 13) * 0.01f - 0.06f;
        Model m = new Model("words", "1", OutputKind.CTC, s, tiny.encoder(), List.of(OutputKind.BLANK, "a", "b", "\u00e9"),
                Map.of("seed", "1"), p);
        byte[] bytes = ModelFile.write(m);
        assertEquals(2, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(4));
        assertEquals(2, ModelFile.versionOf(m));
        Model back = ModelFile.read(bytes);
        assertEquals(OutputKind.CTC, back.output());
        assertEquals(m.labels(), back.labels());
        assertArrayEquals(m.parameters(), back.parameters());
        assertArrayEquals(bytes, ModelFile.write(back));
        assertEquals(m.checksum(), back.checksum());
        assertThrows(IllegalArgumentException.class, () -> back.restrictedTo(LabelSet.parse("a")));

        byte[] unknown = bytes.clone();
        unknown[7] = 7;   // the output kind, after magic, version and input kind
        reseal(unknown);
        assertEquals("unknown output kind 7", assertThrows(ModelFormatException.class, () -> ModelFile.read(unknown)).getMessage());
        byte[] weights = bytes.clone();
        weights[8] = 2;   // the weight type
        reseal(weights);
        assertEquals("unknown weight type 2 (0 = f32, 1 = f16)", assertThrows(ModelFormatException.class, () -> ModelFile.read(weights)).getMessage());
        byte[] classesInV2 = bytes.clone();
        classesInV2[7] = 0;
        reseal(classesInV2);
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.read(classesInV2)).getMessage().contains("should be version 1"));
    }

    /**
     * A prototype model enrolled with its classifier's logits is version 3: the embedding's width
     * after the classes, its head's rows H + E wide, then the classifier's head as embed.weight
     * and embed.bias. Nothing else is ever written as version 3.
     */
    @Test
    void prototypesWithEmbeddingLogitsAreVersionThreeAndRoundTripEveryBit() throws Exception {
        Model tiny = Fixtures.tinyModel(4, 1, 1);
        List<io.gesturestream.model.data.Gesture> g = Fixtures.shapes(2, 1, 5);
        Model m = Enrollment.enroll(tiny, "mine", List.of(g.get(0).samples(), g.get(4).samples()), Embedding.STATE_LOGITS);
        assertEquals(new GruShape(tiny.shape().inputSize(), 4, 1, 1, 4, 0), m.shape());
        assertEquals(List.of("head.weight", "head.bias", "embed.weight", "embed.bias"),
                m.shape().tensors().subList(4, 8).stream().map(GruShape.Tensor::name).toList());
        assertArrayEquals(new int[] {1, 8}, m.shape().tensors().get(4).dims());
        byte[] bytes = ModelFile.write(m);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3, b.getShort(4));
        assertEquals(2, bytes[7], "output kind: prototypes");
        // layers u8 at 9, input u32 at 10, hidden at 14, classes at 18, embedding at 22, pooled u8 at 26
        assertEquals(List.of(1, 4, 1, 4), List.of((int) bytes[9], b.getInt(14), b.getInt(18), b.getInt(22)));
        assertEquals(0, bytes[26], "pooled: no");
        Model back = ModelFile.read(bytes);
        assertEquals(m.shape(), back.shape());
        assertEquals(Embedding.STATE_LOGITS, back.embedding());
        assertArrayEquals(m.parameters(), back.parameters());
        assertArrayEquals(bytes, ModelFile.write(back));
        assertEquals(m.checksum(), back.checksum());
        // pooled, without logits: version 3 all the same, the flag set, rows of 2H
        Model mean = Enrollment.enroll(tiny, "mine", List.of(g.get(0).samples()), Embedding.STATE_MEAN);
        byte[] pooledBytes = ModelFile.write(mean);
        assertEquals(List.of(3, 0, 1), List.of((int) pooledBytes[4], ByteBuffer.wrap(pooledBytes).order(ByteOrder.LITTLE_ENDIAN).getInt(22),
                (int) pooledBytes[26]));
        Model meanBack = ModelFile.read(pooledBytes);
        assertEquals(new GruShape(tiny.shape().inputSize(), 4, 1, 1, 0, 1), meanBack.shape());
        assertEquals(List.of("head.weight", "head.bias"), meanBack.shape().tensors().subList(4, 6).stream().map(GruShape.Tensor::name).toList());
        assertArrayEquals(new int[] {1, 8}, meanBack.shape().tensors().get(4).dims());
        assertArrayEquals(pooledBytes, ModelFile.write(meanBack));
                // every layer pooled, on a 1-layer model: the top layer's mean, the same shape and weights as state+mean
        Model oneLayer = ModelFile.read(ModelFile.write(Enrollment.enroll(tiny, "mine", List.of(g.get(0).samples()), Embedding.LAYERS_MEAN)));
        assertEquals(List.of(meanBack.shape(), Embedding.STATE_MEAN), List.of(oneLayer.shape(), oneLayer.embedding()));
        assertArrayEquals(meanBack.parameters(), oneLayer.parameters());
        // on a 2-layer model: P = 2 in the flag, rows of 4H, read back as layers+mean
        Model two = Fixtures.tinyModel(4, 2, 1);
        Model layers = Enrollment.enroll(two, "mine", List.of(g.get(0).samples()), Embedding.LAYERS_MEAN);
        byte[] layersBytes = ModelFile.write(layers);
        assertEquals(List.of(3, 2), List.of((int) layersBytes[4], (int) layersBytes[26]));
        Model layersBack = ModelFile.read(layersBytes);
        assertEquals(new GruShape(two.shape().inputSize(), 4, 2, 1, 0, 2), layersBack.shape());
        assertEquals("GruShape[inputSize=" + two.shape().inputSize() + ", hiddenSize=4, layers=2, classes=1, pooled=2]", layersBack.shape().toString());
        assertEquals(Embedding.LAYERS_MEAN, layersBack.embedding());
        assertArrayEquals(new int[] {1, 16}, layersBack.shape().tensors().get(8).dims());
        assertArrayEquals(layersBytes, ModelFile.write(layersBack));
        Model state = Enrollment.enroll(tiny, "mine", List.of(g.get(0).samples()), Embedding.STATE);
        assertEquals(2, ModelFile.versionOf(state));
        assertEquals("GruShape[inputSize=" + tiny.shape().inputSize() + ", hiddenSize=4, layers=1, classes=1]", state.shape().toString(),
                "the shape prints as before without the logits (metadata quotes it)");

        byte[] noLogits = bytes.clone();
        b = ByteBuffer.wrap(noLogits).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(22, 0);
        reseal(noLogits);
        assertEquals("format version 3 is for prototype models that embed more than the state; this model should be version 2",
                assertThrows(ModelFormatException.class, () -> ModelFile.read(noLogits)).getMessage());
        byte[] pooled = bytes.clone();
        pooled[26] = 2;   // the pooled flag after the embedding logits
        reseal(pooled);
        assertEquals("pooled must be 0 to the layers (1), got 2", assertThrows(ModelFormatException.class, () -> ModelFile.read(pooled)).getMessage());
        byte[] classifier = bytes.clone();
        classifier[7] = 0;
        reseal(classifier);
        assertEquals("format version 2 with float weights is for transcription models; this classifier should be version 1",
                assertThrows(ModelFormatException.class, () -> ModelFile.read(classifier)).getMessage());
        byte[] transcription = bytes.clone();
        transcription[7] = 1;
        reseal(transcription);
        assertEquals("format version 3 is for prototype models that embed more than the state; this model should be version 2",
                assertThrows(ModelFormatException.class, () -> ModelFile.read(transcription)).getMessage());
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(22, 60_000).putInt(14, 4000).putInt(18, 60_000);
        reseal(huge);
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.read(huge)).getMessage().startsWith("bad hyper-parameters: "),
                "more parameters than an array holds: refused before any allocation");
        byte[] big = bytes.clone();
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putInt(22, 60_000);
        reseal(big);
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.read(big)).getMessage().startsWith("truncated"),
                "a header asking for more weights than the file holds");
    }

    @Test
    void halfWeightsHalveTheFileAndRoundTripEveryBit() throws Exception {
        Model m = Fixtures.tinyModel(16, 2, 5);
        Model half = m.withHalfWeights();
        assertTrue(half.halfWeights());
        float[] p = m.parameters(), h = half.parameters();
        for (int i = 0; i < p.length; i++) assertEquals(Half.round(p[i]), h[i]);
        byte[] bytes = ModelFile.write(half);
        assertEquals(2, ModelFile.versionOf(half));
        int weightBytes = 4 * p.length;
        assertEquals(ModelFile.write(m).length - weightBytes / 2 + 2, bytes.length, "2 bytes a weight, and the two header bytes of v2");
        Model back = ModelFile.read(bytes);
        assertTrue(back.halfWeights());
        assertArrayEquals(h, back.parameters());
        assertArrayEquals(bytes, ModelFile.write(back));
        assertEquals(half.checksum(), back.checksum());
        assertTrue(back.withInfo("x", "2", Map.of()).halfWeights());
        var notHalf = assertThrows(IllegalArgumentException.class, () -> new Model("n", "1", OutputKind.CLASSES, true, m.shape(), m.encoder(),
                m.labels(), Map.of(), p, null));
        assertTrue(notHalf.getMessage().contains("is not a half"), notHalf.getMessage());
    }

    @Test
    void classifierIsStillWrittenAsVersionOneSoItsChecksumDoesNotChange() throws Exception {
        for (String name : Model.BUNDLED) {
            if (Model.bundled(name).output() != OutputKind.CLASSES) continue;   // words, gestures: version 2 whatever their weights
            byte[] resource;
            try (var in = Model.class.getResourceAsStream("/models/" + name + ".gru")) {
                resource = in.readAllBytes();
            }
            Model m = Model.bundled(name);
            assertEquals(OutputKind.CLASSES, m.output());
            assertEquals(m.halfWeights() ? 2 : 1, ModelFile.versionOf(m), name + ": version 2 only for its half weights");
            assertArrayEquals(resource, ModelFile.write(m), name);
        }
    }

    @Test
    void transcriptionModelNeedsTheBlankFirstAndNoEmptySymbol() {
        Model tiny = Fixtures.tinyModel(4, 1, 1);
        GruShape s = new GruShape(tiny.shape().inputSize(), 4, 1, 3);
        float[] p = new float[s.size()];
        var noBlank = assertThrows(IllegalArgumentException.class,
                () -> new Model("w", "1", OutputKind.CTC, s, tiny.encoder(), List.of("a", "", "b"), Map.of(), p));
        assertTrue(noBlank.getMessage().contains("label 0 must be the blank"), noBlank.getMessage());
        Model ok = new Model("w", "1", OutputKind.CTC, s, tiny.encoder(), List.of("", "a", "b"), Map.of(), p);
        byte[] b = ModelFile.write(ok);
        // the blank (bytes [0, 0], before "a": [1, 0, 'a']) replaced by "z" is not a valid file
        int at = indexOf(b, new byte[] {0, 0, 1, 0, 'a'});
        byte[] bad = new byte[b.length + 1];
        System.arraycopy(b, 0, bad, 0, at);
        bad[at] = 1;
        bad[at + 2] = 'z';
        System.arraycopy(b, at + 2, bad, at + 3, b.length - at - 2);
        reseal(bad);
        var e = assertThrows(ModelFormatException.class, () -> ModelFile.read(bad));
        assertEquals("bad labels: a transcription model's label 0 must be the blank (\"\"), got \"z\"", e.getMessage());
    }

    @Test
    void truncatedFileSaysTruncated() {
        byte[] b = ModelFile.write(Fixtures.tinyModel(4, 1, 1));
        for (int cut : new int[] {0, 3, 10, 40, b.length / 2, b.length - 1}) {
            var e = assertThrows(ModelFormatException.class, () -> ModelFile.read(Arrays.copyOf(b, cut)));
            assertTrue(e.getMessage().startsWith("truncated"), cut + ": " + e.getMessage());
        }
        // two bytes into the last weight: the tensors' data fit, their names and dims with it do not
        var e = assertThrows(ModelFormatException.class, () -> ModelFile.read(Arrays.copyOf(b, b.length - 6)));
        assertTrue(e.getMessage().startsWith("truncated") && e.getMessage().contains("while reading head.bias data"), e.getMessage());
    }

    @Test
    void wrongMagicAndVersionAreNamed() {
        byte[] b = ModelFile.write(Fixtures.tinyModel(4, 1, 1));
        byte[] magic = b.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.read(magic)).getMessage().contains("magic"));
        byte[] version = b.clone();
        version[4] = 9;
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.read(version)).getMessage().contains("version 9"));
    }

    @Test
    void flippedWeightBitFailsTheChecksum() {
        byte[] b = ModelFile.write(Fixtures.tinyModel(4, 1, 1));
        b[b.length - 20] ^= 0x01;
        var e = assertThrows(ModelFormatException.class, () -> ModelFile.read(b));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] b = ModelFile.write(Fixtures.tinyModel(4, 1, 1));
        var e = assertThrows(ModelFormatException.class, () -> ModelFile.read(Arrays.copyOf(b, b.length + 3)));
        assertTrue(e.getMessage().contains("unexpected bytes"), e.getMessage());
    }

    /** A file whose hidden size says 5 but whose tensors were written for 4, with a valid checksum. */
    @Test
    void shapeMismatchIsNamedEvenWithAValidChecksum() {
        byte[] b = ModelFile.write(Fixtures.tinyModel(4, 1, 1));
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 5);  // hidden size field
        reseal(b);
        var e = assertThrows(ModelFormatException.class, () -> ModelFile.read(b));
        assertTrue(e.getMessage().contains("shape mismatch") && e.getMessage().contains("weight_ih_l0"), e.getMessage());
    }

    @Test
    void nonFiniteWeightIsNamed() {
        Model m = Fixtures.tinyModel(4, 1, 1);
        byte[] b = ModelFile.write(m);
        // the head bias is the last tensor: its last float ends 4 bytes before the checksum
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(b.length - 8, Float.NaN);
        reseal(b);
        var e = assertThrows(ModelFormatException.class, () -> ModelFile.read(b));
        assertTrue(e.getMessage().contains("non-finite weight in head.bias"), e.getMessage());
    }

    @Test
    void garbageIsRefusedWithAReason() {
        var e = assertThrows(ModelFormatException.class, () -> ModelFile.read("hello world, not a model".getBytes()));
        assertTrue(e.getMessage().contains("magic"));
    }

    @Test
    void checksumOfALoadedModelIsItsFilesAndTheSameAsInMemory(@TempDir Path dir) throws Exception {
        for (String name : Model.BUNDLED) {
            byte[] file;
            try (var in = Model.class.getResourceAsStream("/models/" + name + ".gru")) {
                file = in.readAllBytes();
            }
            int inFile = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(file.length - 4);
            Model bundled = Model.bundled(name);
            Path p = dir.resolve(name + ".gru");
            Files.write(p, file);
            Model loaded = Model.load(p.toString());
            Model rebuilt = new Model(loaded.name(), loaded.version(), loaded.output(), loaded.shape(), loaded.encoder(), loaded.labels(),
                    loaded.metadata(), loaded.parameters());
            if (loaded.halfWeights()) rebuilt = rebuilt.withHalfWeights();
            assertEquals(inFile, bundled.checksum(), name);
            assertEquals(inFile, loaded.checksum(), name);
            assertEquals(inFile, rebuilt.checksum(), name);
            assertEquals(inFile, reserializedChecksum(loaded), name + ": as every build before computed it");
        }
        for (int layers = 1; layers <= 2; layers++) {
            Model m = Fixtures.tinyModel(6, layers, 3).withInfo("tiny", "7", Map.of("seed", "3", "date", "2026-11-25", "a", "b"));
            assertEquals(reserializedChecksum(m), m.checksum());
            assertEquals(m.checksum(), ModelFile.read(ModelFile.write(m)).checksum());
        }
        Model imu = Fixtures.tinyImuModel();
        assertEquals(reserializedChecksum(imu), imu.checksum());
        assertEquals(imu.checksum(), ModelFile.read(ModelFile.write(imu)).checksum());
    }

    /** Metadata out of order: the file's CRC is not what write() gives the model; its checksum stays write()'s, as before. */
    @Test
    void fileWithMetadataOutOfOrderKeepsTheChecksumOfItsRewrite() throws Exception {
        Model m = Fixtures.tinyModel(4, 1, 1).withInfo("tiny", "1", Map.of("alpha", "1", "beta", "2"));
        byte[] b = ModelFile.write(m);
        byte[] sorted = metadata("alpha", "1", "beta", "2");
        int at = indexOf(b, sorted);
        System.arraycopy(metadata("beta", "2", "alpha", "1"), 0, b, at, sorted.length);
        reseal(b);
        Model back = ModelFile.read(b);
        assertEquals(m.metadata(), back.metadata());
        assertTrue(back.checksum() != ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(b.length - 4));
        assertEquals(reserializedChecksum(m), back.checksum());
        assertEquals(m.checksum(), back.checksum());
    }

    /** -0 for "no pressure" reads as 0, and write() writes +0: the checksum stays write()'s. */
    @Test
    void fileWithANegativeZeroFlagKeepsTheChecksumOfItsRewrite() throws Exception {
        Model m = Fixtures.tinyModel(4, 1, 1);
        byte[] b = ModelFile.write(m);
        int enc = 4 + 2 + 1 + 1 + 3 * 4 + 2 + m.name().length() + 2 + m.version().length();  // the encoder's u16 count
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, buf.getShort(enc));
        assertEquals(0f, buf.getFloat(enc + 2 + 4));
        buf.putFloat(enc + 2 + 4, -0f);
        reseal(b);
        Model back = ModelFile.read(b);
        assertEquals(reserializedChecksum(m), back.checksum());
        assertEquals(m.checksum(), back.checksum());
    }

    /** What Model.checksum() computed before it kept the file's: the CRC-32C that ends write()'s bytes. */
    private static int reserializedChecksum(Model m) {
        byte[] b = ModelFile.write(m);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        return (int) crc.getValue();
    }

    private static byte[] metadata(String... keysAndValues) {
        var out = new java.io.ByteArrayOutputStream();
        out.write(keysAndValues.length / 2);
        out.write(0);
        for (String s : keysAndValues) {
            out.write(s.length());
            out.write(0);
            out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, byte[] part) {
        for (int i = 0; i + part.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + part.length, part, 0, part.length)) return i;
        }
        throw new AssertionError("not found");
    }

    private static void reseal(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    }
}
