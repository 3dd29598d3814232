package io.gesturestream.model.cli;

import io.gesturestream.model.ModelFile;
import io.gesturestream.model.SpotModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code spot} on the command line: what it refuses is one {@code error:} line and a non-zero exit, never a stack trace. */
class SpotCommandTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(CliResult r, int code, String fragment) {
        assertEquals(code, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    private Path modelFile(boolean spotting) throws Exception {
        return Files.write(dir.resolve(spotting ? "spot.gru" : "plain.gru"), ModelFile.write(SpotModels.model(spotting)));
    }

    /**
     * A wand data folder that reads: one gesture a by person yy (on the test side: SHA-256 of
     * "magic-wand/yy" mod 100 = 85), 20 samples (760 ms) that {@link SpotModels} reads as a, and no
     * long recording of other motion.
     */
    private Path wandData() throws Exception {
        Path a = Files.createDirectories(dir.resolve("data/a"));
        Files.writeString(a.resolve("output_a_yy.txt"), "-,-,-\n" + "1000,0,0\n".repeat(20));
        return dir.resolve("data");
    }

    @Test
    void aModelThatDoesNotSpotIsOneLine() throws Exception {
        String data = wandData().toString();
        assertOneLineError(CliResult.run("spot", "--model", "pendigits", "--data", data), 2,
                "--model pendigits does not spot gestures (train it with --spot)");
        Path plain = modelFile(false);
        assertOneLineError(CliResult.run("spot", "--model", plain.toString(), "--data", data), 2,
                "--model " + plain + " does not spot gestures (train it with --spot)");
    }

    @Test
    void aMissingDataFolderIsOneLine() throws Exception {
        Path spot = modelFile(true);
        Path none = dir.resolve("none");
        assertOneLineError(CliResult.run("spot", "--model", spot.toString(), "--data", none.toString()), 1,
                "--data " + none + ": no such file or folder");
        assertOneLineError(CliResult.run("spot", "--model", spot.toString(), "--datasets", none.toString()), 1,
                "the default --data: no such file or folder");
    }

    @Test
    void dataWithoutLongRecordingsOfOtherMotionIsOneErrorLine() throws Exception {
        Path spot = modelFile(true);
        Path data = wandData();
        CliResult r = CliResult.run("spot", "--model", spot.toString(), "--data", data.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
        assertTrue(r.err().contains("error: " + data + " has no long recordings of other motion (output_negative_N.txt)"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }

    @Test
    void aSpottingModelOverSplicedStreamsAndTheLongRecordingsAlone() throws Exception {
        Path spot = modelFile(true);
        Path data = wandData();
        Path neg = Files.createDirectories(data.resolve("negative"));
        Files.writeString(neg.resolve("output_negative_1.txt"), "-,-,-\n" + "0,0,1000\n".repeat(300));
        // the joins on either side of the gesture read as a too (ax 1/6..5/6), so the run ends at the
        // second sample at rest after the join: 5 x 40 + 80 = 280 ms after the gesture's last sample
        CliResult r = CliResult.run("spot", "--model", spot.toString(), "--data", data.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{\"model\": \"spot-test\", "), r.out());
        assertTrue(r.out().contains("\"seed\": 1, ") && r.out().contains("\"spliced\": {\"streams\": 1, "), r.out());
        assertTrue(r.out().contains("\"gestures\": 1, \"detections\": 1, \"truePositives\": 1, \"falseDetections\": 0, "
                + "\"recall\": 1.0000, \"precision\": 1.0000, \"latencyMs\": {\"p50\": 280.0000, \"p90\": 280.0000}}"), r.out());
        assertTrue(r.out().contains("\"negativeStreams\": {\"streams\": 1, \"minutes\": 0.20, \"gestures\": 0, \"detections\": 0, "), r.out());
        // 300 samples at rest: 4 segments of 3 s (75 samples), each read alone, all unknown; the model never learned from them
        assertTrue(r.out().contains("\"windows\": {\"count\": 4, \"seconds\": 3, \"unknownRate\": 1.0000}"), r.out());
        assertTrue(r.out().contains("\"streams\": [\"magic-wand/negative_1\"], \"heldOut\": true, "), r.out());
        assertEquals(1, r.out().strip().lines().count());
        CliResult text = CliResult.run("spot", "--model", spot.toString(), "--data", data.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("recall 100.00%  precision 100.00%  (1 detections, 0 false)"), text.out());
        assertTrue(text.out().contains("latency after the gesture's last sample: median 280 ms, p90 280 ms"), text.out());
        assertTrue(text.out().contains("long recordings of other motion alone: 1 streams, 0.2 min: 0 false detections"), text.out());
        assertTrue(text.out().contains("the same cut into 4 segments of 3 s, each read alone as evaluate reads a gesture: 100.00% answered unknown"),
                text.out());
    }

    @Test
    void subjectsNarrowTheGesturesToSomePeople() throws Exception {
        Path spot = modelFile(true);
        Path data = wandData();
        // ww is on the test side too (SHA-256 of "magic-wand/ww" mod 100 = 98), zz on the train side (43)
        Files.writeString(data.resolve("a/output_a_ww.txt"), "-,-,-\n" + "1000,0,0\n".repeat(20));
        Files.writeString(data.resolve("a/output_a_zz.txt"), "-,-,-\n" + "1000,0,0\n".repeat(20));
        Path neg = Files.createDirectories(data.resolve("negative"));
        Files.writeString(neg.resolve("output_negative_1.txt"), "-,-,-\n" + "0,0,1000\n".repeat(300));
        CliResult both = CliResult.run("spot", "--model", spot.toString(), "--data", data.toString(), "--json");
        assertEquals(0, both.code(), both.err());
        assertTrue(both.out().contains("\"gestures\": 2, \"detections\": 2, \"truePositives\": 2, "), both.out());
        CliResult one = CliResult.run("spot", "--model", spot.toString(), "--data", data.toString(), "--subjects", "magic-wand/yy", "--json");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.err().contains("subjects magic-wand/yy: 1 gestures"), one.err());
        assertTrue(one.out().contains("\"gestures\": 1, \"detections\": 1, \"truePositives\": 1, "), one.out());
        // a person of another side is not among the test side's subjects
        CliResult other = CliResult.run("spot", "--model", spot.toString(), "--data", data.toString(), "--subjects", "magic-wand/zz");
        assertEquals(1, other.code(), other.err());
        assertEquals("", other.out());
        assertEquals(List.of("error: --subjects: no gesture of subject 'magic-wand/zz' in " + data + " (its subjects: magic-wand/ww, magic-wand/yy)"),
                other.err().lines().filter(l -> l.startsWith("error")).toList(), other.err());
        assertTrue(!other.err().contains("\tat "), other.err());
        CliResult train = CliResult.run("spot", "--model", spot.toString(), "--data", data.toString(), "--split", "train",
                "--subjects", "magic-wand/zz", "--json");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("\"gestures\": 1, \"detections\": 1, "), train.out());
    }

    @Test
    void theCommandIsListedAndHasItsHelp() {
        CliResult help = CliResult.run("spot", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("--model") && help.out().contains("--data") && help.out().contains("--seed"), help.out());
        assertTrue(CliResult.run("--help").out().contains("spot"));
    }

    @Test
    void theDefaultModelLoads() {
        // with the model found, the next problem is the missing data
        CliResult r = CliResult.run("spot", "--data", dir.resolve("none").toString());
        assertTrue(!r.err().contains("--model"), r.err());
        assertTrue(r.err().contains("--data " + dir.resolve("none") + ": no such file or folder"), r.err());
    }
}
