package io.gesturestream.model.data;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.RecordingMeter;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.PenSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadersTest {
    @TempDir
    Path dir;

    private static final String PENDIGITS = String.join("\n",
            ".INCLUDE        dene.doc", "", ".LEXICON \"0\" \"1\"", ".HIERARCHY      DIGIT", "",
            ".SEGMENT DIGIT    0 ? \"1\"", ".COMMENT 1 12  224", ".PEN_DOWN", " 100  300", " 101  200", " 102  100",
            ".PEN_UP", ".DT 100",
            ".SEGMENT DIGIT    1 ? \"4\"", ".COMMENT 4 3  17", ".PEN_DOWN", " 10  300", " 10  200", " 80  200", ".PEN_UP",
            ".DT 100", ".PEN_DOWN", " 60  300", ".PEN_UP", ".DT 100", "");

    @Test
    void pendigitsGivesDigitsWritersStrokesAndFlipsY() throws Exception {
        Path f = dir.resolve("p.tra");
        Files.writeString(f, PENDIGITS);
        List<Gesture> g = PendigitsReader.read(f);
        assertEquals(2, g.size());
        assertEquals("1", g.get(0).label());
        assertEquals("12", g.get(0).subject());
        assertEquals(3, g.get(0).samples().size());
        PenSample first = (PenSample) g.get(0).samples().get(0);
        assertEquals(PenSample.Phase.DOWN, first.phase());
        assertEquals(-300f, first.y());  // y up in the file, down in ours
        assertEquals(PenSample.Phase.UP, ((PenSample) g.get(0).samples().get(2)).phase());
        // "4": a 3-point stroke then a 1-point stroke, which becomes DOWN and UP at the same point
        List<?> four = g.get(1).samples();
        assertEquals(5, four.size());
        assertEquals(PenSample.Phase.DOWN, ((PenSample) four.get(3)).phase());
        assertEquals(PenSample.Phase.UP, ((PenSample) four.get(4)).phase());
        assertTrue(((PenSample) four.get(3)).t() > ((PenSample) four.get(2)).t());
    }

    @Test
    void pendigitsErrorsNameTheLine() throws Exception {
        Path f = dir.resolve("bad.tra");
        Files.writeString(f, ".SEGMENT DIGIT 0 ? \"1\"\n.PEN_DOWN\n 1 2\n 3 x\n.PEN_UP\n");
        var e = assertThrows(DataFormatException.class, () -> PendigitsReader.read(f));
        assertTrue(e.getMessage().contains(":4:"), e.getMessage());
        Files.writeString(f, "hello\n");
        assertThrows(DataFormatException.class, () -> PendigitsReader.read(f));
    }

    private static String dollarXml(String name, int subject, int[][] pts) {
        StringBuilder b = new StringBuilder("\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n");
        b.append("<Gesture Name=\"").append(name).append("\" Subject=\"").append(subject)
                .append("\" Speed=\"fast\" Number=\"1\" NumPts=\"").append(pts.length).append("\">\n");
        for (int[] p : pts) b.append("  <Point X=\"").append(p[0]).append("\" Y=\"").append(p[1]).append("\" T=\"").append(p[2]).append("\" />\n");
        return b.append("</Gesture>\n").toString();
    }

    @Test
    void dollarLogsAreReadWithSubjectFilter() throws Exception {
        Path root = dir.resolve("xml_logs");
        int[][] pts = {{10, 10, 1000}, {20, 15, 1014}, {30, 30, 1030}};
        for (int s = 1; s <= 4; s++) {
            Path sub = Files.createDirectories(root.resolve(s == 1 ? "s01 (pilot)" : String.format("s%02d", s)).resolve("fast"));
            Files.writeString(sub.resolve("arrow01.xml"), dollarXml("arrow01", s, pts), StandardCharsets.UTF_8);
            Files.writeString(sub.resolve("left_curly_brace10.xml"), dollarXml("left_curly_brace10", s, pts), StandardCharsets.UTF_8);
        }
        List<Gesture> g = DollarXmlReader.readFolder(root, DollarXmlReader.subjects("s02-s03"));
        assertEquals(4, g.size());
        assertTrue(g.stream().allMatch(x -> x.subject().equals("2") || x.subject().equals("3")));
        assertTrue(g.stream().anyMatch(x -> x.label().equals("left_curly_brace")));
        assertEquals(3, g.get(0).samples().size());
        assertEquals(1014, g.get(0).samples().get(1).t());
        assertEquals(8, DollarXmlReader.readFolder(root, DollarXmlReader.subjects(null)).size());
        assertThrows(IllegalArgumentException.class, () -> DollarXmlReader.subjects("s09-s02"));
        assertThrows(IllegalArgumentException.class, () -> DollarXmlReader.subjects("bob"));
    }

    @Test
    void dollarXmlWithAnExternalEntityIsRefused() throws Exception {
        Path f = dir.resolve("evil.xml");
        Files.writeString(f, "<?xml version=\"1.0\"?><!DOCTYPE g [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Gesture Name=\"&x;\" Subject=\"2\"><Point X=\"1\" Y=\"1\" T=\"1\"/></Gesture>");
        var e = assertThrows(DataFormatException.class, () -> DollarXmlReader.readFile(f));
        assertTrue(e.getMessage().contains("evil.xml"));
    }

    @Test
    void overlongLabelsAreRefusedInEveryFormat() throws Exception {
        // found by ReadersFuzzTest: pendigits took a 307-character label
        String tes = ".SEGMENT DIGIT 0 ? \"" + "7".repeat(300) + "\"\n.PEN_DOWN\n1 1\n.PEN_UP\n";
        var e = assertThrows(DataFormatException.class, () -> PendigitsReader.read(new java.io.BufferedReader(new java.io.StringReader(tes)), "x.tes"));
        assertTrue(e.getMessage().startsWith("x.tes:1"), e.getMessage());
        // a $1 Name of 200,000 digits and a letter: refused at once (the old trailing-digit regex backtracked quadratically)
        Path f = dir.resolve("long.xml");
        Files.writeString(f, "<Gesture Name=\"" + "1".repeat(200_000) + "x\" Subject=\"2\"><Point X=\"1\" Y=\"1\" T=\"1\"/></Gesture>");
        var d = assertThrows(DataFormatException.class, () -> DollarXmlReader.readFile(f));
        assertTrue(d.getMessage().contains("Name longer than 256"), d.getMessage());
    }

    @Test
    void readingReportsKibibytesOfAFileAndFilesOfAFolder() throws Exception {
        Path f = dir.resolve("shapes.jsonl");
        try (java.io.Writer w = Files.newBufferedWriter(f)) {
            JsonlReader.write(w, Fixtures.shapes(10, 2, 1), "s");
        }
        RecordingMeter meter = new RecordingMeter();
        assertEquals(40, Datasets.read("jsonl", f, null, meter).size());
        long size = Files.size(f);
        assertTrue(size > 4096, "a few KiB: " + size);
        assertEquals(1, meter.steps.size());
        RecordingMeter.Step s = meter.steps.get(0);
        assertEquals("reading shapes.jsonl", s.what);
        assertEquals("KiB", s.unit);
        assertEquals((size + 1023) / 1024, s.total);
        assertEquals(size / 1024, s.last());
        assertTrue(s.closed);
        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, "{\"session\":\"a\",\"t\":1,\"type\":\"END\",\"label\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.read("jsonl", latin1, null, new RecordingMeter()));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());

        Path root = dir.resolve("xml_logs");
        int[][] pts = {{10, 10, 1000}, {20, 15, 1014}, {30, 30, 1030}};
        for (int k = 2; k <= 4; k++) {
            Path sub = Files.createDirectories(root.resolve(String.format("s%02d", k)).resolve("fast"));
            Files.writeString(sub.resolve("arrow01.xml"), dollarXml("arrow01", k, pts), StandardCharsets.UTF_8);
        }
        RecordingMeter folder = new RecordingMeter();
        assertEquals(2, Datasets.read("dollar", root, "s02-s03", folder).size());
        RecordingMeter.Step d = folder.steps.get(0);
        assertEquals("files", d.unit);
        assertEquals(List.of(1L, 2L, 3L), d.updates);  // every file is read, then filtered by subject
        assertEquals(3, d.total);
        assertTrue(d.closed);
    }

    @Test
    void jsonlRoundTripsPenAndImuGestures() throws Exception {
        List<Gesture> pen = Fixtures.shapes(2, 1, 9);
        StringWriter w = new StringWriter();
        JsonlReader.write(w, pen, "s");
        List<Gesture> back = JsonlReader.read(new BufferedReader(new StringReader(w.toString())), "mem", true);
        assertEquals(pen.size(), back.size());
        for (int i = 0; i < pen.size(); i++) {
            assertEquals(pen.get(i).label(), back.get(i).label());
            assertEquals(pen.get(i).samples(), back.get(i).samples());
        }
        String imu = "{\"session\":\"a\",\"t\":1,\"type\":\"SAMPLE\",\"ax\":0.1,\"ay\":-0.98,\"az\":0.05,\"gx\":1,\"gy\":2,\"gz\":3}\n"
                + "{\"session\":\"b\",\"t\":2,\"type\":\"SAMPLE\",\"ax\":0,\"ay\":0,\"az\":1,\"label\":\"shake\"}\n"
                + "{\"session\":\"a\",\"t\":3,\"type\":\"END\",\"label\":\"circle\"}\n"
                + "{\"session\":\"b\",\"t\":4,\"type\":\"END\"}\n";
        List<Gesture> g = JsonlReader.read(new BufferedReader(new StringReader(imu)), "mem", true);
        assertEquals(List.of("circle", "shake"), g.stream().map(Gesture::label).toList());
        ImuSample s = (ImuSample) g.get(0).samples().get(0);
        assertTrue(s.hasGyro());
        assertEquals(-0.98f, s.ay());
    }

    @Test
    void jsonlErrorsNameTheLine() {
        String[][] cases = {
                {"{\"session\":\"a\",\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2}\n{oops\n", ":2:", "malformed JSON"},
                {"{\"session\":\"a\",\"t\":1,\"type\":\"JUMP\",\"x\":1,\"y\":2}\n", ":1:", "unknown type"},
                {"{\"session\":\"a\",\"t\":1,\"type\":\"MOVE\",\"x\":1,\"y\":2}\n", ":1:", "without a DOWN"},
                {"{\"session\":\"a\",\"t\":1,\"type\":\"DOWN\",\"x\":1}\n", ":1:", "missing \"y\""},
                {"{\"session\":\"a\",\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2}\n", ":1:", "no END"},
                {"{\"session\":\"a\",\"t\":1,\"type\":\"DOWN\",\"x\":1,\"y\":2}\n{\"session\":\"a\",\"t\":1,\"type\":\"UP\",\"x\":1,\"y\":2}\n"
                        + "{\"session\":\"a\",\"t\":2,\"type\":\"END\"}\n", ":3:", "no label"},
                {"{\"session\":\"a\",\"t\":1.5,\"type\":\"SAMPLE\",\"ax\":1,\"ay\":2,\"az\":3}\n", ":1:", "whole number"},
                {"{\"session\":\"a\",\"t\":1,\"type\":\"SAMPLE\",\"ax\":1e999,\"ay\":2,\"az\":3}\n", ":1:", "out of range"},
                {"[1,2]\n", ":1:", "not a JSON object"},
        };
        for (String[] c : cases) {
            var e = assertThrows(DataFormatException.class,
                    () -> JsonlReader.read(new BufferedReader(new StringReader(c[0])), "f.jsonl", true), c[0]);
            assertTrue(e.getMessage().contains("f.jsonl" + c[1]) && e.getMessage().contains(c[2]), e.getMessage());
        }
    }

    @Test
    void jsonParserIsStrict() {
        assertEquals(List.of(1.0, "a\u00e9", true), Json.parse("[1, \"a\\u00e9\", true]"));
        for (String bad : new String[] {"{\"a\":1,\"a\":2}", "[1,]", "01", "{\"a\" 1}", "\"\\x\"", "[" .repeat(100)}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
