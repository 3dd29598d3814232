package io.gesturestream.app.topology;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Model;
import io.gesturestream.model.features.ImuEncoder;
import io.gesturestream.model.gru.GruShape;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.PenSample;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The event validator on its own: each reason a record is refused, word for word (dead letters carry them). */
class EventValidatorTest {
    private static final Model PEN;
    private static final Model IMU;

    static {
        try {
            PEN = Model.bundled("pendigits");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        ImuEncoder enc = new ImuEncoder(false, 500f);
        GruShape shape = new GruShape(enc.inputSize(), 4, 1, 2);
        IMU = new Model("imu", "1", shape, enc, List.of("a", "b"), Map.of(), new float[shape.size()]);
    }

    private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    private static final AvroSerde<GestureEvent> SERDE = GestureSerdes.gestureEvent();
    private final EventValidator validator = new EventValidator(StreamSettings.defaults(), SERDE);

    private static byte[] bytes(GestureEvent e) {
        return SERDE.serialize(Names.EVENTS_TOPIC, e);
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Why {@code e}, sent under its own session as key and stamped now, is refused for {@code model}. */
    private String refused(GestureEvent e, Model model) {
        return refused(key(e.getSession()), bytes(e), NOW, model);
    }

    private String refused(byte[] key, byte[] value, long recordMs, Model model) {
        return assertThrows(InvalidEventException.class, () -> validator.validate(key, value, recordMs, NOW, model)).getMessage();
    }

    private static GestureEvent pen(float x, float y, Float pressure) {
        GestureEvent e = Events.pen("s", 1, EventType.MOVE, x, y);
        ((PenSample) e.getSample()).setPressure(pressure);
        return e;
    }

    private static GestureEvent imu(float ax, float az, Float gz) {
        GestureEvent e = Events.imu("s", 1);
        ImuSample m = (ImuSample) e.getSample();
        m.setAx(ax);
        m.setAz(az);
        m.setGz(gz);
        return e;
    }

    @Test
    void anEventWithinEveryLimitIsReturnedAndItsSessionIsTheKey() throws Exception {
        GestureEvent sent = Events.pen("pen-1", 7, EventType.DOWN, 3, 4);
        GestureEvent e = validator.validate(key("pen-1"), bytes(sent), NOW, NOW, PEN);
        assertEquals(sent, e);
        assertEquals("pen-1", e.getSession());
        assertEquals(Events.end("pen-1", 8), validator.validate(key("pen-1"), bytes(Events.end("pen-1", 8)), NOW, NOW, PEN),
                "END carries no sample");
    }

    @Test
    void aRecordWithoutKeyOrValueIsRefused() {
        assertEquals("null key (the key must be the session id)", refused(null, null, NOW, PEN));
        assertEquals("null value", refused(key("s"), null, NOW, PEN));
    }

    @Test
    void aKeyOrValueBeyondItsSizeIsRefusedBeforeDecoding() {
        assertEquals("session id of 257 bytes is longer than the limit of 256", refused(key("s".repeat(257)), new byte[3], NOW, PEN));
        assertEquals("record of 16385 bytes is larger than the limit of 16384 (this dead letter keeps its first 1024 bytes)",
                refused(key("s"), new byte[16_385], NOW, PEN));
    }

    @Test
    void aRecordTimestampThatIsNegativeTooFarAheadOrTooOldIsRefused() throws Exception {
        byte[] v = bytes(Events.pen("s", 1, EventType.DOWN, 1, 1));
        assertEquals("record timestamp -1 is negative", refused(key("s"), v, -1, PEN));
        assertEquals("record timestamp 2026-11-25T12:05:00.001Z is more than 300000 ms ahead of the clock (2026-11-25T12:00:00Z)",
                refused(key("s"), v, NOW + 300_001, PEN));
        assertEquals("record timestamp 2026-11-18T11:59:59.999Z is more than 604800000 ms old", refused(key("s"), v, NOW - 604_800_001, PEN));
        validator.validate(key("s"), v, NOW + 300_000, NOW, PEN);  // at the limits: accepted
        validator.validate(key("s"), v, NOW - 604_800_000, NOW, PEN);
    }

    @Test
    void bytesThatAreNoGestureEventAreRefusedWithTheDecodersReason() {
        byte[] junk = "not avro".getBytes(StandardCharsets.UTF_8);
        String decoder = assertThrows(SerializationException.class, () -> SERDE.deserialize(Names.EVENTS_TOPIC, junk)).getMessage();
        assertEquals(decoder, refused(key("s"), junk, NOW, PEN));
    }

    @Test
    void aSessionFieldOtherThanTheKeyIsRefused() {
        assertEquals("session field 'k' does not match the key 'other'",
                refused(key("other"), bytes(Events.pen("k", 1, EventType.MOVE, 1, 1)), NOW, PEN));
    }

    @Test
    void aLabelBeyondItsLengthIsRefused() throws Exception {
        GestureEvent e = Events.pen("s", 1, EventType.DOWN, 1, 1);
        e.setLabel("x".repeat(257));
        assertEquals("label of 257 characters is longer than the limit of 256", refused(e, PEN));
        e.setLabel("x".repeat(256));
        validator.validate(key("s"), bytes(e), NOW, NOW, PEN);
    }

    @Test
    void anEventTimestampMayBeOldButNotNegativeOrTooFarAhead() throws Exception {
        GestureEvent e = Events.pen("s", 1, EventType.DOWN, 1, 1);
        e.setTimestamp(Instant.ofEpochMilli(1_000));  // a device's clock counting from its start
        validator.validate(key("s"), bytes(e), NOW, NOW, PEN);
        e.setTimestamp(Instant.ofEpochMilli(0));  // the device's first millisecond
        validator.validate(key("s"), bytes(e), NOW, NOW, PEN);
        e.setTimestamp(Instant.ofEpochMilli(-5));
        assertEquals("event timestamp -5 is negative", refused(e, PEN));
        e.setTimestamp(Instant.ofEpochMilli(NOW + 3_600_000));
        assertEquals("event timestamp 2026-11-25T13:00:00Z is more than 300000 ms ahead of the clock (2026-11-25T12:00:00Z)", refused(e, PEN));
    }

    @Test
    void anUnknownTypeOrASampleThatDoesNotFitTheTypeIsRefused() {
        assertEquals("unknown event type", refused(Events.pen("s", 1, EventType.UNKNOWN, 1, 1), PEN));
        GestureEvent noSample = Events.pen("s", 1, EventType.MOVE, 1, 1);
        noSample.setSample(null);
        assertEquals("MOVE event without a pen sample", refused(noSample, PEN));
        GestureEvent penAsSample = Events.pen("s", 1, EventType.SAMPLE, 1, 1);
        assertEquals("SAMPLE event without an IMU sample", refused(penAsSample, IMU));
    }

    @Test
    void anEventOfTheOtherInputKindIsRefused() {
        assertEquals("IMU event sent to a pen model (pendigits)", refused(Events.imu("s", 1), PEN));
        assertEquals("pen event sent to an IMU model (imu)", refused(Events.pen("s", 1, EventType.DOWN, 1, 1), IMU));
    }

    @Test
    void penValuesMustBeFiniteAndWithinTheirLimits() {
        assertEquals("x is not finite (NaN)", refused(pen(Float.NaN, 1, null), PEN));
        assertEquals("y = 1.0E9 is beyond the limit of 1.0E7", refused(pen(1, 1e9f, null), PEN));
        assertEquals("pressure 1.5 is outside [0, 1]", refused(pen(1, 1, 1.5f), PEN));
        assertEquals("pressure NaN is outside [0, 1]", refused(pen(1, 1, Float.NaN), PEN));
    }

    @Test
    void imuValuesMustBeFiniteAndWithinTheirLimits() throws Exception {
        assertEquals("ax = 65.0 is beyond the limit of 64.0", refused(imu(65f, 1f, null), IMU));
        assertEquals("az is not finite (Infinity)", refused(imu(0f, Float.POSITIVE_INFINITY, null), IMU));
        assertEquals("gz = 7000.0 is beyond the limit of 6400.0", refused(imu(0f, 1f, 7000f), IMU), "angular rate: 100 x the g limit");
        validator.validate(key("s"), bytes(imu(64f, -64f, 6400f)), NOW, NOW, IMU);
    }

    @Test
    void theFirstCheckThatFailsIsTheReason() {
        assertEquals("null key (the key must be the session id)", refused(null, new byte[20_000], -1, PEN));
        assertEquals("record of 20000 bytes is larger than the limit of 16384 (this dead letter keeps its first 1024 bytes)",
                refused(key("s"), new byte[20_000], -1, PEN), "size before timestamp or decoding");
        GestureEvent both = pen(Float.NaN, 1, null);
        both.setType(EventType.UNKNOWN);
        assertEquals("unknown event type", refused(both, PEN));
    }

    @Test
    void aKeyOrValueAtItsSizeLimitIsNotRefusedForItsSize() throws Exception {
        String id = "s".repeat(256);
        assertEquals(id, validator.validate(key(id), bytes(Events.pen(id, 1, EventType.DOWN, 1, 1)), NOW, NOW, PEN).getSession());
        byte[] junk = new byte[16_384];
        String decoder = assertThrows(SerializationException.class, () -> SERDE.deserialize(Names.EVENTS_TOPIC, junk)).getMessage();
        assertEquals(decoder, refused(key("s"), junk, NOW, PEN), "decoded, and refused for what it is");
    }

    @Test
    void everyImuAxisIsCheckedAgainstItsOwnLimit() throws Exception {
        GestureEvent e = imu(0f, 1f, null);
        ((ImuSample) e.getSample()).setAy(-65f);
        assertEquals("ay = -65.0 is beyond the limit of 64.0", refused(e, IMU));
        e = imu(0f, 1f, null);
        ((ImuSample) e.getSample()).setGx(6401f);
        assertEquals("gx = 6401.0 is beyond the limit of 6400.0", refused(e, IMU));
        e = imu(0f, 1f, null);
        ((ImuSample) e.getSample()).setGy(Float.NEGATIVE_INFINITY);
        assertEquals("gy is not finite (-Infinity)", refused(e, IMU));
        e = imu(0f, 1f, null);
        ((ImuSample) e.getSample()).setGy(-6401f);
        assertEquals("gy = -6401.0 is beyond the limit of 6400.0", refused(e, IMU));
        GestureEvent atLimits = imu(-64f, 64f, -6400f);
        ImuSample m = (ImuSample) atLimits.getSample();
        m.setAy(64f);
        m.setGx(6400f);
        m.setGy(-6400f);
        assertEquals(atLimits, validator.validate(key("s"), bytes(atLimits), NOW, NOW, IMU));
    }

    @Test
    void pressureMayBeAbsentOrAnythingFromZeroToOne() throws Exception {
        for (Float ok : new Float[] {null, 0f, 0.5f, 1f}) validator.validate(key("s"), bytes(pen(1, 1, ok)), NOW, NOW, PEN);
        assertEquals("pressure -0.01 is outside [0, 1]", refused(pen(1, 1, -0.01f), PEN));
        assertEquals("pressure 1.0000001 is outside [0, 1]", refused(pen(1, 1, Math.nextUp(1f)), PEN));
    }
}
