package io.gesturestream.model;

import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every check of the root package's loaders and answers, triggered one by one, at its boundary
 * (issue 19: each was a surviving mutant): the model file's fields, the session state's, the
 * recognizer's restriction and prototypes, and the few numbers the rest leans on.
 */
class RootChecksTest {

    // ---------------------------------------------------------------- ModelFile

    /** The tiny model's file: a version-1 classifier, fields at fixed offsets up to its name. */
    private static byte[] tinyFile() {
        return ModelFile.write(Fixtures.tinyModel(4, 1, 1));
    }

    private static ModelFormatException refused(byte[] b) {
        return assertThrows(ModelFormatException.class, () -> ModelFile.read(b));
    }

    private static void reseal(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 4, (int) crc.getValue());
    }

    @Test
    void anInputKindOneBeyondTheLastIsUnknown() throws Exception {
        byte[] b = tinyFile();
        int kinds = io.gesturestream.model.features.InputKind.values().length;
        b[6] = (byte) kinds;
        assertEquals("unknown input kind " + kinds, refused(b).getMessage());
        b[6] = (byte) (kinds - 1);   // the last kind is read (the file then fails later, for another reason)
        assertFalse(refused(b).getMessage().startsWith("unknown input kind"));
    }

    @Test
    void aVersionTwoFilesOutputKindAndWeightTypeAreChecked() throws Exception {
        byte[] b = ModelFile.write(Fixtures.tinyModel(4, 1, 1).withHalfWeights());
        assertEquals(2, b[4]);
        int outputs = OutputKind.values().length;
        byte[] out = b.clone();
        out[7] = (byte) outputs;
        assertEquals("unknown output kind " + outputs, refused(out).getMessage());
        byte[] weights = b.clone();
        weights[8] = 2;
        assertEquals("unknown weight type 2 (0 = f32, 1 = f16)", refused(weights).getMessage());
        byte[] floats = b.clone();
        floats[8] = 0;
        assertTrue(refused(floats).getMessage().startsWith("format version 2 with float weights is for transcription models"));
    }

    /** Offset of the u16 encoder parameter count of {@link #tinyFile()}. */
    private static int encoderCountAt(Model m) {
        return 4 + 2 + 1 + 1 + 3 * 4 + 2 + m.name().length() + 2 + m.version().length();
    }

    @Test
    void encoderParameterAndMetadataCountsAreCheckedAtTheirLimits() {
        Model m = Fixtures.tinyModel(4, 1, 1);
        byte[] b = ModelFile.write(m);
        int at = encoderCountAt(m);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort(at, (short) 65);
        assertEquals("65 encoder parameters is too many", refused(b).getMessage());
        buf.putShort(at, (short) 64);   // 64 is taken; the file is then read as 64 floats and fails elsewhere
        assertFalse(refused(b).getMessage().contains("too many"));

        Model meta = m.withInfo("tiny", "1", Map.of());
        byte[] c = ModelFile.write(meta);
        // no metadata: the count is the u16 after the encoder's floats and the labels
        int metaAt = encoderCountAt(meta) + 2 + 4 * meta.encoder().parameters().length;
        for (String l : meta.labels()) metaAt += 2 + l.length();
        ByteBuffer cb = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, cb.getShort(metaAt));
        cb.putShort(metaAt, (short) 257);
        assertEquals("257 metadata entries is too many", refused(c).getMessage());
        cb.putShort(metaAt, (short) 256);
        assertFalse(refused(c).getMessage().contains("too many"));
    }

    @Test
    void aFileWithAKeyTwiceKeepsTheChecksumOfItsRewriteNotItsOwn() throws Exception {
        Model m = Fixtures.tinyModel(4, 1, 1).withInfo("tiny", "1", Map.of("k1", "x", "k2", "y"));
        byte[] b = ModelFile.write(m);
        byte[] k2 = "k2".getBytes();
        for (int i = 0; i + 2 <= b.length; i++) {
            if (b[i] == k2[0] && b[i + 1] == k2[1]) b[i + 1] = '1';   // k1, k1: the second wins
        }
        reseal(b);
        Model back = ModelFile.read(b);
        assertEquals(Map.of("k1", "y"), back.metadata());
        int own = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(b.length - 4);
        assertNotEquals(own, back.checksum());
        assertEquals(ModelFile.checksumOf(back), back.checksum());
    }

    @Test
    void aTensorOfAnotherRankIsAShapeMismatch() {
        byte[] b = tinyFile();
        byte[] name = "weight_ih_l0".getBytes();
        int at = -1;
        for (int i = 0; i + name.length <= b.length && at < 0; i++) {
            if (Arrays.equals(b, i, i + name.length, name, 0, name.length)) at = i + name.length;
        }
        assertEquals(2, b[at], "the rank after the name");
        b[at] = 1;
        String msg = refused(b).getMessage();
        assertTrue(msg.startsWith("shape mismatch: weight_ih_l0 is ["), msg);
    }

    /** A pen encoder's minimum step of 0 written out, where write() leaves it off: the checksum is the rewrite's. */
    @Test
    void aFileWithAnEncoderParameterWriteLeavesOffKeepsTheChecksumOfItsRewrite() throws Exception {
        Model m = Fixtures.tinyModel(4, 1, 1);
        byte[] b = ModelFile.write(m);
        int enc = encoderCountAt(m);
        assertEquals(2, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getShort(enc));
        int end = enc + 2 + 8;
        byte[] longer = new byte[b.length + 4];
        System.arraycopy(b, 0, longer, 0, end);
        System.arraycopy(b, end, longer, end + 4, b.length - end);   // + a third float, 0
        ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putShort(enc, (short) 3);
        reseal(longer);
        Model back = ModelFile.read(longer);
        assertArrayEquals(m.encoder().parameters(), back.encoder().parameters());
        assertNotEquals(ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).getInt(longer.length - 4), back.checksum());
        assertEquals(m.checksum(), back.checksum());
    }

    @Test
    void trailingBytesAreCounted() {
        byte[] b = tinyFile();
        assertEquals("3 unexpected bytes after the checksum", refused(Arrays.copyOf(b, b.length + 3)).getMessage());
    }

    @Test
    void sizesBeyondAnIntAreOutOfRangeAndTheLargestIntIsNot() {
        byte[] b = tinyFile();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(12, 0x80000000);   // the hidden size
        assertEquals("size 2147483648 is out of range", refused(b).getMessage());
        buf.putInt(12, Integer.MAX_VALUE);
        assertTrue(refused(b).getMessage().startsWith("bad hyper-parameters: "), "taken as an int, then refused by the shape");
    }

    @Test
    void aCutNamesTheFieldItCutWhateverItsWidth() {
        Model m = Fixtures.tinyModel(4, 1, 1);
        byte[] b = ModelFile.write(m);
        assertTrue(refused(Arrays.copyOf(b, 6)).getMessage().endsWith("while reading input kind (at byte 6)"));
        assertTrue(refused(Arrays.copyOf(b, 4)).getMessage().endsWith("while reading format version (at byte 4)"));
        int enc = encoderCountAt(m);
        assertTrue(refused(Arrays.copyOf(b, enc + 2 + 2)).getMessage().endsWith("while reading encoder parameter 0 (at byte " + (enc + 2) + ")"));
        assertEquals("truncated: the file ends at byte 10 while reading input size (at byte 8)", refused(Arrays.copyOf(b, 10)).getMessage());
    }

    @Test
    void stringsOfTheLimitAreWrittenAndReadAndLongerOnesAreNot() throws Exception {
        Model m = Fixtures.tinyModel(4, 1, 1);
        String longest = "n".repeat(4096);
        Model named = m.withInfo(longest, "1", Map.of());
        assertEquals(longest, ModelFile.read(ModelFile.write(named)).name());
        var e = assertThrows(IllegalArgumentException.class, () -> ModelFile.write(m.withInfo(longest + "n", "1", Map.of())));
        assertEquals("string longer than 4096 bytes", e.getMessage());
        byte[] b = ModelFile.write(named);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 4097);
        assertEquals("model name is 4097 bytes long, the limit is 4096", refused(b).getMessage());
    }

    @Test
    void aModelFileLargerThanAnyModelIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.gru");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), Model.MAX_FILE_BYTES);   // sparse: MAX + 1 bytes
        }
        var e = assertThrows(ModelFormatException.class, () -> Model.load(big.toString()));
        assertEquals(big + ": " + (Model.MAX_FILE_BYTES + 1) + " bytes is larger than any model this build reads ("
                + Model.MAX_FILE_BYTES + ")", e.getMessage());
        Path exact = dir.resolve("exact.gru");
        try (var ch = java.nio.channels.FileChannel.open(exact, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), Model.MAX_FILE_BYTES - 1);   // exactly MAX: read, and refused for its content
        }
        assertTrue(assertThrows(ModelFormatException.class, () -> Model.load(exact.toString())).getMessage().contains("magic"));
        Path good = dir.resolve("good.gru");
        Model m = Fixtures.tinyModel(4, 1, 1);
        Files.write(good, ModelFile.write(m));
        assertEquals(m.checksum(), Model.load(good.toString()).checksum());
        byte[] damaged = ModelFile.write(m);
        damaged[0] = 'X';
        Files.write(good, damaged);
        assertEquals(good + ": not a gesture-stream model file: wrong magic (expected \"GSGR\")",
                assertThrows(ModelFormatException.class, () -> Model.load(good.toString())).getMessage());
    }

    // ---------------------------------------------------------------- Model

    @Test
    void aTranscriptionModelsSymbolsAfterTheBlankMustNotBeEmpty() {
        Model tiny = Fixtures.tinyTranscriber(4, 1, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> new Model("w", "1", OutputKind.CTC, tiny.shape(), tiny.encoder(),
                List.of(OutputKind.BLANK, "a", "b", ""), Map.of(), tiny.parameters()));
        assertEquals("a transcription model's symbol 3 is empty", e.getMessage());
    }

    @Test
    void aLexiconsBeamWidthAndCommitShareAreCheckedAtTheirEnds() {
        Model plain = Fixtures.tinyTranscriber(4, 1, 1);
        Lexicon lex = Lexicon.of(List.of("ab", "ba"), plain);
        assertEquals(1, plain.withLexicon(lex, 1).lexiconWidth());
        assertEquals(65535, plain.withLexicon(lex, 65535).lexiconWidth());
        assertThrows(IllegalArgumentException.class, () -> plain.withLexicon(lex, 0));
        assertThrows(IllegalArgumentException.class, () -> plain.withLexicon(lex, 65536));
        assertEquals(0f, plain.withLexicon(lex, 4, 0f).lexiconCommit());
        assertEquals(0.5f, plain.withLexicon(lex, 4, 0.5f).lexiconCommit());
        assertEquals(Model.DEFAULT_COMMIT, plain.withLexicon(lex, 4).lexiconCommit());
        assertThrows(IllegalArgumentException.class, () -> plain.withLexicon(lex, 4, 1f));
        assertThrows(IllegalArgumentException.class, () -> plain.withLexicon(lex, 4, -0.01f));
        assertThrows(IllegalArgumentException.class, () -> plain.withLexicon(lex, 4, Float.NaN));
        Model with = plain.withLexicon(lex, 4);
        Model without = with.withLexicon(null, 0);
        assertNull(without.lexicon());
        assertEquals(0, without.lexiconWidth());
        assertEquals(0f, without.lexiconCommit());
        assertEquals(plain.checksum(), with.checksum());
    }

    @Test
    void theBundledWordsModelComesWithItsLexiconAndClassifiersWithout() throws Exception {
        Model words = Model.bundled("words");
        assertTrue(words.lexicon() != null && words.lexicon().words() > 1000, "the bundled lexicon");
        assertEquals(Model.DEFAULT_BEAM, words.lexiconWidth());
        assertTrue(Model.bundled("words").lexicon() == words.lexicon(), "built once per model file");
        assertNull(Model.bundled("pendigits").lexicon());
        assertEquals(Model.bundled("pendigits").checksum(), Model.load("pendigits").checksum(), "a bundled name loads the bundled model");
        LabelSet digits = LabelSet.parse("0-4");
        assertEquals(digits, Model.bundled("pendigits").restrictedTo(digits).restriction());
        assertNull(Model.bundled("pendigits").restriction());
        assertEquals("no bundled model named nothing", assertThrows(java.io.IOException.class, () -> Model.bundled("nothing")).getMessage());
    }

    @Test
    void descriptionsNameKindOutputShapeAndRestriction() {
        Model m = Fixtures.tinyModel(4, 1, 1);
        assertEquals("tiny 1 (PEN, " + m.shape() + ")", m.toString());
        assertEquals("tiny 1 (PEN, " + m.shape() + ", labels line,vee)", m.restrictedTo(LabelSet.parse("line,vee")).toString());
        Model w = Fixtures.tinyTranscriber(4, 1, 1);
        assertEquals("tiny-words 1 (PEN, transcription, " + w.shape() + ")", w.toString());
        assertEquals("p 1 (PEN, prototypes, " + prototypes(0.5f, 0.5f).shape() + ")", prototypes(0.5f, 0.5f).toString());
    }

    /** Two classes on a 1 x 4 GRU: a = (1, 0, 0, 0), b = (0, 1, 0, 0); thresholds as given. */
    private static Model prototypes(float ta, float tb) {
        Model base = Fixtures.tinyModel(4, 1, 1);
        return Model.prototypes("p", "1", base, List.of("a", "b"), new float[] {1, 0, 0, 0, 0, 1, 0, 0}, new int[] {3, 2},
                new float[] {ta, tb}, Map.of());
    }

    @Test
    void prototypeModelsKeepTheirCountsAndThresholdsAndRefuseWhatIsNoClass() {
        Model p = prototypes(0.25f, -1f);
        assertArrayEquals(new int[] {3, 2}, p.enrolledExamples());
        assertArrayEquals(new float[] {0.25f, -1f}, p.thresholds());
        assertEquals(0.25f, p.threshold(0));
        assertEquals(-1f, p.threshold(1));
        assertEquals("3,2", p.metadata().get(Model.EXAMPLES_KEY));
        assertNull(Fixtures.tinyModel(4, 1, 1).enrolledExamples());
        assertNull(Fixtures.tinyModel(4, 1, 1).thresholds());
        Model base = Fixtures.tinyModel(4, 1, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Model.prototypes("p", "1", base, List.of("a", "b"),
                new float[] {1, 0, 0, 0}, new int[] {1, 1}, new float[] {0, 0}, Map.of()));
        assertEquals("means for 1 classes, labels for 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Model.prototypes("p", "1", base, List.of("a", "b"),
                new float[] {1, 0, 0, 0, 0, 0, 0, 0}, new int[] {1, 1}, new float[] {0, 0}, Map.of()));
        assertEquals("class b has an empty prototype", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Model.prototypes("p", "1", base, List.of("a", OutputKind.UNKNOWN),
                new float[] {1, 0, 0, 0, 0, 1, 0, 0}, new int[] {1, 1}, new float[] {0, 0}, Map.of()));
        assertEquals("\"" + OutputKind.UNKNOWN + "\" is no class's label", e.getMessage());
        // the thresholds' ends are cosines, and taken; beyond them not
        Model ends = prototypes(1f, -1f);
        assertArrayEquals(new float[] {1f, -1f}, ends.thresholds());
        e = assertThrows(IllegalArgumentException.class, () -> prototypes(1.0001f, 0f));
        assertEquals(Model.THRESHOLDS_KEY + ": a cosine threshold must be in [-1, 1], got 1.0001", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> prototypes(0f, -1.0001f));
    }

    @Test
    void aPrototypeModelsFileRefusesAHeadBiasAndBadMetadata() {
        Model p = prototypes(0.5f, 0.5f);
        float[] params = p.parameters();
        params[p.shape().bOut() + 1] = 0.5f;
        var e = assertThrows(IllegalArgumentException.class, () -> new Model("p", "1", OutputKind.PROTOTYPES, false, p.shape(),
                p.encoder(), p.labels(), p.metadata(), params, null));
        assertEquals("a prototype model's head has no bias (class 1)", e.getMessage());
        Map<String, String> meta = new LinkedHashMap<>(p.metadata());
        meta.put(Model.EXAMPLES_KEY, "3,0");
        e = assertThrows(IllegalArgumentException.class, () -> new Model("p", "1", OutputKind.PROTOTYPES, false, p.shape(),
                p.encoder(), p.labels(), meta, p.parameters(), null));
        assertEquals(Model.EXAMPLES_KEY + ": a class needs at least one example, got 0", e.getMessage());
        meta.put(Model.EXAMPLES_KEY, "3");
        e = assertThrows(IllegalArgumentException.class, () -> new Model("p", "1", OutputKind.PROTOTYPES, false, p.shape(),
                p.encoder(), p.labels(), meta, p.parameters(), null));
        assertEquals(Model.EXAMPLES_KEY + " has 1 values for 2 classes", e.getMessage());
        meta.put(Model.EXAMPLES_KEY, "3,1");
        meta.put(Model.THRESHOLDS_KEY, "0.5,x");
        e = assertThrows(IllegalArgumentException.class, () -> new Model("p", "1", OutputKind.PROTOTYPES, false, p.shape(),
                p.encoder(), p.labels(), meta, p.parameters(), null));
        assertEquals(Model.THRESHOLDS_KEY + ": 'x' is no number", e.getMessage());
    }

    @Test
    void aHalfWeightPrototypeModelRoundsItsMeans() {
        Model base = Fixtures.tinyModel(4, 1, 1).withHalfWeights();
        float third = 1f / 3f;
        Model p = Model.prototypes("p", "1", base, List.of("a", "b"), new float[] {third, 0, 0, 0, 0, 1, 0, 0}, new int[] {1, 1},
                new float[] {0, 0}, Map.of());
        assertTrue(p.halfWeights());
        assertEquals(Half.round(third), p.parameters()[p.shape().wOut()]);
        assertNotEquals(third, p.parameters()[p.shape().wOut()]);
    }

    // ---------------------------------------------------------------- Recognizer

    @Test
    void aPrototypeModelsFreshSessionIsUniformWithFitZero() {
        Model p = prototypes(0f, 0.5f);
        Recognizer rec = new Recognizer(p);
        SessionState s = rec.newSession();   // every hidden value 0: no direction, cosine 0 to both
        float[] probs = rec.probabilities(s);
        assertArrayEquals(new float[] {0.5f, 0.5f}, probs);
        assertEquals(0f, rec.fit());
        assertTrue(rec.known(probs), "class a's threshold is 0: a fit of 0 is enough");
        assertFalse(new Recognizer(prototypes(0.5f, 0.5f)).known(probs), "the fit is only read after probabilities()");
    }

    @Test
    void aPrototypeModelsProbabilitiesAreTheSoftmaxOfSixteenCosines() {
        Model p = prototypes(0.5f, 0.5f);
        Recognizer rec = new Recognizer(p);
        assertTrue(rec.model() == p);
        SessionState s = rec.newSession();
        s.h[0] = 0.6f;   // e = (0.6, 0.8, 0, 0): cos to a = 0.6, to b = 0.8
        s.h[1] = 0.8f;
        float[] probs = rec.probabilities(s);
        double ea = Math.exp(16 * 0.6), eb = Math.exp(16 * 0.8);
        assertEquals(ea / (ea + eb), probs[0], 1e-6);
        assertEquals(eb / (ea + eb), probs[1], 1e-6);
        assertEquals(0.8f, rec.fit(), 1e-6f);
        assertTrue(rec.known(probs));
        Recognizer strict = new Recognizer(prototypes(0.5f, 0.81f));
        float[] q = strict.probabilities(s);
        assertFalse(strict.known(q), "b is first, and 0.8 is under its 0.81");
        Recognizer onlyA = new Recognizer(p.restrictedTo(LabelSet.parse("a")));
        float[] r = onlyA.probabilities(s);
        assertArrayEquals(new float[] {1f, 0f}, r);
        assertEquals(0.6f, onlyA.fit(), 1e-6f, "the fit is the best allowed class's");
        assertTrue(Float.isNaN(new Recognizer(Fixtures.tinyModel(4, 1, 1)).fit()), "no fit for a classifier");
        assertTrue(new Recognizer(Fixtures.tinyModel(4, 1, 1)).known(new float[] {0.1f, 0.9f}), "a classifier always knows");
    }

    /** Cosines, not dot products: means and states of other lengths, on the top layer of two. */
    @Test
    void prototypeCosinesDivideByBothLengthsAndReadTheTopLayer() {
        Model base = Fixtures.tinyModel(4, 2, 1);
        Model p = Model.prototypes("p", "1", base, List.of("a", "b"), new float[] {2, 0, 0, 0, 1, 1, 0, 0}, new int[] {1, 1},
                new float[] {0, 0}, Map.of());
        Recognizer rec = new Recognizer(p);
        SessionState s = rec.newSession();
        s.h[0] = 0.9f;   // the first layer: not read
        s.h[4] = 0.3f;   // the top layer's e = (0.3, 0.4, 0, 0), |e| = 0.5
        s.h[5] = 0.4f;
        float[] probs = rec.probabilities(s);
        double cosA = 0.6 / (2 * 0.5), cosB = 0.7 / (Math.sqrt(2) * 0.5);
        double ea = Math.exp(16 * cosA), eb = Math.exp(16 * cosB);
        assertEquals(ea / (ea + eb), probs[0], 1e-6);
        assertEquals(cosB, rec.fit(), 1e-6);
    }

    @Test
    void aRestrictionOfClassesFarBelowAnotherStillSumsToOne() {
        Model base = Fixtures.tinyModel(4, 1, 1);   // circle, line, vee, zigzag
        float[] params = base.parameters();
        GruShape s = base.shape();
        Arrays.fill(params, s.wOut(), s.bOut(), 0f);
        params[s.bOut()] = 200f;   // circle 200 above the rest: each kept class is at e^-87, the clamp
        Model m = new Model("u", "1", s, base.encoder(), base.labels(), Map.of(), params);
        Recognizer rec = new Recognizer(m.restrictedTo(LabelSet.parse("line,zigzag")));
        float[] p = rec.probabilities(rec.newSession());
        assertArrayEquals(new float[] {0f, 0.5f, 0f, 0.5f}, p);
    }

    @Test
    void argmaxTakesTheFirstOfEqualLargest() {
        assertEquals(0, Recognizer.argmax(new float[] {0.5f, 0.5f}));
        assertEquals(1, Recognizer.argmax(new float[] {0.1f, 0.3f, 0.3f, 0.2f}));
        assertEquals(2, Recognizer.argmax(new float[] {0.1f, 0.3f, 0.6f}));
    }

    @Test
    void aSessionOfAnotherModelIsRefusedAndLeftAsItWas() {
        Recognizer a = new Recognizer(Fixtures.tinyModel(4, 1, 1));
        Recognizer b = new Recognizer(Fixtures.tinyModel(4, 1, 2));
        SessionState s = b.newSession();
        byte[] before = s.toBytes();
        var e = assertThrows(IllegalArgumentException.class, () -> a.step(s, new PenSample(PenSample.Phase.DOWN, 1, 2, 0f, 0)));
        assertEquals("session state belongs to another model", e.getMessage());
        assertArrayEquals(before, s.toBytes());
    }

    @Test
    void steppedSaysWhetherTheEncoderKeptTheEvent() {
        Model tiny = Fixtures.tinyModel(4, 1, 1);
        var enc = new io.gesturestream.model.features.PenEncoder(false, 0.05f);
        Recognizer rec = new Recognizer(new Model("skip", "1", tiny.shape(), enc, tiny.labels(), Map.of(), tiny.parameters()));
        SessionState s = rec.newSession();
        rec.step(s, new PenSample(PenSample.Phase.DOWN, 100, 100, 0f, 0));
        assertTrue(rec.stepped(), "a gesture's first point steps");
        rec.step(s, new PenSample(PenSample.Phase.MOVE, 300, 100, 0f, 10));
        assertTrue(rec.stepped());
        float[] h = s.hidden();
        rec.step(s, new PenSample(PenSample.Phase.MOVE, 309, 100, 0f, 20));
        assertFalse(rec.stepped(), "9 is under 5% of the shape's 200: skipped");
        assertArrayEquals(h, s.hidden());
        assertEquals(3, s.steps());
        rec.step(s, new PenSample(PenSample.Phase.MOVE, 300, 300, 0f, 30));
        assertTrue(rec.stepped());
    }

    /** With a lexicon, the recognizer's texts are its beam's, advanced on the steps the encoder kept; without, the greedy text. */
    @Test
    void aTranscribersTextsComeFromItsBeamWithALexiconAndFromTheGreedyTextWithout() {
        Model plain = Fixtures.tinyTranscriber(8, 2, 4);
        Lexicon lex = Lexicon.of(List.of("ab", "abc", "ba", "bab", "c", "cab", "acb"), plain);
        var enc = new io.gesturestream.model.features.PenEncoder(false, 0.05f);
        Model skipping = new Model("w", "1", OutputKind.CTC, plain.shape(), enc, plain.labels(), Map.of(), plain.parameters());
        Model m = skipping.withLexicon(lex, 3, 0f);
        Recognizer rec = new Recognizer(m), greedy = new Recognizer(skipping);
        LexiconBeam lb = new LexiconBeam(lex, 3, 0f);
        LexiconBeam.Beam beam = lb.newBeam();
        SessionState s = rec.newSession(), g = greedy.newSession();
        int skipped = 0, words = 0;
        for (var gesture : Fixtures.words(6, 3, 11)) {
            for (var x : gesture.samples()) {
                float[] p = rec.step(s, x);
                if (rec.stepped()) lb.step(beam, p);
                else skipped++;
                greedy.step(g, x);
                assertEquals(lb.bestPrefix(beam), rec.text(s));
                assertEquals(lb.stablePrefix(beam), rec.stableText(s));
                String word = lb.bestWord(beam);
                if (word != null) words++;
                assertEquals(word != null ? word : s.transcript().text(), rec.finalText(s));
                assertEquals(word != null, rec.inLexicon(s));
                assertEquals(g.transcript().text(), greedy.text(g));
                assertEquals(g.transcript().text(), greedy.finalText(g));
                assertEquals(g.transcript().text(g.transcript().stableLength()), greedy.stableText(g));
                assertNull(greedy.inLexicon(g));
            }
        }
        assertTrue(skipped > 0, "the fixture should skip some points");
        assertTrue(words > 0, "the fixture should reach a whole word");
        assertFalse(rec.text(s).equals(greedy.text(g)) && rec.finalText(s).equals(greedy.finalText(g)), "the beam should make a difference");
    }

    @Test
    void aClassifiersSessionHasNoText() {
        Recognizer rec = new Recognizer(Fixtures.tinyModel(4, 1, 1));
        SessionState s = rec.newSession();
        assertNull(rec.text(s));
        assertNull(rec.stableText(s));
        assertNull(rec.finalText(s));
        assertNull(rec.inLexicon(s));
    }

    // ---------------------------------------------------------------- SessionState

    private final Model model = Fixtures.tinyModel(8, 2, 5);

    @Test
    void compactSizeIsWhatWriteCompactWritesPastOneByteFields() {
        SessionState s = new Recognizer(model).newSession();
        // 40 steps with seq 39: seq - steps = -1 (one byte); seq + steps would take two
        for (long[] f : new long[][] {{40, 39, 1000}, {300, 299, 0}, {1, 5000, -70_000}}) {
            s.steps = (int) f[0];
            s.lastSeq = f[1];
            s.lastTime = f[2];
            ByteBuffer b = ByteBuffer.allocate(s.compactSize(0));
            s.writeCompact(b, 0);
            assertEquals(b.capacity(), b.position(), Arrays.toString(f));
        }
    }

    @Test
    void aStateOfTheOtherKindIsNamed() {
        Model words = Fixtures.tinyTranscriber(4, 1, 1);
        byte[] classifiers = new Recognizer(model).newSession().toBytes();
        byte[] transcribers = new Recognizer(words).newSession().toBytes();
        assertEquals("session state of a classifier, model tiny-words is not one",
                assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(classifiers, words)).getMessage());
        assertEquals("session state of a transcription model, model tiny is not one",
                assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(transcribers, model)).getMessage());
        assertEquals(words.checksum(), SessionState.fromBytes(transcribers, words).modelChecksum());
        assertEquals("empty session state", assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(null, model)).getMessage());
    }

    @Test
    void aCompactStateOfItsChecksumAloneIsCutShortAtItsFirstVarint() {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, model.checksum());
        assertEquals("varint cut short after 0 bytes",
                assertThrows(IllegalArgumentException.class, () -> SessionState.readCompact(b, model, 0)).getMessage());
    }

    @Test
    void theLargestStepCountIsTakenAndOneMoreIsNot() {
        SessionState s = new Recognizer(model).newSession();
        s.steps = Integer.MAX_VALUE;
        s.lastSeq = 7;
        s.lastTime = 0;
        ByteBuffer b = ByteBuffer.allocate(s.compactSize(0));
        s.writeCompact(b, 0);
        assertEquals(Integer.MAX_VALUE, SessionState.readCompact(b.flip(), model, 0).steps());
    }

    @Test
    void aTranscriptionStateWithItsFloatsButNoTranscriptIsRefusedByTheTranscript() {
        Model words = Fixtures.tinyTranscriber(4, 1, 1);
        byte[] full = new Recognizer(words).newSession().toBytes();
        int floats = 25 + 4 * (words.shape().stateSize() + words.encoder().stateSize());
        var e = assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(Arrays.copyOf(full, floats), words));
        assertEquals("transcript too short in session state", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(Arrays.copyOf(full, floats - 1), words));
        assertEquals("session state is " + (floats - 1) + " bytes, model tiny-words needs " + floats, e.getMessage());
    }

    @Test
    void hiddenValuesUpToOnePointZeroZeroOneAreTakenAndNaNIsNot() {
        SessionState s = new Recognizer(model).newSession();
        s.h[3] = 1.001f;
        s.h[4] = -1.001f;
        assertEquals(1.001f, SessionState.fromBytes(s.toBytes(), model).hidden()[3]);
        s.h[3] = Math.nextUp(1.001f);
        assertEquals("hidden value " + Math.nextUp(1.001f) + " outside [-1, 1] in session state",
                assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(s.toBytes(), model)).getMessage());
        s.h[3] = Float.NaN;
        assertEquals("non-finite value in session state",
                assertThrows(IllegalArgumentException.class, () -> SessionState.fromBytes(s.toBytes(), model)).getMessage());
    }

    // ---------------------------------------------------------------- Half, Varint, LabelSet

    @Test
    void halvesOverflowToInfinityAndKeepNaN() {
        assertEquals(0x7bff, Half.fromFloat(65504f), "the largest half");
        assertEquals(0x7800, Half.fromFloat(32768f));
        assertEquals(0x7c00, Half.fromFloat(65536f));
        assertEquals(0x7c00, Half.fromFloat(98304f), "1.5 x 2^16: infinity, not a NaN");
        assertEquals(0xfc00, Half.fromFloat(-1e9f));
        assertEquals(0x7c00, Half.fromFloat(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }

    @Test
    void varintErrorsSayWhatIsWrong() {
        assertEquals("varint cut short after 2 bytes",
                assertThrows(IllegalArgumentException.class, () -> Varint.get(ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x81}))).getMessage());
        byte[] ten = new byte[10];
        Arrays.fill(ten, (byte) 0x80);
        assertEquals("varint longer than 10 bytes", assertThrows(IllegalArgumentException.class, () -> Varint.get(ByteBuffer.wrap(ten))).getMessage());
        ten[9] = 2;
        assertEquals("varint overflows 64 bits", assertThrows(IllegalArgumentException.class, () -> Varint.get(ByteBuffer.wrap(ten))).getMessage());
        ten[9] = 1;
        assertEquals(Long.MIN_VALUE, Varint.get(ByteBuffer.wrap(ten)));
    }

    @Test
    void labelSetsAtTheirLimitsAndAsValues() {
        assertEquals(1, LabelSet.parse("x".repeat(LabelSet.MAX_SPEC_LENGTH)).select(List.of("x".repeat(LabelSet.MAX_SPEC_LENGTH))).cardinality());
        assertEquals(List.of("a\\"), List.copyOf(LabelSet.parse("a\\").of(List.of("a\\", "a"))), "a backslash at the end is itself");
        assertEquals(java.util.Set.of("a"), LabelSet.parse("a-a").of(List.of("a", "b")), "a range of one");
        LabelSet s = LabelSet.parse("0-9,x");
        assertEquals("0-9,x", s.toString());
        assertEquals(LabelSet.parse("0-9,x"), s);
        assertEquals(LabelSet.parse("0-9,x").hashCode(), s.hashCode());
        assertNotEquals(LabelSet.parse("x,0-9"), s);
        assertNotEquals(s, "0-9,x");
        assertNotEquals(LabelSet.parse("x").hashCode(), LabelSet.parse("y").hashCode(), "hashes that spread");
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) many.add("l" + i);
        String all = String.join(" ", many);
        var e = assertThrows(IllegalArgumentException.class, () -> LabelSet.parse("zz").select(many));
        assertEquals("label set item 'zz' is none of the model's labels " + all.substring(0, 200) + " ...", e.getMessage());
        List<String> exactly = List.of("a".repeat(200));
        e = assertThrows(IllegalArgumentException.class, () -> LabelSet.parse("zz").select(exactly));
        assertEquals("label set item 'zz' is none of the model's labels " + "a".repeat(200), e.getMessage());
    }
}
