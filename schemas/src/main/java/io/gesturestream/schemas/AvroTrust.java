package io.gesturestream.schemas;

import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.ModelRecord;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to instantiate generated classes by name unless they are trusted
 * ({@code SecurityException: Forbidden ...}), in the serdes and in container-file readers alike.
 * Every reader of our records calls {@link #ourClasses()} first, so that no user has to start
 * the JVM with {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}.
 */
public final class AvroTrust {
    private AvroTrust() {}

    private static boolean done;

    /** Adds this project's record classes, and only them, to Avro's trusted classes; idempotent. */
    public static synchronized void ourClasses() {
        if (done) return;
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(GestureEvent.class).add(PenSample.class).add(ImuSample.class).add(EventType.class)
                        .add(Prediction.class).add(FinalReason.class).add(DeadLetter.class).add(ModelRecord.class)
                        .build()));
        done = true;
    }
}
