package io.gesturestream.app.cli;

import io.gesturestream.model.data.DataFormatException;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.ImuSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replay --data} on magic-wand recordings: a folder or an {@code output_*.txt} file, its negatives replayed as unknown. */
class ReplayWandDataTest {
    @TempDir
    Path dir;

    @Test
    void aWandFolderOrFileIsReadAsWandWithItsNegatives() throws Exception {
        Path wing = Files.createDirectories(dir.resolve("data/wing"));
        Path negative = Files.createDirectories(dir.resolve("data/negative"));
        Path file = Files.writeString(wing.resolve("output_wing_ann.txt"), "Script started\n-,-,-\n1000,0,0\n0,1000,0\n");
        Files.writeString(negative.resolve("output_negative_ccw_1.txt"), "-,-,-\n0,0,1000\n");
        Files.writeString(negative.resolve("output_negative_1.txt"), "-,-,-\n0,0,1000\n");  // a long stream: not replayed
        List<Gesture> all = Cli.readGestures(dir.resolve("data").toString());
        assertEquals(List.of("unknown magic-wand/ccw_1", "wing magic-wand/ann"), all.stream().map(g -> g.label() + " " + g.subject()).toList());
        List<Gesture> one = Cli.readGestures(file.toString());
        assertEquals(List.of(ImuSample.accel(1, 0, 0, 0), ImuSample.accel(0, 1, 0, 40)), one.get(0).samples());
    }

    @Test
    void badWandDataIsOneLineBeforeAnyCluster() throws Exception {
        Path wing = Files.createDirectories(dir.resolve("wing"));
        Path bad = Files.writeString(wing.resolve("output_wing_ann.txt"), "-,-,-\n1,2,3\n1,2,NaN\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cli.readGestures(dir.toString()));
        assertEquals(bad + ":3: z is not a finite number: 1,2,NaN", e.getMessage());
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true), new PrintStream(err, true), Main.appCommands())
                .run(new String[] {"replay", "--data", dir.toString(), "--bootstrap", "127.0.0.1:1"}, Map.of());
        assertEquals(1, code, err.toString());
        assertEquals("error: " + bad + ":3: z is not a finite number: 1,2,NaN", err.toString().strip());
    }
}
