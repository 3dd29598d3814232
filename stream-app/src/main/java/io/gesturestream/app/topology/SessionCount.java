package io.gesturestream.app.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions one task holds in its store (in progress, or ended and waiting out the
 * ended-session retention), and those every task of this instance holds: the
 * {@code gesture.live.sessions} gauge and what {@code GESTURE_MAX_SESSIONS} limits. Both counts
 * change in {@link #add} alone, together, so the instance's count always includes this task's
 * exactly, and gives it back when the task closes.
 */
final class SessionCount {
    private final AtomicLong instance;
    private final long limit;
    private long task;

    /** @param instance the count shared by this instance's tasks; {@code limit} caps it */
    SessionCount(AtomicLong instance, long limit) {
        this.instance = instance;
        this.limit = limit;
    }

    /** The task starts with {@code n} sessions in its store (restored, or left by the task before it). */
    void restored(long n) {
        add(n);
    }

    /** A session was written to the store where there was none. */
    void opened() {
        add(1);
    }

    /** A session was deleted from the store. */
    void removed() {
        add(-1);
    }

    /** The task closes (moves away, or the app stops): its sessions leave this instance's count. */
    void closed() {
        add(-task);
    }

    /** @throws InvalidEventException when the instance holds as many sessions as it may: a new one must wait */
    void checkRoom() throws InvalidEventException {
        long held = instance.get();
        if (held >= limit) {
            throw new InvalidEventException("this instance holds " + held + " sessions, the limit"
                    + " (GESTURE_MAX_SESSIONS); a new session waits until others end");
        }
    }

    long task() {
        return task;
    }

    long instance() {
        return instance.get();
    }

    private void add(long n) {
        instance.addAndGet(n);
        task += n;
    }
}
