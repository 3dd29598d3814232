package io.gesturestream.app.kafka;

import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;

/** Waiting for a Kafka Streams instance, for the commands, benches and tests that start one. */
public final class StreamsLifecycle {
    private StreamsLifecycle() {}

    /** Waits until the app has its tasks and is processing. */
    public static void awaitRunning(KafkaStreams streams, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the app did not reach RUNNING (state " + streams.state() + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting");
            }
        }
    }
}
