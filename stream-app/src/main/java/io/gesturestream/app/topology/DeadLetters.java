package io.gesturestream.app.topology;

import io.gesturestream.schemas.avro.DeadLetter;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/** The dead letter of a refused record: its original bytes, where it came from, and why. */
final class DeadLetters {
    /** Bytes of an oversized key or value that its dead letter keeps. */
    static final int OVERSIZE_KEPT = 1024;

    private DeadLetters() {}

    /** {@code b}, or its first {@link #OVERSIZE_KEPT} bytes when it is longer than {@code limit}: the dead letter must fit where it came from. */
    static byte[] kept(byte[] b, int limit) {
        return b != null && b.length > limit ? Arrays.copyOf(b, OVERSIZE_KEPT) : b;
    }

    /**
     * @param key   the record's key as kept (see {@link #kept})
     * @param value the record's value as kept
     * @param md    where the record came from; null when unknown
     */
    static DeadLetter of(byte[] key, byte[] value, RecordMetadata md, String reason, long nowMs) {
        return DeadLetter.newBuilder()
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setTopic(md == null ? Names.EVENTS_TOPIC : md.topic())
                .setPartition(md == null ? -1 : md.partition())
                .setOffset(md == null ? -1 : md.offset())
                .setErrorClass(InvalidEventException.class.getSimpleName())
                .setErrorMessage(reason)
                .setTimestamp(Instant.ofEpochMilli(nowMs))
                .build();
    }
}
