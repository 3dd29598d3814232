package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WandReader} on small magic-wand files written here, noise and naming included. */
class WandReaderTest {
    @TempDir
    Path dir;

    /** Writes {@code text} to {@code relative} under the temp folder, its folders made. */
    private Path write(String relative, String text) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static String error(Path path) {
        return assertThrows(DataFormatException.class, () -> WandReader.read(path, Meter.NONE)).getMessage();
    }

    @Test
    void samplesAreInGAtFortyMillisecondsFromZeroInEachRecording() throws Exception {
        Path f = write("wing/output_wing_ann.txt", "-,-,-\r\n-665.0,228.0,827.0\r\n1000,-2000,0.5\r\n -,-,-\r\n12,34,56\r\n");
        WandReader.Result r = WandReader.read(f, Meter.NONE);
        assertEquals(2, r.gestures().size());
        List<Sample> a = r.gestures().get(0).samples();
        assertEquals(ImuSample.accel(-0.665, 0.228, 0.827, 0), a.get(0));
        assertEquals(ImuSample.accel(1.0, -2.0, 0.0005, 40), a.get(1));
        assertFalse(((ImuSample) a.get(0)).hasGyro());
        assertEquals(List.of(ImuSample.accel(0.012, 0.034, 0.056, 0)), r.gestures().get(1).samples());
        assertEquals(25, WandReader.SAMPLE_RATE_HZ);
        assertEquals(List.of(), r.streams());
        assertEquals(List.of("read 2 recordings (wing 2) of 1 subjects from 1 files"), r.report());
    }

    @Test
    void labelIsTheFolderSubjectThePersonAndNegativesAreUnknown() throws Exception {
        write("data/ring/output_ring_hyw.txt", "-,-,-\n1,2,3\n");
        write("data/slope/output_slope_xunkai.txt", "-,-,-\n1,2,3\n");
        write("data/negative/output_negative_ccw_1.txt", "-,-,-\n1,2,3\n-,-,-\n4,5,6\n");
        write("data/negative/output_negative_jiangyh.txt", "-,-,-\n1,2,3\n");
        write("data/README.md", "not data, not counted\n");
        WandReader.Result r = WandReader.read(dir.resolve("data"), Meter.NONE);
        // sorted path order: negative, ring, slope
        assertEquals(List.of("unknown magic-wand/ccw_1", "unknown magic-wand/ccw_1", "unknown magic-wand/jiangyh", "ring magic-wand/hyw",
                "slope magic-wand/xunkai"), r.gestures().stream().map(g -> g.label() + " " + g.subject()).toList());
        assertEquals(OutputKind.UNKNOWN, r.gestures().get(0).label());
        assertEquals("read 5 recordings (ring 1, slope 1, unknown 3) of 4 subjects from 4 files", r.report().get(0));
        assertEquals(1, r.report().size(), r.report().toString());
    }

    @Test
    void theLongNegativeStreamsAreSetAsideWholeWithTimeGoingOn() throws Exception {
        write("data/negative/output_negative_1.txt", "-,-,-\n1,0,0\n2,0,0\n-,-,-\n3,0,0\n");
        write("data/negative/output_negative_12.txt", "-,-,-\n5,0,0\n");
        write("data/wing/output_wing_ann.txt", "-,-,-\n1,2,3\n");
        WandReader.Result r = WandReader.read(dir.resolve("data"), Meter.NONE);
        assertEquals(List.of("wing"), r.gestures().stream().map(Gesture::label).toList());
        assertEquals(List.of("unknown magic-wand/negative_1", "unknown magic-wand/negative_12"),
                r.streams().stream().map(g -> g.label() + " " + g.subject()).toList());
        assertEquals(List.of(ImuSample.accel(0.001, 0, 0, 0), ImuSample.accel(0.002, 0, 0, 40), ImuSample.accel(0.003, 0, 0, 80)),
                r.streams().get(0).samples());
        assertEquals("set aside 2 long unsegmented streams of other motion (output_negative_<n>.txt, 4 samples, label unknown): not "
                + "gestures; they name no person, so no split side holds them (train --spot --negatives, spot --streams)", r.report().get(1));
    }

    @Test
    void noiseLinesAreSkippedAndCountedWithTheirFiles() throws Exception {
        write("data/wing/output_wing_ann.txt", "Script started on Mon Jul 29 11:41:41 2019\r\n\u001b[?1034hbash-3.2$ screen\r\n\r\n\r\n"
                + " -,-,-\r\n1,2,3\r\n\b\r\n11\r\n1,2\r\n1,2,x\r\n\u001b[K1,2,3\r\n4,5,6\r\n\r\nScript done on Mon Jul 29 11:43:25 2019\r\n");
        write("data/wing/output_wing_bob.txt", "-,-,-\n1,2,3\n");
        WandReader.Result r = WandReader.read(dir.resolve("data"), Meter.NONE);
        assertEquals(List.of(2, 1), r.gestures().stream().map(g -> g.samples().size()).toList());
        assertEquals(ImuSample.accel(0.004, 0.005, 0.006, 40), r.gestures().get(0).samples().get(1));  // noise takes no time
        assertEquals(List.of("read 2 recordings (wing 2) of 2 subjects from 2 files",
                "skipped 11 lines that are not three numbers (terminal noise, 3 of them blank) in 1 files"), r.report());
    }

    @Test
    void emptyRecordingsAndSamplesBeforeTheFirstMarkAreSkippedAndCounted() throws Exception {
        Path f = write("wing/output_wing_ann.txt", "7,8,9\n7,8,9\n-,-,-\n-,-,-\n\n-,-,-\n1,2,3\n-,-,-\n");
        WandReader.Result r = WandReader.read(f, Meter.NONE);
        assertEquals(1, r.gestures().size());
        assertEquals(List.of(ImuSample.accel(0.001, 0.002, 0.003, 0)), r.gestures().get(0).samples());
        assertEquals(List.of("read 1 recordings (wing 1) of 1 subjects from 1 files",
                "skipped 1 lines that are not three numbers (terminal noise, 1 of them blank) in 1 files",
                "skipped 3 empty recordings (a -,-,- with no sample before the next one or the end of the file)",
                "skipped 2 samples before the first -,-,- of their file (in 1 files): only a -,-,- starts a recording"), r.report());
    }

    @Test
    void aValueNotFiniteOrBeyondSixteenGIsAnErrorAtItsLine() throws Exception {
        Path f = write("wing/output_wing_ann.txt", "-,-,-\n1,2,3\n1,16001,3\n");
        assertEquals(f + ":3: y = 16001 milli-g is beyond ±16000 (16 g): 1,16001,3", error(f));
        write("wing/output_wing_ann.txt", "noise\n-,-,-\n1,2,NaN\n");
        assertEquals(f + ":3: z is not a finite number: 1,2,NaN", error(f));
        write("wing/output_wing_ann.txt", "-,-,-\n1e999,2,3\n");
        assertEquals(f + ":2: x is not a finite number: 1e999,2,3", error(f));
        write("wing/output_wing_ann.txt", "-,-,-\n-16000,16000,0\n");
        assertEquals(1, WandReader.read(f, Meter.NONE).gestures().size());
        // one error line, even for a file in a folder
        write("wing/output_wing_bob.txt", "-,-,-\n1,-Infinity,3\n");
        assertEquals(dir.resolve("wing/output_wing_bob.txt") + ":2: y is not a finite number: 1,-Infinity,3", error(dir));
    }

    @Test
    void filesNotNamedAfterTheirFolderAreSkippedAndCounted() throws Exception {
        write("data/wing/output_wing_ann.txt", "-,-,-\n1,2,3\n");
        write("data/wing/output_ring_ann.txt", "-,-,-\n1,2,3\n");
        write("data/wing/output_wing_.txt", "-,-,-\n1,2,3\n");
        write("data/wing/notes.txt", "-,-,-\n1,2,3\n");
        WandReader.Result r = WandReader.read(dir.resolve("data"), Meter.NONE);
        assertEquals(1, r.gestures().size());
        assertEquals("skipped 2 output_*.txt files not named output_<folder>_<person>.txt in their folder <folder> (first: "
                + dir.resolve("data/wing/output_ring_ann.txt") + ")", r.report().get(1));
        assertNull(WandReader.naming(dir.resolve("data/wing/output_ring_ann.txt")));
        assertEquals(dir.resolve("data/wing/output_ring_ann.txt") + ": not a magic-wand file: expected output_<folder>_<person>.txt in "
                + "its folder <folder>, such as wing/output_wing_hyw.txt", error(dir.resolve("data/wing/output_ring_ann.txt")));
    }

    @Test
    void aFolderWithoutRecordingsIsOneClearError() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        write("empty/readme.txt", "-,-,-\n1,2,3\n");
        assertEquals(dir.resolve("empty") + ": no output_*.txt file below this folder (the magic-wand files are "
                + "<gesture>/output_<gesture>_<person>.txt)", error(dir.resolve("empty")));
        write("odd/output_x_y.txt", "-,-,-\n1,2,3\n");
        assertTrue(error(dir.resolve("odd")).startsWith(dir.resolve("odd") + ": none of its 1 output_*.txt files is named"));
        Path noise = write("wing/output_wing_ann.txt", "Script started\n\n-,-,-\n");
        assertEquals(noise + ": no recording (a line -,-,- followed by x,y,z lines in milli-g)", error(noise));
        assertEquals(dir.resolve("none") + ": no such file or folder", error(dir.resolve("none")));
    }

    @Test
    void aTextReadAloneNamesItsSourceAndRefusesNoRecording() throws Exception {
        WandReader.Result r = WandReader.read(new BufferedReader(new StringReader("-,-,-\n1,2,3\n")), "t.txt", "wing", "ann", false);
        assertEquals("magic-wand/ann", r.gestures().get(0).subject());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> WandReader.read(new BufferedReader(new StringReader("1,2,3\n")), "t.txt", "wing", "ann", false));
        assertEquals("t.txt: no recording (a line -,-,- followed by x,y,z lines in milli-g)", e.getMessage());
    }

    /** The sides of the ten people, ccw_1 and ccw_2 under {@link WriterSplit}: what the class comment and the README say. */
    @Test
    void theSplitSidesOfThePeopleArePinned() {
        Map<String, List<String>> sides = new TreeMap<>();
        for (String p : List.of("dengyl", "hyw", "jiangyh", "liucx", "lsj", "pengxl", "shiyun", "tangsy", "xunkai", "zhangxy", "ccw_1", "ccw_2")) {
            sides.computeIfAbsent(WriterSplit.of(WandReader.SUBJECT_PREFIX + p).word(), k -> new java.util.ArrayList<>()).add(p);
        }
        assertEquals(Map.of("train", List.of("jiangyh", "liucx", "lsj", "pengxl", "shiyun", "ccw_1"),
                "validation", List.of("dengyl"),
                "test", List.of("hyw", "tangsy", "xunkai", "zhangxy", "ccw_2")), sides);
    }
}
