package io.gesturestream.app.topology;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Json;
import io.gesturestream.model.features.Sample;
import io.gesturestream.schemas.avro.FinalReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SessionViewTest {
    private static final Model MODEL = Fixtures.tinyModel(8, 2, 5);

    /** How toJson() wrote a view before it used Jackson: the shape the endpoint's readers know. */
    private static String byHand(SessionView v) {
        StringBuilder b = new StringBuilder("{\"session\":").append(Json.quote(v.session())).append(",\"state\":\"").append(v.state())
                .append("\",\"steps\":").append(v.steps()).append(",\"lastSeq\":").append(v.lastSeq()).append(",\"model\":")
                .append(Json.quote(v.model())).append(",\"modelVersion\":").append(Json.quote(v.modelVersion())).append(",\"top\":[");
        for (int i = 0; i < v.top().size(); i++) {
            if (i > 0) b.append(',');
            b.append("{\"label\":").append(Json.quote(v.top().get(i).label())).append(",\"probability\":")
                    .append(String.format(Locale.ROOT, "%.6f", v.top().get(i).probability())).append('}');
        }
        return b.append("]}").toString();
    }

    @Test
    void writesTheFieldsInOrderWithSixDecimalProbabilities() {
        SessionView v = new SessionView("pen-1", "in-progress", 12, 13, "pendigits", "1",
                List.of(new SessionView.Label("7", 0.95123456f), new SessionView.Label("1", 0.0000004f), new SessionView.Label("4", 1f)), null);
        assertEquals("{\"session\":\"pen-1\",\"state\":\"in-progress\",\"steps\":12,\"lastSeq\":13,\"model\":\"pendigits\","
                + "\"modelVersion\":\"1\",\"top\":[{\"label\":\"7\",\"probability\":0.951235},{\"label\":\"1\",\"probability\":0.000000},"
                + "{\"label\":\"4\",\"probability\":1.000000}]}", v.toJson());
        SessionView ended = new SessionView("pen-1", "ended", 0, -3, "pendigits", "1", List.of(), null);
        assertEquals("{\"session\":\"pen-1\",\"state\":\"ended\",\"steps\":0,\"lastSeq\":-3,\"model\":\"pendigits\",\"modelVersion\":\"1\","
                + "\"top\":[]}", ended.toJson());
        SessionView words = new SessionView("pen-2", "in-progress", 3, 3, "words", "1", List.of(new SessionView.Label("", 1f)), "he\"y");
        assertEquals("{\"session\":\"pen-2\",\"state\":\"in-progress\",\"steps\":3,\"lastSeq\":3,\"model\":\"words\",\"modelVersion\":\"1\","
                + "\"top\":[{\"label\":\"\",\"probability\":1.000000}],\"text\":\"he\\\"y\"}", words.toJson());
    }

    @Test
    void viewsOfStoredSessionsAreWrittenAsBefore() {
        Recognizer rec = new Recognizer(MODEL);
        SessionState s = rec.newSession();
        Gesture g = Fixtures.shape("circle", "w", new SplittableRandom(1));
        SplittableRandom r = new SplittableRandom(2);
        int n = 0;
        for (Sample x : g.samples()) {
            rec.step(s, x);
            n++;
            for (byte[] stored : List.of(StoredSession.open(10, 20, 0, s).toBytes(),
                    StoredSession.ended(10, 20, n, s, n, FinalReason.END).toBytes(), StoredSession.closed(10, 20, n).toBytes())) {
                SessionView v = SessionView.of("s-" + r.nextInt(1000), stored, MODEL, 3);
                assertEquals(byHand(v), v.toJson());
            }
        }
    }

    /** Quotes, backslashes, non-ASCII: the same text; control characters: the same string, escaped in capitals now. */
    @Test
    void stringsNeedingEscapesReadBackTheSame() {
        for (String odd : List.of("a\"b", "back\\slash", "tab\tnew\nline", "ü€😀", "ctl\u0001\u001f", "</script>")) {
            SessionView v = new SessionView(odd, "in-progress", 1, 1, odd, odd, List.of(new SessionView.Label(odd, 0.5f)), null);
            assertEquals(Json.parse(byHand(v)), Json.parse(v.toJson()), odd);
            if (odd.chars().allMatch(c -> c >= 0x20)) assertEquals(byHand(v), v.toJson(), odd);
        }
    }

    /** The {@code k} most likely labels of {@code p}, most likely first, ties in label order: picked one by one. */
    private static List<SessionView.Label> mostLikely(Model model, float[] p, int k) {
        List<SessionView.Label> out = new ArrayList<>();
        boolean[] taken = new boolean[p.length];
        for (int n = 0; n < Math.min(k, p.length); n++) {
            int best = -1;
            for (int i = 0; i < p.length; i++) if (!taken[i] && (best < 0 || p[i] > p[best])) best = i;
            taken[best] = true;
            out.add(new SessionView.Label(model.labels().get(best), p[best]));
        }
        return out;
    }

    @Test
    void aGestureInProgressShowsItsMostLikelyLabelsItsStepsAndItsLastSeq() {
        Recognizer rec = new Recognizer(MODEL);
        SessionState s = rec.newSession();
        List<Sample> samples = Fixtures.shape("zigzag", "w", new SplittableRandom(4)).samples();
        for (int i = 0; i < 5; i++) rec.step(s, 11 + i, samples.get(i));
        float[] p = rec.probabilities(s).clone();
        byte[] open = StoredSession.open(10, 20, 0, s).toBytes();
        SessionView v = SessionView.of("pen-1", open, MODEL, 3);
        assertEquals(new SessionView("pen-1", "in-progress", 5, 15, "tiny", "1", mostLikely(MODEL, p, 3), null), v);
        assertEquals(mostLikely(MODEL, p, 4), SessionView.of("pen-1", open, MODEL, 10).top(), "k beyond the labels: all of them");
        assertEquals(List.of(), SessionView.of("pen-1", open, MODEL, 0).top());
    }

    @Test
    void theTopLabelsAreOrderedByProbabilityNotByLabel() throws Exception {
        Model pen = Model.bundled("pendigits");
        Recognizer rec = new Recognizer(pen);
        SessionState s = rec.newSession();
        long seq = 0;
        for (Sample x : Fixtures.shape("circle", "w", new SplittableRandom(7)).samples()) rec.step(s, ++seq, x);
        List<SessionView.Label> expected = mostLikely(pen, rec.probabilities(s).clone(), 4);
        assertNotEquals(pen.labels().subList(0, 4), expected.stream().map(SessionView.Label::label).toList(), "a case that tells the two apart");
        assertEquals(expected, SessionView.of("pen-5", StoredSession.open(0, 0, 0, s).toBytes(), pen, 4).top());
    }

    @Test
    void anEndedGestureShowsThePredictionItEndedWithAndAnEmptyOneNone() {
        Recognizer rec = new Recognizer(MODEL);
        SessionState s = rec.newSession();
        List<Sample> samples = Fixtures.shape("vee", "w", new SplittableRandom(5)).samples();
        for (int i = 0; i < 4; i++) rec.step(s, 1 + i, samples.get(i));
        float[] p = rec.probabilities(s).clone();
        SessionView ended = SessionView.of("pen-2", StoredSession.ended(10, 20, 9, s, 9, FinalReason.END).toBytes(), MODEL, 2);
        assertEquals(new SessionView("pen-2", "ended", 4, 9, "tiny", "1", mostLikely(MODEL, p, 2), null), ended);
        SessionView marker = SessionView.of("pen-3", StoredSession.closed(10, 20, 7).toBytes(), MODEL, 2);
        assertEquals(new SessionView("pen-3", "ended", 0, 7, "tiny", "1", List.of(), null), marker);
        SessionState none = rec.newSession();
        SessionView fresh = SessionView.of("pen-4", StoredSession.open(10, 20, -1, none).toBytes(), MODEL, 2);
        assertEquals(new SessionView("pen-4", "in-progress", 0, none.lastSeq(), "tiny", "1", List.of(), null), fresh,
                "no step yet: no prediction");
    }

    @Test
    void equallyLikelyLabelsComeInLabelOrder() {
        Model flat = new Model("flat", "1", MODEL.shape(), MODEL.encoder(), MODEL.labels(), java.util.Map.of(), new float[MODEL.shape().size()]);
        Recognizer rec = new Recognizer(flat);
        SessionState s = rec.newSession();
        rec.step(s, 1, Fixtures.shape("line", "w", new SplittableRandom(6)).samples().get(0));
        List<String> top = SessionView.of("f", StoredSession.open(0, 0, 0, s).toBytes(), flat, 4).top().stream().map(SessionView.Label::label).toList();
        assertEquals(MODEL.labels(), top);
    }

    @Test
    void aTranscriptionSessionShowsItsTextSoFar() {
        Model words = Fixtures.tinyTranscriber(8, 1, 4);
        Recognizer rec = new Recognizer(words);
        SessionState s = rec.newSession();
        long seq = 0;
        for (Sample x : Fixtures.words(1, 1, 3).get(0).samples()) rec.step(s, ++seq, x);
        SessionView v = SessionView.of("w", StoredSession.open(0, 0, 0, s).toBytes(), words, 2);
        assertEquals(rec.text(s), v.text());
        assertEquals(seq, v.steps());
    }
}
