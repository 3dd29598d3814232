package io.gesturestream.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Spotter} on answers written by hand over the classes (a, b, unknown), the state's three
 * floats (class + 1, run length, time since the last naming) checked after every step.
 */
class SpotterTest {
    private static final int UNKNOWN = 2;
    private static final float[] A = {0.9f, 0.05f, 0.05f};
    private static final float[] B = {0.05f, 0.9f, 0.05f};
    private static final float[] REST = {0.1f, 0.1f, 0.8f};
    /** a ranked first but under {@link Spotter#ON}. */
    private static final float[] WEAK_A = {0.45f, 0.3f, 0.25f};
    /** a ranked first at exactly {@link Spotter#ON}. */
    private static final float[] EDGE_A = {0.5f, 0.3f, 0.2f};

    private static void step(float[] st, float[] p, long dt, int expected, float... after) {
        assertEquals(expected, Spotter.update(st, p, UNKNOWN, dt));
        assertArrayEquals(after, st);
    }

    /** A run of a from its first naming to {@code ms} later, events 20 ms apart; the state is then (1, ms, 0). */
    private static float[] runOfA(long ms) {
        float[] st = new float[Spotter.STATE];
        step(st, A, 20, -1, 1, 0, 0);
        for (long t = 20; t <= ms; t += 20) step(st, A, 20, -1, 1, t, 0);
        return st;
    }

    @Test
    void aRunOfThreeHundredMsThatGoesUnnamedForSixtyIsAGestureAtTheEventThatEndsIt() {
        float[] st = runOfA(300);
        step(st, REST, 20, -1, 1, 300, 20);
        step(st, REST, 20, -1, 1, 300, 40);
        step(st, REST, 20, 0, 0, 0, 0);       // 60 ms unnamed: a completed, the state reset
        step(st, REST, 20, -1, 0, 0, 0);      // and nothing more
        // the same for class b, at the second index
        float[] sb = new float[Spotter.STATE];
        step(sb, B, 20, -1, 2, 0, 0);
        step(sb, B, 400, -1, 2, 400, 0);
        step(sb, REST, 60, 1, 0, 0, 0);
    }

    @Test
    void aRunShorterThanThreeHundredMsIsNothing() {
        float[] st = runOfA(280);
        step(st, REST, 20, -1, 1, 280, 20);
        step(st, REST, 20, -1, 1, 280, 40);
        step(st, REST, 20, -1, 0, 0, 0);
        // one ms short
        float[] s2 = new float[Spotter.STATE];
        step(s2, A, 0, -1, 1, 0, 0);
        step(s2, A, 299, -1, 1, 299, 0);
        step(s2, REST, 60, -1, 0, 0, 0);
    }

    @Test
    void unnamedForLessThanSixtyMsTheRunGoesOnAndItsGapCounts() {
        float[] st = runOfA(300);
        step(st, REST, 30, -1, 1, 300, 30);
        step(st, WEAK_A, 29, -1, 1, 300, 59);
        step(st, A, 1, -1, 1, 360, 0);        // the gap, 59 + 1 ms, is part of the run
        step(st, REST, 60, 0, 0, 0, 0);
    }

    @Test
    void anotherNamedClassEndsTheRunAndStartsItsOwn() {
        float[] st = runOfA(300);
        step(st, B, 20, 0, 2, 0, 0);          // a completed; b's run begins at this event
        step(st, B, 100, -1, 2, 100, 0);
        step(st, A, 20, -1, 1, 0, 0);         // b lasted 100 ms: nothing; a's run begins
        step(st, REST, 20, -1, 1, 0, 20);
        step(st, B, 20, -1, 2, 0, 0);         // the other class after a gap under 60 ms ends the run too
        step(st, A, 20, -1, 1, 0, 0);
        step(st, A, 320, -1, 1, 320, 0);
        step(st, REST, 40, -1, 1, 320, 40);
        step(st, B, 10, 0, 2, 0, 0);          // a completed, 50 ms after its last naming
    }

    @Test
    void aProbabilityUnderOneHalfCountsAsUnnamedAndOneHalfAsNamed() {
        float[] st = new float[Spotter.STATE];
        step(st, WEAK_A, 20, -1, 0, 0, 0);    // starts no run
        step(st, EDGE_A, 20, -1, 1, 0, 0);    // p = 0.5 names a
        step(st, EDGE_A, 300, -1, 1, 300, 0);
        step(st, WEAK_A, 20, -1, 1, 300, 20);
        step(st, WEAK_A, 20, -1, 1, 300, 40);
        step(st, WEAK_A, 20, 0, 0, 0, 0);
    }

    @Test
    void theUnknownClassNeverStartsARunHoweverSureTheModelIs() {
        float[] st = new float[Spotter.STATE];
        step(st, new float[] {0f, 0f, 1f}, 20, -1, 0, 0, 0);
        step(st, REST, 500, -1, 0, 0, 0);
        // with another class as the reject class, class 2 is a gesture like any
        assertEquals(-1, Spotter.update(st, REST, 0, 20));
        assertArrayEquals(new float[] {3, 0, 0}, st);
        assertEquals(-1, Spotter.update(st, REST, 0, 300));
        assertEquals(2, Spotter.update(st, A, 0, 60), "a is the reject class now: unnamed for 60 ms");
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
        assertEquals(3, Spotter.STATE);
        assertEquals(0.5f, Spotter.ON);
        assertEquals(60f, Spotter.END_MS);
        assertEquals(300f, Spotter.MIN_RUN_MS);
    }
}
