package io.gesturestream.app.topology;

import io.gesturestream.app.config.PredictionMode;
import io.gesturestream.app.config.StreamSettings;
import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.schemas.AvroSerde;
import io.gesturestream.schemas.GestureSerdes;
import io.gesturestream.schemas.avro.DeadLetter;
import io.gesturestream.schemas.avro.EventType;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.GestureEvent;
import io.gesturestream.schemas.avro.Prediction;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GestureTopologyTest {
    @TempDir
    Path stateDir;

    private static final Model PEN;

    static {
        try {
            PEN = Model.bundled("pendigits");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TopologyTestDriver driver;
    private io.micrometer.core.instrument.simple.SimpleMeterRegistry meters;
    private TestInputTopic<byte[], byte[]> in;
    private TestOutputTopic<String, Prediction> predictions, results;
    private TestOutputTopic<byte[], DeadLetter> dlq;
    private final AvroSerde<GestureEvent> eventSerde = GestureSerdes.gestureEvent();

    private void start(StreamSettings settings) {
        start(settings, Instant.ofEpochMilli(0));
    }

    private void start(StreamSettings settings, Instant wallClock) {
        start(settings, wallClock, PEN);
    }

    private void start(StreamSettings settings, Instant wallClock, Model model) {
        if (driver != null) driver.close();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "gesture-topology-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        driver = new TopologyTestDriver(GestureTopology.build(settings, model, new Telemetry(meters, model)), p, wallClock);
        in = driver.createInputTopic(Names.EVENTS_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(Names.PREDICTIONS_TOPIC, new StringDeserializer(), GestureSerdes.prediction());
        results = driver.createOutputTopic(Names.RESULTS_TOPIC, new StringDeserializer(), GestureSerdes.prediction());
        dlq = driver.createOutputTopic(Names.DLQ_TOPIC, new ByteArrayDeserializer(), GestureSerdes.deadLetter());
    }

    @BeforeEach
    void setUp() {
        start(StreamSettings.defaults());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void send(GestureEvent e) {
        in.pipeInput(e.getSession().getBytes(StandardCharsets.UTF_8), eventSerde.serialize(Names.EVENTS_TOPIC, e), e.getTimestamp());
    }

    private void sendAll(List<GestureEvent> es) {
        for (GestureEvent e : es) send(e);
    }

    private static Gesture circle(long seed) {
        return Fixtures.shape("circle", "w", new SplittableRandom(seed));
    }

    private KeyValueStore<String, byte[]> store() {
        return driver.getKeyValueStore(Names.SESSIONS_STORE);
    }

    @Test
    void aPublishedModelServesNewSessionsWhileSessionsInProgressFinishOnTheirs() {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        if (driver != null) driver.close();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "gesture-topology-models");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(GestureTopology.build(StreamSettings.defaults(), new ModelRegistry(PEN), new Telemetry(meters, PEN)),
                p, Instant.ofEpochMilli(0));
        in = driver.createInputTopic(Names.EVENTS_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
        results = driver.createOutputTopic(Names.RESULTS_TOPIC, new StringDeserializer(), GestureSerdes.prediction());
        var modelsIn = driver.createInputTopic(Names.MODELS_TOPIC, new org.apache.kafka.common.serialization.StringSerializer(),
                new ByteArraySerializer());
        float[] w = PEN.parameters().clone();
        for (int i = 0; i < w.length; i += 7) w[i] *= 0.5f;  // another model of the same name: v2
        Model v2 = new Model(PEN.name(), "2", PEN.shape(), PEN.encoder(), PEN.labels(), java.util.Map.of(), w);

        List<GestureEvent> old = Events.of("old", circle(21));
        sendAll(old.subList(0, 6));
        modelsIn.pipeInput(PEN.name(), modelRecord(v2, v2.checksum()));
        sendAll(old.subList(6, old.size()));
        List<GestureEvent> fresh = Events.of("new", circle(21));
        sendAll(fresh);
        List<Prediction> rs = results.readValuesToList();
        assertEquals(List.of(PEN.version(), "2"), rs.stream().map(Prediction::getModelVersion).toList(),
                "the session in progress finished on its model; the new one started on v2");
        assertEquals(offline(PEN, old), rs.get(0).getProbabilities());
        assertEquals(offline(v2, fresh), rs.get(1).getProbabilities());

        // refused, never loaded: not a model, tampered (checksum), another model's name, and bytes that are no record
        byte[] corrupt = io.gesturestream.model.ModelFile.write(v2);
        corrupt[corrupt.length / 2] ^= 1;
        modelsIn.pipeInput(PEN.name(), GestureSerdes.modelRecord().serialize(Names.MODELS_TOPIC,
                io.gesturestream.schemas.avro.ModelRecord.newBuilder().setName(PEN.name()).setVersion("3").setChecksum(v2.checksum())
                        .setPublishedAt(Instant.ofEpochMilli(5)).setModel(java.nio.ByteBuffer.wrap(corrupt)).build()));
        modelsIn.pipeInput(PEN.name(), modelRecord(v2, v2.checksum() + 1));
        Model other = new Model("dollar16", "9", PEN.shape(), PEN.encoder(), PEN.labels(), java.util.Map.of(), w);
        modelsIn.pipeInput("dollar16", modelRecord(other, other.checksum()));
        modelsIn.pipeInput(PEN.name(), "not a record".getBytes(StandardCharsets.UTF_8));
        java.util.List<String> alphabet = new java.util.ArrayList<>(PEN.labels());
        alphabet.set(0, io.gesturestream.model.OutputKind.BLANK);   // a transcription model of the same name and shape
        Model transcriber = new Model(PEN.name(), "4", io.gesturestream.model.OutputKind.CTC, PEN.shape(), PEN.encoder(), alphabet,
                java.util.Map.of(), w);
        modelsIn.pipeInput(PEN.name(), modelRecord(transcriber, transcriber.checksum()));
        assertEquals(4.0, meters.get("gesture.models.rejected").counter().count(), "another app's model (dollar16) is not refused, only ignored");
        List<GestureEvent> later = Events.of("later", circle(22));
        sendAll(later);
        assertEquals("2", results.readValue().getModelVersion(), "v2 is still the model new sessions use");
        assertEquals(1.0, meters.get("gesture.model.info").tag("version", "2").gauge().value());
        assertNull(meters.find("gesture.model.info").tag("version", PEN.version()).gauge(), "the info gauge names only the model in use");
    }

    /** Every embedding a classifier's classes can be means of (its logits: its head kept; the mean state: summed in the stored session). */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(io.gesturestream.model.Embedding.class)
    void aPrototypeModelsPredictionsCarryTheFitAndAShapeItWasNotTaughtEndsUnknown(io.gesturestream.model.Embedding embedding) throws Exception {
        // taught circles and lines on the pen model's GRU; a zigzag is neither
        Model taught = PEN;
        SplittableRandom r = new SplittableRandom(31);
        for (String label : List.of("circle", "line")) {
            List<List<io.gesturestream.model.features.Sample>> ex = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) ex.add(Fixtures.shape(label, "w", r).samples());
            taught = io.gesturestream.model.Enrollment.enroll(taught, label, ex, embedding);
        }
        assertEquals(embedding, taught.embedding());
        start(StreamSettings.defaults(), Instant.ofEpochMilli(0), taught);
        Recognizer rec = new Recognizer(taught);
        int unknown = 0;
        for (String shape : List.of("circle", "line", "zigzag", "zigzag", "zigzag")) {
            Gesture g = Fixtures.shape(shape, "w", r);
            List<GestureEvent> es = Events.of("p-" + unknown + shape + r.nextInt(1000), g);
            sendAll(es);
            List<Prediction> ps = predictions.readValuesToList().stream().filter(p -> !p.getFinal$()).toList();
            assertTrue(ps.stream().allMatch(p -> p.getFit() != null && p.getFit() >= -1f && p.getFit() <= 1f), "every prediction has its fit");
            Prediction fin = results.readValue();
            SessionState st = rec.newSession();
            float[] p = null;
            for (GestureEvent e : es.subList(0, es.size() - 1)) p = rec.step(st, io.gesturestream.app.kafka.GestureEvents.toSample(e));
            assertEquals(rec.fit(), fin.getFit(), "the offline fit, bit for bit");
            String expected = rec.known(p) ? taught.labels().get(Recognizer.argmax(p)) : io.gesturestream.model.OutputKind.UNKNOWN;
            assertEquals(expected, fin.getTopLabel());
            if (fin.getTopLabel().equals(io.gesturestream.model.OutputKind.UNKNOWN)) unknown++;
        }
        assertTrue(unknown >= 1, "some zigzag is unknown");
        assertTrue(dlq.isEmpty());
    }

    @Test
    void aTranscriptionModelsPredictionsCarryTheTextOfflineGreedyDecodingGivesAndItsFinalTheWholeWord() {
        Model words = Fixtures.tinyTranscriber(8, 2, 4);
        start(StreamSettings.defaults(), Instant.ofEpochMilli(0), words);
        for (long seed : new long[] {3, 5}) {   // two words, one after the other, in the same session
            List<GestureEvent> es = Events.of("w", Fixtures.words(1, 1, seed).get(0));
            for (GestureEvent e : es) {   // the second word's events come after the first's
                e.setSeq(e.getSeq() + 1000 * seed);
                e.setTimestamp(e.getTimestamp().plusSeconds(seed));
            }
            sendAll(es);
            Recognizer r = new Recognizer(words);
            SessionState st = r.newSession();
            String stable = "";
            List<Prediction> ps = predictions.readValuesToList().stream().filter(p -> !p.getFinal$()).toList();
            assertEquals(es.size() - 1, ps.size());
            for (int i = 0; i < ps.size(); i++) {
                r.step(st, io.gesturestream.app.kafka.GestureEvents.toSample(es.get(i)));
                Prediction p = ps.get(i);
                assertEquals(st.transcript().text(), p.getText(), "event " + i);
                assertTrue(p.getText().startsWith(p.getStableText()) && p.getStableText().startsWith(stable),
                        "the stable text is a start of the text, and only grows: " + stable + " then " + p.getStableText());
                stable = p.getStableText();
            }
            assertTrue(st.transcript().length() >= 2, "the fixture should write something: " + st.transcript().text());
            Prediction fin = results.readValue();
            assertTrue(fin.getFinal$());
            assertEquals(FinalReason.END, fin.getFinalReason());
            assertEquals(st.transcript().text(), fin.getText(), "the final is the word's greedy text");
            assertTrue(results.isEmpty());
        }
        assertTrue(dlq.isEmpty());
    }

    @Test
    void withALexiconTheTextIsTheBeamsTheStableTextOnlyGrowsAndTheFinalIsAWordOrFlagged() {
        Model plain = Fixtures.tinyTranscriber(8, 2, 4);
        List<String> all = new java.util.ArrayList<>();   // every word of a, b, c up to 4 letters
        for (String w : List.of("a", "b", "c")) all.add(w);
        for (int len = 2; len <= 4; len++) {
            List<String> more = new java.util.ArrayList<>();
            for (String w : all) if (w.length() == len - 1) for (String c : List.of("a", "b", "c")) more.add(w + c);
            all.addAll(more);
        }
        for (List<String> words : List.of(all, List.of("cab"))) {
            Model words4 = plain.withLexicon(io.gesturestream.model.Lexicon.of(words, plain), 4);
            start(StreamSettings.defaults(), Instant.ofEpochMilli(0), words4);
            List<GestureEvent> es = Events.of("w", Fixtures.words(1, 1, 3).get(0));
            sendAll(es);
            Recognizer r = new Recognizer(words4);
            SessionState st = r.newSession();
            String stable = "";
            List<Prediction> ps = predictions.readValuesToList().stream().filter(p -> !p.getFinal$()).toList();
            for (int i = 0; i < ps.size(); i++) {
                r.step(st, io.gesturestream.app.kafka.GestureEvents.toSample(es.get(i)));
                Prediction p = ps.get(i);
                assertEquals(r.text(st), p.getText(), "event " + i);
                assertEquals(r.stableText(st), p.getStableText(), "event " + i);
                assertTrue(p.getText().startsWith(p.getStableText()) && p.getStableText().startsWith(stable), stable + " then " + p);
                assertNull(p.getInLexicon());
                stable = p.getStableText();
            }
            Prediction fin = results.readValue();
            assertEquals(r.finalText(st), fin.getText());
            assertEquals(fin.getText(), fin.getStableText(), "a final is all stable");
            if (words.size() > 1) {
                assertTrue(fin.getInLexicon(), "every word of a, b, c is in this lexicon: " + fin);
                assertTrue(fin.getText().startsWith(stable), "the last stable text starts the final word");
            } else {
                assertEquals(!fin.getInLexicon() ? st.transcript().text() : "cab", fin.getText(), "a word of the lexicon, or the greedy text flagged");
            }
        }
    }

    @Test
    void aClassifiersPredictionsHaveNoText() {
        sendAll(Events.of("c", circle(3)));
        for (Prediction p : predictions.readValuesToList()) {
            assertNull(p.getText());
            assertNull(p.getStableText());
        }
    }

    private static byte[] modelRecord(Model m, int checksum) {
        return GestureSerdes.modelRecord().serialize(Names.MODELS_TOPIC, io.gesturestream.schemas.avro.ModelRecord.newBuilder()
                .setName(m.name()).setVersion(m.version()).setChecksum(checksum).setPublishedAt(Instant.ofEpochMilli(1))
                .setModel(java.nio.ByteBuffer.wrap(io.gesturestream.model.ModelFile.write(m))).build());
    }

    private static List<Float> offline(Model m, List<GestureEvent> events) {
        Recognizer r = new Recognizer(m);
        SessionState st = r.newSession();
        float[] p = null;
        for (GestureEvent e : events) {
            if (e.getType() != EventType.END) p = r.step(st, io.gesturestream.app.kafka.GestureEvents.toSample(e));
        }
        List<Float> out = new java.util.ArrayList<>();
        for (float v : p) out.add(v);
        return out;
    }

    @Test
    void topologyNamesAreStable() throws Exception {
        Topology t = GestureTopology.build(StreamSettings.defaults(), PEN);
        String golden = new String(GestureTopologyTest.class.getResourceAsStream("/topology.golden.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(golden.strip(), t.describe().toString().strip());
    }

    @Test
    void everyEventGetsAPredictionAndEndGivesOneFinalResultAndDeletesTheSession() {
        Gesture g = circle(1);
        sendAll(Events.of("pen-1", g));
        List<Prediction> ps = predictions.readValuesToList();
        assertEquals(g.samples().size() + 1, ps.size());
        for (int i = 0; i < g.samples().size(); i++) {
            assertEquals(i + 1, ps.get(i).getSteps());
            assertEquals(i + 1, ps.get(i).getSeq());
            assertFalse(ps.get(i).getFinal$());
            assertEquals(PEN.labels().size(), ps.get(i).getProbabilities().size());
        }
        List<Prediction> rs = results.readValuesToList();
        assertEquals(1, rs.size());
        assertTrue(rs.get(0).getFinal$());
        assertEquals(FinalReason.END, rs.get(0).getFinalReason());
        assertEquals("pendigits", rs.get(0).getModel());
        assertTrue(StoredSession.fromBytes(store().get("pen-1"), PEN).isClosed(), "only the ended gesture's marker is kept");
        runFor(Duration.ofSeconds(4));
        assertTrue(StoredSession.fromBytes(store().get("pen-1"), PEN).isClosed(),
                "past the idle timeout the ended gesture is still there to be queried");
        runFor(StreamSettings.defaults().endedRetention().minusSeconds(3));
        assertNull(store().get("pen-1"), "the marker goes after the ended-session retention");
        assertTrue(results.isEmpty(), "and gives no second result");
        assertTrue(dlq.isEmpty());
    }

    @Test
    void underExactlyOnceAGestureRedeliveredAfterItsEndGivesNoSecondResult() {
        start(StreamSettings.defaults().withRepeatFinals(false));
        List<GestureEvent> es = Events.of("again", circle(8));
        sendAll(es);
        sendAll(es);  // the whole gesture again, END included
        assertEquals(1, results.readValuesToList().size());
        assertEquals((double) es.size(), events("duplicate"));
        // the session's next gesture (seq continues) is recognized as usual
        List<GestureEvent> next = new java.util.ArrayList<>();
        for (GestureEvent e : Events.of("again", circle(10))) {
            next.add(GestureEvent.newBuilder(e).setSeq(e.getSeq() + es.size()).build());
        }
        sendAll(next);
        Prediction r = results.readValue();
        assertEquals(next.size() - 1, r.getSteps());
    }

    @Test
    void underAtLeastOnceARedeliveredEndRepeatsTheFinalResultBitForBit() {
        List<GestureEvent> es = Events.of("redo", circle(8));
        sendAll(es);
        Prediction first = results.readValue();
        predictions.readValuesToList();
        sendAll(es.subList(es.size() / 2, es.size()));  // redelivered from the last commit on, END included
        List<Prediction> again = results.readValuesToList();
        assertEquals(1, again.size(), "the END repeats the final result; the other redelivered events give nothing");
        assertEquals(first.getProbabilities(), again.get(0).getProbabilities());
        assertEquals(first.getSeq(), again.get(0).getSeq());
        assertEquals(first.getSteps(), again.get(0).getSteps());
        assertEquals(1, predictions.readValuesToList().size(), "only the repeated final goes to the predictions topic");
        // a gesture ended by the event limit repeats its final result the same way
        start(StreamSettings.defaults().withMaxEvents(5));
        List<GestureEvent> longer = Events.of("cap", circle(4)).subList(0, 5);
        sendAll(longer);
        Prediction capped = results.readValue();
        sendAll(longer);
        List<Prediction> cappedAgain = results.readValuesToList();
        assertEquals(1, cappedAgain.size());
        assertEquals(FinalReason.MAX_LENGTH, cappedAgain.get(0).getFinalReason());
        assertEquals(capped.getProbabilities(), cappedAgain.get(0).getProbabilities());
    }

    @Test
    void endLeavesATombstoneInTheChangelog() {
        sendAll(Events.of("tomb", circle(9)));
        runFor(StreamSettings.defaults().endedRetention().plusSeconds(1));
        var changelog = driver.createOutputTopic("gesture-topology-test-" + Names.SESSIONS_STORE + "-changelog",
                new StringDeserializer(), new ByteArrayDeserializer());
        var records = changelog.readKeyValuesToList().stream().filter(kv -> kv.key.equals("tomb")).toList();
        assertTrue(records.size() > 1);
        assertNull(records.get(records.size() - 1).value, "the last changelog record of the session is a tombstone");
    }

    @Test
    void penEventsToAnImuModelAreDeadLettered() {
        var enc = new io.gesturestream.model.features.ImuEncoder(false, 500f);
        var shape = new io.gesturestream.model.gru.GruShape(enc.inputSize(), 4, 1, 2);
        Model imu = new Model("imu", "1", shape, enc, List.of("a", "b"), java.util.Map.of(), new float[shape.size()]);
        driver.close();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "gesture-topology-imu");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(GestureTopology.build(StreamSettings.defaults(), imu), p, Instant.ofEpochMilli(0));
        in = driver.createInputTopic(Names.EVENTS_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(Names.DLQ_TOPIC, new ByteArrayDeserializer(), GestureSerdes.deadLetter());
        predictions = driver.createOutputTopic(Names.PREDICTIONS_TOPIC, new StringDeserializer(), GestureSerdes.prediction());
        send(Events.pen("p", 1, EventType.DOWN, 1, 1));
        send(Events.imu("i", 1));
        assertTrue(dlq.readValue().getErrorMessage().contains("pen event sent to an IMU model"));
        assertEquals(1, predictions.readValuesToList().size());
        // sensor magnitude: acceleration beyond GESTURE_MAX_ACCEL_G (64 g), angular rate beyond 100x it
        GestureEvent hard = Events.imu("i", 2);
        ((io.gesturestream.schemas.avro.ImuSample) hard.getSample()).setAx(65f);
        send(hard);
        GestureEvent spin = Events.imu("i", 3);
        ((io.gesturestream.schemas.avro.ImuSample) spin.getSample()).setGz(7000f);
        send(spin);
        List<String> reasons = dlq.readValuesToList().stream().map(DeadLetter::getErrorMessage).toList();
        assertEquals(List.of("ax = 65.0 is beyond the limit of 64.0", "gz = 7000.0 is beyond the limit of 6400.0"), reasons);
    }

    @Test
    void streamingGivesTheSameBitsAsTheOfflineRecognizer() {
        Gesture g = circle(2);
        sendAll(Events.of("pen-2", g));
        Prediction fin = results.readValue();
        Recognizer rec = new Recognizer(PEN);
        SessionState s = rec.newSession();
        float[] p = null;
        for (var x : g.samples()) p = rec.step(s, x);
        float[] streamed = new float[p.length];
        for (int i = 0; i < p.length; i++) streamed[i] = fin.getProbabilities().get(i);
        assertArrayEquals(p, streamed);
    }

    @Test
    void interleavedSessionsGetExactlyThePredictionsTheyGetAlone() {
        List<List<GestureEvent>> sessions = new java.util.ArrayList<>();
        for (int k = 0; k < 8; k++) sessions.add(Events.of("s" + k, Fixtures.shape(Fixtures.SHAPES.get(k % 4), "w", new SplittableRandom(k))));
        java.util.Map<String, List<Prediction>> alone = new java.util.HashMap<>();
        for (List<GestureEvent> es : sessions) {
            sendAll(es);
            alone.put(es.get(0).getSession(), predictions.readValuesToList());
        }
        start(StreamSettings.defaults());
        int longest = sessions.stream().mapToInt(List::size).max().getAsInt();
        for (int i = 0; i < longest; i++) {
            for (List<GestureEvent> es : sessions) if (i < es.size()) send(es.get(i));
        }
        java.util.Map<String, List<Prediction>> together = new java.util.HashMap<>();
        for (var kv : predictions.readKeyValuesToList()) together.computeIfAbsent(kv.key, k -> new java.util.ArrayList<>()).add(kv.value);
        for (String s : alone.keySet()) {
            List<Prediction> a = alone.get(s), b = together.get(s);
            assertEquals(a.size(), b.size(), s);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).getProbabilities(), b.get(i).getProbabilities(), s + " event " + i);
                assertEquals(a.get(i).getSeq(), b.get(i).getSeq());
            }
        }
    }

    @Test
    void duplicatesAreSkippedAndGapsAppliedSoRedeliveryLeavesTheResultExact() {
        Gesture g = circle(3);
        List<GestureEvent> es = Events.of("a", g);
        sendAll(es);
        Prediction clean = results.readValue();
        // the same gesture under another session, every event delivered twice and one old one replayed late
        for (GestureEvent e : es) {
            GestureEvent c = GestureEvent.newBuilder(e).setSession("b").build();
            if (c.getType() != EventType.END) {
                send(c);
                send(c);
            } else {
                send(GestureEvent.newBuilder(es.get(2)).setSession("b").build());
                send(c);
            }
        }
        Prediction redelivered = results.readValue();
        assertEquals(clean.getProbabilities(), redelivered.getProbabilities());
        assertEquals(clean.getSteps(), redelivered.getSteps());
        assertEquals((double) es.size(), events("duplicate"));
        // a gap: seq 1, 2, then 5
        send(Events.pen("c", 1, EventType.DOWN, 0, 0));
        send(Events.pen("c", 2, EventType.MOVE, 1, 1));
        send(Events.pen("c", 5, EventType.MOVE, 2, 2));
        assertEquals(1.0, events("gap"));
        assertEquals(3, SessionStateSteps.of(store().get("c")));
    }

    /** {@code gesture_events_total} for one outcome, as the app reports it. */
    private double events(String outcome) {
        return meters.get("gesture.events").tag("outcome", outcome).counter().count();
    }

    @Test
    void invalidInputIsDeadLetteredWithTheReasonAndNothingElseIsLost() {
        send(Events.pen("ok", 1, EventType.DOWN, 10, 10));
        in.pipeInput(null, eventSerde.serialize("t", Events.pen("x", 1, EventType.DOWN, 1, 1)));
        in.pipeInput("y".getBytes(), (byte[]) null);
        in.pipeInput("z".getBytes(), "not avro".getBytes());
        send(Events.pen("nan", 1, EventType.MOVE, Float.NaN, 1));
        send(Events.pen("far", 1, EventType.MOVE, 1e9f, 1));
        send(Events.imu("imu", 1));
        GestureEvent unknown = Events.pen("u", 1, EventType.UNKNOWN, 1, 1);
        send(unknown);
        GestureEvent mismatch = Events.pen("k", 1, EventType.MOVE, 1, 1);
        in.pipeInput("other".getBytes(), eventSerde.serialize("t", mismatch));
        send(Events.pen("ok", 2, EventType.UP, 20, 20));
        send(Events.end("ok", 3));

        List<String> reasons = dlq.readValuesToList().stream().map(d -> d.getErrorMessage()).toList();
        assertEquals(8, reasons.size(), reasons.toString());
        String all = String.join("\n", reasons);
        for (String s : new String[] {"null key", "null value", "GestureEvent", "not finite", "beyond the limit",
                "IMU event sent to a pen model", "unknown event type", "does not match the key"}) {
            assertTrue(all.contains(s), s + " in\n" + all);
        }
        assertEquals(1, results.readValuesToList().size());
        assertEquals(8.0, events("dead_lettered"));
    }

    @Test
    void labelsSessionIdsAndRecordsBeyondTheirLimitsAreDeadLettered() {
        send(GestureEvent.newBuilder(Events.pen("label", 1, EventType.DOWN, 1, 1)).setLabel("x".repeat(257)).build());
        String longId = "s".repeat(300);
        send(Events.pen(longId, 1, EventType.DOWN, 1, 1));
        byte[] huge = new byte[20_000];
        in.pipeInput("big".getBytes(), huge);
        List<DeadLetter> ds = dlq.readValuesToList();
        assertEquals(3, ds.size());
        assertTrue(ds.get(0).getErrorMessage().contains("label of 257 characters is longer than the limit of 256"), ds.get(0).getErrorMessage());
        assertTrue(ds.get(1).getErrorMessage().contains("session id of 300 bytes"), ds.get(1).getErrorMessage());
        assertTrue(ds.get(2).getErrorMessage().contains("record of 20000 bytes is larger than the limit of 16384"), ds.get(2).getErrorMessage());
        assertEquals(DeadLetters.OVERSIZE_KEPT, ds.get(2).getValue().remaining(), "an oversized value is kept in part");
        assertNull(store().get(longId));
        // within the limits, the same session goes on
        send(GestureEvent.newBuilder(Events.pen("label", 1, EventType.DOWN, 1, 1)).setLabel("x".repeat(256)).build());
        assertEquals(1, predictions.readValuesToList().size());
    }

    @Test
    void atTheSessionLimitNewSessionsAreRefusedAndTheOthersGoOn() {
        start(StreamSettings.defaults().withMaxSessions(3));
        for (String s : List.of("a", "b", "c")) send(Events.pen(s, 1, EventType.DOWN, 1, 1));
        send(Events.pen("d", 1, EventType.DOWN, 1, 1));
        DeadLetter refused = dlq.readValue();
        assertTrue(refused.getErrorMessage().contains("holds 3 sessions, the limit"), refused.getErrorMessage());
        send(Events.pen("a", 2, EventType.MOVE, 2, 2));  // a session already held goes on
        send(Events.end("b", 2));                       // b ends: its marker holds its place until the idle timeout
        send(Events.pen("d", 1, EventType.DOWN, 1, 1));
        assertEquals(1, dlq.readValuesToList().size());
        runFor(Duration.ofSeconds(4));  // a and c time out; their markers, like b's, are kept for the ended-session retention
        send(Events.pen("d", 1, EventType.DOWN, 1, 1));
        assertEquals(1, dlq.readValuesToList().size(), "ended gestures hold their place while their answers can be queried");
        runFor(StreamSettings.defaults().endedRetention());
        send(Events.pen("d", 1, EventType.DOWN, 1, 1));
        assertTrue(dlq.isEmpty(), "room again after sessions ended");
        assertTrue(store().get("d") != null);
    }

    @Test
    void timestampsFarAheadOrFarBehindAreDeadLetteredAndMoveNoClock() {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        start(StreamSettings.defaults(), now);
        long t = now.toEpochMilli();
        GestureEvent open = GestureEvent.newBuilder(Events.pen("open", 1, EventType.DOWN, 1, 1)).setTimestamp(now).build();
        in.pipeInput("open".getBytes(), eventSerde.serialize("t", open), t);
        // a record stamped a year ahead would, through stream time, end every session of its partition
        GestureEvent ahead = GestureEvent.newBuilder(Events.pen("ahead", 1, EventType.DOWN, 1, 1)).setTimestamp(now).build();
        in.pipeInput("ahead".getBytes(), eventSerde.serialize("t", ahead), t + Duration.ofDays(365).toMillis());
        GestureEvent old = GestureEvent.newBuilder(Events.pen("old", 1, EventType.DOWN, 1, 1)).setTimestamp(now).build();
        in.pipeInput("old".getBytes(), eventSerde.serialize("t", old), t - Duration.ofDays(8).toMillis());
        GestureEvent future = GestureEvent.newBuilder(Events.pen("future", 1, EventType.DOWN, 1, 1))
                .setTimestamp(now.plus(Duration.ofHours(1))).build();
        in.pipeInput("future".getBytes(), eventSerde.serialize("t", future), t);
        GestureEvent negative = GestureEvent.newBuilder(Events.pen("neg", 1, EventType.DOWN, 1, 1))
                .setTimestamp(Instant.ofEpochMilli(-5)).build();
        in.pipeInput("neg".getBytes(), eventSerde.serialize("t", negative), t);
        List<String> reasons = dlq.readValuesToList().stream().map(DeadLetter::getErrorMessage).toList();
        assertEquals(4, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("record timestamp 2027-11-25T12:00:00Z is more than 300000 ms ahead"), reasons.get(0));
        assertTrue(reasons.get(1).contains("is more than 604800000 ms old"), reasons.get(1));
        assertTrue(reasons.get(2).startsWith("event timestamp 2026-11-25T13:00:00Z is more than"), reasons.get(2));
        assertTrue(reasons.get(3).contains("is negative"), reasons.get(3));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertTrue(results.isEmpty(), "the refused records moved no clock: the open session is not timed out");
        assertTrue(store().get("open") != null);
    }

    @Test
    void deadLetterKeepsTheOriginalBytesAndPosition() {
        in.pipeInput("z".getBytes(), "not avro".getBytes());
        DeadLetter d = dlq.readValue();
        assertArrayEquals("not avro".getBytes(), toBytes(d.getValue()));
        assertArrayEquals("z".getBytes(), toBytes(d.getKey()));
        assertEquals(Names.EVENTS_TOPIC, d.getTopic());
        assertEquals(0, d.getOffset());
    }

    private static byte[] toBytes(java.nio.ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void idleSessionsGetAFinalResultAfterTheTimeout() {
        start(StreamSettings.defaults().withIdleTimeout(Duration.ofSeconds(3), Duration.ofMillis(500)));
        send(Events.pen("idle", 1, EventType.DOWN, 0, 0));
        send(Events.pen("idle", 2, EventType.MOVE, 5, 5));
        runFor(Duration.ofMillis(2500));
        assertTrue(results.isEmpty());
        runFor(Duration.ofMillis(1000));
        Prediction r = results.readValue();
        assertEquals(FinalReason.IDLE_TIMEOUT, r.getFinalReason());
        assertEquals(2, r.getSteps());
        assertEquals(2, r.getSeq(), "the seq of the gesture's last event");
        StoredSession marker = StoredSession.fromBytes(store().get("idle"), PEN);
        assertTrue(marker.isClosed() && marker.finalReason() == FinalReason.IDLE_TIMEOUT, "its marker stays, as an END's does");
        runFor(StreamSettings.defaults().endedRetention());
        assertNull(store().get("idle"));
        assertTrue(results.isEmpty());
    }

    @Test
    void aBacklogDoesNotTimeOutSessionsThatAreStillSending() {
        start(StreamSettings.defaults().withIdleTimeout(Duration.ofSeconds(3), Duration.ofMillis(500)));
        pipeAt(Events.pen("a", 1, EventType.DOWN, 0, 0), 1_000);
        driver.advanceWallClockTime(Duration.ofMillis(2_000));
        pipeAt(Events.pen("b", 1, EventType.DOWN, 0, 0), 1_100);
        driver.advanceWallClockTime(Duration.ofMillis(2_000));
        // 4 s of wall clock since "a" was processed, but the task is busy and in stream time "a" is 0.1 s old
        assertTrue(results.isEmpty());
        pipeAt(Events.pen("b", 2, EventType.MOVE, 1, 1), 4_050);  // "a" is 3.05 s old in record time, "b" 2.95 s
        driver.advanceWallClockTime(Duration.ofMillis(600));
        Prediction r = results.readValue();
        assertEquals("a", r.getSession());
        assertEquals(FinalReason.IDLE_TIMEOUT, r.getFinalReason());
        assertTrue(results.isEmpty());
    }

    /**
     * Wall-clock time passing while the app keeps up: the punctuation runs every 250 ms. One
     * {@code advanceWallClockTime} of seconds is, to the app, a stall (a GC pause, a stopped process).
     */
    private void runFor(Duration d) {
        for (long left = d.toMillis(); left > 0; left -= 250) driver.advanceWallClockTime(Duration.ofMillis(Math.min(250, left)));
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(3), EVERY = Duration.ofMillis(500);

    /** A pen event stamped {@code timestampMs} (record and event), processed at the driver's wall clock now. */
    private void penAt(String session, long seq, long timestampMs) {
        GestureEvent e = GestureEvent.newBuilder(Events.pen(session, seq, seq == 1 ? EventType.DOWN : EventType.MOVE, seq, 2 * seq))
                .setTimestamp(Instant.ofEpochMilli(timestampMs)).build();
        pipeAt(e, timestampMs);
    }

    @Test
    void aStallDoesNotEndGesturesWhoseEventsWereWaitingInKafka() {
        long t = 1_000_000;
        start(StreamSettings.defaults().withIdleTimeout(TIMEOUT, EVERY), Instant.ofEpochMilli(t));
        // 50 devices draw, the app keeps up: each event is processed as it is stamped
        for (int i = 0; i < 20; i++) {
            for (int d = 0; d < 50; d++) penAt("dev" + d, i + 1, t + 10L * i);
            driver.advanceWallClockTime(Duration.ofMillis(10));
        }
        assertTrue(results.isEmpty());
        // the process is stopped for 6 s (SIGSTOP, a GC pause); the devices went on, their events wait in Kafka.
        // When it resumes, the wall-clock punctuation runs before the waiting records are processed.
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        assertTrue(results.isEmpty(), "no gesture ends while its events are still to be processed");
        // the backlog: the events sent during the stall, then more as the app catches up
        for (int i = 20; i < 60; i++) {
            for (int d = 0; d < 50; d++) penAt("dev" + d, i + 1, t + 10L * i);
            if (i % 10 == 0) runFor(Duration.ofMillis(500));  // punctuations between batches of the backlog
        }
        runFor(Duration.ofMillis(500));
        assertTrue(results.isEmpty(), "nor while the backlog is processed");
        for (int d = 0; d < 50; d++) send(Events.end("dev" + d, 61));
        List<Prediction> finals = results.readValuesToList();
        assertEquals(50, finals.size());
        for (Prediction f : finals) {
            assertEquals(FinalReason.END, f.getFinalReason());
            assertEquals(60, f.getSteps(), "each gesture whole: " + f.getSession());
        }
        assertEquals(0.0, meters.get("gesture.idle.premature").counter().count());
    }

    @Test
    void recordsProcessedLateHoldTheIdleClockUntilTheBacklogIsThrough() {
        long t = 1_000_000;
        start(StreamSettings.defaults().withIdleTimeout(TIMEOUT, EVERY), Instant.ofEpochMilli(t));
        penAt("a", 1, t);  // on time
        send(GestureEvent.newBuilder(Events.end("a", 2)).setTimestamp(Instant.ofEpochMilli(t)).build());
        assertEquals(FinalReason.END, results.readValue().getFinalReason());
        runFor(Duration.ofSeconds(5));
        // the app fell behind: this record was stamped 4 s ago. More of the gesture may wait behind it
        // (in Kafka, or in the consumer while the thread drains other tasks), as late again
        penAt("b", 1, t + 1_000);
        runFor(Duration.ofMillis(3_500));
        assertTrue(results.isEmpty(), "quiet is not counted while the app may still be behind");
        penAt("b", 2, t + 1_020);  // the rest of b's gesture, 7.48 s late
        long lateBy = 3_500 + 4_000 - 20;
        long waited = 0;
        while (results.isEmpty()) {
            runFor(Duration.ofMillis(250));
            waited += 250;
        }
        // nothing came for as long as records were late, then for the timeout: the gesture ends, whole
        assertTrue(waited >= lateBy + TIMEOUT.toMillis() && waited <= lateBy + TIMEOUT.toMillis() + EVERY.toMillis(), "after " + waited);
        Prediction r = results.readValue();
        assertEquals("b", r.getSession());
        assertEquals(2, r.getSteps());
        assertEquals(FinalReason.IDLE_TIMEOUT, r.getFinalReason());
    }

    @Test
    void aDeviceThatStopsGetsItsIdleFinalWithinTheTimeoutAndOnePunctuation() {
        long t = 1_000_000;
        start(StreamSettings.defaults().withIdleTimeout(TIMEOUT, EVERY), Instant.ofEpochMilli(t));
        for (int i = 0; i < 10; i++) {
            penAt("quiet", i + 1, t + 10L * i);
            penAt("busy", i + 1, t + 10L * i);
            driver.advanceWallClockTime(Duration.ofMillis(10));
        }
        long stoppedAt = t + 100;
        // "busy" keeps sending (its gesture spans well under the timeout between events); "quiet" stopped
        long now = stoppedAt;
        int seq = 11;
        while (results.isEmpty()) {
            driver.advanceWallClockTime(Duration.ofMillis(100));
            now += 100;
            penAt("busy", seq++, now);
            assertTrue(now - stoppedAt <= TIMEOUT.toMillis() + EVERY.toMillis(), "no final by " + (now - stoppedAt) + " ms");
        }
        Prediction r = results.readValue();
        assertEquals("quiet", r.getSession());
        assertEquals(10, r.getSteps());
        assertTrue(now - stoppedAt >= TIMEOUT.toMillis(), "not before the timeout: " + (now - stoppedAt));
        // and when every device stops, the partition falls quiet: the last one still gets its final
        runFor(TIMEOUT.plus(EVERY));
        Prediction last = results.readValue();
        assertEquals("busy", last.getSession());
        assertEquals(FinalReason.IDLE_TIMEOUT, last.getFinalReason());
    }

    @Test
    void aDeviceQuietForTheTimeoutByItsOwnClockEndsItsGestureWhateverTheWallClock() {
        // no punctuation runs in between (the wall clock stands still): the gap in the device's own time (t) decides
        penAt("gap", 1, 10_000);
        penAt("gap", 2, 10_050);
        penAt("gap", 3, 13_050);  // 3 s later: the gesture of events 1-2 ended, this one starts the next
        send(GestureEvent.newBuilder(Events.end("gap", 4)).setTimestamp(Instant.ofEpochMilli(13_060)).build());
        List<Prediction> finals = results.readValuesToList();
        assertEquals(2, finals.size());
        assertEquals(FinalReason.IDLE_TIMEOUT, finals.get(0).getFinalReason());
        assertEquals(2, finals.get(0).getSteps());
        assertEquals(2, finals.get(0).getSeq());
        assertEquals(FinalReason.END, finals.get(1).getFinalReason());
        assertEquals(1, finals.get(1).getSteps());
    }

    @Test
    void anEventOfAGestureAfterItsIdleFinalIsCountedAndLoggedAsPremature() {
        long t = 1_000_000;
        start(StreamSettings.defaults().withIdleTimeout(TIMEOUT, EVERY), Instant.ofEpochMilli(t));
        penAt("late", 1, t);
        runFor(Duration.ofMillis(3_500));
        assertEquals(FinalReason.IDLE_TIMEOUT, results.readValue().getFinalReason());
        // an event the device sent 40 ms after the last, held 3.5 s in a producer's buffer: the final came early
        penAt("late", 2, t + 40);
        assertEquals(1.0, meters.get("gesture.idle.premature").counter().count());
        assertEquals(1, SessionStateSteps.of(store().get("late")), "and the event starts the session's next gesture");
        // a redelivered event of the ended gesture is a duplicate, not a new gesture
        penAt("late", 1, t);
        assertEquals(1.0, events("duplicate"));
        assertEquals(1.0, meters.get("gesture.idle.premature").counter().count());
    }

    @Test
    void finalsAreStampedWithRecordTimeNeverTheDevicesClock() {
        long t = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();
        start(StreamSettings.defaults().withIdleTimeout(TIMEOUT, EVERY), Instant.ofEpochMilli(t));
        // a device whose clock counts from its start: event times in 1970, records stamped now
        List<GestureEvent> es = Events.of("dev", circle(3));
        for (int i = 0; i < es.size(); i++) pipeAt(es.get(i), t + i);
        var end = results.readRecord();
        assertEquals(FinalReason.END, end.value().getFinalReason());
        assertEquals(Instant.ofEpochMilli(t + es.size() - 1), end.getRecordTime(), "the END record's time");
        assertTrue(end.value().getEventTimestamp().toEpochMilli() < 100_000, "the device's own time stays in the prediction");
        penAt("idle", 1, t + 100);
        runFor(Duration.ofMillis(3_500));
        assertEquals(Instant.ofEpochMilli(t + 100 + TIMEOUT.toMillis()), results.readRecord().getRecordTime(),
                "an idle final: its last record's time plus the timeout");
    }

    private void pipeAt(GestureEvent e, long timestampMs) {
        in.pipeInput(e.getSession().getBytes(StandardCharsets.UTF_8), eventSerde.serialize(Names.EVENTS_TOPIC, e),
                Instant.ofEpochMilli(timestampMs));
    }

    @Test
    void aGestureThatReachesTheEventLimitIsFinalized() {
        start(StreamSettings.defaults().withMaxEvents(5));
        List<GestureEvent> es = Events.of("long", circle(4));
        sendAll(es.subList(0, 7));
        Prediction r = results.readValue();
        assertEquals(FinalReason.MAX_LENGTH, r.getFinalReason());
        assertEquals(5, r.getSteps());
        assertEquals(2, SessionStateSteps.of(store().get("long")));  // events 6 and 7 start a new gesture
    }

    @Test
    void predictionModesLimitWhatGoesToThePredictionsTopic() {
        Gesture g = circle(5);
        start(StreamSettings.defaults().withPredictionMode(PredictionMode.FINAL));
        sendAll(Events.of("f", g));
        List<Prediction> onlyFinal = predictions.readValuesToList();
        assertEquals(1, onlyFinal.size());
        assertTrue(onlyFinal.get(0).getFinal$());

        start(StreamSettings.defaults().withPredictionMode(PredictionMode.CHANGE));
        sendAll(Events.of("c", g));
        List<Prediction> changes = predictions.readValuesToList();
        assertTrue(changes.size() >= 2 && changes.size() < g.samples().size(), "changes: " + changes.size());
        for (int i = 1; i < changes.size() - 1; i++) {
            assertFalse(changes.get(i).getTopLabel().equals(changes.get(i - 1).getTopLabel()));
        }
    }

    /** Reads the step count out of a stored session. */
    static final class SessionStateSteps {
        static int of(byte[] stored) {
            return StoredSession.fromBytes(stored, PEN).state().steps();
        }
    }
}
