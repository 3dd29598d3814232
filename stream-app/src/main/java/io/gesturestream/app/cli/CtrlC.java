package io.gesturestream.app.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (or SIGTERM) for a command that must finish what it is doing first: the signal sets
 * {@link #stop}, and the JVM waits (up to {@code grace}) until the command closes this, having
 * stopped its clients, printed its report or deleted its temp folder.
 *
 * <pre>
 *   try (CtrlC ctrlC = new CtrlC("replay", Duration.ofSeconds(10))) {
 *       ... work until ctrlC.stop is set ...
 *   }
 * </pre>
 */
public final class CtrlC implements AutoCloseable {
    public final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    public CtrlC(String command, Duration grace) {
        hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gesture-" + command + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the JVM is already on its way out, and waits for us no longer
        }
    }
}
