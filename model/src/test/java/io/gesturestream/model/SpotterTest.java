package io.gesturestream.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Spotter} on answers written by hand over the classes (a, b, unknown), the run's three
 * floats (class + 1, run length, time since the last naming) checked after every step, and what
 * the state keeps of the session besides the run.
 */
class SpotterTest {
    private static final int UNKNOWN = 2;
    private static final float[] A = {0.9f, 0.05f, 0.05f};
    private static final float[] B = {0.05f, 0.9f, 0.05f};
    private static final float[] REST = {0.1f, 0.1f, 0.8f};
    /** a ranked first but just under {@link Spotter#ON}. */
    private static final float[] WEAK_A = {0.69f, 0.2f, 0.11f};
    /** a ranked first at exactly {@link Spotter#ON}. */
    private static final float[] EDGE_A = {0.7f, 0.2f, 0.1f};

    private static void step(float[] st, float[] p, long dt, int expected, float... after) {
        assertEquals(expected, Spotter.update(st, p, UNKNOWN, dt, Spotter.MIN_RUN_MS));
        assertArrayEquals(after, java.util.Arrays.copyOf(st, 3));
    }

    /** A run of a from its first naming to {@code ms} later, events 20 ms apart; the state is then (1, ms, 0). */
    private static float[] runOfA(long ms) {
        float[] st = new float[Spotter.STATE];
        step(st, A, 20, -1, 1, 0, 0);
        for (long t = 20; t <= ms; t += 20) step(st, A, 20, -1, 1, t, 0);
        return st;
    }

    @Test
    void aRunOfFourHundredMsThatGoesUnnamedForSixtyIsAGestureAtTheEventThatEndsIt() {
        float[] st = runOfA(400);
        step(st, REST, 20, -1, 1, 400, 20);
        step(st, REST, 20, -1, 1, 400, 40);
        step(st, REST, 20, 0, 0, 0, 0);       // 60 ms unnamed: a completed, the state reset
        step(st, REST, 20, -1, 0, 0, 0);      // and nothing more
        // the same for class b, at the second index
        float[] sb = new float[Spotter.STATE];
        step(sb, B, 20, -1, 2, 0, 0);
        step(sb, B, 500, -1, 2, 500, 0);
        step(sb, REST, 60, 1, 0, 0, 0);
    }

    @Test
    void aRunShorterThanFourHundredMsIsNothing() {
        float[] st = runOfA(380);
        step(st, REST, 20, -1, 1, 380, 20);
        step(st, REST, 20, -1, 1, 380, 40);
        step(st, REST, 20, -1, 0, 0, 0);
        // one ms short
        float[] s2 = new float[Spotter.STATE];
        step(s2, A, 0, -1, 1, 0, 0);
        step(s2, A, 399, -1, 1, 399, 0);
        step(s2, REST, 60, -1, 0, 0, 0);
    }

    @Test
    void unnamedForLessThanSixtyMsTheRunGoesOnAndItsGapCounts() {
        float[] st = runOfA(400);
        step(st, REST, 30, -1, 1, 400, 30);
        step(st, WEAK_A, 29, -1, 1, 400, 59);
        step(st, A, 1, -1, 1, 460, 0);        // the gap, 59 + 1 ms, is part of the run
        step(st, REST, 60, 0, 0, 0, 0);
    }

    @Test
    void anotherNamedClassEndsTheRunAndStartsItsOwn() {
        float[] st = runOfA(400);
        step(st, B, 20, 0, 2, 0, 0);          // a completed; b's run begins at this event
        step(st, B, 100, -1, 2, 100, 0);
        step(st, A, 20, -1, 1, 0, 0);         // b lasted 100 ms: nothing; a's run begins
        step(st, REST, 20, -1, 1, 0, 20);
        step(st, B, 20, -1, 2, 0, 0);         // the other class after a gap under 60 ms ends the run too
        step(st, A, 20, -1, 1, 0, 0);
        step(st, A, 420, -1, 1, 420, 0);
        step(st, REST, 40, -1, 1, 420, 40);
        step(st, B, 10, 0, 2, 0, 0);          // a completed, 50 ms after its last naming
    }

    @Test
    void aProbabilityUnderSevenTenthsCountsAsUnnamedAndSevenTenthsAsNamed() {
        float[] st = new float[Spotter.STATE];
        step(st, WEAK_A, 20, -1, 0, 0, 0);    // p = 0.69 starts no run
        step(st, EDGE_A, 20, -1, 1, 0, 0);    // p = 0.7 names a
        step(st, EDGE_A, 400, -1, 1, 400, 0);
        step(st, WEAK_A, 20, -1, 1, 400, 20);
        step(st, WEAK_A, 20, -1, 1, 400, 40);
        step(st, WEAK_A, 20, 0, 0, 0, 0);
    }

    @Test
    void theUnknownClassNeverStartsARunHoweverSureTheModelIs() {
        float[] st = new float[Spotter.STATE];
        step(st, new float[] {0f, 0f, 1f}, 20, -1, 0, 0, 0);
        step(st, REST, 500, -1, 0, 0, 0);
        // with another class as the reject class, class 2 is a gesture like any
        assertEquals(-1, Spotter.update(st, REST, 0, 20, Spotter.MIN_RUN_MS));
        assertArrayEquals(new float[] {3, 0, 0, 0, 0}, st);
        assertEquals(-1, Spotter.update(st, REST, 0, 400, Spotter.MIN_RUN_MS));
        assertEquals(2, Spotter.update(st, A, 0, 60, Spotter.MIN_RUN_MS), "a is the reject class now: unnamed for 60 ms");
    }

    @Test
    void theTimeBetweenEventsIsClampedToZeroToOneSecond() {
        float[] st = new float[Spotter.STATE];
        step(st, A, 0, -1, 1, 0, 0);
        step(st, A, -500, -1, 1, 0, 0);       // a clock that went back adds nothing
        step(st, A, 5000, -1, 1, 1000, 0);    // a long pause adds a second
        step(st, A, 1000, -1, 1, 2000, 0);
        step(st, REST, -100, -1, 1, 2000, 0);
        step(st, REST, 59, -1, 1, 2000, 59);
        step(st, REST, 3_000_000_000L, 0, 0, 0, 0);
        // a run held over a pause of any length: the run, not the pause, decides
        float[] s2 = new float[Spotter.STATE];
        step(s2, A, 0, -1, 1, 0, 0);
        step(s2, REST, 1_000_000L, -1, 0, 0, 0);   // one second unnamed ends a run of 0 ms: nothing
    }

    @Test
    void aFreshStateIsNoRunAndResetClearsOne() {
        float[] st = runOfA(200);
        Spotter.reset(st);
        assertArrayEquals(new float[Spotter.STATE], st);
        assertEquals(5, Spotter.STATE);
        assertEquals(300f, Spotter.END_RUN_MS);
        assertEquals(0.7f, Spotter.ON);
        assertEquals(60f, Spotter.END_MS);
        assertEquals(400f, Spotter.MIN_RUN_MS);
    }

    @Test
    void theStateRemembersTheLastRunOfThreeHundredMsOrMoreAndWhetherAGestureWasReported() {
        float[] st = runOfA(280);
        assertEquals(-1, Spotter.atEnd(st, Spotter.MIN_RUN_MS), "open, 280 ms");
        step(st, A, 20, -1, 1, 300, 0);
        assertEquals(0, Spotter.atEnd(st, Spotter.MIN_RUN_MS), "open, 300 ms");
        step(st, REST, 60, -1, 0, 0, 0);            // 300 ms: too short a gesture, but remembered
        assertEquals(1f, st[3]);
        assertFalse(Spotter.reported(st));
        assertEquals(0, Spotter.atEnd(st, Spotter.MIN_RUN_MS));
        step(st, B, 20, -1, 2, 0, 0);                // a run of b: the one in progress comes first once it is long enough
        step(st, B, 200, -1, 2, 200, 0);
        assertEquals(0, Spotter.atEnd(st, Spotter.MIN_RUN_MS), "b open for 200 ms: a is still the answer");
        step(st, B, 100, -1, 2, 300, 0);
        assertEquals(1, Spotter.atEnd(st, Spotter.MIN_RUN_MS));
        step(st, B, 100, -1, 2, 400, 0);
        step(st, REST, 60, 1, 0, 0, 0);             // b is a gesture
        assertArrayEquals(new float[] {0, 0, 0, 2, 1}, st);
        assertTrue(Spotter.reported(st));
        step(st, A, 20, -1, 1, 0, 0);                // a short run of a changes nothing of it
        step(st, REST, 60, -1, 0, 0, 0);
        assertArrayEquals(new float[] {0, 0, 0, 2, 1}, st);
        // under a model whose gestures are shorter than 300 ms, its own shortest run is the ending session's too
        float[] s2 = new float[Spotter.STATE];
        Spotter.update(s2, A, UNKNOWN, 0, 100f);
        Spotter.update(s2, A, UNKNOWN, 100, 100f);
        assertEquals(0, Spotter.atEnd(s2, 100f));
        assertEquals(-1, Spotter.atEnd(s2, Spotter.MIN_RUN_MS));
    }
}
