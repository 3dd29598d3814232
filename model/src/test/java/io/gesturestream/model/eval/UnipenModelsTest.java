package io.gesturestream.model.eval;

import io.gesturestream.model.LabelSet;
import io.gesturestream.model.Meter;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundled {@code digits} and {@code latin} models on the UNIPEN writers of the test side of
 * the writer split, whom training never saw (read from {@code -Dgesture.datasets}, by default
 * {@code ../shared/datasets}; skipped where absent): the goals of issue 14, and the same
 * accuracy when the device's units, offset and sampling rate change.
 */
class UnipenModelsTest {
    /**
     * Floors a little under what the bundled models measured on 2026-11-30 (README, "Bundled
     * models and accuracy"), so that a regression fails; the goals, where these are
     * under them, are not met (see the README).
     */
    static final double DIGITS_1A = 0.985, LATIN_TOP1 = 0.845, LATIN_TOP3 = 0.96, LATIN_CASELESS = 0.915,
            LATIN_UPPER = 0.95, LATIN_LOWER = 0.93, LATIN_DIGITS = 0.98;
    /** The bundled words model's greedy CER on the test side: measured 23.6% (issue 15's goal, 10%, is far). */
    static final double WORDS_CER = 0.245;
    static List<Gesture> digits1a, chars2;
    static Model digits, latin;

    @BeforeAll
    static void load() throws Exception {
        Path root = Path.of(System.getProperty("gesture.datasets", "../shared/datasets")).resolve("unipen/train_r01_v07");
        assumeTrue(Files.isDirectory(root.resolve("data")), "UNIPEN not found at " + root);
        digits1a = WriterSplit.TEST.select(Datasets.read("unipen", root, null, "1a", Meter.NONE, l -> { }), "1a");
        chars2 = WriterSplit.TEST.select(Datasets.read("unipen", root, null, "2", Meter.NONE, l -> { }), "2");
        digits = Model.bundled("digits");
        latin = Model.bundled("latin");
    }

    private static List<Gesture> labelled(List<Gesture> in, String set, Model m) {
        Set<String> keep = LabelSet.parse(set).of(m.labels());
        return in.stream().filter(g -> keep.contains(g.label())).toList();
    }

    private static EvalReport eval(Model m, String set, List<Gesture> test) {
        return Evaluator.evaluate(set == null ? m : m.restrictedTo(LabelSet.parse(set)), test, 2, n -> { });
    }

    @Test
    void digitsReadsUnseenWritersOnUnipenTablets() {
        assertEquals(557, digits1a.size());
        double acc = eval(digits, null, digits1a).accuracy();
        assertTrue(acc >= DIGITS_1A, "digits on the 1a test writers: " + acc);
    }

    @Test
    void latinOnTheNinetyFourCharactersOfUnseenWriters() {
        assertEquals(6299, chars2.size());
        EvalReport r = eval(latin, null, chars2);
        assertTrue(r.accuracy() >= LATIN_TOP1, "top-1 " + r.accuracy());
        assertTrue(r.top3() >= LATIN_TOP3, "top-3 " + r.top3());
        assertTrue(r.caseless() >= LATIN_CASELESS, "caseless " + r.caseless());
    }

    @Test
    void latinRestrictedToCapitalsSmallLettersOrDigits() {
        double upper = eval(latin, "A-Z", labelled(chars2, "A-Z", latin)).accuracy();
        double lower = eval(latin, "a-z", labelled(chars2, "a-z", latin)).accuracy();
        double digit = eval(latin, "0-9", labelled(chars2, "0-9", latin)).accuracy();
        assertTrue(upper >= LATIN_UPPER && lower >= LATIN_LOWER && digit >= LATIN_DIGITS,
                "A-Z " + upper + ", a-z " + lower + ", 0-9 " + digit);
    }

    private static List<Gesture> map(List<Gesture> in, UnaryOperator<List<Sample>> f) {
        List<Gesture> out = new ArrayList<>();
        for (Gesture g : in) out.add(new Gesture(g.label(), g.subject(), f.apply(g.samples())));
        return out;
    }

    /** Units x k and an offset: 0.01 mm against pixels. */
    private static List<Sample> scaled(List<Sample> s, double k) {
        List<Sample> o = new ArrayList<>(s.size());
        for (Sample x : s) {
            PenSample p = (PenSample) x;
            o.add(PenSample.of(p.phase(), p.x() * k + 12345, p.y() * k - 777, p.t()));
        }
        return o;
    }

    /** A point between every two of a stroke: twice the sampling rate. */
    private static List<Sample> twiceTheRate(List<Sample> s) {
        List<Sample> o = new ArrayList<>(2 * s.size());
        PenSample prev = null;
        for (Sample x : s) {
            PenSample p = (PenSample) x;
            if (prev != null && p.phase() != PenSample.Phase.DOWN) {
                o.add(PenSample.of(PenSample.Phase.MOVE, (p.x() + prev.x()) / 2, (p.y() + prev.y()) / 2, (p.t() + prev.t()) / 2));
            }
            o.add(p);
            prev = p;
        }
        return o;
    }

    /** Every other MOVE dropped: half the sampling rate. */
    private static List<Sample> halfTheRate(List<Sample> s) {
        List<Sample> o = new ArrayList<>();
        int move = 0;
        for (Sample x : s) if (((PenSample) x).phase() != PenSample.Phase.MOVE || move++ % 2 == 1) o.add(x);
        return o;
    }

    private static void assertHolds(Model m, List<Gesture> test, double base, String what, UnaryOperator<List<Sample>> f, double within) {
        double acc = eval(m, null, map(test, f)).accuracy();
        assertTrue(base - acc <= within, m.name() + ", " + what + ": " + acc + " against " + base + " (allowed loss " + within + ")");
    }

    @Test
    void bothHoldWhenUnitsOffsetAndSamplingRateChange() {
        for (Model m : List.of(digits, latin)) {
            List<Gesture> test = m == digits ? digits1a : chars2;
            double base = eval(m, null, test).accuracy();
            assertHolds(m, test, base, "units x0.01", s -> scaled(s, 0.01), 0.005);
            assertHolds(m, test, base, "units x100", s -> scaled(s, 100), 0.005);
            assertHolds(m, test, base, "half the rate", UnipenModelsTest::halfTheRate, m == digits ? 0.01 : 0.025);
            // twice the densest tablet's rate: the encoder keeps every point until the shape has some size, so the start
            // of a character gets more steps; digits (trained with pendigits' sparse points too) lose 1.6 points (the
            // 2 x 64 digits model lost 0.5), latin loses 6: measured, see the README's robustness table
            assertHolds(m, test, base, "twice the rate", UnipenModelsTest::twiceTheRate, m == digits ? 0.02 : 0.07);
        }
    }

    @Test
    void wordsTranscribesUnseenWritersAtItsMeasuredCer() throws Exception {
        Path root = Path.of(System.getProperty("gesture.datasets", "../shared/datasets")).resolve("unipen/train_r01_v07");
        List<Gesture> words7 = WriterSplit.TEST.select(Datasets.read("unipen", root, null, "7", Meter.NONE, l -> { }), "7");
        assertEquals(9388, words7.size());
        Transcriptions.Score s = Transcriptions.score(Model.bundled("words"), words7, 2);
        assertTrue(s.cer() <= WORDS_CER, "greedy CER " + s.cer());
        assertTrue(s.cerAt(0) > s.cerAt(1) && s.cerAt(1) > s.cerAt(2) && s.cerAt(2) > s.cer(), "the text catches up as the pen moves");
        // with its lexicon, as the app runs it: the stable text never takes back a character, on any of the 9,388 words,
        // and settles a median 22 points after the network reads a character (58 with the exact beam)
        Model words = Model.bundled("words");
        Transcriptions.Score lex = Transcriptions.score(words, words7, 2, words.lexicon(), Model.DEFAULT_BEAM, Model.DEFAULT_COMMIT);
        assertEquals(0, lex.stability().changed(), "words whose stable text changed");
        assertTrue(lex.stability().p50() <= 25 && lex.stability().characters() > 30_000, lex.toJson());
        assertTrue(lex.werLexicon() <= 0.42, lex.toJson());
    }
}
