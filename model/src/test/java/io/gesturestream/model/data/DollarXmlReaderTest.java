package io.gesturestream.model.data;

import io.gesturestream.model.RecordingMeter;
import io.gesturestream.model.features.PenSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static io.gesturestream.model.features.PenSample.Phase.DOWN;
import static io.gesturestream.model.features.PenSample.Phase.MOVE;
import static io.gesturestream.model.features.PenSample.Phase.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The $1 gesture logs: a gesture per XML file, the subject filter, and the one line naming the file for each bad one. */
class DollarXmlReaderTest {
    @TempDir
    Path dir;

    private Path xml(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static String gesture(String attributes, String points) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Gesture " + attributes + ">\n" + points + "</Gesture>\n";
    }

    private static final String POINTS = "<Point X=\"1.5\" Y=\"-2\" T=\" 10 \"/>\n<Point X=\"3\" Y=\"4\" T=\"25\"/>\n<Point X=\"5\" Y=\"6.25\" T=\"40\"/>\n";

    private void assertError(String message, String attributes, String points) throws Exception {
        Path f = xml("bad.xml", gesture(attributes, points));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DollarXmlReader.readFile(f));
        assertEquals(f + ": " + message, e.getMessage());
    }

    @Test
    void aGestureIsItsNameWithoutTrailingDigitsItsSubjectAndItsPoints() throws Exception {
        Gesture g = DollarXmlReader.readFile(xml("a.xml", gesture("Name=\"pig_tail07\" Subject=\" 3 \" Speed=\"fast\"", POINTS)));
        assertEquals(new Gesture("pig_tail", "3", List.of(PenSample.of(DOWN, 1.5, -2, 10), PenSample.of(MOVE, 3, 4, 25),
                PenSample.of(UP, 5, 6.25, 40))), g);
        Gesture one = DollarXmlReader.readFile(xml("b.xml", gesture("Name=\"x1y2\" Subject=\"0\"", "<Point X=\"7\" Y=\"8\" T=\"9\"/>")));
        assertEquals(new Gesture("x1y", "0", List.of(PenSample.of(DOWN, 7, 8, 9), PenSample.of(UP, 7, 8, 9))), one);
        String longest = "n".repeat(256);
        assertEquals(longest, DollarXmlReader.readFile(xml("c.xml", gesture("Name=\"" + longest + "99\" Subject=\"1\"", POINTS))).label());
    }

    @Test
    void badFilesAreOneLineNamingTheFile() throws Exception {
        assertError("<Gesture> has no Name", "Name=\"0123\" Subject=\"1\"", POINTS);
        assertError("<Gesture> has no Name", "Subject=\"1\"", POINTS);
        assertError("<Gesture> Name longer than 256 characters", "Name=\"" + "n".repeat(257) + "\" Subject=\"1\"", POINTS);
        assertError("Subject is not a number: 'two'", "Name=\"a1\" Subject=\"two\"", POINTS);
        assertError("Subject is not a number: ''", "Name=\"a1\"", POINTS);
        assertError("no <Point> elements", "Name=\"a1\" Subject=\"1\"", "");
        assertError("point 2 has a missing or bad X, Y or T", "Name=\"a1\" Subject=\"1\"", "<Point X=\"1\" Y=\"1\" T=\"1\"/><Point Y=\"1\" T=\"1\"/>");
        assertError("point 1 has a missing or bad X, Y or T", "Name=\"a1\" Subject=\"1\"", "<Point X=\"1\" Y=\"NaN\" T=\"1\"/>");
        assertError("point 1 has a missing or bad X, Y or T", "Name=\"a1\" Subject=\"1\"", "<Point X=\"Infinity\" Y=\"1\" T=\"1\"/>");
        assertError("point 1 has a missing or bad X, Y or T", "Name=\"a1\" Subject=\"1\"", "<Point X=\"1\" Y=\"1\" T=\"1.5\"/>");
        Path other = xml("other.xml", "<Other Name=\"a1\" Subject=\"1\"/>");
        assertEquals(other + ": root element is not <Gesture>",
                assertThrows(DataFormatException.class, () -> DollarXmlReader.readFile(other)).getMessage());
    }

    @Test
    void malformedXmlAndDoctypesAreRefusedWithoutNoiseOnStderr() throws Exception {
        Path broken = xml("broken.xml", "<Gesture Name=\"a1\"");
        Path doctype = xml("dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE Gesture [<!ENTITY n \"circle\">]>\n"
                + "<Gesture Name=\"&n;1\" Subject=\"1\"><Point X=\"1\" Y=\"1\" T=\"1\"/></Gesture>\n");
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DataFormatException b, d;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            b = assertThrows(DataFormatException.class, () -> DollarXmlReader.readFile(broken));
            d = assertThrows(DataFormatException.class, () -> DollarXmlReader.readFile(doctype));
        } finally {
            System.setErr(before);
        }
        assertTrue(b.getMessage().startsWith(broken + ": not well-formed XML: "), b.getMessage());
        assertTrue(d.getMessage().startsWith(doctype + ": not well-formed XML: ") && d.getMessage().contains("DOCTYPE"), d.getMessage());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFileOfMoreThan16MiBIsNotParsed() throws Exception {
        Path f = dir.resolve("huge.xml");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength((16L << 20) + 1);
        }
        assertEquals(f + ": larger than 16777216 bytes", assertThrows(DataFormatException.class, () -> DollarXmlReader.readFile(f)).getMessage());
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(16L << 20);
        }
        assertTrue(assertThrows(DataFormatException.class, () -> DollarXmlReader.readFile(f)).getMessage()
                .startsWith(f + ": not well-formed XML"));
    }

    @Test
    void aFolderIsReadInPathOrderFilteredBySubject() throws Exception {
        xml("logs/s03/fast/b1.XML", gesture("Name=\"b1\" Subject=\"3\"", POINTS));
        xml("logs/s02/slow/a1.xml", gesture("Name=\"a1\" Subject=\"2\"", POINTS));
        xml("logs/s02/slow/z1.xml", gesture("Name=\"z1\" Subject=\"2\"", POINTS));
        xml("logs/s09/fast/c1.xml", gesture("Name=\"c1\" Subject=\"9\"", POINTS));
        xml("logs/notes.txt", "not a log");
        Files.createDirectories(dir.resolve("logs/s02/old.xml"));
        Path logs = dir.resolve("logs");
        RecordingMeter meter = new RecordingMeter();
        List<Gesture> g = DollarXmlReader.readFolder(logs, DollarXmlReader.subjects("s02-s03"), meter);
        assertEquals(List.of("a", "z", "b"), g.stream().map(Gesture::label).toList());
        RecordingMeter.Step s = meter.steps.get(0);
        assertEquals(List.of("reading " + logs, "files", 4L, List.of(1L, 2L, 3L, 4L), true), List.of(s.what, s.unit, s.total, s.updates, s.closed));
        assertEquals(4, DollarXmlReader.readFolder(logs, x -> true).size());
        DataFormatException e = assertThrows(DataFormatException.class, () -> DollarXmlReader.readFolder(logs, DollarXmlReader.subjects("s05")));
        assertEquals(logs + ": no gestures from the selected subjects", e.getMessage());
        Path txt = dir.resolve("logs/notes.txt");
        e = assertThrows(DataFormatException.class, () -> DollarXmlReader.readFolder(txt, x -> true));
        assertEquals(txt + ": not a folder of $1 XML logs", e.getMessage());
        Path none = dir.resolve("logs/s02/old.xml");
        e = assertThrows(DataFormatException.class, () -> DollarXmlReader.readFolder(none, x -> true));
        assertEquals(none + ": no .xml files below this folder", e.getMessage());
    }

    private static List<Integer> accepted(String spec) {
        IntPredicate p = DollarXmlReader.subjects(spec);
        return IntStream.rangeClosed(0, 12).filter(p).boxed().toList();
    }

    @Test
    void subjectListsAreRangesAndSingleSubjects() {
        List<Integer> all = IntStream.rangeClosed(0, 12).boxed().toList();
        assertEquals(all, accepted(null));
        assertEquals(all, accepted(" "));
        assertEquals(List.of(2, 3, 4, 5, 6, 7), accepted("s02-s07"));
        assertEquals(List.of(0, 2, 8, 10, 11), accepted("s08, S10 ,2,s0,11-11"));
        assertEquals(List.of(5), accepted(" 5 - s5 "));
        for (String[] bad : new String[][] {
                {"1-2-3", "bad subject range '1-2-3'"}, {"s09-s02", "empty subject range 's09-s02'"},
                {"bob", "bad subject 'bob' (expected e.g. s02)"}, {",s2", "bad subject '' (expected e.g. s02)"},
                {"-3", "bad subject '' (expected e.g. s02)"}, {"s", "bad subject 's' (expected e.g. s02)"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DollarXmlReader.subjects(bad[0]), bad[0]);
            assertEquals(bad[1], e.getMessage());
        }
    }
}
