package io.gesturestream.schemas;

import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.ModelRecord;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;

import org.apache.avro.Schema;

import java.util.List;

/**
 * The serdes of the project's records. Each call returns a new serde; older schema versions
 * that must stay readable are listed here as they appear, kept as resources next to this class:
 * {@code Prediction} version 1 (before {@code text} and {@code stableText}), version 2
 * (before {@code fit}) and version 3 (before the final reason {@code SPOTTED}), in the oldest of which that holds its fields a prediction is still written
 * (see {@link AvroSerde}).
 */
public final class GestureSerdes {
    private GestureSerdes() {}

    /** Prediction as version 1 wrote it. */
    public static final Schema PREDICTION_V1 = schema("Prediction-v1.avsc");
    /** Prediction as version 2 wrote it. */
    public static final Schema PREDICTION_V2 = schema("Prediction-v2.avsc");
    /** Prediction as version 3 wrote it. */
    public static final Schema PREDICTION_V3 = schema("Prediction-v3.avsc");

    private static Schema schema(String resource) {
        try (var in = GestureSerdes.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("schema resource " + resource + " missing from the build");
            return new Schema.Parser().parse(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static AvroSerde<GestureEvent> gestureEvent() {
        return new AvroSerde<>(GestureEvent.getClassSchema(), List.of());
    }

    public static AvroSerde<Prediction> prediction() {
        return new AvroSerde<>(Prediction.getClassSchema(), List.of(PREDICTION_V1, PREDICTION_V2, PREDICTION_V3));
    }

    public static AvroSerde<DeadLetter> deadLetter() {
        return new AvroSerde<>(DeadLetter.getClassSchema(), List.of());
    }

    public static AvroSerde<ModelRecord> modelRecord() {
        return new AvroSerde<>(ModelRecord.getClassSchema(), List.of());
    }
}
