package io.gesturestream.app.topology;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterLogTest {
    private final List<String> lines = new ArrayList<>();
    private final DeadLetterLog log = new DeadLetterLog(Duration.ofSeconds(60), lines::add);

    @Test
    void reasonsThatDifferOnlyInValuesAreOneKind() {
        assertEquals("record timestamp ... is more than ... ms old",
                DeadLetterLog.kindOf("record timestamp 2024-01-02T03:04:05.678Z is more than 604800000 ms old"));
        assertEquals("record timestamp ... is more than ... ms old",
                DeadLetterLog.kindOf("record timestamp 2023-11-30T00:00:00Z is more than 604800000 ms old"));
        assertEquals("session field '...' does not match the key '...'",
                DeadLetterLog.kindOf("session field 'pen-1' does not match the key 'pen-2'"));
        assertEquals("x = ... is beyond the limit of ...", DeadLetterLog.kindOf("x = -1.5E9 is beyond the limit of 1.0E7"));
        assertEquals("pressure ... is outside [..., ...]", DeadLetterLog.kindOf("pressure 1.5 is outside [0, 1]"));
        assertEquals("not an Avro single-object GestureEvent: Unrecognized header bytes: ... ...",
                DeadLetterLog.kindOf("not an Avro single-object GestureEvent: Unrecognized header bytes: 0x67 0x61"));
        // names that hold digits stay as they are: a model name is part of the kind
        assertEquals("IMU event sent to a pen model (dollar16)", DeadLetterLog.kindOf("IMU event sent to a pen model (dollar16)"));
        assertEquals("unknown event type", DeadLetterLog.kindOf("unknown event type"));
        assertEquals("no reason given", DeadLetterLog.kindOf(null));
        assertEquals(123, DeadLetterLog.kindOf("a".repeat(500)).length(), "a long reason is cut");
        assertEquals("a".repeat(120), DeadLetterLog.kindOf("a".repeat(120)), "one of the longest kept is kept whole");
        assertEquals("a b", DeadLetterLog.kindOf("a\n  b"), "one line");
    }

    @Test
    void oneLinePerIntervalWithTheKindsMostFrequentFirst() {
        long t0 = 1_000_000;
        for (int i = 0; i < 12; i++) {
            log.record("record timestamp 2024-01-0" + (1 + i % 9) + "T00:00:00Z is more than 604800000 ms old", t0 + i * 1000);
        }
        for (int i = 0; i < 3; i++) log.record("unknown event type", t0 + 20_000 + i);
        log.tick(t0 + 59_999);
        assertEquals(List.of(), lines, "nothing before the interval has passed");
        log.tick(t0 + 60_000);
        assertEquals(List.of("dead-lettered 15 events in the last 60 s to gesture-events-dlq: 12 x record timestamp ... is more than"
                + " ... ms old, 3 x unknown event type (see them with: gesture-stream tail --topic dlq)"), lines);
        log.tick(t0 + 60_001);
        log.tick(t0 + 500_000);
        assertEquals(1, lines.size(), "nothing more without new dead letters");
    }

    @Test
    void theLineComesWithTheFirstRecordAfterTheIntervalWhenNothingTicks() {
        long t0 = 5_000;
        log.record("null value", t0);
        log.record("null value", t0 + 30_000);
        assertEquals(List.of(), lines);
        log.record("null key (the key must be the session id)", t0 + 90_000);
        assertEquals(List.of("dead-lettered 3 events in the last 90 s to gesture-events-dlq: 2 x null value,"
                + " 1 x null key (the key must be the session id) (see them with: gesture-stream tail --topic dlq)"), lines);
        // a new interval starts with the next dead letter, not with the line
        log.record("null value", t0 + 200_000);
        log.tick(t0 + 259_999);
        assertEquals(1, lines.size());
        log.tick(t0 + 260_000);
        assertEquals("dead-lettered 1 event in the last 60 s to gesture-events-dlq: 1 x null value"
                + " (see them with: gesture-stream tail --topic dlq)", lines.get(1));
    }

    @Test
    void nothingIsLoggedWhenThereWasNothing() {
        for (long t = 0; t < 10 * 60_000; t += 1000) log.tick(t);
        assertEquals(List.of(), lines);
    }

    @Test
    void theNumberOfKindsIsBounded() {
        for (int i = 0; i < 30; i++) log.record("reason number " + (char) ('a' + i % 26) + (char) ('a' + i / 26), i);
        log.tick(60_000);
        String line = lines.get(0);
        assertTrue(line.startsWith("dead-lettered 30 events in the last 60 s"), line);
        assertEquals(DeadLetterLog.MAX_KINDS + 1, line.split(" x ").length - 1, "20 kinds and other: " + line);
        assertTrue(line.endsWith(", 10 x other (see them with: gesture-stream tail --topic dlq)"), line);
    }

    @Test
    void concurrentRecordsAreAllCounted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) pool.submit(() -> {
            for (int i = 0; i < 10_000; i++) log.record("record of " + i + " bytes is larger than the limit of 16384", 0);
        });
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        log.tick(60_000);
        assertEquals(List.of("dead-lettered 40000 events in the last 60 s to gesture-events-dlq: 40000 x record of ... bytes is"
                + " larger than the limit of ... (see them with: gesture-stream tail --topic dlq)"), lines);
    }
}
