package io.gesturestream.model.data;

import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.PenSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.gesturestream.model.features.PenSample.Phase.DOWN;
import static io.gesturestream.model.features.PenSample.Phase.MOVE;
import static io.gesturestream.model.features.PenSample.Phase.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Gesture JSONL: the events a line gives, how sessions make gestures, and the one {@code file:line: reason} of each bad line. */
class JsonlReaderTest {
    @TempDir
    Path dir;

    private static List<Gesture> read(String text, boolean requireLabels) throws Exception {
        return JsonlReader.read(new BufferedReader(new StringReader(text)), "f.jsonl", requireLabels);
    }

    private static void assertError(String message, String text) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(text, true), text);
        assertEquals(message, e.getMessage());
    }

    /** One event line of session {@code s}: {@code fields} are the JSON members after session. */
    private static String ev(String s, String fields) {
        return "{\"session\":\"" + s + "\"," + fields + "}\n";
    }

    private static final String STROKE = ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2") + ev("a", "\"t\":2,\"type\":\"UP\",\"x\":1,\"y\":2");

    @Test
    void penEventsInAnyCaseWithPressureAtItsBounds() throws Exception {
        List<Gesture> g = read(ev("s", "\"t\":5,\"type\":\"down\",\"x\":1.5,\"y\":-2,\"pressure\":0")
                + ev("s", "\"t\":6,\"type\":\"Move\",\"x\":2,\"y\":3,\"pressure\":1")
                + ev("s", "\"t\":-7,\"type\":\"UP\",\"x\":3,\"y\":4")
                + ev("s", "\"t\":8,\"type\":\"end\",\"label\":\"z\""), true);
        assertEquals(List.of(new Gesture("z", "s", List.of(new PenSample(DOWN, 1.5f, -2f, 0f, 5), new PenSample(MOVE, 2f, 3f, 1f, 6),
                new PenSample(UP, 3f, 4f, Float.NaN, -7)))), g);
    }

    @Test
    void imuEventsWithAndWithoutTheGyroscope() throws Exception {
        List<Gesture> g = read(ev("i", "\"t\":1,\"type\":\"SAMPLE\",\"ax\":0.5,\"ay\":-1,\"az\":2,\"gx\":3,\"gy\":4,\"gz\":5")
                + ev("i", "\"t\":2,\"type\":\"sample\",\"ax\":1,\"ay\":2,\"az\":3,\"label\":\"shake\"")
                + ev("i", "\"t\":2,\"type\":\"END\""), true);
        assertEquals(List.of(new ImuSample(0.5f, -1f, 2f, 3f, 4f, 5f, 1), ImuSample.accel(1, 2, 3, 2)), g.get(0).samples());
        assertEquals("shake", g.get(0).label());
    }

    @Test
    void sessionsInterleaveAndEachGestureTakesItsLabelFromItsEndOrItsEvents() throws Exception {
        String text = "\uFEFF" + ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":1,\"label\":\"one\"")
                + "\n   \n"
                + ev("b", "\"t\":1,\"type\":\"DOWN\",\"x\":9,\"y\":9")
                + ev("a", "\"t\":2,\"type\":\"UP\",\"x\":1,\"y\":1,\"label\":\"one\"")
                + ev("b", "\"t\":2,\"type\":\"UP\",\"x\":9,\"y\":9")
                + ev("b", "\"t\":3,\"type\":\"END\",\"label\":\"two\"")
                + ev("a", "\"t\":3,\"type\":\"END\"")
                + ev("a", "\"t\":4,\"type\":\"DOWN\",\"x\":5,\"y\":5,\"label\":\"x\"")
                + ev("a", "\"t\":5,\"type\":\"UP\",\"x\":5,\"y\":5")
                + ev("a", "\"t\":6,\"type\":\"END\",\"label\":\"three\"");
        List<Gesture> g = read(text, true);
        assertEquals(List.of("two", "one", "three"), g.stream().map(Gesture::label).toList());
        assertEquals(List.of("b", "a", "a"), g.stream().map(Gesture::subject).toList());
        assertEquals(9f, ((PenSample) g.get(0).samples().get(0)).x());
        // without labels required, a gesture without one gets the empty label
        assertEquals("", read(STROKE + ev("a", "\"t\":3,\"type\":\"END\""), false).get(0).label());
    }

    @Test
    void badLinesGiveTheirLine() {
        String down = ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2");
        assertError("f.jsonl:1: malformed JSON: not a JSON object", "[1]\n");
        assertError("f.jsonl:2: malformed JSON: not a JSON object", "\n\"text\"\n");
        assertError("f.jsonl:1: malformed JSON: expected '}' at column 15", "{\"session\":\"a\"\n");
        assertError("f.jsonl:2: malformed JSON: unexpected character '\uFEFF' at column 1", STROKE.substring(0, STROKE.indexOf('\n') + 1)
                + "\uFEFF" + ev("a", "\"t\":2,\"type\":\"UP\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:1: missing \"session\"", "{\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2}\n");
        assertError("f.jsonl:1: \"session\" must be a string", "{\"session\":1,\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2}\n");
        assertError("f.jsonl:1: \"session\" is empty", ev("", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:1: missing \"type\"", ev("a", "\"t\":1,\"x\":1,\"y\":2"));
        assertError("f.jsonl:1: \"type\" is empty", ev("a", "\"t\":1,\"type\":\"\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:1: \"label\" must be a string", ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2,\"label\":7"));
        assertError("f.jsonl:1: label must be 1 to 256 characters", ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2,\"label\":\"\""));
        assertError("f.jsonl:1: label must be 1 to 256 characters", ev("a", "\"t\":1,\"type\":\"END\",\"label\":\"" + "x".repeat(257) + "\""));
        assertError("f.jsonl:1: END for session a without events", ev("a", "\"type\":\"END\",\"label\":\"x\""));
        assertError("f.jsonl:2: END for session b without events", down + ev("b", "\"t\":2,\"type\":\"END\",\"label\":\"x\""));
        assertError("f.jsonl:2: END inside a stroke (no UP)", down + ev("a", "\"t\":2,\"type\":\"END\",\"label\":\"x\""));
        assertError("f.jsonl:3: gesture has no label", STROKE + ev("a", "\"t\":3,\"type\":\"END\""));
        assertError("f.jsonl:1: missing or non-numeric \"t\" (ms)", ev("a", "\"type\":\"DOWN\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:1: missing or non-numeric \"t\" (ms)", ev("a", "\"t\":\"1\",\"type\":\"DOWN\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:1: \"t\" must be a whole number of ms", ev("a", "\"t\":1.5,\"type\":\"DOWN\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:1: \"t\" must be a whole number of ms", ev("a", "\"t\":9000000000000001,\"type\":\"DOWN\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:1: \"t\" must be a whole number of ms", ev("a", "\"t\":-9000000000000001,\"type\":\"DOWN\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:2: label changes inside a gesture (p then q)", ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2,\"label\":\"p\"")
                + ev("a", "\"t\":2,\"type\":\"UP\",\"x\":1,\"y\":2,\"label\":\"q\""));
        assertError("f.jsonl:1: unknown type \"JUMP\" (DOWN, MOVE, UP, SAMPLE or END)", ev("a", "\"t\":1,\"type\":\"jump\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:2: DOWN while the pen is already down", down + down);
        assertError("f.jsonl:1: MOVE without a DOWN before it", ev("a", "\"t\":1,\"type\":\"MOVE\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:3: UP without a DOWN before it", STROKE + ev("a", "\"t\":3,\"type\":\"UP\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:1: pressure must be in [0, 1]", ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2,\"pressure\":-0.01"));
        assertError("f.jsonl:1: pressure must be in [0, 1]", ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2,\"pressure\":1.01"));
        assertError("f.jsonl:1: \"pressure\" must be a number", ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2,\"pressure\":\"hard\""));
        assertError("f.jsonl:1: missing \"x\"", ev("a", "\"t\":1,\"type\":\"DOWN\",\"y\":2"));
        assertError("f.jsonl:1: missing \"x\"", ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":null,\"y\":2"));
        assertError("f.jsonl:1: \"y\" is out of range", ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":1e39"));
        assertError("f.jsonl:1: missing \"az\"", ev("a", "\"t\":1,\"type\":\"SAMPLE\",\"ax\":1,\"ay\":2"));
        assertError("f.jsonl:1: \"gx\" must be a number", ev("a", "\"t\":1,\"type\":\"SAMPLE\",\"ax\":1,\"ay\":2,\"az\":3,\"gx\":true"));
        assertError("f.jsonl:3: pen and IMU events mixed in one gesture", STROKE + ev("a", "\"t\":3,\"type\":\"SAMPLE\",\"ax\":1,\"ay\":2,\"az\":3"));
        assertError("f.jsonl: no gestures", "\n \n");
        assertError("f.jsonl: no gestures", "");
    }

    @Test
    void timesAndLabelsAtTheEdgesOfTheirRanges() throws Exception {
        String label = "L".repeat(256);
        List<Gesture> g = read(ev("a", "\"t\":9000000000000000,\"type\":\"SAMPLE\",\"ax\":1,\"ay\":2,\"az\":3")
                + ev("a", "\"t\":-9000000000000000,\"type\":\"SAMPLE\",\"ax\":1,\"ay\":2,\"az\":3")
                + ev("a", "\"t\":0,\"type\":\"END\",\"label\":\"" + label + "\""), true);
        assertEquals(List.of(9_000_000_000_000_000L, -9_000_000_000_000_000L), g.get(0).samples().stream().map(s -> s.t()).toList());
        assertEquals(label, g.get(0).label());
    }

    @Test
    void aGestureWithoutEndIsNamedByTheLineWhereItStarted() {
        // session b starts first; a HashMap holds a before b
        assertError("f.jsonl:1: gesture starting here has no END before the end of the file",
                ev("b", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2") + ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2"));
        assertError("f.jsonl:2: gesture starting here has no END before the end of the file",
                ev("a", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2") + ev("b", "\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2")
                        + ev("a", "\"t\":2,\"type\":\"UP\",\"x\":1,\"y\":2") + ev("a", "\"t\":3,\"type\":\"END\",\"label\":\"x\""));
    }

    @Test
    void aLineHoldsAtMost65536Characters() throws Exception {
        String line = ev("a", "\"t\":1,\"type\":\"SAMPLE\",\"ax\":1,\"ay\":2,\"az\":3").strip();
        String longest = line + " ".repeat(JsonlReader.MAX_LINE - line.length());
        String end = ev("a", "\"t\":2,\"type\":\"END\",\"label\":\"x\"");
        assertEquals(1, read(longest + "\n" + end, true).size());
        assertError("f.jsonl:1: line longer than 65536 characters", longest + " \n" + end);
    }

    @Test
    void aGestureHoldsAtMost100000Events() throws Exception {
        String sample = ev("a", "\"t\":1,\"type\":\"SAMPLE\",\"ax\":1,\"ay\":2,\"az\":3");
        String most = sample.repeat(100_000);
        String end = ev("a", "\"t\":2,\"type\":\"END\",\"label\":\"x\"");
        assertEquals(100_000, read(most + end, true).get(0).samples().size());
        assertError("f.jsonl:100001: more than 100000 events in one gesture", most + sample + end);
    }

    @Test
    void writeGivesOneLinePerEventAndAnEndPerGesture() throws Exception {
        List<Gesture> g = List.of(
                new Gesture("a\"b", "ignored", List.of(new PenSample(DOWN, 1f, 2.5f, 0.5f, 10), PenSample.of(UP, 3, 4, 20))),
                new Gesture("shake", "s", List.of(ImuSample.accel(1, 2, 3, 7))),
                new Gesture("spin", "s", List.of(new ImuSample(1f, 2f, 3f, 4f, 5f, 6f, 8), new ImuSample(1f, 2f, 3f, 4f, 5f, 6f, 9))));
        StringWriter w = new StringWriter();
        JsonlReader.write(w, g, "p");
        assertEquals(String.join("\n",
                "{\"session\":\"p0\",\"t\":10,\"type\":\"DOWN\",\"x\":1.0,\"y\":2.5,\"pressure\":0.5,\"label\":\"a\\\"b\"}",
                "{\"session\":\"p0\",\"t\":20,\"type\":\"UP\",\"x\":3.0,\"y\":4.0,\"label\":\"a\\\"b\"}",
                "{\"session\":\"p0\",\"t\":20,\"type\":\"END\",\"label\":\"a\\\"b\"}",
                "{\"session\":\"p1\",\"t\":7,\"type\":\"SAMPLE\",\"ax\":1.0,\"ay\":2.0,\"az\":3.0,\"label\":\"shake\"}",
                "{\"session\":\"p1\",\"t\":7,\"type\":\"END\",\"label\":\"shake\"}",
                "{\"session\":\"p2\",\"t\":8,\"type\":\"SAMPLE\",\"ax\":1.0,\"ay\":2.0,\"az\":3.0,\"gx\":4.0,\"gy\":5.0,\"gz\":6.0,\"label\":\"spin\"}",
                "{\"session\":\"p2\",\"t\":9,\"type\":\"SAMPLE\",\"ax\":1.0,\"ay\":2.0,\"az\":3.0,\"gx\":4.0,\"gy\":5.0,\"gz\":6.0,\"label\":\"spin\"}",
                "{\"session\":\"p2\",\"t\":9,\"type\":\"END\",\"label\":\"spin\"}", ""), w.toString());
        List<Gesture> back = read(w.toString(), true);
        assertEquals(List.of("p0", "p1", "p2"), back.stream().map(Gesture::subject).toList());
        for (int i = 0; i < g.size(); i++) assertEquals(g.get(i).samples(), back.get(i).samples());
    }

    @Test
    void aFileIsReadAsUtf8() throws Exception {
        Path f = dir.resolve("g.jsonl");
        Files.writeString(f, STROKE + ev("a", "\"t\":3,\"type\":\"END\",\"label\":\"caf\u00e9\""));
        assertEquals("caf\u00e9", JsonlReader.read(f, true).get(0).label());
    }
}
