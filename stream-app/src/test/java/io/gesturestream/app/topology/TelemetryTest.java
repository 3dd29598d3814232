package io.gesturestream.app.topology;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.schemas.avro.FinalReason;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The meters {@code gru-step} reports to, read from a real {@link SimpleMeterRegistry}, and the summaries it logs. */
class TelemetryTest {
    private static final Model MODEL = Fixtures.tinyModel(4, 1, 1);
    private static final long T0 = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Telemetry telemetry = new Telemetry(meters, MODEL);

    private double events(String outcome) {
        return meters.get("gesture.events").tag("outcome", outcome).counter().count();
    }

    private double finals(FinalReason reason) {
        return meters.get("gesture.final.results").tag("reason", reason.name().toLowerCase(Locale.ROOT)).counter().count();
    }

    @Test
    void eachAppliedEventIsCountedAndItsStepTimed() {
        telemetry.applied(1_500);
        telemetry.applied(2_500);
        telemetry.duplicate();
        telemetry.gap();
        assertEquals(2.0, events("applied"));
        assertEquals(1.0, events("duplicate"));
        assertEquals(1.0, events("gap"));
        assertEquals(0.0, events("dead_lettered"));
        Timer step = meters.get("gesture.step").timer();
        assertEquals(2, step.count());
        assertEquals(4_000.0, step.totalTime(TimeUnit.NANOSECONDS));
        assertEquals(2_500.0, step.max(TimeUnit.NANOSECONDS));
    }

    @Test
    void latencyRunsFromTheRecordTimestampAndIsNotRecordedWhenTheRecordIsAheadOfTheClock() {
        telemetry.predicted(T0, T0 + 250);
        telemetry.predicted(T0, T0);  // at once: 0 ms, recorded
        telemetry.predicted(T0 + 1_000, T0);  // stamped by a clock ahead of this one: no latency to speak of
        Timer latency = meters.get("gesture.prediction.latency").timer();
        assertEquals(2, latency.count());
        assertEquals(250.0, latency.totalTime(TimeUnit.MILLISECONDS));
        assertEquals(250.0, latency.max(TimeUnit.MILLISECONDS));
    }

    @Test
    void finalResultsAreCountedByTheirReason() {
        telemetry.finalResult(FinalReason.END);
        telemetry.finalResult(FinalReason.END);
        telemetry.finalResult(FinalReason.IDLE_TIMEOUT);
        assertEquals(2.0, finals(FinalReason.END));
        assertEquals(1.0, finals(FinalReason.IDLE_TIMEOUT));
        assertEquals(0.0, finals(FinalReason.MAX_LENGTH));
    }

    @Test
    void deadLettersAreCountedAndSummarizedByTheTickOnceTheirMinuteHasPassed() {
        List<String> early = LogLines.warnings("DeadLetterLog", () -> {
            telemetry.deadLettered("null value", T0);
            telemetry.deadLettered("null value", T0 + 1_000);
            telemetry.tick(T0 + 59_999);
        });
        assertEquals(List.of(), early);
        assertEquals(2.0, events("dead_lettered"));
        List<String> due = LogLines.warnings("DeadLetterLog", () -> telemetry.tick(T0 + 60_000));
        assertEquals(List.of("dead-lettered 2 events in the last 60 s to gesture-events-dlq: 2 x null value"
                + " (see them with: gesture-stream tail --topic dlq)"), due);
    }

    @Test
    void prematureIdleFinalsAreCountedAndLoggedAtMostOnceAMinuteWithTheFirstAsTheExample() {
        List<String> first = LogLines.warnings("Telemetry", () -> telemetry.prematureIdle("pen-1", 1_200, T0));
        assertEquals(List.of("1 idle final since 2026-11-25T12:00:00Z came early: their sessions went on with the same gesture"
                + " (session 'pen-1' sent its next event 1200 ms after the last); the app was behind its input by more than the idle"
                + " timeout (gesture.idle.premature)"), first, "the first at once");
        List<String> within = LogLines.warnings("Telemetry", () -> {
            telemetry.prematureIdle("pen-2", 800, T0 + 1_000);
            telemetry.prematureIdle("pen-3", 900, T0 + 2_000);
            telemetry.tick(T0 + 59_999);
        });
        assertEquals(List.of(), within, "not again within the minute");
        List<String> due = LogLines.warnings("Telemetry", () -> telemetry.tick(T0 + 60_000));
        assertEquals(List.of("2 idle finals since 2026-11-25T12:00:01Z came early: their sessions went on with the same gesture"
                + " (session 'pen-2' sent its next event 800 ms after the last); the app was behind its input by more than the idle"
                + " timeout (gesture.idle.premature)"), due, "the minute's two, by the tick");
        assertEquals(List.of(), LogLines.warnings("Telemetry", () -> telemetry.tick(T0 + 300_000)), "nothing pending, nothing written");
        assertEquals(3.0, meters.get("gesture.idle.premature").counter().count());
    }

    @Test
    void theModelInfoGaugeNamesTheCurrentModelOnly() throws Exception {
        assertEquals(1.0, meters.get("gesture.model.info").tag("name", "tiny").tag("version", "1")
                .tag("checksum", String.format("%08x", MODEL.checksum())).gauge().value());
        Model v2 = MODEL.withInfo("tiny", "2", java.util.Map.of());  // the same weights, another file: another checksum
        ModelRegistry models = new ModelRegistry(MODEL);
        assertEquals(null, models.offer(ModelRegistryTest.record(v2, 5)));
        telemetry.modelAccepted(models);
        assertEquals(1, meters.find("gesture.model.info").gauges().size());
        assertEquals(1.0, meters.get("gesture.model.info").tag("version", "2").gauge().value());
    }
}
