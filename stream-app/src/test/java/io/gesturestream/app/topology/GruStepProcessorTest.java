package io.gesturestream.app.topology;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Model;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gru-step} on its own, with the Processor API's {@link MockProcessorContext}: what it
 * forwards to which sink, what it writes to an in-memory {@code gru-sessions}, and its wall-clock
 * punctuation, fired by hand. The topology around it: {@link GestureTopologyTest}.
 */
class GruStepProcessorTest {
    private static final Model PEN;

    static {
        try {
            PEN = Model.bundled("pendigits");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final long NOW = 1_764_072_000_000L;  // 2025-11-25T12:00:00Z
    private static final AvroSerde<GestureEvent> SERDE = GestureSerdes.gestureEvent();
    private static final StreamSettings SETTINGS = StreamSettings.defaults().withIdleTimeout(Duration.ofSeconds(3), Duration.ofMillis(500));

    private MockProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<Bytes, byte[]> index;
    private SimpleMeterRegistry meters;
    private Telemetry telemetry;
    private GruStepProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(NOW);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.SESSIONS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        index = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.IDLE_INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        index.init(context.getStateStoreContext(), index);
        context.addStateStore(index);
        meters = new SimpleMeterRegistry();
        telemetry = new Telemetry(meters, PEN);
        start(SETTINGS);
    }

    @AfterEach
    void tearDown() {
        processor.close();
        store.close();
        index.close();
    }

    /** A new processor (a task starting) on the same store and context. */
    private void start(StreamSettings settings) {
        processor = new GruStepProcessor(settings, new ModelRegistry(PEN), SERDE, telemetry, new IdleClock.Holds());
        processor.init(context);
    }

    private static Record<byte[], byte[]> record(GestureEvent e, long recordMs) {
        return new Record<>(e.getSession().getBytes(StandardCharsets.UTF_8), SERDE.serialize(Names.EVENTS_TOPIC, e), recordMs);
    }

    private List<Prediction> values(String sink) {
        return context.forwarded(sink).stream().map(f -> (Prediction) f.record().value()).toList();
    }

    private double liveSessions() {
        return meters.get("gesture.live.sessions").gauge().value();
    }

    /** The wall clock moves on to {@code toMs} with the punctuation on time, fired by hand at each interval. */
    private void runUntil(long fromMs, long toMs) {
        List<CapturedPunctuator> all = context.scheduledPunctuators();
        CapturedPunctuator p = all.get(all.size() - 1);  // the running processor's: a restarted task schedules its own
        for (long t = fromMs + p.getInterval().toMillis(); t <= toMs; t += p.getInterval().toMillis()) {
            context.setCurrentSystemTimeMs(t);
            p.getPunctuator().punctuate(t);
        }
    }

    @Test
    void eachEventIsForwardedToThePredictionsSinkWithItsRecordsTimestampAndHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[] {7});
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW - 5).withHeaders(headers));
        List<CapturedForward<?, ?>> out = List.copyOf(context.forwarded());
        assertEquals(1, out.size());
        assertEquals(Names.PREDICTIONS_SINK, out.get(0).childName().orElseThrow());
        Record<?, ?> r = out.get(0).record();
        assertEquals("s", r.key());
        assertEquals(NOW - 5, r.timestamp());
        assertEquals(headers, r.headers());
        Prediction p = (Prediction) r.value();
        assertEquals(1, p.getSeq());
        assertEquals(1, p.getSteps());
        assertEquals(NOW, p.getProcessedAt().toEpochMilli());
        assertEquals(1, StoredSession.fromBytes(store.get("s"), PEN).state().steps(), "the session is in the store");
    }

    @Test
    void endForwardsOneFinalToTheResultsAndThePredictionsSinksStampedWithItsRecordTime() {
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW));
        context.resetForwards();
        processor.process(record(Events.end("s", 2), NOW + 10));
        List<Prediction> results = values(Names.RESULTS_SINK);
        assertEquals(1, results.size());
        assertEquals(FinalReason.END, results.get(0).getFinalReason());
        assertEquals(results, values(Names.PREDICTIONS_SINK), "the same final on both");
        for (var f : context.forwarded()) assertEquals(NOW + 10, f.record().timestamp());
        assertTrue(StoredSession.fromBytes(store.get("s"), PEN).endedBy(2), "the ended gesture's marker");
    }

    @Test
    void theWallClockPunctuationEndsAQuietGestureTheTimeoutAfterItsLastRecord() {
        CapturedPunctuator p = context.scheduledPunctuators().get(0);
        assertEquals(1, context.scheduledPunctuators().size());
        assertEquals(PunctuationType.WALL_CLOCK_TIME, p.getType());
        assertEquals(Duration.ofMillis(500), p.getInterval());
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW));
        processor.process(record(Events.pen("s", 2, EventType.MOVE, 3, 4), NOW));
        context.resetForwards();
        runUntil(NOW, NOW + 2_500);
        assertTrue(context.forwarded().isEmpty(), "not before the timeout");
        runUntil(NOW + 2_500, NOW + 3_000);
        List<Prediction> results = values(Names.RESULTS_SINK);
        assertEquals(1, results.size());
        assertEquals(FinalReason.IDLE_TIMEOUT, results.get(0).getFinalReason());
        assertEquals(2, results.get(0).getSeq());
        assertEquals(NOW + 3_000, context.forwarded(Names.RESULTS_SINK).get(0).record().timestamp());
        assertEquals(FinalReason.IDLE_TIMEOUT, StoredSession.fromBytes(store.get("s"), PEN).finalReason());
        context.resetForwards();
        runUntil(NOW + 3_000, NOW + 3_000 + SETTINGS.endedRetention().toMillis());
        assertNull(store.get("s"), "the marker goes after the ended-session retention");
        assertTrue(context.forwarded().isEmpty());
    }

    @Test
    void aRefusedRecordIsDeadLetteredWithItsBytesItsSourceAndTheReason() {
        context.setRecordMetadata(Names.EVENTS_TOPIC, 3, 42);
        byte[] value = "not avro".getBytes(StandardCharsets.UTF_8);
        processor.process(new Record<>("s".getBytes(StandardCharsets.UTF_8), value, NOW - 1_000));
        List<CapturedForward<?, ?>> out = List.copyOf(context.forwarded());
        assertEquals(1, out.size());
        assertEquals(Names.DLQ_SINK, out.get(0).childName().orElseThrow());
        assertEquals(NOW, out.get(0).record().timestamp(), "stamped when it was refused");
        DeadLetter d = (DeadLetter) out.get(0).record().value();
        assertEquals(Names.EVENTS_TOPIC, d.getTopic());
        assertEquals(3, d.getPartition());
        assertEquals(42, d.getOffset());
        assertEquals(ByteBuffer.wrap(value), d.getValue());
        assertEquals("InvalidEventException", d.getErrorClass());
        assertTrue(d.getErrorMessage().startsWith("not an Avro single-object GestureEvent"), d.getErrorMessage());
        assertEquals(0, store.approximateNumEntries());
    }

    @Test
    void anOversizedValueIsDeadLetteredInPart() {
        processor.process(new Record<>("s".getBytes(StandardCharsets.UTF_8), new byte[20_000], NOW));
        DeadLetter d = (DeadLetter) context.forwarded(Names.DLQ_SINK).get(0).record().value();
        assertEquals(DeadLetters.OVERSIZE_KEPT, d.getValue().remaining());
        processor.process(new Record<>("s".getBytes(StandardCharsets.UTF_8), new byte[SETTINGS.maxRecordBytes()], NOW));
        DeadLetter atLimit = (DeadLetter) context.forwarded(Names.DLQ_SINK).get(1).record().value();
        assertEquals(SETTINGS.maxRecordBytes(), atLimit.getValue().remaining(), "one at the limit is kept whole");
    }

    @Test
    void aSampleTheModelRefusesIsDeadLetteredAndOpensNoSession() {
        StreamSettings d = SETTINGS;
        processor.close();
        start(new StreamSettings(d.predictionMode(), d.idleTimeout(), d.punctuateEvery(), d.maxEvents(), 1e31, d.maxAccelG(),
                d.repeatFinals(), d.maxLabelLength(), d.maxSessionIdBytes(), d.maxRecordBytes(), d.maxSessions(), d.maxFutureSkew(),
                d.maxAge(), d.endedRetention()));  // lets through what the pen encoder refuses
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 2e30f, 0), NOW));
        DeadLetter dl = (DeadLetter) context.forwarded(Names.DLQ_SINK).get(0).record().value();
        assertEquals("pen coordinates must be finite and within +-1.0E30, got (2.0E30, 0.0)", dl.getErrorMessage());
        assertNull(store.get("s"));
        assertEquals(0.0, liveSessions());
    }

    @Test
    void sessionsAreCountedAsTheStoreHoldsThemAndGivenBackWhenTheTaskCloses() {
        processor.process(record(Events.pen("a", 1, EventType.DOWN, 1, 2), NOW));
        processor.process(record(Events.pen("b", 1, EventType.DOWN, 1, 2), NOW));
        processor.process(record(Events.pen("b", 2, EventType.MOVE, 1, 2), NOW));
        processor.process(record(Events.end("a", 2), NOW));
        assertEquals(2.0, liveSessions(), "an ended gesture's marker holds its place");
        processor.close();
        assertEquals(0.0, liveSessions());
        start(SETTINGS);  // the task again, on what its store holds
        assertEquals(2.0, liveSessions());
        // the task has processed no record since it started: quiet wall-clock time counts, and b's marker is kept from its idle final
        runUntil(NOW, NOW + 3_000 + SETTINGS.endedRetention().toMillis());
        assertEquals(0.0, liveSessions(), "b ended by its idle final; both markers go after the ended-session retention");
        assertEquals(0, store.approximateNumEntries());
    }

    @Test
    void atTheSessionLimitANewSessionIsDeadLetteredAndTheOthersGoOn() {
        processor.close();
        start(SETTINGS.withMaxSessions(1));
        processor.process(record(Events.pen("a", 1, EventType.DOWN, 1, 2), NOW));
        processor.process(record(Events.pen("b", 1, EventType.DOWN, 1, 2), NOW));
        processor.process(record(Events.pen("a", 2, EventType.MOVE, 1, 2), NOW));
        DeadLetter refused = (DeadLetter) context.forwarded(Names.DLQ_SINK).get(0).record().value();
        assertEquals("this instance holds 1 sessions, the limit (GESTURE_MAX_SESSIONS); a new session waits until others end",
                refused.getErrorMessage());
        assertEquals(1, context.forwarded(Names.DLQ_SINK).size());
        assertEquals(2, values(Names.PREDICTIONS_SINK).size(), "a's two events");
        assertNull(store.get("b"));
        assertNotNull(store.get("a"));
    }

    @Test
    void aRedeliveredEndRepeatsItsFinalAndCountsADuplicate() {
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW));
        processor.process(record(Events.end("s", 2), NOW + 10));
        byte[] marker = store.get("s");
        context.resetForwards();
        processor.process(record(Events.end("s", 2), NOW + 10));
        assertEquals(FinalReason.END, values(Names.RESULTS_SINK).get(0).getFinalReason());
        assertEquals(1.0, meters.get("gesture.events").tag("outcome", "duplicate").counter().count());
        assertArrayEquals(marker, store.get("s"), "the marker is left as it was");
    }

    /** The sessions store, counting the sessions read from it ({@code get}, and each one an iterator returns). */
    @SuppressWarnings("unchecked")
    private KeyValueStore<String, byte[]> counting(AtomicLong reads) {
        InvocationHandler h = (proxy, m, args) -> {
            Object r = m.invoke(store, args);
            if (m.getName().equals("get")) reads.incrementAndGet();
            if (r instanceof KeyValueIterator<?, ?> it) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyValueIterator.class}, (p2, m2, a2) -> {
                    if (m2.getName().equals("next")) reads.incrementAndGet();
                    return m2.invoke(it, a2);
                });
            }
            return r;
        };
        return (KeyValueStore<String, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyValueStore.class}, h);
    }

    @Test
    void theIdleSweepReadsTheSessionsThatFallDueNotEverySessionHeld() {
        AtomicLong reads = new AtomicLong();
        processor.close();
        context.addStateStore(counting(reads));
        start(SETTINGS);
        for (int i = 0; i < 1_000; i++) processor.process(record(Events.pen("held-" + i, 1, EventType.DOWN, 1, 2), NOW));
        reads.set(0);
        context.resetForwards();
        runUntil(NOW, NOW + 2_000);
        assertEquals(0, reads.get(), "no session is due: none is read");
        processor.process(record(Events.pen("late", 1, EventType.DOWN, 1, 2), NOW + 2_000));
        reads.set(0);
        runUntil(NOW + 2_000, NOW + 3_000);
        assertEquals(1_000, values(Names.RESULTS_SINK).size(), "the held sessions' idle finals");
        assertEquals(1_000, reads.get(), "each read once, late not at all");
        reads.set(0);
        runUntil(NOW + 3_000, NOW + 5_000);
        assertEquals(1_001, values(Names.RESULTS_SINK).size(), "late's");
        assertTrue(reads.get() <= 2, "late, read when its bucket comes and when it falls due: " + reads.get());
    }

    @Test
    void aSessionMissingFromTheIdleIndexIsFoundAgainWhenTheTaskStarts() {
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW));
        try (KeyValueIterator<Bytes, byte[]> it = index.all()) {
            while (it.hasNext()) index.delete(it.next().key);
        }
        runUntil(NOW, NOW + 4_000);
        assertTrue(values(Names.RESULTS_SINK).isEmpty(), "the sweep goes by the index");
        processor.close();
        start(SETTINGS);  // the index is rebuilt from the sessions
        context.setCurrentSystemTimeMs(NOW + 4_000);
        processor.process(record(Events.pen("other", 1, EventType.DOWN, 1, 2), NOW + 4_000));
        runUntil(NOW + 4_000, NOW + 4_500);
        List<Prediction> results = values(Names.RESULTS_SINK);
        assertEquals(1, results.size());
        assertEquals("s", results.get(0).getSession());
        assertEquals(FinalReason.IDLE_TIMEOUT, results.get(0).getFinalReason());
    }

    @Test
    void anOutOfDateIndexEntryIsCorrectedByTheSweepThatReachesIt() {
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW));
        IdleIndex idle = new IdleIndex(index, SETTINGS.punctuateEvery().toMillis());
        idle.move("s", IdleIndex.NONE, idle.bucket(NOW - 60_000));  // as if an unreadable session had been replaced
        runUntil(NOW, NOW + 500);
        assertTrue(values(Names.RESULTS_SINK).isEmpty(), "not ended by the stale entry");
        assertEquals(List.of(new IdleIndex.Entry("s", idle.bucket(NOW + 3_000))), idle.upTo(Long.MAX_VALUE), "one entry, the right one");
        runUntil(NOW + 500, NOW + 3_000);
        assertEquals(1, values(Names.RESULTS_SINK).size());
    }

    @Test
    void aSessionOfAModelThisInstanceNoLongerHasStartsAfreshOnItsNextEventAndOtherwiseGoesAtTheFirstSweep() throws Exception {
        Model other = Model.bundled("dollar16");  // not in this processor's registry: as a model the registry evicted
        io.gesturestream.model.Recognizer rec = new io.gesturestream.model.Recognizer(other);
        io.gesturestream.model.SessionState foreign = rec.newSession();
        rec.step(foreign, 1, new io.gesturestream.model.features.PenSample(io.gesturestream.model.features.PenSample.Phase.DOWN, 1, 2, Float.NaN, 1_000));
        processor.close();
        store.put("gone", StoredSession.open(NOW, NOW, 0, foreign).toBytes());
        store.put("back", StoredSession.open(NOW, NOW, 0, foreign).toBytes());
        start(SETTINGS);  // the index is rebuilt: what cannot be read is due at the first sweep
        assertEquals(2.0, liveSessions());
        processor.process(record(Events.pen("back", 7, EventType.DOWN, 1, 2), NOW));
        Prediction p = values(Names.PREDICTIONS_SINK).get(0);
        assertEquals(1, p.getSteps(), "started afresh on this instance's model");
        assertEquals(PEN.name(), p.getModel());
        runUntil(NOW, NOW + 500);
        assertNull(store.get("gone"), "what cannot be read goes at the first sweep");
        assertTrue(values(Names.RESULTS_SINK).isEmpty(), "without a final: there is no state to give one from");
        assertNotNull(store.get("back"));
        assertEquals(1.0, liveSessions());
    }

    /** Every entry of the idle index, as a new index (no floor) sees them. */
    private List<IdleIndex.Entry> indexEntries() {
        return new IdleIndex(index, SETTINGS.punctuateEvery().toMillis()).upTo(Long.MAX_VALUE);
    }

    @Test
    void aGestureInProgressGoesOnWithItsModelWhenAnotherIsPublishedAndANewOneTakesTheNewModel() {
        ModelRegistry models = new ModelRegistry(PEN);
        processor.close();
        processor = new GruStepProcessor(SETTINGS, models, SERDE, telemetry, new IdleClock.Holds());
        processor.init(context);
        processor.process(record(Events.pen("old", 1, EventType.DOWN, 1, 2), NOW));
        Model v2 = PEN.withInfo(PEN.name(), "2", java.util.Map.of());
        assertNull(models.offer(ModelRegistryTest.record(v2, 1)));
        context.resetForwards();
        processor.process(record(Events.pen("old", 2, EventType.MOVE, 3, 4), NOW));
        processor.process(record(Events.pen("new", 1, EventType.DOWN, 1, 2), NOW));
        List<Prediction> ps = values(Names.PREDICTIONS_SINK);
        assertEquals(List.of(PEN.version(), "2"), ps.stream().map(Prediction::getModelVersion).toList());
        assertEquals(List.of(2, 1), ps.stream().map(Prediction::getSteps).toList(), "old went on from its first step");
    }

    @Test
    void appliedEventsLatencyAndFinalsAreCountedOnTheMeters() {
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW - 5));
        processor.process(record(Events.pen("s", 2, EventType.MOVE, 3, 4), NOW - 20));
        processor.process(record(Events.pen("s", 2, EventType.MOVE, 3, 4), NOW - 20));  // a duplicate: not applied, no prediction
        processor.process(record(Events.pen("s", 4, EventType.MOVE, 5, 6), NOW - 1));  // after a gap: applied
        processor.process(record(Events.end("s", 5), NOW));
        assertEquals(3.0, meters.get("gesture.events").tag("outcome", "applied").counter().count());
        assertEquals(1.0, meters.get("gesture.events").tag("outcome", "duplicate").counter().count());
        assertEquals(1.0, meters.get("gesture.events").tag("outcome", "gap").counter().count());
        assertEquals(3, meters.get("gesture.step").timer().count());
        assertEquals(3, meters.get("gesture.prediction.latency").timer().count());
        assertEquals(26.0, meters.get("gesture.prediction.latency").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS));
        assertEquals(1.0, meters.get("gesture.final.results").tag("reason", "end").counter().count());
        assertEquals(0.0, meters.get("gesture.final.results").tag("reason", "idle_timeout").counter().count());
    }

    @Test
    void anEventOfAGestureAfterItsIdleFinalIsCountedAsPremature() {
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW));
        runUntil(NOW, NOW + 3_000);
        assertEquals(1, values(Names.RESULTS_SINK).size(), "the idle final");
        GestureEvent next = Events.pen("s", 2, EventType.MOVE, 3, 4);
        next.setTimestamp(Events.pen("s", 1, EventType.DOWN, 1, 2).getTimestamp().plusMillis(400));  // 400 ms later by the device's clock
        processor.process(record(next, NOW + 3_000));
        assertEquals(1.0, meters.get("gesture.idle.premature").counter().count());
        assertEquals(1, values(Names.PREDICTIONS_SINK).stream().filter(p -> !p.getFinal$()).filter(p -> p.getSeq() == 2).findFirst()
                .orElseThrow().getSteps(), "it starts the next gesture");
    }

    @Test
    void theSweepThatDeletesAMarkerTakesItsIndexEntryWithIt() {
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW));
        processor.process(record(Events.end("s", 2), NOW));
        IdleIndex idle = new IdleIndex(index, SETTINGS.punctuateEvery().toMillis());
        assertEquals(List.of(new IdleIndex.Entry("s", idle.bucket(NOW + SETTINGS.endedRetention().toMillis()))), indexEntries());
        CapturedPunctuator p = context.scheduledPunctuators().get(0);
        long t = NOW;
        while (store.get("s") != null) {
            t += 500;
            context.setCurrentSystemTimeMs(t);
            p.getPunctuator().punctuate(t);
        }
        assertEquals(NOW + SETTINGS.endedRetention().toMillis(), t, "the marker went after the ended-session retention");
        assertEquals(List.of(), indexEntries(), "and its entry with it");
        assertEquals(0.0, liveSessions());
    }

    @Test
    void thePunctuationWritesTheDeadLetterSummaryOnceItsMinuteHasPassed() {
        processor.process(new Record<>("s".getBytes(StandardCharsets.UTF_8), null, NOW));
        assertEquals(List.of(), LogLines.warnings("DeadLetterLog", () -> runUntil(NOW, NOW + 59_500)));
        assertEquals(List.of("dead-lettered 1 event in the last 60 s to gesture-events-dlq: 1 x null value"
                + " (see them with: gesture-stream tail --topic dlq)"), LogLines.warnings("DeadLetterLog", () -> runUntil(NOW + 59_500, NOW + 60_000)));
    }

    @Test
    void aRestartedTaskWithoutInputEndsEachSessionByQuietWallClockTimeWhenItFallsDueAndNotBefore() throws Exception {
        Model other = Model.bundled("dollar16");  // not in this processor's registry: unreadable here
        io.gesturestream.model.Recognizer rec = new io.gesturestream.model.Recognizer(other);
        io.gesturestream.model.SessionState foreign = rec.newSession();
        rec.step(foreign, 1, new io.gesturestream.model.features.PenSample(io.gesturestream.model.features.PenSample.Phase.DOWN, 1, 2, Float.NaN, 1_000));
        processor.process(record(Events.pen("open", 1, EventType.DOWN, 1, 2), NOW));
        processor.process(record(Events.pen("ended", 1, EventType.DOWN, 1, 2), NOW));
        processor.process(record(Events.end("ended", 2), NOW));
        processor.close();
        store.put("unreadable", StoredSession.open(NOW, NOW, 0, foreign).toBytes());
        long restart = NOW + 1_000;
        context.setCurrentSystemTimeMs(restart);
        context.resetForwards();
        start(SETTINGS);  // quiet counts from the restart: what it restored may be behind
        IdleIndex idle = new IdleIndex(index, SETTINGS.punctuateEvery().toMillis());
        long retention = SETTINGS.endedRetention().toMillis();

        runUntil(restart, restart + 500);
        assertNull(store.get("unreadable"), "what cannot be read goes at the first sweep");
        assertTrue(context.forwarded().isEmpty(), "nothing else is due yet");
        runUntil(restart + 500, restart + 2_500);
        assertTrue(context.forwarded().isEmpty());
        runUntil(restart + 2_500, restart + 3_000);
        List<Prediction> finals = values(Names.RESULTS_SINK);
        assertEquals(1, finals.size());
        assertEquals("open", finals.get(0).getSession());
        assertEquals(FinalReason.IDLE_TIMEOUT, finals.get(0).getFinalReason());
        assertEquals(1, finals.get(0).getSeq());
        assertEquals(NOW + 3_000, context.forwarded(Names.RESULTS_SINK).get(0).record().timestamp(), "its last record's time plus the timeout");
        // (unreadable's entry from the rebuild stays until the first sweep by record time corrects it, as any stale entry)
        assertEquals(List.of(new IdleIndex.Entry("ended", idle.bucket(NOW + retention)), new IdleIndex.Entry("open", idle.bucket(NOW + retention))),
                indexEntries().stream().filter(e -> !e.key().equals("unreadable")).toList(), "one entry each, where each falls due");
        assertNotNull(store.get("ended"));
        runUntil(restart + 3_000, restart + retention - 500);
        assertNotNull(store.get("ended"), "an ended gesture's marker is kept for the ended-session retention");
        runUntil(restart + retention - 500, restart + retention);
        assertNull(store.get("ended"));
        assertNotNull(store.get("open"), "open's marker from its idle final on");
        runUntil(restart + retention, restart + 3_000 + retention);
        assertNull(store.get("open"));
        assertEquals(1, values(Names.RESULTS_SINK).size(), "one final in all");
        assertEquals(0.0, liveSessions());
    }

    @Test
    void aRestartedTaskWithoutInputReadsItsStoreOnlyWhenSomethingCanBeDue() {
        AtomicLong reads = new AtomicLong();
        processor.close();
        context.addStateStore(counting(reads));
        start(SETTINGS);
        processor.process(record(Events.pen("s", 1, EventType.DOWN, 1, 2), NOW));
        processor.close();
        start(SETTINGS);  // on the same store: no record processed since
        reads.set(0);
        runUntil(NOW, NOW + 3_000);
        assertEquals(1, values(Names.RESULTS_SINK).size(), "the idle final, at the timeout");
        long retention = SETTINGS.endedRetention().toMillis();
        reads.set(0);
        runUntil(NOW + 3_000, NOW + 5_500);
        assertEquals(0, reads.get(), "the marker it left falls due a timeout later at the earliest: not read before");
        runUntil(NOW + 5_500, NOW + 3_000 + retention);
        assertNull(store.get("s"), "its marker went after the ended-session retention");
        assertTrue(reads.get() <= 2, "read when the marker's time can be known and when it falls due, not at every sweep: " + reads.get());
    }

    @Test
    void aSessionWithAnEmptyIdEndsLikeAnyOther() {
        processor.process(record(Events.pen("", 1, EventType.DOWN, 1, 2), NOW));
        runUntil(NOW, NOW + 3_000);
        List<Prediction> finals = values(Names.RESULTS_SINK);
        assertEquals(1, finals.size());
        assertEquals("", finals.get(0).getSession());
        assertEquals(FinalReason.IDLE_TIMEOUT, finals.get(0).getFinalReason());
    }
}
