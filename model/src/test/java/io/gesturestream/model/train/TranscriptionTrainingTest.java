package io.gesturestream.model.train;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.Transcript;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.eval.Transcriptions;
import io.gesturestream.model.features.PenEncoder;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A transcription model (CTC) learns synthetic words, from writers it never saw, with the same bits whatever the threads. */
class TranscriptionTrainingTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @Test
    void learnsToSpellSyntheticWordsOfWritersItNeverSaw() throws Exception {
        List<Gesture> train = Fixtures.words(300, 10, 1), test = Fixtures.words(100, 4, 2);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainConfig cfg = new TrainConfig(32, 1, 40, 16, 0.02f, 1f, 3, 2, 0f, 0.2, 0f, 0f, 0.9f, false);
        Model m = new Trainer(cfg, new PrintStream(log, true)).transcribing().train(train, new PenEncoder(false), "words", Map.of());
        assertEquals(OutputKind.CTC, m.output());
        assertEquals(List.of("", "a", "b", "c"), m.labels());
        Transcriptions.Score s = Transcriptions.score(m, test, 2);
        assertTrue(s.cer() < 0.1, "CER on held-out writers " + s.cer() + "\n" + log);
        assertTrue(log.toString().contains("val CER"), log.toString());
        assertTrue(m.metadata().containsKey("validationCer"));
        Model back = ModelFile.read(ModelFile.write(m));
        assertEquals(Transcriptions.score(m, test, 1), Transcriptions.score(back, test, 2), "the file and the threads change nothing");
    }

    @Test
    void sameSeedGivesTheSameBitsWhateverTheThreadCount() {
        List<Gesture> data = Fixtures.words(40, 4, 5);
        TrainConfig one = new TrainConfig(8, 2, 2, 8, 0.01f, 1f, 9, 1, 1f, 0.25, 0f, 0.1f, 0.9f, false);
        TrainConfig two = new TrainConfig(8, 2, 2, 8, 0.01f, 1f, 9, 2, 1f, 0.25, 0f, 0.1f, 0.9f, false);
        assertArrayEquals(new Trainer(one, QUIET).transcribing().train(data, new PenEncoder(false), "w", Map.of()).parameters(),
                new Trainer(two, QUIET).transcribing().train(data, new PenEncoder(false), "w", Map.of()).parameters());
        // the shortest words first in the first epoch: another model, and again the same bits at 1 and 2 threads
        float[] sorted = new Trainer(one, QUIET).transcribing().shortestFirst().train(data, new PenEncoder(false), "w", Map.of()).parameters();
        assertArrayEquals(sorted, new Trainer(two, QUIET).transcribing().shortestFirst().train(data, new PenEncoder(false), "w", Map.of()).parameters());
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(sorted,
                new Trainer(one, QUIET).transcribing().train(data, new PenEncoder(false), "w", Map.of()).parameters()));
    }

    @Test
    void theBidirectionalReferenceLearnsTheSameWordsWithTheSameBitsWhateverTheThreads() {
        List<Gesture> train = Fixtures.words(300, 10, 1), val = Fixtures.words(60, 3, 3), test = Fixtures.words(100, 4, 2);
        TrainConfig one = new TrainConfig(16, 1, 30, 16, 0.02f, 1f, 3, 1, 0f, 0, 0f, 0f, 0.9f, false);
        TrainConfig two = new TrainConfig(16, 1, 30, 16, 0.02f, 1f, 3, 2, 0f, 0, 0f, 0f, 0.9f, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BidirectionalReference a = new Trainer(one, new PrintStream(log, true)).transcribing()
                .trainBidirectional(train, val, new PenEncoder(false), "bi", Map.of());
        BidirectionalReference b = new Trainer(two, QUIET).transcribing().trainBidirectional(train, val, new PenEncoder(false), "bi", Map.of());
        assertEquals(2 * a.shape().size(), a.size());
        assertArrayEquals(a.params(), b.params());
        assertTrue(a.score(test).cer() < 0.1, "CER on held-out writers " + a.score(test).cer() + "\n" + log);
        assertTrue(log.toString().contains("bidirectional, each way"), log.toString());
        assertThrows(IllegalArgumentException.class, () -> new Trainer(one, QUIET).trainBidirectional(train, val, new PenEncoder(false), "c", Map.of()));
    }

    @Test
    void greedyTranscriptMergesRepeatsAndDropsBlanks() {
        Model m = new Trainer(new TrainConfig(4, 1, 1, 8, 0.01f, 1f, 1, 1, 0f, 0, 0f, 0f, 0f, false), QUIET).transcribing()
                .train(Fixtures.words(8, 2, 1), new PenEncoder(false), "w", Map.of());
        Transcript t = new Transcript(m);
        for (int k : new int[] {0, 1, 1, 0, 1, 2, 2, 0, 0, 3, 1}) t.accept(onehot(k, 4));
        assertEquals("aabca", t.text());
        assertEquals(5, t.length());
        t.reset();
        assertEquals("", t.text());
        assertThrows(IllegalArgumentException.class, () -> new Transcript(new Model("c", "1", m.shape(), m.encoder(),
                List.of("w", "x", "y", "z"), Map.of(), m.parameters())));
        assertEquals(0, Transcriptions.editDistance("kitten", "kitten"));
        assertEquals(3, Transcriptions.editDistance("kitten", "sitting"));
        assertEquals(4, Transcriptions.editDistance("", "\uD83D\uDE00abc"));   // code points, not chars
        new Recognizer(m);
    }

    private static float[] onehot(int k, int n) {
        float[] p = new float[n];
        p[k] = 1f;
        return p;
    }

}
