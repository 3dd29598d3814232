package io.gesturestream.app.topology;

import io.gesturestream.app.config.StreamSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The idle clock: record time, carried forward by the wall clock only while the app keeps up. */
class IdleClockTest {
    // timeout 3 s, punctuation every 500 ms: tolerance 750 ms, a punctuation is late after 1,250 ms
    private static final StreamSettings SETTINGS = StreamSettings.defaults().withIdleTimeout(Duration.ofSeconds(3), Duration.ofMillis(500));

    /** Punctuations on time, every 500 ms, after {@code from} up to {@code to}; what the last one returned. */
    private static long onTime(IdleClock c, long from, long to) {
        long v = Long.MIN_VALUE;
        for (long t = from + 500; t <= to; t += 500) v = c.tick(t);
        return v;
    }

    @Test
    void quietTimeCountsFromTheLastRecordWhileThePunctuationRunsOnTime() {
        IdleClock c = new IdleClock(SETTINGS, new IdleClock.Holds());
        c.started(0);
        assertEquals(Long.MIN_VALUE, c.tick(500), "nothing processed yet");
        c.processed(1_000, 1_000);
        for (long t = 1_000; t <= 10_000; t += 500) assertEquals(1_000 + (t - 1_000), c.tick(t));
    }

    @Test
    void aLatePunctuationHoldsTheClockAtItsTime() {
        IdleClock c = new IdleClock(SETTINGS, new IdleClock.Holds());
        c.started(0);
        c.processed(1_000, 1_000);
        assertEquals(1_000 + 250, c.tick(1_250));
        assertEquals(1_000 + 1_250, c.tick(2_250), "1,250 ms after the one before: on time");
        assertEquals(1_000, c.tick(3_501), "1,251 ms: a stall; quiet counts from now");
        assertEquals(1_000 + 500, c.tick(4_001));
    }

    @Test
    void aRecordProcessedLateHoldsTheClockForAsLongAsItWasLate() {
        IdleClock c = new IdleClock(SETTINGS, new IdleClock.Holds());
        c.started(0);
        c.processed(1_000, 1_000);  // on time: delay 0
        onTime(c, 0, 1_500);
        c.processed(1_100, 1_800);  // 700 ms late: within the tolerance
        assertEquals(1_100 + 700, onTime(c, 1_500, 2_500));
        c.processed(1_200, 3_000);  // 1,800 ms late: held until 3,000 + 1,800
        assertEquals(1_200, onTime(c, 2_500, 4_500));
        assertEquals(1_200 + 200, onTime(c, 4_500, 5_000));
        onTime(c, 5_000, 3_005_000);  // nothing for 50 minutes
        c.processed(2_000, 3_005_000);  // then a record stamped 50 minutes ago: held for 10 timeouts at most
        assertEquals(2_000, onTime(c, 3_005_000, 3_035_000), "held for 30 s");
        assertEquals(2_000 + 500, onTime(c, 3_035_000, 3_035_500));
    }

    @Test
    void aConstantOffsetOfTheProducersClockIsAbsorbedAfterAWindow() {
        IdleClock c = new IdleClock(SETTINGS, new IdleClock.Holds());
        c.started(0);
        long offset = 2_000;  // every record stamped 2 s before the app processes it
        c.processed(1_000 - offset, 1_000);
        assertEquals(1_000 - offset, onTime(c, 0, 1_500), "the first window takes it for lag");
        long t = 1_500;
        for (; t < 2 * IdleClock.WINDOW_MS; t += 500) {
            c.processed(t - offset, t);
            c.tick(t);
        }
        c.processed(t - offset, t);
        assertEquals(t - offset + 500, c.tick(t + 500), "after a whole window, 2 s is the usual delay");
    }

    @Test
    void eachStreamThreadHasItsOwnHoldAndATaskStartRaisesIt() throws Exception {
        IdleClock.Holds holds = new IdleClock.Holds();
        IdleClock here = new IdleClock(SETTINGS, holds);
        here.started(0);
        here.processed(1_000, 1_000);
        AtomicLong other = new AtomicLong();
        Thread t = new Thread(() -> {
            IdleClock there = new IdleClock(SETTINGS, holds);
            there.started(1_000);
            there.processed(1_000, 5_000);  // 4 s late on that thread
            other.set(holds.until());
        });
        t.start();
        t.join();
        assertEquals(5_000 + 4_000, other.get());
        assertEquals(1_000 + 500, onTime(here, 0, 1_500), "this thread is not held by the other's lag");
        new IdleClock(SETTINGS, holds).started(1_600);  // another task starts on this thread: a restore, a rebalance
        assertEquals(1_000, here.tick(1_600));
        assertEquals(1_000 + 400, here.tick(2_000));
    }

    @Test
    void aRecordLateByExactlyTheToleranceHoldsNothingOneMillisecondMoreDoes() {
        IdleClock c = new IdleClock(SETTINGS, new IdleClock.Holds());
        c.started(0);
        c.processed(1_000, 1_000);
        onTime(c, 0, 1_500);
        c.processed(1_100, 1_850);  // 750 ms late: the tolerance
        assertEquals(1_100 + 150, c.tick(2_000));
        c.processed(1_200, 2_451);  // 1,251 ms late: 1 ms beyond it, held until 2,451 + 1,251
        assertEquals(1_200, c.tick(2_500));
        assertEquals(1_200 + 298, onTime(c, 2_500, 4_000));
    }

    @Test
    void theUsualDelayIsTakenAfterExactlyOneWindow() {
        IdleClock c = new IdleClock(SETTINGS, new IdleClock.Holds());
        c.started(0);
        long offset = 2_000;  // every record stamped 2 s before the app processes it
        c.processed(1_000 - offset, 1_000);
        long t = 1_000;
        for (; t < IdleClock.WINDOW_MS; t += 500) c.tick(t);
        c.processed(t - offset, t);  // the first record of the second window: 2 s is the usual delay now
        assertEquals(t - offset + 500, c.tick(t + 500));
    }

    @Test
    void aBacklogAtStartIsTakenForLagNotForTheUsualDelay() {
        long start = 1_764_072_000_000L;  // 2025-11-25T12:00:00Z: wall-clock times as they come
        IdleClock c = new IdleClock(SETTINGS, new IdleClock.Holds());
        c.started(start);
        c.processed(start - 2_000, start + 100);  // waited 2.1 s in Kafka: the first window's baseline is 0
        assertEquals(start - 2_000, c.tick(start + 500), "held");
        assertEquals(start - 2_000 + 300, onTime(c, start + 500, start + 2_500), "quiet from 2.1 s after the record was processed");
    }
}
