package io.gesturestream.app.topology;

import io.gesturestream.app.config.PredictionMode;
import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.features.InputKind;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.ImuSample;
import io.gesturestream.schemas.avro.PenSample;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Processor {@code gru-step}: validates each raw event, advances its session's GRU one step, and
 * emits predictions, final results and dead letters.
 *
 * <ul>
 *   <li>An event whose seq is not newer than the last applied one is skipped and counted
 *   ({@code duplicate}); a gap in seq is applied and counted ({@code gap}). At-least-once
 *   redelivery thus leaves the hidden state exact.</li>
 *   <li>END gives a final result and closes the session with a marker of the last seq applied,
 *   so that a redelivered event of the ended gesture is recognized as a duplicate; after the
 *   ended-session retention the marker is deleted (a tombstone in the changelog). The maximum
 *   number of events and the idle timeout do the same. An event that comes within the idle
 *   timeout (in record time) after an idle final is counted as premature
 *   ({@code gesture.idle.premature}) and logged: that final came early.</li>
 *   <li>Under at-least-once ({@link StreamSettings#repeatFinals()}), a redelivery of the event
 *   that ended a gesture repeats its final result: after a crash, the store's changelog may
 *   hold the closed marker while the final result never reached its topic, and a repeat (a
 *   duplicate, counted by readers) is better than a loss. Under exactly-once the store and the
 *   output commit together and the final result is given once.</li>
 *   <li>Anything invalid goes to the dead-letter topic with its original bytes and the reason;
 *   nothing else is affected.</li>
 * </ul>
 *
 * <p>The idle timeout: a session's next event stamped the timeout or more after its last one
 * ends the gesture before it (decided by the records alone, however late they are processed).
 * A wall-clock punctuation ends the gestures of devices that stopped sending, judged by the
 * {@link IdleClock}: the partition's record time, carried forward by the wall clock only while
 * the app keeps up, so that neither a backlog nor a stall ends a gesture whose events are still
 * waiting in Kafka. When a timeout fires depends on when records are processed, what the
 * gesture holds does not.
 */
final class GruStepProcessor implements Processor<byte[], byte[], Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(GruStepProcessor.class);
    /** Bytes of an oversized key or value that its dead letter keeps. */
    static final int OVERSIZE_KEPT = 1024;

    private final StreamSettings settings;
    private final ModelRegistry models;
    private final AvroSerde<GestureEvent> events;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> store;
    /** One recognizer (it holds a workspace) per model this task has used. */
    private final Map<Integer, Recognizer> recognizers = new java.util.HashMap<>();
    /**
     * What the idle timeout is judged by: the record time of the records this task accepted (a
     * refused record, one stamped a year ahead say, cannot move it, unlike Kafka Streams' stream
     * time), carried forward by the wall clock only while the app keeps up with its input.
     */
    private final IdleClock idleClock;
    /** Sessions held by every task of this instance, and by this one. */
    private final AtomicLong liveSessions;
    private long mySessions;

    private final Telemetry telemetry;

    GruStepProcessor(StreamSettings settings, ModelRegistry models, AvroSerde<GestureEvent> events, Telemetry telemetry,
                     IdleClock.Holds holds) {
        this.settings = settings;
        this.idleClock = new IdleClock(settings, holds);
        this.models = models;
        this.events = events;
        this.telemetry = telemetry;
        this.liveSessions = telemetry.liveSessions();
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = context.getStateStore(Names.SESSIONS_STORE);
        idleClock.started(context.currentSystemTimeMs());
        context.schedule(settings.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::expireIdle);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            for (; it.hasNext(); it.next()) mySessions++;
        }
        liveSessions.addAndGet(mySessions);
    }

    @Override
    public void close() {
        liveSessions.addAndGet(-mySessions);  // the task moves away, or the app stops
        mySessions = 0;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        GestureEvent e;
        String key;
        long now = context.currentSystemTimeMs();
        byte[] raw;
        try {
            if (record.key() == null) throw new InvalidEventException("null key (the key must be the session id)");
            if (record.value() == null) throw new InvalidEventException("null value");
            if (record.key().length > settings.maxSessionIdBytes()) {
                throw new InvalidEventException("session id of " + record.key().length + " bytes is longer than the limit of "
                        + settings.maxSessionIdBytes());
            }
            if (record.value().length > settings.maxRecordBytes()) {
                throw new InvalidEventException("record of " + record.value().length + " bytes is larger than the limit of "
                        + settings.maxRecordBytes() + " (this dead letter keeps its first " + OVERSIZE_KEPT + " bytes)");
            }
            checkTimestamp("record timestamp", record.timestamp(), now, true);
            key = new String(record.key(), StandardCharsets.UTF_8);
            try {
                e = events.deserialize(Names.EVENTS_TOPIC, record.value());
            } catch (org.apache.kafka.common.errors.SerializationException ex) {
                throw new InvalidEventException(ex.getMessage());
            }
            validate(key, e, now);
            raw = store.get(key);
            if (raw == null && liveSessions.get() >= settings.maxSessions()) {
                throw new InvalidEventException("this instance holds " + liveSessions.get() + " sessions, the limit"
                        + " (GESTURE_MAX_SESSIONS); a new session waits until others end");
            }
        } catch (InvalidEventException ex) {
            deadLetter(record, ex);
            return;
        }
        idleClock.processed(record.timestamp(), now);
        if (raw == null) {
            liveSessions.incrementAndGet();
            mySessions++;
        }
        // a gesture in progress goes on with the model it started on; a new one takes the current model
        Model model = raw == null ? models.current() : models.forStored(raw);
        if (model == null) model = models.current();  // a model this instance no longer has: load() starts afresh
        StoredSession stored = load(key, raw, model);
        long sinceLast = stored == null ? 0 : record.timestamp() - stored.lastRecordMs();
        long timeout = settings.idleTimeout().toMillis();
        if (stored != null && stored.isClosed()) {
            if (e.getSeq() <= stored.closedSeq()) {
                telemetry.duplicate();  // redelivered from a gesture that has already ended
                // at-least-once: the final result may not have reached Kafka before a crash
                if (settings.repeatFinals() && stored.endedBy(e.getSeq())) {
                    emitFinal(key, model, stored.state(), stored.finalReason(), e.getSeq(), now,
                            stored.finalReason() == FinalReason.IDLE_TIMEOUT ? stored.lastRecordMs() + timeout : record.timestamp());
                }
                return;
            }
            // an idle final, and then an event of the device within the timeout: that final came early
            if (stored.finalReason() == FinalReason.IDLE_TIMEOUT && sinceLast < timeout) telemetry.prematureIdle(key, sinceLast, now);
            stored = null;  // the session's next gesture
            model = models.current();
        } else if (stored != null && sinceLast >= timeout) {
            // the device was quiet for the timeout in its own record time: its gesture ended then,
            // however late this event is processed and whether or not a punctuation ran in between
            if (stored.state().steps() > 0) emitFinal(key, model, stored.state(), FinalReason.IDLE_TIMEOUT, 0, now, stored.lastRecordMs() + timeout);
            stored = null;
            model = models.current();
        }
        Recognizer recognizer = recognizer(model);
        if (e.getType() == EventType.END) {
            if (stored != null && stored.state().steps() > 0) {
                emitFinal(key, model, stored.state(), FinalReason.END, e.getSeq(), now, record.timestamp());
                long last = Math.max(e.getSeq(), stored.state().lastSeq());
                store.put(key, StoredSession.ended(now, record.timestamp(), last, stored.state(), e.getSeq(), FinalReason.END).toBytes());
            } else {
                long last = stored == null ? e.getSeq() : Math.max(e.getSeq(), stored.state().lastSeq());
                store.put(key, StoredSession.closed(now, record.timestamp(), last).toBytes());
            }
            return;
        }
        SessionState state = stored == null ? recognizer.newSession() : stored.state();
        long last = state.lastSeq();
        if (last != Long.MIN_VALUE && e.getSeq() <= last) {
            telemetry.duplicate();
            return;
        }
        if (last != Long.MIN_VALUE && e.getSeq() > last + 1) {
            telemetry.gap();
        }
        float[] p;
        long t0 = System.nanoTime();
        try {
            p = recognizer.step(state, e.getSeq(), GestureEvents.toSample(e));
        } catch (IllegalArgumentException refused) {  // a sample the model cannot read; the state is unchanged
            if (raw == null) {  // the session was not stored after all
                liveSessions.decrementAndGet();
                mySessions--;
            }
            deadLetter(record, new InvalidEventException(refused.getMessage()));
            return;
        }
        telemetry.applied(System.nanoTime() - t0);
        int top = Recognizer.argmax(p);
        int lastTop = stored == null ? -1 : stored.lastTop();
        StoredSession next = StoredSession.open(now, record.timestamp(), top, state);
        if (state.steps() >= settings.maxEvents()) {
            emitFinal(key, model, state, FinalReason.MAX_LENGTH, e.getSeq(), now, record.timestamp());
            store.put(key, StoredSession.ended(now, record.timestamp(), e.getSeq(), state, e.getSeq(), FinalReason.MAX_LENGTH).toBytes());
            return;
        }
        PredictionMode mode = settings.predictionMode();
        if (mode == PredictionMode.EVERY || (mode == PredictionMode.CHANGE && top != lastTop)) {
            Prediction pred = prediction(key, model, state, p, e.getSeq(), state.lastTime(), false, null, now);
            context.forward(new Record<Object, Object>(key, pred, record.timestamp(), record.headers()), Names.PREDICTIONS_SINK);
            telemetry.predicted(record.timestamp(), now);
        }
        store.put(key, next.toBytes());
    }

    private Recognizer recognizer(Model m) {
        if (m != lastModel) {  // almost every event uses the same model as the one before: no map lookup, no boxing
            lastRecognizer = recognizers.computeIfAbsent(m.checksum(), c -> new Recognizer(m));
            lastModel = m;
        }
        return lastRecognizer;
    }

    private Model lastModel;
    private Recognizer lastRecognizer;

    private StoredSession load(String key, byte[] b, Model model) {
        if (b == null) return null;
        try {
            return StoredSession.fromBytes(b, model);
        } catch (IllegalArgumentException ex) {
            LOG.warn("session {}: stored state unreadable ({}); starting it afresh", key, ex.getMessage());
            return null;
        }
    }

    private void validate(String key, GestureEvent e, long now) throws InvalidEventException {
        if (!key.equals(e.getSession())) {
            throw new InvalidEventException("session field '" + e.getSession() + "' does not match the key '" + key + "'");
        }
        if (e.getLabel() != null && e.getLabel().length() > settings.maxLabelLength()) {
            throw new InvalidEventException("label of " + e.getLabel().length() + " characters is longer than the limit of "
                    + settings.maxLabelLength());
        }
        checkTimestamp("event timestamp", e.getTimestamp().toEpochMilli(), now, false);
        EventType t = e.getType();
        if (t == EventType.UNKNOWN) throw new InvalidEventException("unknown event type");
        if (t == EventType.END) return;
        Object s = e.getSample();
        Model model = models.current();
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
    private void checkTimestamp(String what, long t, long now, boolean checkAge) throws InvalidEventException {
        if (t < 0) throw new InvalidEventException(what + " " + t + " is negative");
        long skew = settings.maxFutureSkew().toMillis();
        if (t > now && t - now > skew) {
            throw new InvalidEventException(what + " " + Instant.ofEpochMilli(t) + " is more than " + skew + " ms ahead of the clock ("
                    + Instant.ofEpochMilli(now) + ")");
        }
        long age = settings.maxAge().toMillis();
        if (checkAge && now - t > age) {
            throw new InvalidEventException(what + " " + Instant.ofEpochMilli(t) + " is more than " + age + " ms old");
        }
    }

    private static void checkRange(String field, Float v, double limit) throws InvalidEventException {
        if (v == null) return;
        if (!Float.isFinite(v)) throw new InvalidEventException(field + " is not finite (" + v + ")");
        if (Math.abs(v) > limit) throw new InvalidEventException(field + " = " + v + " is beyond the limit of " + limit);
    }

    /**
     * A final result, to the results and the predictions topic, stamped {@code recordTs}: the
     * record time of the event that ended the gesture (END, the event cap), or for the idle
     * timeout its last record's time plus the timeout. Never the device's own clock, which may
     * count from its start: a record stamped in 1970 is deleted by the topic's time retention
     * at its next check, before a lagging reader gets to it.
     */
    private void emitFinal(String key, Model model, SessionState s, FinalReason reason, long seq, long now, long recordTs) {
        telemetry.finalResult(reason);
        float[] p = recognizer(model).probabilities(s);
        Prediction pred = prediction(key, model, s, p, reason == FinalReason.END ? seq : s.lastSeq(), s.lastTime(), true, reason, now);
        context.forward(new Record<Object, Object>(key, pred, recordTs), Names.RESULTS_SINK);
        context.forward(new Record<Object, Object>(key, pred, recordTs), Names.PREDICTIONS_SINK);
    }

    private Prediction prediction(String key, Model model, SessionState s, float[] p, long seq, long eventTime, boolean fin,
                                  FinalReason reason, long now) {
        int top = Recognizer.argmax(p);
        List<Float> probs = new ArrayList<>(p.length);
        for (float v : p) probs.add(v);
        return Prediction.newBuilder().setSession(key).setSeq(seq).setEventTimestamp(Instant.ofEpochMilli(Math.max(0, eventTime)))
                .setModel(model.name()).setModelVersion(model.version()).setSteps(s.steps()).setTopLabel(model.labels().get(top))
                .setTopProbability(p[top]).setProbabilities(probs).setFinal$(fin).setFinalReason(reason)
                .setProcessedAt(Instant.ofEpochMilli(now)).build();
    }

    private void deadLetter(Record<byte[], byte[]> record, InvalidEventException ex) {
        telemetry.deadLettered(ex.getMessage(), context.currentSystemTimeMs());
        RecordMetadata md = context.recordMetadata().orElse(null);
        byte[] key = record.key(), value = record.value();
        // an oversized record is kept in part, so that its dead letter fits where it came from
        if (key != null && key.length > settings.maxSessionIdBytes()) key = Arrays.copyOf(key, OVERSIZE_KEPT);
        if (value != null && value.length > settings.maxRecordBytes()) value = Arrays.copyOf(value, OVERSIZE_KEPT);
        DeadLetter d = DeadLetter.newBuilder()
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setTopic(md == null ? Names.EVENTS_TOPIC : md.topic())
                .setPartition(md == null ? -1 : md.partition())
                .setOffset(md == null ? -1 : md.offset())
                .setErrorClass(ex.getClass().getSimpleName())
                .setErrorMessage(ex.getMessage())
                .setTimestamp(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        // the dead letter is stamped now: the record's own timestamp may be the reason it is here
        context.forward(new Record<Object, Object>(key, d, context.currentSystemTimeMs()), Names.DLQ_SINK);
    }

    /**
     * Final results for sessions idle longer than the timeout, then their deletion. Idleness is
     * measured against the task's stream time (record timestamps) carried forward by the wall
     * clock since the task last processed a record: while a backlog is processed, sessions that
     * are still sending are not idle however late their records are processed; when the
     * partition falls quiet, its stream time stands still but the wall clock does not.
     */
    private record Idle(String key, StoredSession session, Model model) {}

    private void expireIdle(long now) {
        telemetry.tick(now);
        long limit = settings.idleTimeout().toMillis();
        long clock = idleClock.tick(now);
        long quietSince = idleClock.quietSince();
        List<Idle> idle = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Model m = models.forStored(kv.value);
                StoredSession s;
                try {
                    if (m == null) throw new IllegalArgumentException("a model this instance does not have");
                    s = StoredSession.fromBytes(kv.value, m);
                } catch (IllegalArgumentException ex) {
                    idle.add(new Idle(kv.key, null, null));
                    continue;
                }
                // an ended gesture's marker stays longer, so that its answer can still be queried
                long keep = s.isClosed() ? Math.max(limit, settings.endedRetention().toMillis()) : limit;
                // before this task has processed a record (just restored), only quiet wall-clock time counts
                boolean idleNow = clock == Long.MIN_VALUE ? now - Math.max(s.lastWallMs(), quietSince) >= keep
                        : clock - s.lastRecordMs() >= keep;
                if (idleNow) idle.add(new Idle(kv.key, s, m));
            }
        }
        for (Idle i : idle) {
            StoredSession s = i.session();
            if (s != null && !s.isClosed() && s.state().steps() > 0) {
                emitFinal(i.key(), i.model(), s.state(), FinalReason.IDLE_TIMEOUT, 0, now, s.lastRecordMs() + limit);
                // its marker, like an END's: a late event of this gesture is then seen for what it is
                long last = s.state().lastSeq();
                store.put(i.key(), StoredSession.ended(now, s.lastRecordMs(), last, s.state(), last, FinalReason.IDLE_TIMEOUT).toBytes());
                continue;
            }
            store.delete(i.key());  // an ended gesture's marker, or what could not be read: tombstone
            liveSessions.decrementAndGet();
            mySessions--;
        }
    }
}
