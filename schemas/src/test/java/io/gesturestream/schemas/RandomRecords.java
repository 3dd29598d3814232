package io.gesturestream.schemas;

import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.ModelRecord;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random records of every type, with the edge values the encodings must keep: for the compiled writer's and reader's tests. */
final class RandomRecords {
    private final Random rnd;

    RandomRecords(long seed) {
        rnd = new Random(seed);
    }

    int nextInt(int bound) {
        return rnd.nextInt(bound);
    }

    ModelRecord modelRecord() {
        return new ModelRecord(string(), string(), rnd.nextInt(), instant(), buffer());
    }

    Prediction prediction(boolean empty) {
        List<Float> probs = new ArrayList<>();
        int n = empty ? 0 : 1 + rnd.nextInt(100);
        for (int i = 0; i < n; i++) probs.add(floatValue());
        FinalReason[] reasons = FinalReason.values();
        return new Prediction(string(), rnd.nextLong(), instant(), string(), string(), rnd.nextInt(), string(), floatValue(), probs,
                rnd.nextBoolean(), rnd.nextBoolean() ? null : reasons[rnd.nextInt(reasons.length)], instant(),
                rnd.nextBoolean() ? null : string(), rnd.nextBoolean() ? null : string(),
                rnd.nextBoolean() ? null : rnd.nextBoolean(), rnd.nextBoolean() ? null : floatValue());
    }

    GestureEvent event() {
        EventType[] types = EventType.values();
        Object sample = switch (rnd.nextInt(3)) {
            case 0 -> null;
            case 1 -> new PenSample(floatValue(), floatValue(), rnd.nextBoolean() ? null : floatValue());
            default -> new ImuSample(floatValue(), floatValue(), floatValue(), rnd.nextBoolean() ? null : floatValue(),
                    rnd.nextBoolean() ? null : floatValue(), rnd.nextBoolean() ? null : floatValue());
        };
        return new GestureEvent(string(), rnd.nextLong(), instant(), types[rnd.nextInt(types.length)], sample,
                rnd.nextBoolean() ? null : string());
    }

    DeadLetter deadLetter() {
        return new DeadLetter(rnd.nextBoolean() ? null : buffer(), rnd.nextBoolean() ? null : buffer(), string(), rnd.nextInt(),
                rnd.nextLong(), string(), string(), instant());
    }

    /** Edge values besides plain ones: NaNs with payloads, infinities, signed zeros, subnormals. */
    float floatValue() {
        return switch (rnd.nextInt(8)) {
            case 0 -> Float.intBitsToFloat(0x7fc00000 | rnd.nextInt(1 << 22));  // a NaN, payload kept by raw bits
            case 1 -> rnd.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            case 2 -> rnd.nextBoolean() ? 0f : -0f;
            case 3 -> Float.MIN_VALUE * rnd.nextInt(100);
            default -> (float) rnd.nextGaussian() * 1000;
        };
    }

    Instant instant() {
        return Instant.ofEpochMilli(rnd.nextBoolean() ? rnd.nextLong() / 1000 : 1_700_000_000_000L + rnd.nextInt());
    }

    /** Empty, ASCII, or any code points (lone surrogates too, which both write as '?'). */
    String string() {
        int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(40);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(rnd.nextBoolean() ? (char) (32 + rnd.nextInt(95)) : (char) rnd.nextInt(0x10000));
        return sb.toString();
    }

    /** Heap or direct, read from a position past its start: both write what remains and leave it. */
    ByteBuffer buffer() {
        byte[] b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
        ByteBuffer buf = rnd.nextBoolean() ? ByteBuffer.wrap(b) : ByteBuffer.allocateDirect(b.length).put(b).flip();
        buf.position(b.length == 0 ? 0 : rnd.nextInt(b.length));
        return buf;
    }

}
