package io.gesturestream.app.topology;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Model;
import io.gesturestream.model.features.InputKind;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.PenSample;
import org.apache.kafka.common.errors.SerializationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What {@code gru-step} accepts: a raw record (key and value bytes, record timestamp) becomes a
 * {@link GestureEvent}, or is refused with the reason its dead letter carries. Pure: it reads its
 * arguments and the settings, and nothing else (no store, no Kafka context).
 *
 * <p>The checks, in this order (the first that fails is the reason): a key and a value; their
 * sizes (before decoding); the record timestamp; decoding; the session field against the key;
 * the label's length; the event timestamp; the type; the sample against the type and the model's
 * input kind; the sample's values.
 */
final class EventValidator {
    private final StreamSettings settings;
    private final AvroSerde<GestureEvent> events;

    EventValidator(StreamSettings settings, AvroSerde<GestureEvent> events) {
        this.settings = settings;
        this.events = events;
    }

    /**
     * The event of a record stamped {@code recordMs}, read at wall-clock {@code nowMs}, for a
     * session on model {@code current}. Its session field equals the key, so it names the session.
     *
     * @throws InvalidEventException when the record is refused; the message is the reason
     */
    GestureEvent validate(byte[] key, byte[] value, long recordMs, long nowMs, Model current) throws InvalidEventException {
        if (key == null) throw new InvalidEventException("null key (the key must be the session id)");
        if (value == null) throw new InvalidEventException("null value");
        if (key.length > settings.maxSessionIdBytes()) {
            throw new InvalidEventException("session id of " + key.length + " bytes is longer than the limit of "
                    + settings.maxSessionIdBytes());
        }
        if (value.length > settings.maxRecordBytes()) {
            throw new InvalidEventException("record of " + value.length + " bytes is larger than the limit of "
                    + settings.maxRecordBytes() + " (this dead letter keeps its first " + DeadLetters.OVERSIZE_KEPT + " bytes)");
        }
        checkTimestamp("record timestamp", recordMs, nowMs, true);
        String session = new String(key, StandardCharsets.UTF_8);
        GestureEvent e;
        try {
            e = events.deserialize(Names.EVENTS_TOPIC, value);
        } catch (SerializationException ex) {
            throw new InvalidEventException(ex.getMessage());
        }
        if (!session.equals(e.getSession())) {
            throw new InvalidEventException("session field '" + e.getSession() + "' does not match the key '" + session + "'");
        }
        if (e.getLabel() != null && e.getLabel().length() > settings.maxLabelLength()) {
            throw new InvalidEventException("label of " + e.getLabel().length() + " characters is longer than the limit of "
                    + settings.maxLabelLength());
        }
        checkTimestamp("event timestamp", e.getTimestamp().toEpochMilli(), nowMs, false);
        checkSample(e, current);
        return e;
    }

    private void checkSample(GestureEvent e, Model model) throws InvalidEventException {
        EventType t = e.getType();
        if (t == EventType.UNKNOWN) throw new InvalidEventException("unknown event type");
        if (t == EventType.END) return;
        Object s = e.getSample();
        InputKind kind = model.encoder().kind();
        if (t == EventType.SAMPLE) {
            if (!(s instanceof ImuSample m)) throw new InvalidEventException("SAMPLE event without an IMU sample");
            if (kind != InputKind.IMU) throw new InvalidEventException("IMU event sent to a pen model (" + model.name() + ")");
            double lim = settings.maxAccelG();
            checkRange("ax", m.getAx(), lim);
            checkRange("ay", m.getAy(), lim);
            checkRange("az", m.getAz(), lim);
            checkRange("gx", m.getGx(), 100 * lim);
            checkRange("gy", m.getGy(), 100 * lim);
            checkRange("gz", m.getGz(), 100 * lim);
        } else {
            if (!(s instanceof PenSample p)) throw new InvalidEventException(t + " event without a pen sample");
            if (kind != InputKind.PEN) throw new InvalidEventException("pen event sent to an IMU model (" + model.name() + ")");
            checkRange("x", p.getX(), settings.maxCoordinate());
            checkRange("y", p.getY(), settings.maxCoordinate());
            Float pr = p.getPressure();
            if (pr != null && !(pr >= 0f && pr <= 1f)) throw new InvalidEventException("pressure " + pr + " is outside [0, 1]");
        }
    }

    /**
     * Record timestamps drive the idle timeout, so one far ahead would end every session of its
     * partition; one far behind is a stale replay. Event timestamps may count from a device's
     * start, so only negative or future ones are refused.
     */
    private void checkTimestamp(String what, long t, long nowMs, boolean checkAge) throws InvalidEventException {
        if (t < 0) throw new InvalidEventException(what + " " + t + " is negative");
        long skew = settings.maxFutureSkew().toMillis();
        if (t - nowMs > skew) {   // t >= 0 and nowMs >= 0: no overflow
            throw new InvalidEventException(what + " " + Instant.ofEpochMilli(t) + " is more than " + skew + " ms ahead of the clock ("
                    + Instant.ofEpochMilli(nowMs) + ")");
        }
        long age = settings.maxAge().toMillis();
        if (checkAge && nowMs - t > age) {
            throw new InvalidEventException(what + " " + Instant.ofEpochMilli(t) + " is more than " + age + " ms old");
        }
    }

    private static void checkRange(String field, Float v, double limit) throws InvalidEventException {
        if (v == null) return;
        if (!Float.isFinite(v)) throw new InvalidEventException(field + " is not finite (" + v + ")");
        if (Math.abs(v) > limit) throw new InvalidEventException(field + " = " + v + " is beyond the limit of " + limit);
    }
}
