package io.gesturestream.model.data;

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
import java.util.List;

import static io.gesturestream.model.features.PenSample.Phase.DOWN;
import static io.gesturestream.model.features.PenSample.Phase.MOVE;
import static io.gesturestream.model.features.PenSample.Phase.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The UCI pendigits original files: digits, writers, points with y flipped, times, and the one {@code file:line: reason} of each bad line. */
class PendigitsReaderTest {
    @TempDir
    Path dir;

    private static List<Gesture> read(String text) throws Exception {
        return PendigitsReader.read(new BufferedReader(new StringReader(text)), "p.tes");
    }

    private static void assertError(String message, String text) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(text), text);
        assertEquals(message, e.getMessage());
    }

    private static PenSample p(PenSample.Phase phase, double x, double y, long t) {
        return PenSample.of(phase, x, y, t);
    }

    @Test
    void digitsWithTheirWritersPointsAndTimes() throws Exception {
        String label = "9".repeat(256);
        List<Gesture> g = read(String.join("\n",
                ".COMMENT before any segment 77", ".INCLUDE x.doc", ".HIERARCHY DIGIT",
                ".SEGMENT DIGIT 0 ? \"7\"", ".COMMENT 7 12 345", ".PEN_DOWN", "10 20", "  11   21  ", ".PEN_UP", ".DT 50", "",
                ".PEN_DOWN", "-5 5", ".PEN_UP", ".DT 0",
                ".SEGMENT DIGIT 1 ? \"3\"", ".COMMENT 3", ".DT 3600000", ".PEN_DOWN", "1 1", "2 2", "3 3", ".PEN_UP",
                ".SEGMENT DIGIT 2 ? \"" + label + "\"", ".COMMENT x w9", ".PEN_DOWN", "0 0", ".PEN_UP"));
        assertEquals(List.of("7", "3", label), g.stream().map(Gesture::label).toList());
        assertEquals(List.of("12", "?", "w9"), g.stream().map(Gesture::subject).toList());
        // 100 ms a point; .DT adds its pause; a one-point stroke is DOWN and UP
        assertEquals(List.of(p(DOWN, 10, -20, 0), p(UP, 11, -21, 100), p(DOWN, -5, -5, 250), p(UP, -5, -5, 250)), g.get(0).samples());
        // each digit's clock starts at 0
        assertEquals(List.of(p(DOWN, 1, -1, 3_600_000), p(MOVE, 2, -2, 3_600_100), p(UP, 3, -3, 3_600_200)), g.get(1).samples());
        assertEquals(List.of(p(DOWN, 0, -0.0, 0), p(UP, 0, -0.0, 0)), g.get(2).samples());
    }

    @Test
    void aLongStrokeKeepsEveryPoint() throws Exception {
        StringBuilder b = new StringBuilder(".SEGMENT DIGIT 0 ? \"1\"\n.PEN_DOWN\n");
        List<Sample> want = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            b.append(i).append(' ').append(2 * i + 1).append('\n');
            want.add(p(i == 0 ? DOWN : i == 599 ? UP : MOVE, i, -2 * i - 1, 100L * i));
        }
        assertEquals(want, read(b.append(".PEN_UP\n").toString()).get(0).samples());
    }

    @Test
    void aDigitHoldsAtMost100000Points() throws Exception {
        String most = ".SEGMENT DIGIT 0 ? \"1\"\n.PEN_DOWN\n" + "1 2\n".repeat(100_000);
        assertEquals(100_000, read(most + ".PEN_UP\n").get(0).samples().size());
        assertError("p.tes:100003: more than 100000 points in one digit", most + "1 2\n.PEN_UP\n");
        // the points of the digit's earlier strokes count: 2, then the 99,999th of the second stroke is one too many
        String two = ".SEGMENT DIGIT 0 ? \"1\"\n.PEN_DOWN\n1 2\n3 4\n.PEN_UP\n.PEN_DOWN\n" + "1 2\n".repeat(100_000);
        assertError("p.tes:100005: more than 100000 points in one digit", two);
    }

    @Test
    void badLinesGiveTheirLine() {
        String seg = ".SEGMENT DIGIT 0 ? \"1\"\n";
        assertError("p.tes:4: .SEGMENT inside a stroke", seg + ".PEN_DOWN\n1 1\n" + seg);
        assertError("p.tes:1: .SEGMENT without a quoted label", ".SEGMENT DIGIT 0 ? 1\n");
        assertError("p.tes:1: .SEGMENT without a quoted label", ".SEGMENT DIGIT 0 ? \"1\n");
        assertError("p.tes:1: label must be 1 to 256 characters", ".SEGMENT DIGIT 0 ? \"\"\n");
        assertError("p.tes:2: label must be 1 to 256 characters", "\n.SEGMENT DIGIT 0 ? \"" + "1".repeat(257) + "\"\n");
        assertError("p.tes:1: .PEN_DOWN before any .SEGMENT", ".PEN_DOWN\n1 1\n.PEN_UP\n");
        assertError("p.tes:3: .PEN_DOWN twice", seg + ".PEN_DOWN\n.PEN_DOWN\n");
        assertError("p.tes:2: .PEN_UP without .PEN_DOWN", seg + ".PEN_UP\n");
        assertError("p.tes:3: empty stroke", seg + ".PEN_DOWN\n.PEN_UP\n");
        assertError("p.tes:2: .DT without a value", seg + ".DT\n");
        assertError("p.tes:2: .DT out of range: -1", seg + ".DT -1\n");
        assertError("p.tes:2: .DT out of range: 3600001", seg + ".DT 3600001\n");
        assertError("p.tes:2: .DT is not a number: 1.5", seg + ".DT 1.5\n");
        assertError("p.tes:2: a point outside .PEN_DOWN/.PEN_UP: 1 1", seg + "1 1\n");
        assertError("p.tes:3: expected 'x y', got: 1 2 3", seg + ".PEN_DOWN\n1 2 3\n");
        assertError("p.tes:3: coordinates must be integers, got: 1.5 2", seg + ".PEN_DOWN\n1.5 2\n");
        assertError("p.tes:3: coordinates must be integers, got: 1 y", seg + ".PEN_DOWN\n1 y\n");
        assertError("p.tes:4: file ends inside a stroke", seg + ".PEN_DOWN\n1 2\n\n");
        assertError("p.tes:1: digit without any stroke", seg + seg + ".PEN_DOWN\n1 2\n.PEN_UP\n");
        assertError("p.tes:5: digit without any stroke", seg + ".PEN_DOWN\n1 2\n.PEN_UP\n" + seg);
        assertError("p.tes: no digits found (is this a pendigits-orig file?)", ".COMMENT nothing\n");
    }

    @Test
    void aFileReportsTheKibibytesRead() throws Exception {
        Path f = dir.resolve("d.tes");
        String digit = ".SEGMENT DIGIT 0 ? \"1\"\n.COMMENT 1 5\n.PEN_DOWN\n" + "100 200\n".repeat(40) + ".PEN_UP\n";
        Files.writeString(f, digit.repeat(10));
        long size = Files.size(f);
        RecordingMeter meter = new RecordingMeter();
        assertEquals(10, PendigitsReader.read(f, meter).size());
        RecordingMeter.Step s = meter.steps.get(0);
        assertEquals(List.of("reading d.tes", "KiB", (size + 1023) / 1024, size / 1024, true), List.of(s.what, s.unit, s.total, s.last(), s.closed));
        assertEquals(PendigitsReader.read(f), PendigitsReader.read(f, meter));
    }
}
