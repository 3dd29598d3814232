package io.gesturestream.schemas;

import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.ModelRecord;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;

import java.util.List;

/**
 * The serdes of the project's records. Each call returns a new serde; older schema versions
 * that must stay readable are listed here as they appear (none yet: version 1 is current).
 */
public final class GestureSerdes {
    private GestureSerdes() {}

    public static AvroSerde<GestureEvent> gestureEvent() {
        return new AvroSerde<>(GestureEvent.getClassSchema(), List.of());
    }

    public static AvroSerde<Prediction> prediction() {
        return new AvroSerde<>(Prediction.getClassSchema(), List.of());
    }

    public static AvroSerde<DeadLetter> deadLetter() {
        return new AvroSerde<>(DeadLetter.getClassSchema(), List.of());
    }

    public static AvroSerde<ModelRecord> modelRecord() {
        return new AvroSerde<>(ModelRecord.getClassSchema(), List.of());
    }
}
