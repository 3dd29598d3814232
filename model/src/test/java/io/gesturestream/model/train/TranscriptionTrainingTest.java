package io.gesturestream.model.train;

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
        List<Gesture> train = words(300, 10, 1), test = words(100, 4, 2);
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
        List<Gesture> data = words(40, 4, 5);
        TrainConfig one = new TrainConfig(8, 2, 2, 8, 0.01f, 1f, 9, 1, 1f, 0.25, 0f, 0.1f, 0.9f, false);
        TrainConfig two = new TrainConfig(8, 2, 2, 8, 0.01f, 1f, 9, 2, 1f, 0.25, 0f, 0.1f, 0.9f, false);
        assertArrayEquals(new Trainer(one, QUIET).transcribing().train(data, new PenEncoder(false), "w", Map.of()).parameters(),
                new Trainer(two, QUIET).transcribing().train(data, new PenEncoder(false), "w", Map.of()).parameters());
    }

    @Test
    void greedyTranscriptMergesRepeatsAndDropsBlanks() {
        Model m = new Trainer(new TrainConfig(4, 1, 1, 8, 0.01f, 1f, 1, 1, 0f, 0, 0f, 0f, 0f, false), QUIET).transcribing()
                .train(words(8, 2, 1), new PenEncoder(false), "w", Map.of());
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

    /**
     * Words of 1-4 letters from {a, b, c}, each letter a stroke of its own left to right: a a
     * circle, b a tall line down, c a "v"; each writer has a size, slant and spacing, each letter
     * some jitter.
     */
    static List<Gesture> words(int count, int writers, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Gesture> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int w = i % writers;
            SplittableRandom wr = new SplittableRandom(seed * 1000 + w);
            double size = 20 + 30 * wr.nextDouble(), slant = wr.nextDouble(-0.3, 0.3), gap = 0.3 + wr.nextDouble(0.5);
            int len = 1 + r.nextInt(4);
            StringBuilder label = new StringBuilder();
            List<Sample> s = new ArrayList<>();
            long t = 0;
            double x0 = 100;
            for (int c = 0; c < len; c++) {
                char ch = "abc".charAt(r.nextInt(3));
                label.append(ch);
                List<double[]> pts = new ArrayList<>();
                int n = 10 + r.nextInt(6);
                for (int k = 0; k <= n; k++) {
                    double u = (double) k / n, px, py;
                    switch (ch) {
                        case 'a' -> { px = 0.5 + 0.5 * Math.cos(2 * Math.PI * u + Math.PI / 2); py = 0.5 - 0.5 * Math.sin(2 * Math.PI * u + Math.PI / 2) + 0.5; }
                        case 'b' -> { px = 0.2; py = -0.5 + 1.5 * u; }
                        default -> { px = u; py = u < 0.5 ? 2 * u : 2 - 2 * u; }
                    }
                    px += r.nextDouble(-0.03, 0.03);
                    py += r.nextDouble(-0.03, 0.03);
                    pts.add(new double[] {x0 + size * (px + slant * (1 - py)), 100 + size * py});
                }
                for (int k = 0; k < pts.size(); k++) {
                    PenSample.Phase ph = k == 0 ? PenSample.Phase.DOWN : k == pts.size() - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
                    s.add(PenSample.of(ph, pts.get(k)[0], pts.get(k)[1], t += 10));
                }
                x0 += size * (1 + gap);
            }
            out.add(new Gesture(label.toString(), "writer" + w, s));
        }
        return out;
    }
}
