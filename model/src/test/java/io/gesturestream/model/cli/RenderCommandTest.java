package io.gesturestream.model.cli;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.JsonlReader;
import io.gesturestream.model.features.PenSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.gesturestream.model.features.PenSample.Phase.DOWN;
import static io.gesturestream.model.features.PenSample.Phase.MOVE;
import static io.gesturestream.model.features.PenSample.Phase.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code render} on gestures whose drawing is known to the pixel: a cell of 100 pixels has a
 * padding of 5, a text band of 12 and a drawing box of 78, the gesture's longer side fitted to it
 * and centred along the shorter one.
 */
class RenderCommandTest {
    @TempDir
    Path dir;

    private static CliResult run(String... args) {
        return CliResult.run(args);
    }

    /** A horizontal (or vertical) line of three points, 20 long, away from the origin (the drawing does not depend on where). */
    private static Gesture line(String label, String writer, boolean horizontal) {
        return new Gesture(label, writer, List.of(PenSample.of(DOWN, 300, -40, 0),
                PenSample.of(MOVE, horizontal ? 310 : 300, horizontal ? -40 : -30, 10), PenSample.of(UP, horizontal ? 320 : 300, horizontal ? -40 : -20, 20)));
    }

    /** Two horizontal strokes, 20 long, 20 apart: the square box is filled edge to edge. */
    private static Gesture twoStrokes() {
        return new Gesture("=", "w3", List.of(PenSample.of(DOWN, 50, 70, 0), PenSample.of(UP, 70, 70, 10),
                PenSample.of(DOWN, 50, 90, 20), PenSample.of(UP, 70, 90, 30)));
    }

    private Path data(List<Gesture> gestures) throws Exception {
        Path f = dir.resolve("g.jsonl");
        try (Writer w = Files.newBufferedWriter(f)) {
            JsonlReader.write(w, gestures, "s");
        }
        return f;
    }

    private static boolean white(int rgb) {
        return (rgb & 0xFFFFFF) == 0xFFFFFF;
    }

    /** Mostly the stroke's blue 0x2050A0. */
    private static boolean blue(int rgb) {
        int r = rgb >> 16 & 0xFF, g = rgb >> 8 & 0xFF, b = rgb & 0xFF;
        return r < 110 && b > 150 && b - r > 60;
    }

    /** Mostly the start mark's orange 0xE07020. */
    private static boolean orange(int rgb) {
        int r = rgb >> 16 & 0xFF, b = rgb & 0xFF;
        return r > 180 && r - b > 90;
    }

    private static boolean dark(int rgb) {
        return (rgb >> 16 & 0xFF) < 80 && (rgb >> 8 & 0xFF) < 80 && (rgb & 0xFF) < 80;
    }

    private static int darkIn(BufferedImage img, int x0, int x1, int y0, int y1) {
        int n = 0;
        for (int x = x0; x < x1; x++) for (int y = y0; y < y1; y++) if (dark(img.getRGB(x, y))) n++;
        return n;
    }

    private static String hex(BufferedImage img, int x, int y) {
        return String.format("(%d,%d)=%06x", x, y, img.getRGB(x, y) & 0xFFFFFF);
    }

    @Test
    void eachCellHasItsBorderStrokesStartMarkAndLabel() throws Exception {
        // of four gestures, --count 2 draws the 1st and the 3rd: a horizontal and a vertical line
        Path f = data(List.of(line("h", "w1", true), line("x", "w2", false), line("v", "w2", false), line("y", "w1", true)));
        Path png = dir.resolve("g.png");
        CliResult r = run("render", "--format", "jsonl", "--data", f.toString(), "--count", "2", "--columns", "5", "--cell", "100",
                "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("wrote " + png + " (2 of 4 gestures, 2 x 1)\n", r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(List.of(200, 100), List.of(img.getWidth(), img.getHeight()));
        for (int x0 : new int[] {0, 100}) {
            // the border, one pixel inside the cell on each side
            for (int[] p : new int[][] {{x0, 30}, {x0 + 99, 30}, {x0 + 30, 0}, {x0 + 30, 99}}) {
                assertEquals(0xDDDDDD, img.getRGB(p[0], p[1]) & 0xFFFFFF, hex(img, p[0], p[1]));
            }
            assertTrue(white(img.getRGB(x0 + 3, 30)) && white(img.getRGB(x0 + 96, 30)) && white(img.getRGB(x0 + 20, 20)),
                    hex(img, x0 + 3, 30) + hex(img, x0 + 96, 30) + hex(img, x0 + 20, 20));
            // the label and writer in black in the text band, and nothing dark above it
            assertTrue(darkIn(img, x0 + 5, x0 + 12, 84, 98) > 1, "label in cell at " + x0);
            assertTrue(darkIn(img, x0 + 14, x0 + 40, 84, 98) > 3, "writer after the label in cell at " + x0);
            assertEquals(0, darkIn(img, x0 + 1, x0 + 99, 1, 84), "dark pixels above the text band of cell at " + x0);
            assertEquals(0, darkIn(img, x0 + 60, x0 + 99, 84, 99), "the text band's right end is empty in cell at " + x0);
        }
        // cell 1: the horizontal line from (5, 44) to (83, 44) on pixel row 44, 1.67 pixels wide (rows 43 and 45 tinted),
        // its start marked around (5.5, 44.5)
        for (int x : new int[] {8, 30, 44, 60, 80}) {
            assertTrue(blue(img.getRGB(x, 44)) && !white(img.getRGB(x, 43)) && !white(img.getRGB(x, 45)),
                    hex(img, x, 43) + " " + hex(img, x, 44) + " " + hex(img, x, 45));
            assertTrue(white(img.getRGB(x, 41)) && white(img.getRGB(x, 47)), hex(img, x, 41) + " " + hex(img, x, 47));
        }
        assertTrue(white(img.getRGB(87, 44)) && white(img.getRGB(1, 44)), hex(img, 87, 44) + " " + hex(img, 1, 44));
        assertTrue(orange(img.getRGB(5, 42)) && orange(img.getRGB(5, 46)), hex(img, 5, 42) + " " + hex(img, 5, 46));
        // cell 2: the vertical line from (144, 5) to (144, 83), marked at its top
        for (int y : new int[] {10, 30, 50, 80}) {
            assertTrue(blue(img.getRGB(144, y)) && !white(img.getRGB(143, y)) && !white(img.getRGB(145, y)),
                    hex(img, 143, y) + " " + hex(img, 144, y) + " " + hex(img, 145, y));
            assertTrue(white(img.getRGB(141, y)) && white(img.getRGB(147, y)), hex(img, 141, y) + " " + hex(img, 147, y));
        }
        assertTrue(orange(img.getRGB(142, 5)) && orange(img.getRGB(146, 5)), hex(img, 142, 5) + " " + hex(img, 146, 5));
        assertTrue(white(img.getRGB(144, 87)), hex(img, 144, 87));
        // antialiased: many shades, not just the five colours drawn
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < 200; x++) for (int y = 0; y < 100; y++) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 10, colours.size() + " colours");
    }

    @Test
    void everyStrokeOfAGestureIsDrawnAndMarked() throws Exception {
        Path f = data(List.of(twoStrokes()));
        Path png = dir.resolve("two.png");
        CliResult r = run("render", "--format", "jsonl", "--data", f.toString(), "--cell", "100", "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("wrote " + png + " (1 of 1 gestures, 1 x 1)\n", r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        // the strokes on rows 5 and 83, from x 5 to 83; nothing between them
        for (int x : new int[] {10, 44, 80}) {
            assertTrue(blue(img.getRGB(x, 5)) && blue(img.getRGB(x, 83)), hex(img, x, 5) + " " + hex(img, x, 83));
            assertTrue(white(img.getRGB(x, 44)), hex(img, x, 44));
        }
        // each stroke's start is marked
        for (int y : new int[] {3, 7, 81, 85}) assertTrue(orange(img.getRGB(5, y)), hex(img, 5, y));
    }

    @Test
    void theWriterPrefixSelectsAndTheOutputIsCheckedFirst() throws Exception {
        Path f = data(List.of(line("a", "uqb/1", true), line("b", "uqb/2", false), line("c", "lex/1", true)));
        Path png = dir.resolve("w.png");
        CliResult r = run("render", "--format", "jsonl", "--data", f.toString(), "--writer", "s", "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("wrote " + png + " (3 of 3 gestures, 3 x 1)\n", r.out());  // JSONL's writers are its sessions s0, s1, s2
        Path uni = dir.resolve("u.jsonl");
        Files.writeString(uni, Files.readString(f).replace("\"s0\"", "\"uqb/1\"").replace("\"s1\"", "\"uqb/2\"").replace("\"s2\"", "\"lex/1\""));
        r = run("render", "--format", "jsonl", "--data", uni.toString(), "--writer", "uqb/", "--columns", "1", "--cell", "32", "--out", png.toString());
        assertEquals("wrote " + png + " (2 of 2 gestures, 1 x 2)\n", r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(List.of(32, 64), List.of(img.getWidth(), img.getHeight()));
        // the second cell is drawn on the second row: its border
        assertEquals(List.of(0xDDDDDD, 0xDDDDDD), List.of(img.getRGB(0, 48) & 0xFFFFFF, img.getRGB(16, 32) & 0xFFFFFF));
        String missing = dir.resolve("no/g.png").toString();
        r = run("render", "--format", "jsonl", "--data", f.toString(), "--out", missing);
        assertEquals(List.of(1, "error: --out " + missing + ": folder " + dir.resolve("no") + " does not exist\n", ""), List.of(r.code(), r.err(), r.out()));
        Path imu = dir.resolve("imu.jsonl");
        Files.writeString(imu, "{\"session\":\"a\",\"t\":1,\"type\":\"SAMPLE\",\"ax\":1,\"ay\":2,\"az\":3,\"label\":\"x\"}\n"
                + "{\"session\":\"a\",\"t\":2,\"type\":\"END\"}\n");
        r = run("render", "--format", "jsonl", "--data", imu.toString(), "--out", png.toString());
        assertEquals(List.of(1, "error: render draws pen gestures only\n"), List.of(r.code(), r.err()));
    }
}
