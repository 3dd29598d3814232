package io.gesturestream.model.eval;

import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SpotModels;
import io.gesturestream.model.data.Gesture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A spotting model's final for a recording is the app's answer to a session that ends there: the
 * last gesture its spotter completed in it, else its last run of 300 ms or more (the one still open
 * at its end first), else unknown; the early
 * answers stay the most likely class. With {@link SpotModels}' model, whose answer each sample sets.
 */
class EvaluatorSpottingTest {
    private static final Model SPOT = SpotModels.model(true), PLAIN = SpotModels.model(false);
    private static final int A = 0, B = 1, U = 2;

    private static int[] ranked(Model m, String pattern) {
        return Evaluator.ranked(new Recognizer(m), SpotModels.samples(pattern, 0, 40));
    }

    @Test
    void theFinalIsTheLastGestureCompletedInTheRecording() {
        // 11 a's (400 ms from the first to the last naming), 2 unknown (80 ms: the run ends, a), then 3 b's (80 ms: too short)
        int[] r = ranked(SPOT, "aaaaaaaaaaa--bbb");
        assertEquals(A, r[3], "a was completed; the short run of b at the end is no gesture");
        assertEquals(B, ranked(PLAIN, "aaaaaaaaaaa--bbb")[3], "a model that does not spot answers the most likely class");
        // at 25%, 50%, 75% of 16 events (events 4, 8, 12): the most likely class
        assertArrayEquals(new int[] {A, A, U}, java.util.Arrays.copyOf(r, 3));
    }

    @Test
    void withoutACompletedGestureTheLastRunOfThreeHundredMsOrMoreNamesIt() {
        assertEquals(B, ranked(SPOT, "----bbbbbbbbbbb")[3], "11 b's: 400 ms, open at the end");
        assertEquals(B, ranked(SPOT, "-----bbbbbbbbbb")[3], "10 b's: 360 ms, too short a gesture in a stream, enough at an end");
        assertEquals(B, ranked(SPOT, "------bbbbbbbbb")[3], "9 b's: 320 ms");
        assertEquals(U, ranked(SPOT, "-------bbbbbbbb")[3], "8 b's: 280 ms");
        assertEquals(B, ranked(SPOT, "bbbbbbbbb--aaa--")[3], "b's 320 ms, over, then a's 80: b");
        assertEquals(A, ranked(SPOT, "bbbbbbbbb--aaaaaaaaa")[3], "then a's 320, still open: a");
        assertEquals(U, ranked(SPOT, "---------------")[3], "nothing named");
        // a later completed gesture wins over an earlier one
        assertEquals(B, ranked(SPOT, "aaaaaaaaaaa--bbbbbbbbbbb--")[3]);
    }

    @Test
    void negativesAreScoredByTheSpottersAnswer() {
        List<Gesture> g = List.of(new Gesture("a", "p", SpotModels.samples("aaaaaaaaaaaa--", 0, 40)),
                new Gesture("unknown", "n", SpotModels.samples("--aaaa--bbb-", 0, 40)),
                new Gesture("unknown", "n", SpotModels.samples("aaaaaaaaaaaa--", 0, 40)));
        EvalReport r = Evaluator.evaluate(SPOT, g, 1);
        assertEquals(1, r.gestures());
        assertEquals(1.0, r.accuracy());
        assertEquals(2, r.negatives());
        assertEquals(0.5, r.unknownRate(), "the short runs are nothing; the completed a is not unknown");
    }
}
