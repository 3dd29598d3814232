package io.gesturestream.tools.bench;

import io.gesturestream.tools.bench.SoakLedger.Kind;
import io.gesturestream.schemas.avro.FinalReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of {@code bench soak}: which gesture a final belongs to and what it says, the stall schedule, the trend, the scrape. */
class SoakBenchTest {
    private static final FinalReason END = FinalReason.END, IDLE = FinalReason.IDLE_TIMEOUT;

    /** Session a: gesture "3" is events 1..10 and its END 11; gesture "7" is 12..19 and END 20. */
    private static SoakLedger twoGestures() {
        SoakLedger l = new SoakLedger();
        l.add("a", 1, 11, "3");
        l.add("a", 12, 20, "7");
        return l;
    }

    @Test
    void anEndFinalCompletesItsGestureAndASecondOneIsDoubled() {
        SoakLedger l = twoGestures();
        SoakLedger.Outcome o = l.onFinal("a", 11, END, "3");
        assertEquals(Kind.COMPLETE, o.kind());
        assertTrue(o.labelled() && o.correct());
        assertEquals(Kind.COMPLETE, l.onFinal("a", 20, END, "1").kind());
        assertEquals(Kind.DOUBLED, l.onFinal("a", 20, END, "1").kind());  // a redelivered END, say
        assertEquals(2, l.completed());
        assertEquals(2, l.labelled());
        assertEquals(1, l.correct());
    }

    @Test
    void anIdleFinalBeforeTheLastSampleIsPrematureAndTheRestOfTheGestureStillCompletesIt() {
        SoakLedger l = twoGestures();
        SoakLedger.Outcome o = l.onFinal("a", 14, IDLE, "7");  // the app lagged: the timeout ended gesture 12..20 at 14
        assertEquals(Kind.PREMATURE, o.kind());
        assertEquals(12, o.first());
        assertEquals(20, o.end());
        assertEquals(Kind.PREMATURE, l.onFinal("a", 16, IDLE, "7").kind());  // and again
        assertEquals(Kind.COMPLETE, l.onFinal("a", 20, END, "7").kind());    // the rest of it, ended by its END
        assertEquals(1, l.prematureGestures());
        assertEquals(Kind.DOUBLED, l.onFinal("a", 15, IDLE, "7").kind());   // anything after the completing final
    }

    @Test
    void anIdleFinalAtTheLastSampleCompletesItsGestureButCameBeforeItsEnd() {
        SoakLedger l = twoGestures();
        assertEquals(Kind.PREMATURE, l.onFinal("a", 10, IDLE, "3").kind());  // every sample applied, the END not yet
        assertEquals(1, l.completed(), "it answers the gesture: the END after it gives no final of its own");
        assertEquals(1, l.correct());
        assertEquals(1, l.prematureGestures());
        assertEquals(Kind.DOUBLED, l.onFinal("a", 11, END, "3").kind());
    }

    @Test
    void finalsOutsideEveryGestureOrEarlyForAnotherReasonAreTheirOwnKind() {
        SoakLedger l = twoGestures();
        assertEquals(Kind.UNMATCHED, l.onFinal("a", 21, END, "3").kind());
        assertEquals(Kind.UNMATCHED, l.onFinal("a", 0, IDLE, "3").kind());
        assertEquals(Kind.UNMATCHED, l.onFinal("b", 11, END, "3").kind());
        assertEquals(Kind.EARLY, l.onFinal("a", 5, FinalReason.MAX_LENGTH, "3").kind());
        assertEquals(0, l.completed());
        assertEquals(0, l.prematureGestures());
    }

    @Test
    void aGestureWithoutACompletingFinalIsLostOnlyOnceItsEndIsOlderThanTheGrace() {
        SoakLedger l = twoGestures();
        l.add("b", 1, 5, null);
        l.endSent("a", 11, 1_000);
        l.endSent("a", 20, 50_000);
        l.onFinal("a", 14, IDLE, "7");  // premature: does not complete 12..20
        // b's END was never sent (the run was stopped): pending, not lost
        assertEquals(new SoakLedger.Open(1, 2), l.open(40_000, 33_000));
        assertEquals(new SoakLedger.Open(2, 1), l.open(90_000, 33_000));
        l.onFinal("a", 11, END, "3");
        assertEquals(new SoakLedger.Open(1, 1), l.open(90_000, 33_000));
        assertEquals(Kind.COMPLETE, l.onFinal("b", 5, END, "x").kind());
        assertEquals(1, l.labelled());  // b has no label
    }

    @Test
    void gesturesAreAddedInSeqOrder() {
        SoakLedger l = twoGestures();
        assertThrows(IllegalArgumentException.class, () -> l.add("a", 20, 25, "1"));
        assertThrows(IllegalArgumentException.class, () -> l.add("c", 5, 5, "1"));
    }

    @Test
    void theStallScheduleIsCheckedAgainstTheLoad() {
        assertEquals(List.of(new SoakBench.Stall(15_000, 6_000)), SoakBench.stalls(15, 6, 1, 0, 60));
        assertEquals(List.of(new SoakBench.Stall(10_000, 5_000), new SoakBench.Stall(40_000, 5_000), new SoakBench.Stall(70_000, 5_000)),
                SoakBench.stalls(10, 5, 3, 30, 120));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SoakBench.stalls(10, 5, 3, 30, 60)).getMessage()
                .contains("the last ends at 75 s, the load lasts 60 s"));
        assertThrows(IllegalArgumentException.class, () -> SoakBench.stalls(10, 5, 2, 5, 600));  // every must exceed for
        assertThrows(IllegalArgumentException.class, () -> SoakBench.stalls(10, 0, 1, 0, 600));
    }

    @Test
    void theSlopeIsLeastSquaresInMibPerMinuteAndSkipsUnknownSamples() {
        double[] t = {60, 70, 80, 90, 100};
        assertEquals(6.0, SoakBench.slopePerMinute(t, new double[] {100, 101, 102, 103, 104}), 1e-9);  // 1 MiB per 10 s
        assertEquals(-6.0, SoakBench.slopePerMinute(t, new double[] {104, Double.NaN, 102, 101, Double.NaN}), 1e-9);
        assertTrue(Double.isNaN(SoakBench.slopePerMinute(new double[] {60}, new double[] {1})));
        assertTrue(Double.isNaN(SoakBench.slopePerMinute(new double[] {60, 70}, new double[] {1, Double.NaN})));
        assertEquals(0.0, SoakBench.slopePerMinute(t, new double[] {5, 5, 5, 5, 5}), 1e-12);
    }

    @Test
    void theScrapeSumsTheHeapAndFindsThePrematureCounterWhenThereIsOne() {
        String body = String.join("\n",
                "# HELP jvm_memory_used_bytes The amount of used memory",
                "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} 1.6777216E7",
                "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"} 1048576.0",
                "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 3.6412776E7",
                "gesture_final_results_total{reason=\"idle_timeout\"} 4.0");
        double[] m = SoakBench.metrics(body);
        assertEquals(17_825_792.0, m[0]);
        assertTrue(Double.isNaN(m[1]), "no counter: n/a");
        m = SoakBench.metrics(body + "\ngesture_idle_premature_total 3.0\n");
        assertEquals(3.0, m[1]);
        assertFalse(Double.isNaN(SoakBench.metrics("gesture_idle_premature_total{instance=\"x\"} 0.0")[1]));
    }
}
