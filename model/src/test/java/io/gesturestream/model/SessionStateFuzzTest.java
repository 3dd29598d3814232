package io.gesturestream.model;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gesturestream.model.features.PenSample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session's stored state is read back from a store that a crash, a bug or a person may have
 * damaged: hostile bytes are refused with an {@link IllegalArgumentException}, or read into a
 * state that serializes to the same bytes and keeps giving finite probabilities, whatever
 * in-range events follow.
 */
class SessionStateFuzzTest {
    private static final Model MODEL;

    static {
        try {
            MODEL = Model.bundled("pendigits");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A transcription model, whose state also holds its text. */
    private static final Model TRANSCRIBER = Fixtures.tinyTranscriber(8, 2, 4);

    /** Real states, after half a gesture, to damage. */
    private static final byte[] VALID = halfway(MODEL, Fixtures.shape("vee", "w", new java.util.SplittableRandom(3))),
            VALID_TRANSCRIBING = halfway(TRANSCRIBER, Fixtures.words(1, 1, 3).get(0));

    private static byte[] halfway(Model m, io.gesturestream.model.data.Gesture g) {
        Recognizer r = new Recognizer(m);
        SessionState s = r.newSession();
        for (var x : g.samples().subList(0, g.samples().size() / 2)) r.step(s, x);
        return s.toBytes();
    }

    @FuzzTest(maxDuration = "10s")
    void readsOrRefuses(FuzzedDataProvider data) {
        int events = data.consumeInt(0, 8);
        float[][] points = new float[events][];
        for (int i = 0; i < events; i++) {
            points[i] = new float[] {data.consumeFloat(), data.consumeFloat(), data.consumeInt(0, 2)};
        }
        boolean transcribing = data.consumeBoolean();
        Model model = transcribing ? TRANSCRIBER : MODEL;
        byte[] bytes = data.consumeBoolean() ? ModelFileFuzzTest.damaged(transcribing ? VALID_TRANSCRIBING : VALID, data)
                : data.consumeRemainingAsBytes();
        Recognizer r = new Recognizer(model);
        SessionState s;
        try {
            s = SessionState.fromBytes(bytes, model);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertArrayEquals(bytes, s.toBytes(), "a state reads back to the bytes it came from");
        for (float[] p : points) {
            if (!Float.isFinite(p[0]) || !Float.isFinite(p[1]) || Math.abs(p[0]) > 1e7 || Math.abs(p[1]) > 1e7) continue;
            PenSample.Phase phase = PenSample.Phase.values()[(int) p[2]];
            float[] probs = r.step(s, new PenSample(phase, p[0], p[1], Float.NaN, s.lastTime() + 10));
            for (float v : probs) assertTrue(v >= 0 && v <= 1, "probability " + v + " from a state that was accepted");
        }
        if (transcribing) assertTrue(s.transcript().length() <= s.steps(), "no more symbols than steps");
    }
}
