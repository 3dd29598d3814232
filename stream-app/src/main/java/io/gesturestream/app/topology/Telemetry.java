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

    /** Called by the processor's wall-clock punctuation: writes the dead-letter summary when one is due. */
    void tick(long nowMs) {
        deadLetterLog.tick(nowMs);
    }

    void predicted(long recordTimestampMs, long nowMs) {
        if (nowMs >= recordTimestampMs) latency.record(nowMs - recordTimestampMs, TimeUnit.MILLISECONDS);
    }

    void finalResult(FinalReason reason) {
        finals.get(reason).increment();
    }
}
