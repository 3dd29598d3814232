package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.RecordingMeter;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.gesturestream.model.features.PenSample.Phase.DOWN;
import static io.gesturestream.model.features.PenSample.Phase.MOVE;
import static io.gesturestream.model.features.PenSample.Phase.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The UNIPEN reader line by line, on data files and included files the test writes (in memory
 * through the reader's {@link UnipenReader.Includes}, or in a temporary folder): the values it
 * reads, the segments it skips and why, and the one {@code file:line: reason} of each bad line.
 */
class UnipenReaderFormatTest {
    @TempDir
    Path dir;

    /** uqb's y points up: the reader negates y. */
    private static final String HEAD = ".VERSION 1.0\n.INCLUDE uqb/h.doc\n.INCLUDE uqb/ink.dat\n";
    private static final String DOC = ".COMMENT a header\n.POINTS_PER_SECOND 100\n.COORD X Y\n";
    /** 0: pen down, 3 points; 1: pen up, 2 points; 2: pen down, 4 points; 3: pen down, 1 point. */
    private static final String INK = ".WRITER_ID w1\n.PEN_DOWN\n10 300\n11 200\n12 100\n.PEN_UP\n50 50\n60 60\n"
            + ".PEN_DOWN\n100 300\n101 250\n102 200\n103 150\n.PEN_UP\n.DT 1000\n.PEN_DOWN\n200 200\n.PEN_UP\n";

    private static PenSample p(PenSample.Phase phase, double x, double y, long t) {
        return PenSample.of(phase, x, y, t);
    }

    /** Reads data file {@code data} (named x.dat) whose includes are {@code files}: name, text, name, text ... */
    private static UnipenReader.Result read(String data, String... files) throws Exception {
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < files.length; i += 2) texts.put(files[i], files[i + 1]);
        UnipenReader.Acc acc = new UnipenReader.Acc();
        UnipenReader.Includes inc = (name, including) -> {
            assertEquals("x.dat", including);
            String t = texts.get(name);
            return t == null ? null : new UnipenReader.Source(new BufferedReader(new StringReader(t)), "inc/" + name);
        };
        UnipenReader.read(new BufferedReader(new StringReader(data)), "x.dat", inc, acc);
        return acc.result(1);
    }

    /** The gestures of segments over the standard header and ink. */
    private static UnipenReader.Result segments(String... segments) throws Exception {
        return read(HEAD + String.join("\n", segments) + "\n", "uqb/h.doc", DOC, "uqb/ink.dat", INK);
    }

    private static void assertError(String message, String data, String... files) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(data, files), data);
        assertEquals(message, e.getMessage());
    }

    /** The error of an included file {@code ink} read after the standard header. */
    private static void assertInkError(String message, String ink) {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> read(HEAD + ".SEGMENT CHARACTER 0 OK \"1\"\n", "uqb/h.doc", DOC, "uqb/ink.dat", ink), ink);
        assertEquals(message, e.getMessage());
    }

    private static List<String> labels(UnipenReader.Result r) {
        return r.gestures().stream().map(Gesture::label).toList();
    }

    @Test
    void pointsBecomeSamplesWithYFlippedAndTimesFromTheSamplingRateAndDt() throws Exception {
        UnipenReader.Result r = segments(".SEGMENT CHARACTER 0 OK \"a\"", ".SEGMENT WORD 2-3 ? \"b\"");
        assertEquals(List.of("a", "b"), labels(r));
        assertEquals(List.of(p(DOWN, 10, -300, 0), p(MOVE, 11, -200, 10), p(UP, 12, -100, 20)), r.gestures().get(0).samples());
        // the pen-up points (30, 40 ms) advance the clock too; .DT 1000 comes before component 3
        assertEquals(List.of(p(DOWN, 100, -300, 50), p(MOVE, 101, -250, 60), p(MOVE, 102, -200, 70), p(UP, 103, -150, 80),
                p(DOWN, 200, -200, 1090), p(UP, 200, -200, 1090)), r.gestures().get(1).samples());
        assertEquals("uqb/w1", r.gestures().get(0).subject());
        assertEquals(Map.of(), r.skipped());
        assertEquals(Map.of(), r.warnings());
    }

    @Test
    void aFractionalSamplingIntervalIsSummedAndTruncatedPerPoint() throws Exception {
        UnipenReader.Result r = read(HEAD + ".SEGMENT CHARACTER 0 OK \"a\"\n", "uqb/h.doc", ".POINTS_PER_SECOND 3\n",
                "uqb/ink.dat", ".WRITER_ID w\n.DT 0.5\n.PEN_DOWN\n1 1\n2 2\n3 3\n4 4\n");
        assertEquals(List.of(0L, 333L, 667L, 1000L), r.gestures().get(0).samples().stream().map(Sample::t).toList());
    }

    @Test
    void coordNamesTheColumnsInAnyOrderAndCase() throws Exception {
        // T first: times from T, no .POINTS_PER_SECOND needed; y before x; a pressure column ignored
        UnipenReader.Result r = read(HEAD + ".SEGMENT CHARACTER 0 OK \"a\"\n", "uqb/h.doc", ".COORD t y P x\n",
                "uqb/ink.dat", ".WRITER_ID w\n.PEN_DOWN\n-5 20 7 10\n1005 21 7 11\n.PEN_UP\n");
        assertEquals(List.of(p(DOWN, 10, -20, -5), p(UP, 11, -21, 1005)), r.gestures().get(0).samples());
        // a later .COORD replaces the columns
        r = read(HEAD + ".SEGMENT CHARACTER 0 OK \"a\"\n.SEGMENT CHARACTER 1 OK \"b\"\n", "uqb/h.doc", ".POINTS_PER_SECOND 1000\n.COORD Y X\n",
                "uqb/ink.dat", ".WRITER_ID w\n.PEN_DOWN\n1 2\n.PEN_UP\n.COORD X Y\n.PEN_DOWN\n1 2\n.PEN_UP\n");
        assertEquals(List.of(p(DOWN, 2, -1, 0), p(UP, 2, -1, 0)), r.gestures().get(0).samples());
        assertEquals(List.of(p(DOWN, 1, -2, 1), p(UP, 1, -2, 1)), r.gestures().get(1).samples());
    }

    @Test
    void componentsAndPointRangesPickThePenDownPoints() throws Exception {
        UnipenReader.Result r = segments(
                ".SEGMENT CHARACTER 0:1-2 OK \"from a point to a component's end\"",
                ".SEGMENT CHARACTER 0:2-2:0 OK \"one point each\"",
                ".SEGMENT CHARACTER 2,0 OK \"in the order named\"",
                ".SEGMENT CHARACTER 0:0 OK \"one point\"",
                ".SEGMENT CHARACTER 0:1-0:1 OK \"one point as a range\"",
                ".SEGMENT CHARACTER 0-0 OK \"a range of one\"",
                ".SEGMENT CHARACTER 000000002 OK \"nine digits\"",
                ".SEGMENT CHARACTER 0:0-0:2 OK \"all of 0\"");
        List<List<Sample>> s = r.gestures().stream().map(Gesture::samples).toList();
        assertEquals(List.of(p(DOWN, 11, -200, 10), p(UP, 12, -100, 20), p(DOWN, 100, -300, 50), p(MOVE, 101, -250, 60),
                p(MOVE, 102, -200, 70), p(UP, 103, -150, 80)), s.get(0));
        assertEquals(List.of(p(DOWN, 12, -100, 20), p(UP, 12, -100, 20), p(DOWN, 100, -300, 50), p(UP, 100, -300, 50)), s.get(1));
        assertEquals(List.of(100f, 101f, 102f, 103f, 10f, 11f, 12f), s.get(2).stream().map(x -> ((PenSample) x).x()).toList());
        assertEquals(List.of(p(DOWN, 10, -300, 0), p(UP, 10, -300, 0)), s.get(3));
        assertEquals(List.of(p(DOWN, 11, -200, 10), p(UP, 11, -200, 10)), s.get(4));
        assertEquals(3, s.get(5).size());
        assertEquals(4, s.get(6).size());
        assertEquals(s.get(5), s.get(7));
        assertEquals(Map.of(), r.skipped());
    }

    @Test
    void segmentsThatCannotBeAGestureAreSkippedByReason() throws Exception {
        UnipenReader.Result r = segments(
                ".SEGMENT CHARACTER 4 OK \"one past the last component\"",
                ".SEGMENT CHARACTER 0:1-0:3 OK \"one past the last point\"",
                ".SEGMENT CHARACTER 0:3-2 OK \"starts one past the last point\"",
                ".SEGMENT CHARACTER 1 OK \"pen up only\"",
                ".SEGMENT CHARACTER 9 BAD \"bad, whatever it names\"",
                ".SEGMENT CHARACTER 0 OK \"\"",
                ".SEGMENT CHARACTER 0 OK \"\\@\\@\"",
                ".SEGMENT CHARACTER 0 GOOD \"k\"");
        assertEquals(List.of("k"), labels(r));
        Map<String, Integer> skipped = Map.of("names a component beyond those of its files", 1, "names a point beyond its component", 2,
                "no pen-down points", 1, "quality BAD", 1, "empty label", 1, "a ligature (\\@), not a character", 1);
        assertEquals(skipped, r.skipped());
        assertEquals(7, r.skippedTotal());
        assertEquals(List.of("read 1 gestures from 1 files, skipped 7 segments", "skipped 1: a ligature (\\@), not a character",
                "skipped 1: empty label", "skipped 1: names a component beyond those of its files",
                "skipped 2: names a point beyond its component", "skipped 1: no pen-down points", "skipped 1: quality BAD"), r.report());
    }

    @Test
    void labelsHaveTheirEscapesUndoneAndLigatureMarksRemoved() throws Exception {
        String longest = "x".repeat(256);
        UnipenReader.Result r = segments(
                ".SEGMENT WORD 0 ? \"say \\\"hi\\\" \\\\o/ \\q\"",
                ".SEGMENT WORD 0 ? \"t\\@h\\@e\"",
                ".SEGMENT WORD 0 ? \"" + longest + "\"",
                ".SEGMENT WORD 0 ? \"caf\u00e9\"");
        assertEquals(List.of("say \"hi\" \\o/ q", "the", longest, "caf\u00e9"), labels(r));
    }

    @Test
    void theWriterIsTheOneInEffectAtASegmentsFirstPenDownComponentThatHasOne() throws Exception {
        UnipenReader.Result r = read(HEAD + ".SEGMENT CHARACTER 1 OK \"a\"\n.SEGMENT CHARACTER 0-1 OK \"b\"\n"
                        + ".SEGMENT CHARACTER 2 OK \"c\"\n.SEGMENT CHARACTER 1-2 OK \"d\"\n.SEGMENT CHARACTER 0 OK \"e\"\n",
                "uqb/h.doc", DOC, "uqb/ink.dat", ".PEN_DOWN\n1 1\n.PEN_UP\n.WRITER_ID first\n.PEN_DOWN\n2 2\n.PEN_UP\n"
                        + ".WRITER_ID second\n.PEN_DOWN\n3 3\n.PEN_UP\n");
        assertEquals(List.of("a", "b", "c", "d"), labels(r));
        assertEquals(List.of("uqb/first", "uqb/first", "uqb/second", "uqb/first"), r.gestures().stream().map(Gesture::subject).toList());
        // component 0 came before any .WRITER_ID: alone, it has no writer
        assertEquals(Map.of("no .WRITER_ID before its components", 1), r.skipped());
    }

    @Test
    void theInstitutionIsTheFirstIncludesFolderAndDecidesTheOrientation() throws Exception {
        // no folder in the first include: institution "?", which the reader does not know: y as in the file, warned of
        UnipenReader.Result r = read(".INCLUDE h.doc\n.INCLUDE lex/ink.dat\n.SEGMENT CHARACTER 0 OK \"a\"\n.SEGMENT CHARACTER 3 OK \"b\"\n",
                "h.doc", DOC, "lex/ink.dat", INK);
        assertEquals(List.of("?/w1", "?/w1"), r.gestures().stream().map(Gesture::subject).toList());
        assertEquals(300f, ((PenSample) r.gestures().get(0).samples().get(0)).y());
        assertEquals(Map.of("institution ?: orientation unknown, y kept as in the file", 2), r.warnings());
        assertEquals(List.of("read 2 gestures from 1 files, skipped 0 segments",
                "warning 2: institution ?: orientation unknown, y kept as in the file"), r.report());
        r = read(".INCLUDE lex/h.doc\n.INCLUDE uqb/ink.dat\n.SEGMENT CHARACTER 0 OK \"a\"\n", "lex/h.doc", DOC, "uqb/ink.dat", INK);
        assertEquals("lex/w1", r.gestures().get(0).subject());
        assertEquals(-300f, ((PenSample) r.gestures().get(0).samples().get(0)).y());
        assertEquals(Map.of(), r.warnings());
    }

    @Test
    void linesThatAreNotKeywordsAreTextAndKeywordsEndAPenBlock() throws Exception {
        // ".", ".x" and "x" are not keywords; .AUTHOR and .ZONE (A and Z) are, and end the pen block before them
        UnipenReader.Result r = read(HEAD + ".\n.x\n.SEGMENT CHARACTER 0 OK \"a\"\n.SEGMENT CHARACTER 1 OK \"b\"\n.SEGMENT CHARACTER 2 OK \"c\"\n",
                "uqb/h.doc", DOC + ".\n", "uqb/ink.dat", ".WRITER_ID w\n.PEN_DOWN\n1 1\n.AUTHOR me\n5 5\n.PEN_DOWN\n2 2\n.ZONE 1\n6 6\n"
                        + ".PEN_DOWN\n3 3\n4 4");
        assertEquals(List.of(p(DOWN, 1, -1, 0), p(UP, 1, -1, 0)), r.gestures().get(0).samples());
        assertEquals(List.of(p(DOWN, 2, -2, 10), p(UP, 2, -2, 10)), r.gestures().get(1).samples());
        // the last block ends with the file, without a .PEN_UP
        assertEquals(List.of(p(DOWN, 3, -3, 20), p(UP, 4, -4, 30)), r.gestures().get(2).samples());
        // an empty pen block at the end of a file is no component
        r = read(HEAD + ".SEGMENT CHARACTER 1 OK \"a\"\n.SEGMENT CHARACTER 0 OK \"b\"\n", "uqb/h.doc", DOC, "uqb/ink.dat",
                ".WRITER_ID w\n.PEN_DOWN\n1 1\n.PEN_UP\n.PEN_DOWN\n");
        assertEquals(Map.of("names a component beyond those of its files", 1), r.skipped());
    }

    @Test
    void headerValuesAtTheEdgesOfTheirRanges() throws Exception {
        String writer = "w".repeat(256);
        UnipenReader.Result r = read(HEAD + ".SEGMENT CHARACTER 0 OK \"a\"\n", "uqb/h.doc", ".POINTS_PER_SECOND 0.001 Hz\n.DT 0\n.DT 1e13\n",
                "uqb/ink.dat", ".WRITER_ID " + writer + "\n.PEN_DOWN\n999999999 -999999999\n.PEN_UP\n");
        assertEquals(List.of(p(DOWN, 999999999, 999999999, 10_000_000_000_000L), p(UP, 999999999, 999999999, 10_000_000_000_000L)),
                r.gestures().get(0).samples());
        assertEquals("uqb/" + writer, r.gestures().get(0).subject());
    }

    @Test
    void badDataFilesGiveTheirFileAndLine() {
        String inc = ".INCLUDE uqb/h.doc\n.INCLUDE uqb/ink.dat\n";
        String[] files = {"uqb/h.doc", DOC, "uqb/ink.dat", INK};
        assertError("x.dat:2: .INCLUDE without a file name", ".VERSION 1.0\n.INCLUDE   \n");
        assertError("x.dat:1: included file uqb/none.dat not found", ".INCLUDE uqb/none.dat\n", files);
        for (String key : List.of(".PEN_DOWN", ".PEN_UP", ".COORD X Y", ".POINTS_PER_SECOND 100", ".WRITER_ID w", ".DT 5")) {
            String k = key.split(" ")[0];
            assertError("x.dat:3: " + k + " in a data file: this reader expects pen data in .INCLUDEd files", inc + key + "\n", files);
        }
        assertError("x.dat:3: .SEGMENT without a quoted label", inc + ".SEGMENT CHARACTER 0 OK a\n", files);
        assertError("x.dat:3: expected .SEGMENT LEVEL COMPONENTS QUALITY \"LABEL\", got: .SEGMENT 0 OK \"a\"", inc + ".SEGMENT 0 OK \"a\"\n", files);
        assertError("x.dat:3: expected .SEGMENT LEVEL COMPONENTS QUALITY \"LABEL\", got: .SEGMENT WORD 0 OK X \"a\"",
                inc + ".SEGMENT WORD 0 OK X \"a\"\n", files);
        assertError("x.dat:3: quality must be OK, GOOD, BAD or ?, got: ok", inc + ".SEGMENT WORD 0 ok \"a\"\n", files);
        assertError("x.dat:3: label without its closing quote", inc + ".SEGMENT WORD 0 OK \"ab\n", files);
        assertError("x.dat:3: label without its closing quote", inc + ".SEGMENT WORD 0 OK \"ab\\\n", files);
        assertError("x.dat:3: label without its closing quote", inc + ".SEGMENT WORD 0 OK \"ab\\\"\n", files);
        assertError("x.dat:3: text after the label: b \"c\"", inc + ".SEGMENT WORD 0 OK \"a\" b \"c\"\n", files);
        assertError("x.dat:3: label longer than 256 characters", inc + ".SEGMENT WORD 0 OK \"" + "x".repeat(257) + "\"\n", files);
        assertError("x.dat:3: bad component range: 1-2-3", inc + ".SEGMENT WORD 1-2-3 OK \"a\"\n", files);
        assertError("x.dat:3: bad component: 1:2:3", inc + ".SEGMENT WORD 1:2:3 OK \"a\"\n", files);
        assertError("x.dat:3: bad component number: ''", inc + ".SEGMENT WORD 1,,2 OK \"a\"\n", files);
        assertError("x.dat:3: bad component number: ''", inc + ".SEGMENT WORD 1- OK \"a\"\n", files);
        assertError("x.dat:3: bad component number: '1x'", inc + ".SEGMENT WORD 1x OK \"a\"\n", files);
        assertError("x.dat:3: bad component number: '/'", inc + ".SEGMENT WORD 0:/ OK \"a\"\n", files);
        assertError("x.dat:3: bad component number: '1234567890'", inc + ".SEGMENT WORD 1234567890 OK \"a\"\n", files);
        assertError("x.dat:3: empty component range: 2-1", inc + ".SEGMENT WORD 2-1 OK \"a\"\n", files);
        assertError("x.dat:3: empty component range: 0:2-0:1", inc + ".SEGMENT WORD 0:2-0:1 OK \"a\"\n", files);
        assertError("x.dat:3: empty component range: 0:2-0:0", inc + ".SEGMENT WORD 0:2-0:0 OK \"a\"\n", files);
        // a long value is cut to 57 characters and "..."; one of 60 is kept whole
        String sixty = "1".repeat(59) + "x", sixtyOne = "1".repeat(60) + "x";
        assertError("x.dat:3: bad component number: '" + sixty + "'", inc + ".SEGMENT WORD " + sixty + " OK \"a\"\n", files);
        assertError("x.dat:3: bad component number: '" + "1".repeat(57) + "...'", inc + ".SEGMENT WORD " + sixtyOne + " OK \"a\"\n", files);
    }

    @Test
    void aSegmentNamesAtMost10000Ranges() throws Exception {
        String ranges = String.join(",", java.util.Collections.nCopies(10_000, "3"));
        UnipenReader.Result r = segments(".SEGMENT WORD " + ranges + " OK \"many\"");
        assertEquals(20_000, r.gestures().get(0).samples().size());
        DataFormatException e = assertThrows(DataFormatException.class, () -> segments(".SEGMENT WORD " + ranges + ",3 OK \"many\""));
        assertEquals("x.dat:4: too many component ranges", e.getMessage());
    }

    @Test
    void badIncludedFilesGiveTheirFileAndLine() {
        assertInkError("inc/uqb/ink.dat:1: .POINTS_PER_SECOND must be above 0, got 0", ".POINTS_PER_SECOND 0\n");
        assertInkError("inc/uqb/ink.dat:1: .POINTS_PER_SECOND must be above 0, got -5", ".POINTS_PER_SECOND -5\n");
        assertInkError("inc/uqb/ink.dat:2: .POINTS_PER_SECOND is not a number: fast", "\n.POINTS_PER_SECOND fast\n");
        assertInkError("inc/uqb/ink.dat:1: .POINTS_PER_SECOND is not a number: ", ".POINTS_PER_SECOND\n");
        assertInkError("inc/uqb/ink.dat:1: .POINTS_PER_SECOND is not a number: NaN", ".POINTS_PER_SECOND NaN\n");
        assertInkError("inc/uqb/ink.dat:1: .DT is not a number: Infinity", ".DT Infinity\n");
        assertInkError("inc/uqb/ink.dat:1: .DT out of range: -1", ".DT -1\n");
        assertInkError("inc/uqb/ink.dat:1: .DT out of range: 1.0000001e13", ".DT 1.0000001e13\n");
        assertInkError("inc/uqb/ink.dat:1: .WRITER_ID without a value", ".WRITER_ID \n");
        assertInkError("inc/uqb/ink.dat:1: .WRITER_ID longer than 256", ".WRITER_ID " + "w".repeat(257) + "\n");
        assertInkError("inc/uqb/ink.dat:1: .INCLUDE inside an included file is not supported", ".INCLUDE other.dat\n");
        assertInkError("inc/uqb/ink.dat:1: .SEGMENT inside an included file is not supported", ".SEGMENT CHARACTER 0 OK \"a\"\n");
        assertInkError("inc/uqb/ink.dat:1: .COORD must name X and Y, got: X T", ".COORD X T\n");
        assertInkError("inc/uqb/ink.dat:1: .COORD must name X and Y, got: Y", ".COORD Y\n");
        assertInkError("inc/uqb/ink.dat:1: .COORD must name X and Y, got: ", ".COORD\n");
        assertInkError("inc/uqb/ink.dat:3: expected 2 numbers (.COORD), got: 1", ".PEN_DOWN\n1 2\n1\n");
        assertInkError("inc/uqb/ink.dat:3: expected 3 numbers (.COORD), got: 1 2", ".COORD X Y T\n.PEN_DOWN\n1 2\n");
        assertInkError("inc/uqb/ink.dat:3: not a coordinate: 1e9", ".PEN_DOWN\n1 2\n1e9 2\n");
        assertInkError("inc/uqb/ink.dat:2: not a coordinate: -1000000000", ".PEN_DOWN\n1 -1000000000\n");
        assertInkError("inc/uqb/ink.dat:2: not a coordinate: NaN", ".PEN_DOWN\nNaN 1\n");
        assertInkError("inc/uqb/ink.dat:3: not a coordinate: .5x", ".PEN_DOWN\n1 1\n.5x 1\n");
        // a point needs its time: a T column, or .POINTS_PER_SECOND before it
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> read(HEAD, "uqb/h.doc", ".COORD X Y\n", "uqb/ink.dat", ".PEN_DOWN\n1 2\n"));
        assertEquals("inc/uqb/ink.dat:2: a point before .POINTS_PER_SECOND (and .COORD has no T)", e.getMessage());
    }

    private static String points(int n) {
        StringBuilder b = new StringBuilder(n * 8);
        for (int i = 0; i < n; i++) b.append(i % 1000).append(' ').append(i / 1000).append('\n');
        return b.toString();
    }

    @Test
    void aPenBlockHoldsAtMost100000Points() throws Exception {
        UnipenReader.Result r = read(HEAD + ".SEGMENT CHARACTER 0:99900-0:99999 OK \"a\"\n", "uqb/h.doc", DOC,
                "uqb/ink.dat", ".WRITER_ID w\n.PEN_DOWN\n" + points(100_000));
        List<Sample> s = r.gestures().get(0).samples();
        assertEquals(100, s.size());
        assertEquals(p(UP, 999, -99, 999_990), s.get(99));
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(HEAD, "uqb/h.doc", DOC,
                "uqb/ink.dat", ".WRITER_ID w\n.PEN_DOWN\n" + points(100_001)));
        assertEquals("inc/uqb/ink.dat:100003: more than 100000 points in one pen block", e.getMessage());
    }

    @Test
    void aSegmentHoldsAtMost100000Samples() throws Exception {
        // component 0: 99999 points; component 1: one point, which is two samples
        String ink = ".WRITER_ID w\n.PEN_DOWN\n" + points(99_999) + ".PEN_UP\n.PEN_DOWN\n5 5\n.PEN_UP\n";
        UnipenReader.Result r = read(HEAD + ".SEGMENT CHARACTER 0:1-1 OK \"a\"\n", "uqb/h.doc", DOC, "uqb/ink.dat", ink);
        assertEquals(100_000, r.gestures().get(0).samples().size());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> read(HEAD + ".SEGMENT CHARACTER 0:0-0:0 OK \"a\"\n.SEGMENT CHARACTER 0-1 OK \"b\"\n", "uqb/h.doc", DOC, "uqb/ink.dat", ink));
        assertEquals("x.dat:5: more than 100000 points in one segment", e.getMessage());
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, java.nio.charset.StandardCharsets.ISO_8859_1);
        return p;
    }

    @Test
    void aFolderIsReadFileByFileInPathOrderSkippingHiddenFiles() throws Exception {
        write("set/include/uqb/h.doc", DOC);
        write("set/include/uqb/ink.dat", INK);
        write("set/data/b/2.dat", HEAD + ".SEGMENT CHARACTER 2 OK \"second\"\n");
        write("set/data/a/1.dat", HEAD + ".SEGMENT CHARACTER 0 OK \"first\"\n");
        write("set/data/a/.hidden", ".PEN_DOWN\n");
        RecordingMeter meter = new RecordingMeter();
        Path data = dir.resolve("set/data");
        UnipenReader.Result r = UnipenReader.read(data, null, meter);
        assertEquals(List.of("first", "second"), labels(r));
        assertEquals(2, r.files());
        assertEquals("read 2 gestures from 2 files, skipped 0 segments", r.report().get(0));
        RecordingMeter.Step step = meter.steps.get(0);
        assertEquals(List.of("reading data", "files", 2L, List.of(1L, 2L), true), List.of(step.what, step.unit, step.total, step.updates, step.closed));
        // a release folder's category, through Datasets
        write("set/data/1a/uqb/3.dat", HEAD + ".SEGMENT CHARACTER 0 OK \"cat\"\n");
        assertEquals(List.of("cat"), Datasets.read("unipen", dir.resolve("set"), null, "1a", Meter.NONE, l -> { }).stream()
                .map(Gesture::label).toList());
    }

    @Test
    void anIncludeIsLookedUpInTheIncludeFolderFirstThenBesideTheDataFile() throws Exception {
        write("r/include/uqb/h.doc", DOC);
        write("r/include/uqb/ink.dat", INK);
        write("r/data/1a/uqb/ink.dat", ".WRITER_ID beside\n.PEN_DOWN\n1 1\n.PEN_UP\n");
        Path f = write("r/data/1a/uqb/x.dat", HEAD.replace("uqb/ink.dat", "ink.dat") + ".SEGMENT CHARACTER 0 OK \"a\"\n");
        assertEquals("uqb/beside", UnipenReader.read(f, null, Meter.NONE).gestures().get(0).subject());
        write("r/include/ink.dat", INK);
        assertEquals("uqb/w1", UnipenReader.read(f, null, Meter.NONE).gestures().get(0).subject());
    }

    @Test
    void badPathsAndReadsThatGiveNothingAreOneLine() throws Exception {
        write("r/include/uqb/h.doc", DOC);
        write("r/include/uqb/ink.dat", INK);
        Path bad = write("r/data/1a/uqb/bad.dat", HEAD + ".SEGMENT CHARACTER 0 BAD \"a\"\n.SEGMENT CHARACTER 1 OK \"b\"\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> UnipenReader.read(bad, null, Meter.NONE));
        assertEquals(bad + ": no segments that could be read (skipped: {no pen-down points=1, quality BAD=1})", e.getMessage());
        Path none = write("r/data/1a/uqb/bad.dat", HEAD);
        e = assertThrows(DataFormatException.class, () -> UnipenReader.read(none, null, Meter.NONE));
        assertEquals(none + ": no segments that could be read", e.getMessage());
        e = assertThrows(DataFormatException.class, () -> UnipenReader.read(none, "1a", Meter.NONE));
        assertEquals(none + ": a category applies to a UNIPEN release folder, not a file", e.getMessage());
        Path folder = dir.resolve("r/data/1a");
        e = assertThrows(DataFormatException.class, () -> UnipenReader.read(folder, "1a", Meter.NONE));
        assertEquals(folder + ": a category applies to a UNIPEN release folder (one with data/ and include/)", e.getMessage());
        write("empty/.keep", "");
        Path empty = dir.resolve("empty");
        e = assertThrows(DataFormatException.class, () -> UnipenReader.read(empty, null, Meter.NONE));
        assertEquals(empty + ": no data files below this folder", e.getMessage());
        e = assertThrows(DataFormatException.class, () -> UnipenReader.read(dir.resolve("r"), "2", Meter.NONE));
        assertEquals(dir.resolve("r/data/2") + ": no such category folder", e.getMessage());
    }

    @Test
    void theResultIsACopy() throws Exception {
        List<Gesture> g = new ArrayList<>(segments(".SEGMENT CHARACTER 0 OK \"a\"").gestures());
        java.util.TreeMap<String, Integer> skipped = new java.util.TreeMap<>(Map.of("x", 2, "y", 3));
        UnipenReader.Result r = new UnipenReader.Result(g, skipped, new java.util.TreeMap<>(), 4);
        g.clear();
        skipped.clear();
        assertEquals(1, r.gestures().size());
        assertEquals(5, r.skippedTotal());
        assertEquals(List.of("read 1 gestures from 4 files, skipped 5 segments", "skipped 2: x", "skipped 3: y"), r.report());
    }
}
