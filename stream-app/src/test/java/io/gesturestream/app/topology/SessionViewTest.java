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

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
