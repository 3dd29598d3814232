package io.gesturestream.app.topology;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Model;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Processor {@code gru-step}: for each raw event, the {@link EventValidator} accepts it or says
 * why not (a dead letter with the original bytes), the {@link SessionMachine} decides what it
 * does to its session (and steps the GRU), and this processor carries that out: predictions and
 * final results forwarded, the session written to or deleted from {@code gru-sessions}, counts
 * reported. A wall-clock punctuation ends the gestures of devices that stopped sending, judged
 * by the {@link IdleClock} (see there: neither a backlog nor a stall ends a gesture whose events
 * are still waiting in Kafka), through the same machine. {@link SessionCount} holds the number of
 * sessions, for the gauge and the instance's limit.
 */
final class GruStepProcessor implements Processor<byte[], byte[], Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(GruStepProcessor.class);

    private final StreamSettings settings;
    private final ModelRegistry models;
    private final EventValidator validator;
    private final SessionMachine machine;
    /** Moved by accepted records only: a refused one (stamped a year ahead, say) cannot end sessions, unlike stream time. */
    private final IdleClock idleClock;
    private final SessionCount sessions;
    private final Telemetry telemetry;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> store;
    private IdleIndex index;
    /** While the task has processed no record: the wall-clock time before which no session can fall due. */
    private long nextWallSweep = Long.MIN_VALUE;

    GruStepProcessor(StreamSettings settings, ModelRegistry models, AvroSerde<GestureEvent> events, Telemetry telemetry,
                     IdleClock.Holds holds) {
        this.settings = settings;
        this.models = models;
        this.validator = new EventValidator(settings, events);
        this.machine = new SessionMachine(settings, models);
        this.idleClock = new IdleClock(settings, holds);
        this.sessions = new SessionCount(telemetry.liveSessions(), settings.maxSessions());
        this.telemetry = telemetry;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = context.getStateStore(Names.SESSIONS_STORE);
        this.index = new IdleIndex(context.getStateStore(Names.IDLE_INDEX_STORE), settings.punctuateEvery().toMillis());
        idleClock.started(context.currentSystemTimeMs());
        context.schedule(settings.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::expireIdle);
        sessions.restored(rebuildIndex());
    }

    /** The idle index made again from the sessions the store holds (see {@link IdleIndex}); returns how many. */
    private long rebuildIndex() {
        index.clear();
        long n = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                StoredSession s = read(null, kv.value, models.forStored(kv.value));
                index.move(kv.key, IdleIndex.NONE, s == null ? IdleIndex.AT_ONCE : bucket(s));  // what cannot be read goes at the first sweep
                n++;
            }
        }
        return n;
    }

    private long bucket(StoredSession s) {
        return index.bucket(machine.due(s));
    }

    @Override
    public void close() {
        sessions.closed();  // the task moves away, or the app stops
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        GestureEvent e;
        byte[] raw;
        try {
            e = validator.validate(record.key(), record.value(), record.timestamp(), now, models.current());
            raw = store.get(e.getSession());
            if (raw == null) sessions.checkRoom();
        } catch (InvalidEventException ex) {
            deadLetter(record, ex.getMessage());
            return;
        }
        idleClock.processed(record.timestamp(), now);
        String key = e.getSession();  // the record's key: the validator checked
        // a gesture in progress goes on with the model it started on; a new one takes the current model
        Model model = raw == null ? models.current() : models.forStored(raw);
        if (model == null) model = models.current();  // a model this instance no longer has: read() starts afresh
        StoredSession stored = read(key, raw, model);
        // an entry of a session that cannot be read is not known here: the sweep that reaches it corrects it
        long from = stored == null ? IdleIndex.NONE : bucket(stored);
        apply(machine.onEvent(key, stored, model, e, record.timestamp(), now), key, record, raw == null, from, now);
    }

    /**
     * Carries out {@code t} for session {@code key}: counts, then forwards, then the store.
     *
     * @param event the event it is for; null for an idle expiry (no prediction, nothing refused)
     * @param isNew whether the store held nothing for the session: writing it opens one
     * @param from  the session's bucket in the idle index before ({@link IdleIndex#NONE}: none, or not known)
     */
    private void apply(Transition t, String key, Record<byte[], byte[]> event, boolean isNew, long from, long now) {
        if (t.duplicate) telemetry.duplicate();
        if (t.gap) telemetry.gap();
        if (t.premature) telemetry.prematureIdle(key, t.prematureGapMs, now);
        if (t.applied) telemetry.applied(t.stepNanos);
        for (int i = 0; i < t.finals(); i++) {
            Prediction p = t.finalResult(i);
            telemetry.finalResult(p.getFinalReason());
            context.forward(new Record<Object, Object>(key, p, t.finalTimestamp(i)), Names.RESULTS_SINK);
            context.forward(new Record<Object, Object>(key, p, t.finalTimestamp(i)), Names.PREDICTIONS_SINK);
        }
        if (t.prediction != null) {
            context.forward(new Record<Object, Object>(key, t.prediction, event.timestamp(), event.headers()), Names.PREDICTIONS_SINK);
            telemetry.predicted(event.timestamp(), now);
        }
        if (t.refusal != null) deadLetter(event, t.refusal);
        if (t.put != null) {
            store.put(key, t.put.toBytes());
            index.move(key, from, bucket(t.put));
            if (isNew) sessions.opened();
        }
        if (t.delete) {
            store.delete(key);  // a tombstone in the changelog
            index.move(key, from, IdleIndex.NONE);
            sessions.removed();
        }
    }

    /** The session stored as {@code raw} (null: none); null when it cannot be read, logged when {@code key} is given. */
    private static StoredSession read(String key, byte[] raw, Model model) {
        if (raw == null || model == null) return null;
        try {
            return StoredSession.fromBytes(raw, model);
        } catch (IllegalArgumentException ex) {
            if (key != null) LOG.warn("session {}: stored state unreadable ({}); starting it afresh", key, ex.getMessage());
            return null;
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason) {
        long now = context.currentSystemTimeMs();
        telemetry.deadLettered(reason, now);
        byte[] key = DeadLetters.kept(record.key(), settings.maxSessionIdBytes());
        byte[] value = DeadLetters.kept(record.value(), settings.maxRecordBytes());
        DeadLetter d = DeadLetters.of(key, value, context.recordMetadata().orElse(null), reason, now);
        // stamped now: the record's own timestamp may be the reason it is here
        context.forward(new Record<Object, Object>(key, d, now), Names.DLQ_SINK);
    }

    private record Idle(String key, StoredSession session, Model model, long bucket) {}

    /**
     * The punctuation: the sessions the idle clock says are past their time, then what the
     * machine does with each. Once the task has processed a record, its record time decides,
     * and the {@link IdleIndex} gives the sessions that may be due: the work is proportional to
     * the sessions that expire, not to those held. Before that (a task that restored its
     * sessions and has had no input since), quiet wall-clock time decides, for all of them at
     * once: the store is read whole, at most once per the earliest time it can find something.
     */
    private void expireIdle(long now) {
        telemetry.tick(now);
        long clock = idleClock.tick(now);
        long quietSince = idleClock.quietSince();
        List<Idle> idle = new ArrayList<>();
        if (clock == Long.MIN_VALUE) {
            if (now < nextWallSweep) return;
            long next = Long.MAX_VALUE;
            try (KeyValueIterator<String, byte[]> it = store.all()) {  // read all first: the store is written after
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    Model m = models.forStored(kv.value);
                    StoredSession s = read(null, kv.value, m);  // what cannot be read goes
                    if (s == null || machine.expired(s, clock, quietSince, now)) idle.add(new Idle(kv.key, s, m, s == null ? IdleIndex.NONE : bucket(s)));
                    else next = Math.min(next, machine.wallDue(s, quietSince));
                }
            }
            // the markers written below fall due a timeout from now at the earliest
            nextWallSweep = idle.isEmpty() ? next : Math.min(next, now + settings.idleTimeout().toMillis());
        } else {
            for (IdleIndex.Entry en : index.upTo(index.bucket(clock))) {
                byte[] raw = store.get(en.key());
                Model m = raw == null ? null : models.forStored(raw);
                StoredSession s = read(null, raw, m);
                long actual = raw == null ? IdleIndex.NONE : s == null ? en.bucket() : bucket(s);
                if (actual != en.bucket()) {
                    index.move(en.key(), en.bucket(), actual);  // an entry out of date: the session's own takes its place
                } else if (s == null || machine.expired(s, clock, quietSince, now)) {
                    idle.add(new Idle(en.key(), s, m, en.bucket()));
                }
            }
        }
        for (Idle i : idle) apply(machine.onExpiry(i.key(), i.session(), i.model(), now), i.key(), null, false, i.bucket(), now);
    }
}
