package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.schemas.avro.FinalReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code gru-step} reports to Micrometer: events by outcome, the GRU step's time,
 * event-to-prediction latency (from the record's timestamp), live sessions, final results by
 * reason, and the model in use. One per app instance, shared by its tasks; meters are
 * thread-safe. {@link #none()} reports nowhere (tests, offline replay).
 */
public final class Telemetry {
    private final Counter applied, duplicate, gap, deadLettered;
    private final Timer step, latency;
    private final Map<FinalReason, Counter> finals = new EnumMap<>(FinalReason.class);
    private final AtomicLong liveSessions = new AtomicLong();
    private final MeterRegistry registry;
    private final Counter modelsRejected;
    /** The run log's summary of dead-letter reasons: one line a minute at most, never one per event. */
    private final DeadLetterLog deadLetterLog = new DeadLetterLog();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Telemetry.class);
    static final long PREMATURE_LOG_INTERVAL_MS = 60_000;
    private final Counter prematureIdle;
    /** Premature idle finals not logged yet: how many, since when, one example. */
    private long prematurePending, prematureSince = Long.MIN_VALUE, prematureLogged = Long.MIN_VALUE;
    private String prematureExample;

    public Telemetry(MeterRegistry r, Model model) {
        registry = r;
        modelsRejected = Counter.builder("gesture.models.rejected").description("published models refused and not loaded").register(r);
        applied = events(r, "applied");
        duplicate = events(r, "duplicate");
        gap = events(r, "gap");
        deadLettered = events(r, "dead_lettered");
        step = Timer.builder("gesture.step").description("time of one GRU step (features, layers, head)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(500)).maximumExpectedValue(Duration.ofMillis(10))
                .register(r);
        latency = Timer.builder("gesture.prediction.latency")
                .description("from the event's record timestamp to its prediction leaving gru-step")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(r);
        for (FinalReason reason : FinalReason.values()) {
            finals.put(reason, Counter.builder("gesture.final.results").description("final results by reason")
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).register(r));
        }
        prematureIdle = Counter.builder("gesture.idle.premature")
                .description("idle finals followed by more events of the same gesture (the app lagged by more than the idle timeout)")
                .register(r);
        Gauge.builder("gesture.live.sessions", liveSessions, AtomicLong::get)
                .description("sessions held by this instance (in progress, or ended and waiting out the idle timeout)").register(r);
        modelInfo = info(model);
    }

    /** The gauge of the model new sessions use: one series, moved when a published model is accepted. */
    private Gauge modelInfo;

    private Gauge info(Model m) {
        return Gauge.builder("gesture.model.info", () -> 1).description("the model new sessions use")
                .tag("name", m.name()).tag("version", m.version()).tag("checksum", String.format("%08x", m.checksum()))
                .register(registry);
    }

    /** A published model was accepted: the info gauge now names it. */
    synchronized void modelAccepted(ModelRegistry models) {
        Model m = models.current();
        if (modelInfo.getId().getTag("checksum").equals(String.format("%08x", m.checksum()))) return;
        registry.remove(modelInfo);
        modelInfo = info(m);
    }

    void modelRejected() {
        modelsRejected.increment();
    }

    private static Counter events(MeterRegistry r, String outcome) {
        return Counter.builder("gesture.events").description("events by outcome").tag("outcome", outcome).register(r);
    }

    /** Reports nowhere. */
    public static Telemetry none(Model model) {
        return new Telemetry(new CompositeMeterRegistry(), model);
    }

    AtomicLong liveSessions() {
        return liveSessions;
    }

    void applied(long stepNanos) {
        applied.increment();
        step.record(stepNanos, TimeUnit.NANOSECONDS);
    }

    void duplicate() {
        duplicate.increment();
    }

    void gap() {
        gap.increment();
    }

    void deadLettered(String reason, long nowMs) {
        deadLettered.increment();
        deadLetterLog.record(reason, nowMs);
    }

    /** Called by the processor's wall-clock punctuation: writes the summaries that are due. */
    void tick(long nowMs) {
        deadLetterLog.tick(nowMs);
        String line;
        synchronized (this) {
            line = prematureLineIfDue(nowMs);
        }
        if (line != null) LOG.warn(line);
    }

    void predicted(long recordTimestampMs, long nowMs) {
        if (nowMs >= recordTimestampMs) latency.record(nowMs - recordTimestampMs, TimeUnit.MILLISECONDS);
    }

    void finalResult(FinalReason reason) {
        finals.get(reason).increment();
    }

    /**
     * An idle final came early: its session sent more of the same gesture ({@code gapMs} after
     * the event before, less than the idle timeout). Counted, and logged at most once a minute.
     */
    void prematureIdle(String session, long gapMs, long nowMs) {
        prematureIdle.increment();
        String line;
        synchronized (this) {
            if (prematureSince == Long.MIN_VALUE) {
                prematureSince = nowMs;
                prematureExample = "session '" + session + "' sent its next event " + gapMs + " ms after the last";
            }
            prematurePending++;
            line = prematureLineIfDue(nowMs);
        }
        if (line != null) LOG.warn(line);
    }

    private String prematureLineIfDue(long nowMs) {
        if (prematurePending == 0 || (prematureLogged != Long.MIN_VALUE && nowMs - prematureLogged < PREMATURE_LOG_INTERVAL_MS)) return null;
        String line = prematurePending + (prematurePending == 1 ? " idle final" : " idle finals") + " since "
                + java.time.Instant.ofEpochMilli(prematureSince) + " came early: their sessions went on with the same gesture ("
                + prematureExample + "); the app was behind its input by more than the idle timeout (gesture.idle.premature)";
        prematurePending = 0;
        prematureSince = Long.MIN_VALUE;
        prematureLogged = nowMs;
        return line;
    }
}
