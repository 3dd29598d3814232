package io.gesturestream.model.eval;

import io.gesturestream.model.Lexicon;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CER, WER, early CER, the lexicon's WER and the stable text's lags on gestures whose every
 * event's reading is scripted ({@link Scripted}: position 0 the blank, 1 a, 2 b, 3 c; NaN an
 * event the encoder skips), every figure counted by hand.
 */
class TranscriptionsTest {
    private static final Model MODEL = Scripted.transcriber("a", "b", "c");
    private static final double NAN = Double.NaN;

    private static Gesture g(String label, double... qs) {
        return Scripted.gesture(label, 4, qs);
    }

    /** 69 blanks, then an a at the last event: more than the 64 steps the buffers start with. */
    private static Gesture longA() {
        double[] qs = new double[70];
        qs[69] = 1;
        return g("a", qs);
    }

    // G1 reads a a b b _ b b c c: "abbc", right; each symbol held two events
    private static final Gesture G1 = g("abbc", 1, 1, 2, 2, 0, 2, 2, 3, 3);
    // G2 reads c c (skipped) c _ a: "ca", right; steps at events 0 1 3 4 5
    private static final Gesture G2 = g("ca", 3, 3, NAN, 3, 0, 1);
    // G3 reads _ b _: "b" for "ab"
    private static final Gesture G3 = g("ab", 0, 2, 0);
    // G4 reads a a _: "a" for "ax", a label the model cannot spell
    private static final Gesture G4 = g("ax", 1, 1, 0);
    // G6 reads a b c: "abc" for "ab"
    private static final Gesture G6 = g("ab", 1, 2, 3);

    private static List<Gesture> all() {
        return List.of(longA(), G2, G3, G4, G6, G1);
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutionsOverCodePoints() {
        assertEquals(1, Transcriptions.editDistance("abc", "abd"));
        assertEquals(3, Transcriptions.editDistance("", "abc"));
        assertEquals(3, Transcriptions.editDistance("abc", ""));
        assertEquals(0, Transcriptions.editDistance("", ""));
        assertEquals(0, Transcriptions.editDistance("abc", "abc"));
        assertEquals(3, Transcriptions.editDistance("kitten", "sitting"));
        assertEquals(2, Transcriptions.editDistance("flaw", "lawn"));
        assertEquals(2, Transcriptions.editDistance("ab", "ba"));
        assertEquals(1, Transcriptions.editDistance("abc", "ac"));
        assertEquals(1, Transcriptions.editDistance("ac", "abc"));
        // one code point outside the BMP is one character, not two chars
        assertEquals(1, Transcriptions.editDistance("a\uD83D\uDE00b", "ab"));
        assertEquals(1, Transcriptions.editDistance("a\uD83D\uDE00b", "a\uD83D\uDE01b"));
    }

    @Test
    void oneGestureGivesTheTextAtEachShareOfItsEventsAndItsStableLags() {
        Recognizer rec = new Recognizer(MODEL);
        Transcriptions.Read r = Transcriptions.read(rec, G1.samples(), "abbc");
        // 9 events: after 3, 5, 7 and 9 of them
        assertArrayEquals(new String[] {"ab", "ab", "abb", "abbc"}, r.at());
        assertEquals("abbc", r.finalText());
        assertTrue(r.inLexicon(), "true without a lexicon");
        // stable at events 0, 2, 5, 7; the alignment's last steps on a, b, b, c are 1, 3, 6, 8
        assertArrayEquals(new int[] {-1, -1, -1, -1}, r.stableLags());
        assertFalse(r.stableChanged());
        assertEquals("abbc", Transcriptions.transcribe(rec, G1.samples()));

        // a skipped event is no step: c's last step (2) is event 3
        Transcriptions.Read r2 = Transcriptions.read(rec, G2.samples(), "ca");
        assertArrayEquals(new String[] {"c", "c", "c", "ca"}, r2.at());
        assertArrayEquals(new int[] {-3, 0}, r2.stableLags());

        // a stably right first character only: "ac" for "ab", a's last step 1 (b takes the c)
        assertArrayEquals(new int[] {-1}, Transcriptions.read(rec, g("ab", 1, 1, 3).samples(), "ab").stableLags());
        // a label it cannot spell has no alignment, so no lags
        assertArrayEquals(new int[0], Transcriptions.read(rec, G4.samples(), "ax").stableLags());
        assertArrayEquals(new int[0], Transcriptions.read(rec, G3.samples(), "ab").stableLags());
        assertArrayEquals(new String[] {"", "b", "b", "b"}, Transcriptions.read(rec, G3.samples(), "ab").at());
        Transcriptions.Read r5 = Transcriptions.read(rec, longA().samples(), "a");
        assertArrayEquals(new String[] {"", "", "", "a"}, r5.at());
        assertArrayEquals(new int[] {0}, r5.stableLags());
    }

    @Test
    void scoresCerWerAndEarlyCerOverTheGestures() {
        Transcriptions.Score s = Transcriptions.score(MODEL, all(), 1);
        assertEquals(6, s.gestures());
        // end: G3 "b"/"ab" 1, G4 "a"/"ax" 1, G6 "abc"/"ab" 1
        assertEquals(3, s.edits());
        assertEquals(13, s.referenceLength());
        assertEquals(3, s.wrongWords());
        assertEquals(3.0 / 13, s.cer(), 1e-12);
        assertEquals(0.5, s.wer(), 1e-12);
        // label prefixes of round(f L) characters against the text after ceil(f n) events
        assertArrayEquals(new long[] {2, 3, 5, 3}, s.editsAt());
        assertArrayEquals(new long[] {5, 7, 12, 13}, s.referenceAt());
        assertEquals(0.4, s.cerAt(0), 1e-12);
        assertEquals(3.0 / 7, s.cerAt(1), 1e-12);
        assertEquals(5.0 / 12, s.cerAt(2), 1e-12);
        assertEquals(3.0 / 13, s.cerAt(3), 1e-12);
        assertEquals(-1, s.wrongWordsLexicon());
        assertEquals(-1, s.outOfLexicon());
        assertEquals(-1.0, s.werLexicon());
        // lags: longA 0; G2 -3, 0; G6 0, -1; G1 -1 x 4: sorted -3 -1 -1 -1 -1 -1 0 0 0
        assertEquals(new Transcriptions.Stability(9, -1, 0, 0), s.stability());
        assertEquals("{\"gestures\": 6, \"cer\": 0.230769, \"wer\": 0.500000, \"cerAt\": {\"0.25\": 0.400000, \"0.5\": 0.428571, "
                + "\"0.75\": 0.416667, \"1.0\": 0.230769}, \"stableLagPoints\": {\"p50\": -1, \"p90\": 0, \"characters\": 9}, "
                + "\"stableChanged\": 0}", s.toJson());
        // the same whatever the thread count
        Transcriptions.Score s3 = Transcriptions.score(MODEL, all(), 3);
        assertEquals(s, s3);
        assertEquals(s.hashCode(), s3.hashCode());
        assertEquals(s, Transcriptions.score(MODEL, all(), 100));
        assertNotEquals(s, Transcriptions.score(MODEL, List.of(G1), 1));
    }

    @Test
    void aLexiconDecidesTheWordAndTheStableTextWaitsForIt() {
        Lexicon lex = Lexicon.of(List.of("abbc", "ca", "ab"), MODEL);
        // a beam wider than the trie never drops the empty prefix: nothing is stable before the end
        Transcriptions.Score s = Transcriptions.score(MODEL, all(), 2, lex, 8, 0f);
        assertEquals(3, s.wrongWords(), "the greedy text as before");
        assertArrayEquals(new long[] {2, 3, 5, 3}, s.editsAt());
        // G3 "b" and G4 "a": no word in the beam, the greedy text, wrong; longA "a": right, but no word either
        assertEquals(2, s.wrongWordsLexicon());
        assertEquals(3, s.outOfLexicon());
        assertEquals(1.0 / 3, s.werLexicon(), 1e-12);
        // every character stable one event after the last: longA 1; G2 3, 1; G6 3, 1; G1 8, 6, 3, 1
        assertEquals(new Transcriptions.Stability(9, 3, 8, 0), s.stability());
        assertEquals("{\"gestures\": 6, \"cer\": 0.230769, \"wer\": 0.500000, \"cerAt\": {\"0.25\": 0.400000, \"0.5\": 0.428571, "
                + "\"0.75\": 0.416667, \"1.0\": 0.230769}, \"stableLagPoints\": {\"p50\": 3, \"p90\": 8, \"characters\": 9}, "
                + "\"stableChanged\": 0, \"werLexicon\": 0.333333, \"outOfLexicon\": 3}", s.toJson());

        Transcriptions.Score few = Transcriptions.score(MODEL, List.of(G3, G4, G1), 1, lex, 8, 0f);
        assertEquals(2, few.wrongWords());
        assertEquals(2, few.wrongWordsLexicon());
        assertEquals(2, few.outOfLexicon());

        Recognizer rec = new Recognizer(MODEL.withLexicon(lex, 8, 0f));
        Transcriptions.Read r = Transcriptions.read(rec, G6.samples(), "ab");
        assertEquals("ab", r.finalText(), "the lexicon's word, where the greedy text is abc");
        assertTrue(r.inLexicon());
        assertArrayEquals(new String[] {"a", "ab", "abc", "abc"}, r.at(), "the greedy text along the way");
        assertArrayEquals(new int[] {3, 1}, r.stableLags());
        Transcriptions.Read r3 = Transcriptions.read(rec, G3.samples(), "ab");
        assertEquals("b", r3.finalText());
        assertFalse(r3.inLexicon());
    }

    @Test
    void theScoresOfNothingAreZeroAndTheLexiconsWerIsMinusOneWithoutOne() {
        Transcriptions.Stability none = new Transcriptions.Stability(0, 0, 0, 0);
        Transcriptions.Score empty = new Transcriptions.Score(0, 0, 0, 0, new long[4], new long[4], 0, 0, none);
        assertEquals(0.0, empty.cer());
        assertEquals(0.0, empty.wer());
        assertEquals(0.0, empty.cerAt(2));
        assertEquals(0.0, empty.werLexicon());
        assertEquals(Transcriptions.score(MODEL, List.of(), 4), new Transcriptions.Score(0, 0, 0, 0, new long[4], new long[4], -1, -1, none));
        // a lexicon that decided every word right: 0, reported
        Transcriptions.Score right = new Transcriptions.Score(2, 1, 4, 1, new long[] {0, 0, 1, 1}, new long[] {1, 2, 3, 4}, 0, 0, none);
        assertEquals(0.0, right.werLexicon());
        assertEquals(0.25, right.cer());
        assertEquals(0.5, right.wer());
        assertEquals(1.0 / 3, right.cerAt(2));
        assertTrue(right.toJson().endsWith("\"stableChanged\": 0, \"werLexicon\": 0.000000, \"outOfLexicon\": 0}"), right.toJson());
        assertEquals(java.util.Objects.hash(2, 1L, 4L, 1, java.util.Arrays.hashCode(new long[] {0, 0, 1, 1})), right.hashCode());
        // each field takes part in equality
        long[] e = {0, 0, 1, 1}, r = {1, 2, 3, 4};
        assertEquals(right, new Transcriptions.Score(2, 1, 4, 1, e.clone(), r.clone(), 0, 0, none));
        assertNotEquals(right, new Transcriptions.Score(3, 1, 4, 1, e, r, 0, 0, none));
        assertNotEquals(right, new Transcriptions.Score(2, 2, 4, 1, e, r, 0, 0, none));
        assertNotEquals(right, new Transcriptions.Score(2, 1, 5, 1, e, r, 0, 0, none));
        assertNotEquals(right, new Transcriptions.Score(2, 1, 4, 2, e, r, 0, 0, none));
        assertNotEquals(right, new Transcriptions.Score(2, 1, 4, 1, new long[] {0, 0, 1, 2}, r, 0, 0, none));
        assertNotEquals(right, new Transcriptions.Score(2, 1, 4, 1, e, new long[] {1, 2, 3, 5}, 0, 0, none));
        assertNotEquals(right, new Transcriptions.Score(2, 1, 4, 1, e, r, 1, 0, none));
        assertNotEquals(right, new Transcriptions.Score(2, 1, 4, 1, e, r, 0, 1, none));
        assertNotEquals(right, new Transcriptions.Score(2, 1, 4, 1, e, r, 0, 0, new Transcriptions.Stability(1, 0, 0, 0)));
        assertNotEquals(right, "a score");
    }

    @Test
    void refusesAClassifierAndPassesOnAWorkersFailure() {
        Model classifier = Scripted.classifier(List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transcriptions.score(classifier, List.of(G1), 1));
        assertEquals("model scripted does not transcribe", e.getMessage());
        List<io.gesturestream.model.features.Sample> bad = new ArrayList<>(G1.samples());
        bad.set(3, new PenSample(PenSample.Phase.MOVE, Float.NaN, 0f, 0.5f, 30L));
        List<Gesture> gs = List.of(G1, new Gesture("ab", "s", bad));
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> Transcriptions.score(MODEL, gs, 2));
        assertTrue(w.getMessage().startsWith("pen coordinates must be finite"), w.getMessage());
    }
}
