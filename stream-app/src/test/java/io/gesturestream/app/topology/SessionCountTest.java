package io.gesturestream.app.topology;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The session counts: this task's, and the instance's that every task adds to. */
class SessionCountTest {
    private final AtomicLong instance = new AtomicLong();

    @Test
    void aTaskAddsItsSessionsToTheInstanceAndTakesThemBackWhenItCloses() {
        SessionCount a = new SessionCount(instance, 10), b = new SessionCount(instance, 10);
        a.restored(3);
        b.opened();
        b.opened();
        b.removed();
        assertEquals(3, a.task());
        assertEquals(1, b.task());
        assertEquals(4, instance.get());
        a.closed();
        assertEquals(0, a.task());
        assertEquals(1, instance.get(), "the other task's session stays counted");
        assertEquals(1, b.instance());
    }

    @Test
    void atTheInstancesLimitANewSessionIsRefused() {
        SessionCount a = new SessionCount(instance, 2), b = new SessionCount(instance, 2);
        a.opened();
        assertDoesNotThrow(b::checkRoom);
        b.opened();
        InvalidEventException full = assertThrows(InvalidEventException.class, a::checkRoom);
        assertEquals("this instance holds 2 sessions, the limit (GESTURE_MAX_SESSIONS); a new session waits until others end", full.getMessage());
        b.removed();
        assertDoesNotThrow(a::checkRoom);
    }
}
