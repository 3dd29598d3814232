package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnipenReaderTest {
    @TempDir
    Path dir;

    /** A contributor's header file, as the include folder holds them (y up, 100 points per second). */
    private static final String DOC = String.join("\n",
            ".VERSION 1.0", ".DATA_SOURCE test", ".COMMENT a comment", "   that goes on .PEN_DOWN-like text",
            ".X_DIM 1000", ".Y_DIM 1000", ".POINTS_PER_SECOND 100", ".COORD X Y", "");

    /**
     * Pen data: component 0 a pen-down stroke of 3 points, then an empty .PEN_UP (no component),
     * 1 a pen-up block with points (the pen in the air), 2 a pen-down stroke of 4 points, a .DT,
     * 3 a one-point stroke.
     */
    private static final String INK = String.join("\n",
            ".WRITER_ID w7", "",
            ".PEN_DOWN", "10 300", "11 200", "12 100", ".PEN_UP",
            "50 50", "60 60",
            ".PEN_DOWN", "100 300", "101 250", "102 200", "103 150", ".PEN_UP",
            ".DT 1000",
            ".PEN_DOWN", "200 200", ".PEN_UP", "");

    private Path release(String category, String institution, String data) throws Exception {
        Path root = dir.resolve("train_r01_v07");
        Path inc = Files.createDirectories(root.resolve("include").resolve(institution).resolve("data"));
        Files.writeString(inc.getParent().resolve(institution + "0.doc"), DOC);
        Files.writeString(inc.resolve("w7.dat"), INK);
        Path d = Files.createDirectories(root.resolve("data").resolve(category).resolve(institution));
        Files.writeString(d.resolve("w7.dat"), data);
        return root;
    }

    private static String dataFile(String institution, String... segments) {
        return ".VERSION 1.0\n.INCLUDE " + institution + "/" + institution + "0.doc\n.INCLUDE " + institution + "/data/w7.dat\n"
                + String.join("\n", segments) + "\n";
    }

    @Test
    void segmentsBecomeGesturesOfTheirPenDownPointsWithYDown() throws Exception {
        Path root = release("1a", "uqb", dataFile("uqb",
                ".SEGMENT CHARACTER 0 OK \"1\"",
                ".SEGMENT CHARACTER 0-2 ? \"4\"",
                ".SEGMENT CHARACTER 2:1-2:2 GOOD \"7\""));
        UnipenReader.Result r = UnipenReader.read(root, "1a", Meter.NONE);
        assertEquals(List.of("1", "4", "7"), r.gestures().stream().map(Gesture::label).toList());
        assertEquals(0, r.skippedTotal());
        assertEquals(Map.of(), r.warnings());
        Gesture one = r.gestures().get(0);
        assertEquals("uqb/w7", one.subject());
        List<Sample> s = one.samples();
        assertEquals(3, s.size());
        PenSample first = (PenSample) s.get(0);
        assertEquals(PenSample.Phase.DOWN, first.phase());
        assertEquals(10f, first.x());
        assertEquals(-300f, first.y());  // uqb's y points up
        assertEquals(PenSample.Phase.UP, ((PenSample) s.get(2)).phase());
        assertEquals(20, s.get(2).t());  // 100 points per second
        // "4": components 0 and 2; the pen-up block 1 between them gives no samples
        List<Sample> four = r.gestures().get(1).samples();
        assertEquals(7, four.size());
        assertEquals(PenSample.Phase.DOWN, ((PenSample) four.get(3)).phase());
        assertEquals(100f, ((PenSample) four.get(3)).x());
        assertEquals(50, four.get(3).t());  // after 5 points, the pen-up ones included
        // "7": points 1 to 2 of component 2
        List<Sample> seven = r.gestures().get(2).samples();
        assertEquals(2, seven.size());
        assertEquals(101f, ((PenSample) seven.get(0)).x());
        assertEquals(102f, ((PenSample) seven.get(1)).x());
    }

    @Test
    void pointRangesAcrossComponentsAndListsAndDtAndOnePointStrokes() throws Exception {
        Path root = release("2", "ced", dataFile("ced",
                ".SEGMENT CHARACTER 0:1-2:0 ? \"x\"",
                ".SEGMENT CHARACTER 2:3-3,0 ? \"y\""));
        List<Gesture> g = UnipenReader.read(root.resolve("data").resolve("2"), null, Meter.NONE).gestures();
        List<Sample> x = g.get(0).samples();
        assertEquals(List.of(11f, 12f, 100f, 100f), x.stream().map(s -> ((PenSample) s).x()).toList());
        assertEquals(PenSample.Phase.UP, ((PenSample) x.get(3)).phase());  // one point: DOWN and UP
        List<Sample> y = g.get(1).samples();
        // 103 (one point), 200 (one point, 1000 ms after .DT), then component 0 whole
        assertEquals(List.of(103f, 103f, 200f, 200f, 10f, 11f, 12f), y.stream().map(s -> ((PenSample) s).x()).toList());
        assertEquals(1090, y.get(2).t());
    }

    @Test
    void escapesAreUndoneAndLigaturesRemovedOrSkipped() throws Exception {
        Path root = release("7", "kai", dataFile("kai",
                ".SEGMENT CHARACTER 0 OK \"\\\"\"",
                ".SEGMENT CHARACTER 0 OK \"\\\\\"",
                ".SEGMENT WORD 0-2 ? \"t\\@h\\@e\\@\"",
                ".SEGMENT WORD 0-2 ? \"\\\"Didn't\"",
                ".SEGMENT CHARACTER 2 OK \"\\@\"",
                ".SEGMENT WORD 0 BAD \"the\""));
        UnipenReader.Result r = UnipenReader.read(root, "7", Meter.NONE);
        assertEquals(List.of("\"", "\\", "the", "\"Didn't"), r.gestures().stream().map(Gesture::label).toList());
        assertEquals(Map.of("a ligature (\\@), not a character", 1, "quality BAD", 1), r.skipped());
        assertTrue(r.report().contains("skipped 1: quality BAD"), r.report().toString());
    }

    @Test
    void skippedSegmentsAreCountedByReason() throws Exception {
        Path root = release("2", "tos", dataFile("tos",
                ".SEGMENT CHARACTER 9 OK \"a\"",
                ".SEGMENT CHARACTER 0:7-0:8 OK \"b\"",
                ".SEGMENT CHARACTER 1 OK \"c\"",
                ".SEGMENT CHARACTER 0 OK \"d\""));
        UnipenReader.Result r = UnipenReader.read(root, "2", Meter.NONE);
        assertEquals(List.of("d"), r.gestures().stream().map(Gesture::label).toList());
        assertEquals(Map.of("names a component beyond those of its files", 1, "names a point beyond its component", 1,
                "no pen-down points", 1), r.skipped());
        assertEquals(List.of("read 1 gestures from 1 files, skipped 3 segments",
                "skipped 1: names a component beyond those of its files", "skipped 1: names a point beyond its component",
                "skipped 1: no pen-down points"), r.report());
    }

    @Test
    void datasetsReadsACategoryFolderAndHandsOnTheCounts() throws Exception {
        Path root = release("2", "kai", dataFile("kai", ".SEGMENT CHARACTER 0 OK \"a\"", ".SEGMENT CHARACTER 2 OK \"\\@\""));
        List<String> notes = new java.util.ArrayList<>();
        List<Gesture> g = Datasets.read("unipen", root.resolve("data/2"), null, Meter.NONE, notes::add);
        assertEquals(1, g.size());
        assertEquals(List.of("read 1 gestures from 1 files, skipped 1 segments", "skipped 1: a ligature (\\@), not a character"), notes);
        var e = assertThrows(DataFormatException.class, () -> Datasets.read("unipen", root.resolve("data/2"), "s01", Meter.NONE));
        assertTrue(e.getMessage().contains("--subjects: no gesture of subject 's01' in "), e.getMessage());
        assertEquals(1, Datasets.read("unipen", root.resolve("data/2"), g.get(0).subject(), Meter.NONE).size());
    }

    @Test
    void anUnknownInstitutionIsReadAsTheFileHasItWithAWarning() throws Exception {
        Path root = release("2", "xyz", dataFile("xyz", ".SEGMENT CHARACTER 0 OK \"1\""));
        UnipenReader.Result r = UnipenReader.read(root, "2", Meter.NONE);
        assertEquals(300f, ((PenSample) r.gestures().get(0).samples().get(0)).y());
        assertEquals(Map.of("institution xyz: orientation unknown, y kept as in the file", 1), r.warnings());
    }

    @Test
    void aSingleDataFileFindsTheIncludeFolderAboveItOrBesideIt() throws Exception {
        Path root = release("1a", "uqb", dataFile("uqb", ".SEGMENT CHARACTER 0 OK \"1\""));
        Path file = root.resolve("data/1a/uqb/w7.dat");
        assertEquals(1, Datasets.read("unipen", file, null).size());
        // relative to the including file, when include/ does not have it
        Path alone = Files.createDirectories(dir.resolve("alone"));
        Files.writeString(alone.resolve("h.doc"), DOC);
        Files.writeString(alone.resolve("ink.dat"), INK);
        Files.writeString(alone.resolve("x.dat"), ".INCLUDE h.doc\n.INCLUDE ink.dat\n.SEGMENT WORD 0-3 ? \"hi\"\n");
        UnipenReader.Result r = UnipenReader.read(alone.resolve("x.dat"), null, Meter.NONE);
        assertEquals("hi", r.gestures().get(0).label());
        assertEquals(9, r.gestures().get(0).samples().size());  // 3, then 4, then a one-point stroke as 2
    }

    @Test
    void coordWithATimeColumnGivesTheTimes() throws Exception {
        Path d = Files.createDirectories(dir.resolve("t"));
        Files.writeString(d.resolve("ink.dat"), ".COORD X Y T\n.WRITER_ID kw\n.PEN_DOWN\n1 2 3201139\n4 5 3201154\n.PEN_UP\n");
        Files.writeString(d.resolve("x.dat"), ".INCLUDE ink.dat\n.SEGMENT CHARACTER 0 ? \"n\"\n");
        Gesture g = UnipenReader.read(d.resolve("x.dat"), null, Meter.NONE).gestures().get(0);
        assertEquals(3201154, g.samples().get(1).t());
        assertEquals("/kw", g.subject().substring(g.subject().indexOf('/')));
    }

    @Test
    void aReleaseFolderNeedsItsCategory() throws Exception {
        Path root = release("1a", "uqb", dataFile("uqb", ".SEGMENT CHARACTER 0 OK \"1\""));
        var e = assertThrows(DataFormatException.class, () -> Datasets.read("unipen", root, null));
        assertTrue(e.getMessage().endsWith("a UNIPEN release folder; read one category: --category 1a, 2, 7, or its folder data/1a, data/2, data/7"), e.getMessage());
        var c = assertThrows(DataFormatException.class, () -> UnipenReader.read(root, "6", Meter.NONE));
        assertTrue(c.getMessage().contains("no such category folder"), c.getMessage());
    }

    @Test
    void badFilesGiveOneErrorNamingFileAndLine() throws Exception {
        String[][] cases = {
                {".INCLUDE uqb/missing.dat\n", "x.dat:1: included file uqb/missing.dat not found"},
                {".INCLUDE uqb/uqb0.doc\n.INCLUDE uqb/data/w7.dat\n.SEGMENT CHARACTER 0 OK 1\n", "x.dat:3: .SEGMENT without a quoted label"},
                {".INCLUDE uqb/uqb0.doc\n.INCLUDE uqb/data/w7.dat\n.SEGMENT CHARACTER 0 FINE \"1\"\n", "x.dat:3: quality must be"},
                {".INCLUDE uqb/uqb0.doc\n.INCLUDE uqb/data/w7.dat\n.SEGMENT CHARACTER 2-1 OK \"1\"\n", "x.dat:3: empty component range"},
                {".INCLUDE uqb/uqb0.doc\n.INCLUDE uqb/data/w7.dat\n.SEGMENT CHARACTER 0:a OK \"1\"\n", "x.dat:3: bad component number"},
                {".INCLUDE uqb/uqb0.doc\n.INCLUDE uqb/data/w7.dat\n.SEGMENT CHARACTER 0 OK \"1\n", "x.dat:3: label without its closing quote"},
        };
        Path root = release("1a", "uqb", "");
        for (String[] c : cases) {
            Path f = root.resolve("data/1a/uqb/x.dat");
            Files.writeString(f, c[0]);
            var e = assertThrows(DataFormatException.class, () -> UnipenReader.read(f, null, Meter.NONE), c[0]);
            assertTrue(e.getMessage().endsWith(c[1]) || e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        }
        // an error in an included file names that file and its line
        Path ink = root.resolve("include/uqb/data/w7.dat");
        Files.writeString(ink, ".PEN_DOWN\n1 2\n3 x\n.PEN_UP\n");
        Path f = root.resolve("data/1a/uqb/x.dat");
        Files.writeString(f, dataFile("uqb", ".SEGMENT CHARACTER 0 OK \"1\""));
        var e = assertThrows(DataFormatException.class, () -> UnipenReader.read(f, null, Meter.NONE));
        assertEquals(ink + ":3: not a coordinate: x", e.getMessage());
        Files.writeString(ink, ".PEN_DOWN\n1 2 3\n.PEN_UP\n");
        e = assertThrows(DataFormatException.class, () -> UnipenReader.read(f, null, Meter.NONE));
        assertEquals(ink + ":2: expected 2 numbers (.COORD), got: 1 2 3", e.getMessage());
    }
}
