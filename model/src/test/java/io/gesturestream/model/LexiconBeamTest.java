package io.gesturestream.model;

import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LexiconBeamTest {
    /** A transcription model over the blank and a, b, c: only its alphabet matters here. */
    private static final Model ABC = Fixtures.tinyTranscriber(4, 1, 1);

    private static float[] dist(float... p) {
        return p;
    }

    @Test
    void theTrieHoldsTheWordsItsAlphabetCanWrite() {
        Lexicon lex = Lexicon.of(List.of("ab", "abc", "ba", "c", "ab", "abd", ""), ABC);
        assertEquals(4, lex.words());
        assertEquals(2, lex.skipped(), "abd has a d, and the empty word");
        assertTrue(lex.contains("ab") && lex.contains("abc") && lex.contains("ba") && lex.contains("c"));
        assertFalse(lex.contains("a") || lex.contains("abd") || lex.contains("") || lex.contains("cc"));
        assertEquals(1 + 3 + 2 + 1, lex.nodes(), "root, a-b-c, b-a, c");
        assertThrows(IllegalArgumentException.class, () -> Lexicon.of(List.of("a"), Fixtures.tinyModel(4, 1, 1)));
    }

    @Test
    void readsAWordListWithCapitalizedAndUpperCaseForms(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("words");
        java.nio.file.Files.writeString(f, "# a comment\nhello\n\n  Paris \nOK\n");
        assertEquals(List.of("hello", "Hello", "HELLO", "Paris", "PARIS", "OK"), Lexicon.readWords(f));
    }

    @Test
    void aClearSequenceGivesItsWordAndNoWordGivesNone() {
        LexiconBeam d = new LexiconBeam(Lexicon.of(List.of("ab", "abc", "ba", "c"), ABC), 8);
        LexiconBeam.Beam b = d.newBeam();
        for (float[] y : List.of(dist(.1f, .8f, .05f, .05f), dist(.1f, .8f, .05f, .05f), dist(.8f, .1f, .05f, .05f),
                dist(.1f, .05f, .8f, .05f))) d.step(b, y);
        assertEquals("ab", d.bestWord(b));
        // a, blank, a: "aa" is no word, and no word starts with it; what is left in the beam is still a word or none
        LexiconBeam.Beam aa = d.newBeam();
        for (float[] y : List.of(dist(0f, 1f, 0f, 0f), dist(1f, 0f, 0f, 0f), dist(0f, 1f, 0f, 0f))) d.step(aa, y);
        assertNull(d.bestWord(aa), "a certain 'a' then nothing of b or c: no word fits");
    }

    /** Every alignment of T steps enumerated: the total probability of each word. */
    private static Map<String, Double> exact(float[][] y) {
        Map<String, Double> out = new HashMap<>();
        int t = y.length, k = y[0].length;
        int[] path = new int[t];
        for (long code = 0; code < Math.pow(k, t); code++) {
            long c = code;
            double p = 1;
            for (int i = 0; i < t; i++) {
                path[i] = (int) (c % k);
                c /= k;
                p *= y[i][path[i]];
            }
            StringBuilder w = new StringBuilder();
            int last = 0;
            for (int s : path) {
                if (s != 0 && s != last) w.append(ABC.labels().get(s));
                last = s;
            }
            out.merge(w.toString(), p, Double::sum);
        }
        return out;
    }

    @Test
    void aWideBeamFindsTheWordOfHighestTotalProbabilityOverEveryAlignment() {
        List<String> words = List.of("a", "b", "c", "ab", "ba", "abc", "cab", "aa", "bcb", "cc", "acca");
        Lexicon lex = Lexicon.of(words, ABC);
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int t = 2 + r.nextInt(5);
            float[][] y = new float[t][4];
            for (float[] row : y) {
                float sum = 0;
                for (int j = 0; j < 4; j++) sum += row[j] = (float) (0.01 + Math.pow(r.nextDouble(), 3));
                for (int j = 0; j < 4; j++) row[j] /= sum;
            }
            LexiconBeam d = new LexiconBeam(lex, 64);   // wider than every prefix: exact
            LexiconBeam.Beam b = d.newBeam();
            for (float[] row : y) d.step(b, row);
            Map<String, Double> p = exact(y);
            String best = null;
            for (String w : words) {
                if (p.containsKey(w) && (best == null || p.get(w) > p.get(best))) best = w;
            }
            String found = d.bestWord(b);
            if (best == null) {
                assertNull(found, "trial " + trial);
            } else if (!best.equals(found)) {   // only a near tie may go either way in floats
                assertTrue(Math.abs(p.get(best) - p.getOrDefault(found, 0d)) <= 1e-5 * p.get(best),
                        "trial " + trial + ": " + found + " " + p.get(found) + " against " + best + " " + p.get(best));
            }
        }
    }

    @Test
    void aNarrowBeamKeepsItsWidthAndTheSameStepsGiveTheSameBits() {
        Lexicon lex = Lexicon.of(List.of("a", "ab", "abc", "b", "ba", "bab", "c", "ca", "cab", "cba"), ABC);
        SplittableRandom r = new SplittableRandom(3);
        float[][] y = new float[30][4];
        for (float[] row : y) {
            float sum = 0;
            for (int j = 0; j < 4; j++) sum += row[j] = (float) r.nextDouble();
            for (int j = 0; j < 4; j++) row[j] /= sum;
        }
        LexiconBeam d = new LexiconBeam(lex, 3), d2 = new LexiconBeam(lex, 3);
        LexiconBeam.Beam b = d.newBeam(), b2 = d2.newBeam();
        for (float[] row : y) {
            d.step(b, row);
            d2.step(b2, row);
            assertTrue(b.size() <= 3);
            assertEquals(1f, b.pb[0] + b.pnb[0], 1e-6f, "rescaled: the best is 1");
        }
        assertEquals(java.util.Arrays.toString(b.node), java.util.Arrays.toString(b2.node));
        assertEquals(java.util.Arrays.toString(b.pb), java.util.Arrays.toString(b2.pb));
        assertThrows(IllegalArgumentException.class, () -> new LexiconBeam(lex, 0));
    }

    /**
     * With a commit share, the stable prefix settles sooner than the exact beam's, never loses
     * what it had, and the word at the end begins with it; the exact beam (0) is unchanged.
     */
    @Test
    void aCommitShareSettlesThePrefixSoonerAndTheWordStillBeginsWithIt() {
        List<String> words = List.of("a", "ab", "abc", "b", "ba", "bab", "c", "ca", "cab", "cba", "acca", "bcb");
        Lexicon lex = Lexicon.of(words, ABC);
        SplittableRandom r = new SplittableRandom(5);
        int sooner = 0, exactStable = 0, committedStable = 0;
        for (int trial = 0; trial < 300; trial++) {
            float[][] y = new float[3 + r.nextInt(8)][4];
            for (float[] row : y) {
                float sum = 0;
                for (int j = 0; j < 4; j++) sum += row[j] = (float) (0.01 + Math.pow(r.nextDouble(), 4));
                for (int j = 0; j < 4; j++) row[j] /= sum;
            }
            LexiconBeam exact = new LexiconBeam(lex, 8), zero = new LexiconBeam(lex, 8, 0f), commit = new LexiconBeam(lex, 8, 0.2f);
            LexiconBeam.Beam be = exact.newBeam(), bz = zero.newBeam(), bc = commit.newBeam();
            String stable = "";
            for (float[] row : y) {
                exact.step(be, row);
                zero.step(bz, row);
                commit.step(bc, row);
                String st = commit.stablePrefix(bc);
                assertTrue(st.startsWith(stable), "trial " + trial + ": " + stable + " then " + st);
                stable = st;
                exactStable += exact.stablePrefix(be).length();
                committedStable += st.length();
                if (st.length() > exact.stablePrefix(be).length()) sooner++;
                assertTrue(st.startsWith(exact.stablePrefix(be)) || exact.stablePrefix(be).startsWith(st), "one extends the other");
            }
            assertEquals(java.util.Arrays.toString(be.node), java.util.Arrays.toString(bz.node), "a share of 0 is the exact beam");
            String word = commit.bestWord(bc);
            if (word != null) assertTrue(word.startsWith(stable), "trial " + trial + ": " + word + " against the stable " + stable);
        }
        assertTrue(sooner > 0 && committedStable > exactStable, "settled sooner in " + sooner + " steps");
        assertThrows(IllegalArgumentException.class, () -> new LexiconBeam(lex, 4, 1f));
        assertThrows(IllegalArgumentException.class, () -> new LexiconBeam(lex, 4, -0.1f));
    }
}
