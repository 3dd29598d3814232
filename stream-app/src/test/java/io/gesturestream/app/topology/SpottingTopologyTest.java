package io.gesturestream.app.topology;

import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.app.kafka.GestureEvents;
import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.eval.Evaluator;
import io.gesturestream.model.SpotFixture;
import io.gesturestream.model.data.Splice;
import io.gesturestream.model.eval.SpotEvaluation;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spotting (issue 20) through the real topology (TopologyTestDriver, RocksDB): a spotting model's
 * IMU session fed one continuous stream gets a SPOTTED final exactly where the offline
 * {@link SpotEvaluation#detect} finds a gesture, and never ends.
 */
class SpottingTopologyTest {
    @TempDir
    Path stateDir;

    private static final long T0 = 1_700_000_000_000L;
    private static Model model;
    private static Splice.Stream stream;
    private static List<GestureEvent> events;
    /** The offline detections over exactly the samples the app reads from {@link #events}. */
    private static List<SpotEvaluation.Detection> offline;

    private TopologyTestDriver driver;
    private io.micrometer.core.instrument.simple.SimpleMeterRegistry meters;
    private TestInputTopic<byte[], byte[]> in;
    private TestOutputTopic<String, Prediction> predictions, results;
    private final AvroSerde<GestureEvent> serde = GestureSerdes.gestureEvent();

    @BeforeAll
    static void train() {
        model = Spotting.model();
        stream = SpotFixture.stream(12, 42);
        events = Spotting.events("wand", stream.samples(), T0);
        List<Sample> samples = events.stream().map(GestureEvents::toSample).toList();
        offline = SpotEvaluation.detect(model, samples);
        assertTrue(offline.size() >= 4, "the model finds gestures, so the comparisons below are not vacuous: " + offline);
    }

    private void start(StreamSettings settings) {
        if (driver != null) driver.close();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "gesture-spotting-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        driver = new TopologyTestDriver(GestureTopology.build(settings, model, new Telemetry(meters, model)), p, Instant.ofEpochMilli(T0));
        in = driver.createInputTopic(Names.EVENTS_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(Names.PREDICTIONS_TOPIC, new StringDeserializer(), GestureSerdes.prediction());
        results = driver.createOutputTopic(Names.RESULTS_TOPIC, new StringDeserializer(), GestureSerdes.prediction());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) driver.close();
    }

    private void send(GestureEvent e) {
        in.pipeInput(e.getSession().getBytes(StandardCharsets.UTF_8), serde.serialize(Names.EVENTS_TOPIC, e), e.getTimestamp());
    }

    private void sendAll(List<GestureEvent> es) {
        for (GestureEvent e : es) send(e);
    }

    private KeyValueStore<String, byte[]> store() {
        return driver.getKeyValueStore(Names.SESSIONS_STORE);
    }

    /** The finals as (label, seq, event time), to compare with the offline detections (index i is seq i + 1). */
    private static List<String> asFound(List<Prediction> finals) {
        return finals.stream().map(p -> p.getTopLabel() + "@" + p.getSeq() + "/" + p.getEventTimestamp().toEpochMilli()).toList();
    }

    private static List<String> expected(List<SpotEvaluation.Detection> ds) {
        return ds.stream().map(d -> d.label() + "@" + (d.index() + 1) + "/" + d.time()).toList();
    }

    @Test
    void aSpottingSessionGetsASpottedFinalWhereverOfflineDetectionFindsAGestureAndNeverEnds() {
        // an event cap far below the stream's length: a spotting session is not bounded by it
        start(StreamSettings.defaults().withMaxEvents(50));
        assertTrue(events.size() > 10 * 50);
        sendAll(events);
        List<Prediction> finals = results.readValuesToList();
        assertEquals(expected(offline), asFound(finals));
        for (Prediction p : finals) {
            assertEquals(FinalReason.SPOTTED, p.getFinalReason());
            assertTrue(p.getFinal$());
            assertEquals(model.labels().indexOf(p.getTopLabel()), indexOfProbability(p), "its probability is the spotted class's");
            assertEquals(p.getSeq(), p.getSteps(), "one session from the first event: the steps are its seq");
        }
        StoredSession s = StoredSession.fromBytes(store().get("wand"), model);
        assertFalse(s.isClosed(), "the session stays open");
        assertEquals(events.size(), s.state().steps());
        // every event has its prediction, and the finals go to the predictions topic too
        List<Prediction> all = predictions.readValuesToList();
        assertEquals(events.size() + finals.size(), all.size());
        assertEquals(finals.size(), all.stream().filter(Prediction::getFinal$).count());
        assertEquals(finals.size(), meters.get("gesture.final.results").tag("reason", "spotted").counter().count());
        for (String other : List.of("end", "idle_timeout", "max_length")) {
            assertEquals(0.0, meters.get("gesture.final.results").tag("reason", other).counter().count(), other);
        }
        // the topic's SPOTTED finals are labelled with a gesture, never unknown, whatever the step's argmax
        assertTrue(finals.stream().allMatch(p -> SpotFixture.GESTURES.contains(p.getTopLabel())));
    }

    private static int indexOfProbability(Prediction p) {
        return p.getProbabilities().indexOf(p.getTopProbability());
    }

    @Test
    void theStoredSessionCarriesTheSpottersRunSoARestoredSessionFindsTheSameGestures() {
        // TopologyTestDriver wipes its state when closed: the session is carried over as a changelog restore would carry it
        start(StreamSettings.defaults());
        int half = events.size() / 2;
        sendAll(events.subList(0, half));
        List<Prediction> before = results.readValuesToList();
        byte[] kept = store().get("wand");
        start(StreamSettings.defaults());
        assertNull(store().get("wand"));
        store().put("wand", kept);
        sendAll(events.subList(half, events.size()));
        List<Prediction> finals = new ArrayList<>(before);
        finals.addAll(results.readValuesToList());
        assertEquals(expected(offline), asFound(finals));
    }

    @Test
    void aRedeliveredEventEmitsNothingButUnderAtLeastOnceTheOneThatCompletedAGestureRepeatsItsFinal() {
        int at = (int) offline.get(0).index();  // the event that completed the first gesture
        for (boolean atLeastOnce : List.of(true, false)) {
            start(StreamSettings.defaults().withRepeatFinals(atLeastOnce));
            sendAll(events.subList(0, at + 1));
            Prediction first = results.readValue();
            assertEquals(at + 1, first.getSeq());
            assertTrue(results.isEmpty());
            predictions.readValuesToList();
            send(events.get(at - 1));  // an earlier event again: skipped, nothing
            assertTrue(results.isEmpty() && predictions.isEmpty());
            send(events.get(at));  // the completing event again, as after a crash that may have lost its final
            List<Prediction> again = results.readValuesToList();
            if (atLeastOnce) {
                assertEquals(1, again.size(), "at-least-once: the final again");
                Prediction r = again.get(0);
                assertEquals(List.of(first.getTopLabel(), first.getSeq(), first.getSteps(), first.getProbabilities(), first.getEventTimestamp()),
                        List.of(r.getTopLabel(), r.getSeq(), r.getSteps(), r.getProbabilities(), r.getEventTimestamp()));
            } else {
                assertTrue(again.isEmpty(), "exactly once: the store and the output commit together, nothing to repeat");
            }
            assertEquals(2.0, meters.get("gesture.events").tag("outcome", "duplicate").counter().count());
            send(events.get(at + 1));  // the stream goes on; that event completed nothing, so its redelivery repeats nothing
            send(events.get(at + 1));
            sendAll(events.subList(at + 2, events.size()));
            List<Prediction> rest = new ArrayList<>(List.of(first));
            rest.addAll(results.readValuesToList());
            assertEquals(expected(offline), asFound(rest), "the redeliveries changed nothing after them");
        }
    }

    @Test
    void anIdleOrEndedSpottingSessionGoesSilentlyAndTheDeviceStartsAfresh() {
        start(StreamSettings.defaults().withIdleTimeout(Duration.ofSeconds(3), Duration.ofMillis(500)));
        int n = (int) offline.get(0).index() + 1;
        List<GestureEvent> part = events.subList(0, n);
        sendAll(part);
        assertEquals(1, results.readValuesToList().size());
        long last = part.get(n - 1).getTimestamp().toEpochMilli();
        // the device falls quiet: the sweep ends its session, with no final
        driver.advanceWallClockTime(Duration.ofMillis(last - T0));
        for (int i = 0; i < 20; i++) driver.advanceWallClockTime(Duration.ofMillis(250));
        assertTrue(results.isEmpty(), "no final at the idle timeout");
        StoredSession marker = StoredSession.fromBytes(store().get("wand"), model);
        assertTrue(marker.isClosed() && marker.finalReason() == null && marker.closedSeq() == n, "a marker without a final");
        predictions.readValuesToList();
        send(events.get(n - 1));
        assertTrue(results.isEmpty() && predictions.readValuesToList().isEmpty(), "an event of the ended session is skipped");
        // it starts again, a fresh session: the same events give the same finals as from the start
        long shift = last + 10_000 - T0;
        List<GestureEvent> again = new ArrayList<>();
        for (GestureEvent e : part) {
            again.add(GestureEvent.newBuilder(e).setSeq(e.getSeq() + n).setTimestamp(e.getTimestamp().plusMillis(shift)).build());
        }
        sendAll(again);
        List<Prediction> second = results.readValuesToList();
        assertEquals(1, second.size());
        assertEquals(offline.get(0).label(), second.get(0).getTopLabel());
        assertEquals(2L * n, second.get(0).getSeq());
        // a sample the timeout after the last by the device's clock: a fresh session too, silently
        GestureEvent late = GestureEvent.newBuilder(again.get(0)).setSeq(2L * n + 1)
                .setTimestamp(again.get(n - 1).getTimestamp().plusSeconds(4)).build();
        send(late);
        assertTrue(results.isEmpty());
        assertEquals(1, StoredSession.fromBytes(store().get("wand"), model).state().steps(), "the late sample started a new session");
        // END of a session whose spotter reported nothing: closed, with the final of what it names (one sample: nothing)
        send(GestureEvent.newBuilder(late).setSeq(2L * n + 2).setType(EventType.END).setSample(null).build());
        Prediction end = results.readValue();
        assertTrue(results.isEmpty());
        assertEquals(List.of(OutputKind.UNKNOWN, FinalReason.END, 2L * n + 2, 1), List.of(end.getTopLabel(), end.getFinalReason(), end.getSeq(), end.getSteps()));
        StoredSession ended = StoredSession.fromBytes(store().get("wand"), model);
        assertTrue(ended.isClosed() && ended.finalReason() == FinalReason.END);
        assertEquals(2L * n + 2, ended.closedSeq());
        assertEquals(0.0, meters.get("gesture.final.results").tag("reason", "idle_timeout").counter().count());
        // END of a session that has reported a gesture: closed, nothing more
        List<GestureEvent> third = new ArrayList<>();
        for (GestureEvent e : part) {
            third.add(GestureEvent.newBuilder(e).setSeq(e.getSeq() + 3L * n).setTimestamp(e.getTimestamp().plusMillis(2 * shift)).build());
        }
        sendAll(third);
        assertEquals(1, results.readValuesToList().size());
        send(GestureEvent.newBuilder(third.get(n - 1)).setSeq(4L * n + 1).setType(EventType.END).setSample(null).build());
        assertTrue(results.isEmpty(), "its answer was the SPOTTED final");
        StoredSession closed = StoredSession.fromBytes(store().get("wand"), model);
        assertTrue(closed.isClosed() && closed.finalReason() == null);
    }

    /**
     * A device that says where its gestures are (END) gets one answer per session, and it is the
     * final {@code evaluate} scores for the same samples ({@link Evaluator#predict}): the SPOTTED
     * final when the spotter reported a gesture (END then adds nothing), else the END final naming
     * the last run long enough, or unknown. The stream cut into pieces of 30 and 45 events, each
     * its own session; under at-least-once a redelivered END repeats its final.
     */
    @Test
    void anEndedSpottingSessionGetsTheAnswerEvaluateGives() {
        start(StreamSettings.defaults().withRepeatFinals(true));
        Recognizer rec = new Recognizer(model);
        int spottedOnes = 0, namedAtEnd = 0, unknownAtEnd = 0;
        int k = 0;
        for (int size : List.of(30, 45)) {
            for (int from = 0; from + size <= stream.samples().size(); from += size, k++) {
                String key = "piece-" + k;
                List<GestureEvent> es = Spotting.events(key, stream.samples().subList(from, from + size), T0);
                List<Sample> samples = es.stream().map(GestureEvents::toSample).toList();
                String offlineFinal = model.labels().get(Evaluator.predict(rec, samples)[Evaluator.FRACTIONS.length - 1]);
                sendAll(es);
                GestureEvent endEvent = GestureEvent.newBuilder(es.get(size - 1)).setSeq(size + 1L).setType(EventType.END).setSample(null).build();
                send(endEvent);
                List<Prediction> finals = results.readValuesToList();
                assertFalse(finals.isEmpty(), key);
                Prediction last = finals.get(finals.size() - 1);
                assertEquals(offlineFinal, last.getTopLabel(), key);
                if (last.getFinalReason() == FinalReason.SPOTTED) {
                    spottedOnes++;
                    assertTrue(finals.stream().allMatch(p -> p.getFinalReason() == FinalReason.SPOTTED), key);
                    continue;
                }
                assertEquals(1, finals.size(), key + ": the END final alone");
                assertEquals(List.of(FinalReason.END, size + 1L, size), List.of(last.getFinalReason(), last.getSeq(), last.getSteps()), key);
                assertEquals(model.labels().indexOf(last.getTopLabel()), indexOfProbability(last), "its probability is its class's");
                if (last.getTopLabel().equals(OutputKind.UNKNOWN)) unknownAtEnd++;
                else namedAtEnd++;
                send(endEvent);  // redelivered: the same final again
                Prediction again = results.readValue();
                assertEquals(List.of(last.getTopLabel(), last.getSeq(), last.getSteps(), last.getProbabilities(), last.getFinalReason()),
                        List.of(again.getTopLabel(), again.getSeq(), again.getSteps(), again.getProbabilities(), again.getFinalReason()), key);
            }
        }
        // every kind of answer was seen, so the comparisons above are not vacuous
        assertTrue(spottedOnes > 0 && namedAtEnd > 0 && unknownAtEnd > 0, spottedOnes + " spotted, " + namedAtEnd + " named at the end, " + unknownAtEnd + " unknown");
    }

    @Test
    void aSpottingSessionRoundTripsThroughItsStoredFormWithItsRunAndItsLastDetection() {
        start(StreamSettings.defaults());
        int at = (int) offline.get(0).index();
        sendAll(events.subList(0, at + 1));
        byte[] b = store().get("wand");
        StoredSession s = StoredSession.fromBytes(b, model);
        assertEquals(model.labels().indexOf(offline.get(0).label()), s.spotted(), "the last event completed a gesture: remembered");
        assertEquals(10, b[0], "the kind of an open session after a detection");
        StoredSession back = StoredSession.fromBytes(s.toBytes(), model);
        assertEquals(s.spotted(), back.spotted());
        assertEquals(java.util.Arrays.toString(s.state().toBytes()), java.util.Arrays.toString(back.state().toBytes()));
        assertNotNull(back.state());
        // one more event: no detection, the plain open kind, the run (spotter floats) kept bit for bit
        send(events.get(at + 1));
        byte[] next = store().get("wand");
        assertEquals(7, next[0]);
        StoredSession open = StoredSession.fromBytes(next, model);
        assertEquals(-1, open.spotted());
        assertEquals(java.util.Arrays.toString(open.state().toBytes()), java.util.Arrays.toString(StoredSession.fromBytes(open.toBytes(), model).state().toBytes()));
        // a spotted class the model does not have is refused
        StoredSession forged = StoredSession.open(s.lastWallMs(), s.lastRecordMs(), s.lastTop(), s.state(), model.shape().classes());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> StoredSession.fromBytes(forged.toBytes(), model));
    }
}
