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
    // ------------------------------------------------------------ hand-computed beams (issue 19)

    /** The beam as "prefix=pb/pnb", best first, to four places. */
    private static List<String> contents(LexiconBeam d, LexiconBeam.Beam b) {
        List<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < b.size(); k++) out.add(d.lexicon().text(b.node[k]) + String.format(java.util.Locale.ROOT, "=%.4f/%.4f", b.pb[k], b.pnb[k]));
        return out;
    }

    /** Words a, b, ab, ba: nodes 1 a, 2 b, 3 ab, 4 ba. */
    private static final Lexicon AB = Lexicon.of(List.of("a", "b", "ab", "ba"), ABC);

    /**
     * Two steps worked by hand. Step 1, (blank .1, a .6, b .3, c 0) from the certain empty prefix:
     * "" .1 by a blank, a .6, b .3; rescaled by 1/.6. Step 2, (.2, .2, .6, 0): ab = 1 x .6;
     * b = .5 x .2 by a blank, .5 x .6 again plus 1/6 x .6 from ""; a = 1 x .2 by a blank, 1 x .2
     * again plus 1/6 x .2 from ""; ba = .5 x .2; "" = 1/6 x .2; rescaled by 1/.6 again.
     */
    @Test
    void twoStepsWorkedByHand() {
        LexiconBeam d = new LexiconBeam(AB, 8);
        assertEquals(8, d.width());
        assertEquals(AB, d.lexicon());
        LexiconBeam.Beam b = d.newBeam();
        assertEquals(List.of("=1.0000/0.0000"), contents(d, b), "the empty prefix, certain");
        assertEquals(-1, d.best(b));
        assertNull(d.bestWord(b));
        d.step(b, dist(.1f, .6f, .3f, 0f));
        assertEquals(List.of("a=0.0000/1.0000", "b=0.0000/0.5000", "=0.1667/0.0000"), contents(d, b));
        assertEquals(3, b.size());
        assertEquals("a", d.bestPrefix(b));
        assertEquals("a", d.bestWord(b));
        assertEquals("", d.stablePrefix(b));
        d.step(b, dist(.2f, .2f, .6f, 0f));
        assertEquals(List.of("ab=0.0000/1.0000", "b=0.1667/0.6667", "a=0.3333/0.3889", "ba=0.0000/0.1667", "=0.0556/0.0000"), contents(d, b));
        assertEquals(5, b.size());
        assertEquals(3, d.best(b));
        assertEquals("ab", d.bestWord(b));
        assertEquals("ab", d.bestPrefix(b));
        assertEquals("", d.stablePrefix(b));
    }

    /**
     * The same first step, then (.45, 0, .55, 0): b's probability comes from b and from "", so a
     * beam too narrow to keep "" after the first step loses b, the most probable word
     * (P(b) = .3 x .55 + .3 x .45 + .1 x .55 = .355, P(ab) = .6 x .55 = .33, P(a) = .6 x .45 = .27).
     */
    @Test
    void aBeamTooNarrowLosesTheBestWord() {
        float[] y1 = dist(.1f, .6f, .3f, 0f), y2 = dist(.45f, 0f, .55f, 0f);
        LexiconBeam three = new LexiconBeam(AB, 3), two = new LexiconBeam(AB, 2), one = new LexiconBeam(AB, 1);
        LexiconBeam.Beam b3 = three.newBeam(), b2 = two.newBeam(), b1 = one.newBeam();
        three.step(b3, y1);
        two.step(b2, y1);
        one.step(b1, y1);
        assertEquals(List.of("a=0.0000/1.0000", "b=0.0000/0.5000"), contents(two, b2), "the width drops \"\"");
        assertEquals(List.of("a=0.0000/1.0000"), contents(one, b1));
        three.step(b3, y2);
        two.step(b2, y2);
        one.step(b1, y2);
        // b = .225 by a blank, .275 + .0917 again and from "": .5917; ab .55, a .45; "" .075 dropped
        assertEquals(List.of("b=0.3803/0.6197", "ab=0.0000/0.9296", "a=0.7606/0.0000"), contents(three, b3));
        assertEquals("b", three.bestWord(b3));
        // without "": b = .225 + .275 = .5 under ab .55
        assertEquals(List.of("ab=0.0000/1.0000", "b=0.4091/0.5000"), contents(two, b2));
        assertEquals("ab", two.bestWord(b2));
        assertEquals(List.of("ab=0.0000/1.0000"), contents(one, b1));
        assertEquals("ab", one.bestWord(b1));
    }

    @Test
    void aWidthOfOneHoldsEveryCandidateOfTheStep() {
        LexiconBeam d = new LexiconBeam(Lexicon.of(List.of("a", "b", "c"), ABC), 1);
        LexiconBeam.Beam b = d.newBeam();
        d.step(b, dist(.1f, .2f, .3f, .4f));   // four candidates: "", a, b, c
        assertEquals(List.of("c=0.0000/1.0000"), contents(d, b));
        assertThrows(IllegalArgumentException.class, () -> new LexiconBeam(AB, 0));
    }

    /** Equal probabilities go to the smaller node, whichever candidate came first. */
    @Test
    void tiesGoToTheSmallerNodeAndTheBlankCanLead() {
        Lexicon ab = Lexicon.of(List.of("a", "b"), ABC);   // 1 a, 2 b
        LexiconBeam d = new LexiconBeam(ab, 8);
        LexiconBeam.Beam b = d.newBeam();
        d.step(b, dist(0f, .5f, .5f, 0f));
        assertEquals(List.of("a=0.0000/1.0000", "b=0.0000/1.0000", "=0.0000/0.0000"), contents(d, b));
        assertEquals("a", d.bestWord(b));
        LexiconBeam.Beam blank = d.newBeam();
        d.step(blank, dist(.7f, .2f, .1f, 0f));   // the empty prefix's candidate comes first and stays first
        assertEquals(List.of("=1.0000/0.0000", "a=0.0000/0.2857", "b=0.0000/0.1429"), contents(d, blank));
        assertEquals("", d.bestPrefix(blank));
    }

    @Test
    void aSymbolExactlyAtThePruneLevelStillExtends() {
        Lexicon ab = Lexicon.of(List.of("a", "b"), ABC);
        LexiconBeam d = new LexiconBeam(ab, 8);
        LexiconBeam.Beam at = d.newBeam(), under = d.newBeam();
        d.step(at, dist(.5f, .4999f, LexiconBeam.PRUNE, 0f));
        assertEquals(List.of("=1.0000/0.0000", "a=0.0000/0.9998", "b=0.0000/0.0002"), contents(d, at));
        d.step(under, dist(.5f, .4999f, Math.nextDown(LexiconBeam.PRUNE), 0f));
        assertEquals(List.of("=1.0000/0.0000", "a=0.0000/0.9998"), contents(d, under));
    }

    /** A step no hypothesis can go on by leaves them at 0, not rescaled into NaN, and the beam still serializes. */
    @Test
    void aStepThatNothingCanTakeLeavesZeros() {
        LexiconBeam d = new LexiconBeam(Lexicon.of(List.of("a"), ABC), 4);
        LexiconBeam.Beam b = d.newBeam();
        d.step(b, dist(0f, 0f, 1f, 0f));
        assertEquals(List.of("=0.0000/0.0000"), contents(d, b));
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(b.serializedSize()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.writeTo(buf);
        assertEquals(List.of("=0.0000/0.0000"), contents(d, LexiconBeam.Beam.read(buf.flip(), d.lexicon(), 4)));
    }

    /**
     * The commit share over a, b and "" at 1, .5 and 1/6 (of 5/3): with .2 the two best hold 1.5
     * of the 4/3 needed and share only "", so all stay; with .45 a alone holds the .9167 needed and
     * the others go. With 0, a hypothesis of probability 0 stays too.
     */
    @Test
    void theCommitShareDropsWhatTheSettledPrefixExcludes() {
        Lexicon ab = Lexicon.of(List.of("a", "b"), ABC);
        float[] y = dist(.1f, .6f, .3f, 0f);
        LexiconBeam low = new LexiconBeam(ab, 8, .2f), high = new LexiconBeam(ab, 8, .45f);
        LexiconBeam.Beam bl = low.newBeam(), bh = high.newBeam();
        low.step(bl, y);
        high.step(bh, y);
        assertEquals(List.of("a=0.0000/1.0000", "b=0.0000/0.5000", "=0.1667/0.0000"), contents(low, bl));
        assertEquals("", low.stablePrefix(bl));
        assertEquals(List.of("a=0.0000/1.0000"), contents(high, bh));
        assertEquals("a", high.stablePrefix(bh));
        // a tie at exactly the share needed: a holds 1 of 2, half is needed, a settles
        LexiconBeam half = new LexiconBeam(ab, 8, .5f), exact = new LexiconBeam(ab, 8, 0f);
        LexiconBeam.Beam tie = half.newBeam(), zero = exact.newBeam();
        half.step(tie, dist(0f, .5f, .5f, 0f));
        assertEquals(List.of("a=0.0000/1.0000"), contents(half, tie));
        exact.step(zero, dist(0f, 1f, 0f, 0f));
        assertEquals(List.of("a=0.0000/1.0000", "=0.0000/0.0000"), contents(exact, zero), "the exact beam drops nothing");
        assertEquals("", exact.stablePrefix(zero));
    }

    // ------------------------------------------------------------ best and the serialized beam

    private static java.nio.ByteBuffer beamBytes(int size, Object... hyps) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2 + 4 * hyps.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) size);
        for (int i = 0; i < hyps.length; i += 3) b.putInt((Integer) hyps[i]).putFloat((Float) hyps[i + 1]).putFloat((Float) hyps[i + 2]);
        return b.flip();
    }

    @Test
    void theBestWordIsTheMostProbableWholeWordInAnyOrder() {
        LexiconBeam d = new LexiconBeam(AB, 4);
        // a by its last symbol (1), b by a blank (.5): a
        assertEquals(1, d.best(LexiconBeam.Beam.read(beamBytes(2, 1, 0f, 1f, 2, .5f, 0f), AB, 4)));
        // the more probable word second: still it
        assertEquals(2, d.best(LexiconBeam.Beam.read(beamBytes(2, 1, 0f, .5f, 2, 0f, 1f), AB, 4)));
        assertEquals(2, d.best(LexiconBeam.Beam.read(beamBytes(2, 1, .5f, 0f, 2, 1f, 0f), AB, 4)));
        // equal: the first
        assertEquals(1, d.best(LexiconBeam.Beam.read(beamBytes(2, 1, 0f, 1f, 2, 0f, 1f), AB, 4)));
        // the empty prefix is no word, whatever its probability
        assertEquals(4, d.best(LexiconBeam.Beam.read(beamBytes(2, 0, 1f, 0f, 4, 0f, .1f), AB, 4)));
        LexiconBeam.Beam none = LexiconBeam.Beam.read(beamBytes(1, 0, 1f, 0f), AB, 4);
        assertEquals(-1, d.best(none));
        assertNull(d.bestWord(none));
    }

    @Test
    void aSerializedBeamComesBackAsItWas() {
        LexiconBeam d = new LexiconBeam(AB, 8);
        LexiconBeam.Beam b = d.newBeam();
        d.step(b, dist(.1f, .6f, .3f, 0f));
        d.step(b, dist(.2f, .2f, .6f, 0f));
        assertEquals(2 + 12 * 5, b.serializedSize());
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(b.serializedSize()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.writeTo(buf);
        assertFalse(buf.hasRemaining());
        LexiconBeam.Beam back = LexiconBeam.Beam.read(buf.flip(), AB, 8);
        assertEquals(contents(d, b), contents(d, back));
        assertEquals(java.util.Arrays.toString(b.pb), java.util.Arrays.toString(back.pb), "the same bits");
        assertEquals(5, back.size());
        back.reset();
        assertEquals(List.of("=1.0000/0.0000"), contents(d, back));
        // a full beam, the root and the last node, probabilities at the edges
        LexiconBeam.Beam edges = LexiconBeam.Beam.read(beamBytes(2, 0, 0f, 0f, 4, 1.001f, 0f), AB, 2);
        assertEquals(List.of("=0.0000/0.0000", "ba=1.0010/0.0000"), contents(d, edges));
        assertEquals(List.of("a=0.0000/1.0010"), contents(d, LexiconBeam.Beam.read(beamBytes(1, 1, 0f, 1.001f), AB, 1)));
    }

    private static void refused(String message, java.nio.ByteBuffer bytes, int width) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LexiconBeam.Beam.read(bytes, AB, width));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aDamagedBeamIsRefusedFieldByField() {
        refused("lexicon beam too short in session state", java.nio.ByteBuffer.wrap(new byte[1]), 4);
        refused("lexicon beam of 0 hypotheses, width 4", beamBytes(0), 4);
        refused("lexicon beam of 5 hypotheses, width 4", beamBytes(5), 4);
        refused("lexicon beam of 65535 hypotheses, width 4", beamBytes(-1), 4);
        refused("lexicon beam too short in session state", beamBytes(1), 4);
        java.nio.ByteBuffer one = beamBytes(1, 1, 0f, 1f);
        refused("lexicon beam too short in session state", one.limit(one.limit() - 1), 4);
        refused("lexicon beam too short in session state", beamBytes(2, 1, 0f, 1f), 4);
        refused("lexicon node -1 out of range in session state", beamBytes(1, -1, 0f, 1f), 4);
        refused("lexicon node 5 out of range in session state", beamBytes(1, 5, 0f, 1f), 4);
        String p = "lexicon beam probability out of [0, 1] in session state";
        refused(p, beamBytes(1, 1, -0.1f, 1f), 4);
        refused(p, beamBytes(1, 1, 0f, -0.1f), 4);
        refused(p, beamBytes(1, 1, -Float.MIN_VALUE, 0f), 4);
        refused(p, beamBytes(1, 1, .6f, .6f), 4);
        refused(p, beamBytes(1, 1, Math.nextUp(1.001f), 0f), 4);
        refused(p, beamBytes(1, 1, Float.NaN, 0f), 4);
        refused(p, beamBytes(1, 1, 0f, Float.NaN), 4);
        refused(p, beamBytes(2, 1, 0f, 1f, 2, 0f, 2f), 4);
    }
}
