package io.gesturestream.model;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gesturestream.model.data.Gesture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model-file loader on hostile bytes: it either refuses them with a
 * {@link ModelFormatException} or gives a model that writes back to the same bytes and
 * recognizes a gesture with finite probabilities. Half the inputs get a correct checksum, so
 * that the checks behind it (finite weights, the encoder) are reached too.
 */
class ModelFileFuzzTest {
    private static final Gesture GESTURE = Fixtures.shape("circle", "w", new java.util.SplittableRandom(1));

    /** A valid file to damage: random bytes alone rarely get past the magic and the version. */
    private static final byte[] VALID = ModelFile.write(Fixtures.tinyModel(3, 2, 7));

    @FuzzTest(maxDuration = "10s")
    void loadsOrRefuses(FuzzedDataProvider data) {
        boolean fixChecksum = data.consumeBoolean();
        byte[] bytes = data.consumeBoolean() ? damaged(VALID, data) : data.consumeRemainingAsBytes();
        if (fixChecksum && bytes.length >= 4) {
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        }
        Model m;
        try {
            m = ModelFile.read(bytes);
        } catch (ModelFormatException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
            return;
        }
        byte[] again = ModelFile.write(m);
        try {
            assertArrayEquals(again, ModelFile.write(ModelFile.read(again)), "a loaded model writes back stably");
        } catch (ModelFormatException e) {
            throw new AssertionError("a model this build wrote does not load: " + e.getMessage(), e);
        }
        if (m.encoder().kind() != io.gesturestream.model.features.InputKind.PEN) return;
        Recognizer r = new Recognizer(m);
        SessionState s = r.newSession();
        float[] p = null;
        for (var x : GESTURE.samples()) p = r.step(s, x);
        float sum = 0;
        for (float v : p) {
            assertTrue(v >= 0 && v <= 1, "probability " + v);
            sum += v;
        }
        assertEquals(1f, sum, 1e-3f);
    }

    /** {@code valid} with up to 8 bytes overwritten, then perhaps cut short or extended. */
    static byte[] damaged(byte[] valid, FuzzedDataProvider data) {
        byte[] b = valid.clone();
        int edits = data.consumeInt(0, 8);
        for (int i = 0; i < edits; i++) b[data.consumeInt(0, b.length - 1)] = data.consumeByte();
        int length = data.consumeInt(0, b.length + 16);
        return java.util.Arrays.copyOf(b, length);
    }
}
