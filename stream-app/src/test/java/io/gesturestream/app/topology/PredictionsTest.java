package io.gesturestream.app.topology;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Lexicon;
import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.Prediction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prediction records on their own: which fields each kind of model fills, for a step and for a final. */
class PredictionsTest {
    private static final long NOW = 1_764_072_000_000L;

    /** {@code n} steps of a drawn shape on {@code rec}'s model; the last step's probabilities (a copy). */
    private static float[] draw(Recognizer rec, SessionState s, List<Sample> samples, int n) {
        float[] p = null;
        for (int i = 0; i < n; i++) p = rec.step(s, 10 + i, samples.get(i));
        return p.clone();
    }

    private static List<Float> boxed(float[] p) {
        List<Float> out = new ArrayList<>();
        for (float v : p) out.add(v);
        return out;
    }

    @Test
    void aClassifiersPredictionCarriesTheStepsProbabilitiesAndNoTextFitOrLexicon() {
        Model m = Fixtures.tinyModel(4, 1, 1);
        Recognizer rec = new Recognizer(m);
        SessionState s = rec.newSession();
        List<Sample> samples = Fixtures.shape("circle", "w", new SplittableRandom(1)).samples();
        float[] p = draw(rec, s, samples, 3);
        Prediction step = Predictions.of("k", m, rec, s, p, 12, false, null, NOW);
        int top = Recognizer.argmax(p);
        assertEquals("k", step.getSession());
        assertEquals(12, step.getSeq());
        assertEquals(3, step.getSteps());
        assertEquals(m.labels().get(top), step.getTopLabel());
        assertEquals(p[top], step.getTopProbability());
        assertEquals(boxed(p), step.getProbabilities());
        assertEquals(Instant.ofEpochMilli(s.lastTime()), step.getEventTimestamp());
        assertEquals(Instant.ofEpochMilli(NOW), step.getProcessedAt());
        assertEquals("tiny", step.getModel());
        assertEquals("1", step.getModelVersion());
        assertFalse(step.getFinal$());
        assertNull(step.getFinalReason());
        assertNull(step.getText());
        assertNull(step.getStableText());
        assertNull(step.getInLexicon());
        assertNull(step.getFit());
        Prediction fin = Predictions.of("k", m, rec, s, p, 13, true, FinalReason.END, NOW);
        assertEquals(m.labels().get(top), fin.getTopLabel(), "a classifier knows every answer it gives");
        assertTrue(fin.getFinal$());
        assertEquals(FinalReason.END, fin.getFinalReason());
        assertNull(fin.getText());
        assertNull(fin.getInLexicon());
        assertNull(fin.getFit());
    }

    @Test
    void aTranscribersStepCarriesItsTextAndStableTextItsFinalTheWholeWordAndWhetherItIsInTheLexicon() {
        Model plain = Fixtures.tinyTranscriber(8, 1, 4);
        Model words = plain.withLexicon(Lexicon.of(List.of("ba", "cc"), plain), 4);
        Recognizer rec = new Recognizer(words);
        SessionState s = rec.newSession();
        List<Sample> samples = Fixtures.words(1, 1, 3).get(0).samples();
        float[] p = draw(rec, s, samples, samples.size());
        assertNotEquals(rec.text(s), rec.finalText(s), "a case that tells them apart: the text so far, and the word it ends as");
        Prediction step = Predictions.of("w", words, rec, s, p, 99, false, null, NOW);
        assertEquals(rec.text(s), step.getText());
        assertEquals(rec.stableText(s), step.getStableText());
        assertNull(step.getInLexicon(), "only a final says");
        Prediction fin = Predictions.of("w", words, rec, s, p, 100, true, FinalReason.END, NOW);
        assertEquals(rec.finalText(s), fin.getText());
        assertEquals(fin.getText(), fin.getStableText(), "a final is all stable");
        assertEquals(rec.inLexicon(s), fin.getInLexicon());
        assertNotEquals(null, fin.getInLexicon());
        assertNull(fin.getFit());
    }

    @Test
    void aPrototypeModelsPredictionCarriesTheFitAndAFinalUnderItsThresholdIsUnknown() {
        Model base = Fixtures.tinyModel(4, 1, 1);
        List<String> labels = List.of("circle", "line");
        float[] means = new float[labels.size() * 4];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < means.length; i++) means[i] = (float) r.nextDouble(-1, 1);
        Model strict = Model.prototypes("proto", "1", base, labels, means, new int[] {3, 3}, new float[] {1f, 1f}, Map.of());
        Model lax = Model.prototypes("proto", "1", base, labels, means, new int[] {3, 3}, new float[] {-1f, -1f}, Map.of());
        List<Sample> samples = Fixtures.shape("zigzag", "w", new SplittableRandom(2)).samples();
        for (Model m : List.of(strict, lax)) {
            Recognizer rec = new Recognizer(m);
            SessionState s = rec.newSession();
            float[] p = draw(rec, s, samples, 4);
            String label = labels.get(Recognizer.argmax(p));
            Prediction step = Predictions.of("z", m, rec, s, p, 13, false, null, NOW);
            assertEquals(rec.fit(), step.getFit());
            assertEquals(label, step.getTopLabel(), "a step gives its most likely class, known or not");
            assertTrue(rec.fit() < 1f && rec.fit() >= -1f, "fit " + rec.fit());
            Prediction fin = Predictions.of("z", m, rec, s, p, 14, true, FinalReason.IDLE_TIMEOUT, NOW);
            assertEquals(rec.fit(), fin.getFit());
            assertEquals(m == strict ? OutputKind.UNKNOWN : label, fin.getTopLabel(), "a fit under 1 (a cosine short of a perfect match), at least -1");
        }
    }
}
