package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link WandReader} on the real magic-wand data (read from {@code -Dgesture.datasets}, by default
 * {@code ../shared/datasets}; skipped where absent): the counts of the dataset's README, the noise
 * it skips, the long streams it sets aside, and the people's split sides.
 */
class WandDatasetTest {
    private static Path data() {
        Path root = Path.of(System.getProperty("gesture.datasets", "../shared/datasets")).resolve("magic-wand/data");
        assumeTrue(Files.isDirectory(root), "magic-wand not found at " + root);
        return root;
    }

    @Test
    void allRecordingsAreReadWithTheReadmesCountsAndTheStreamsSetAside() throws Exception {
        WandReader.Result r = WandReader.read(data(), Meter.NONE);
        Map<String, Integer> byLabel = new TreeMap<>();
        for (Gesture g : r.gestures()) byLabel.merge(g.label(), 1, Integer::sum);
        // 669 gestures and 58 segmented negatives (ccw_1 35, ccw_2 10, jiangyh 13)
        assertEquals(Map.of("wing", 223, "ring", 218, "slope", 228, "unknown", 58), byLabel);
        assertEquals(Map.of("ccw_1", 35, "ccw_2", 10, "jiangyh", 13), count(r.gestures().stream().filter(g -> g.label().equals("unknown")).toList()));
        assertEquals(Map.ofEntries(Map.entry("dengyl", 63), Map.entry("hyw", 120), Map.entry("jiangyh", 83), Map.entry("liucx", 63),
                Map.entry("lsj", 68), Map.entry("pengxl", 59), Map.entry("shiyun", 67), Map.entry("tangsy", 30), Map.entry("xunkai", 65),
                Map.entry("zhangxy", 64), Map.entry("ccw_1", 35), Map.entry("ccw_2", 10)), count(r.gestures()));
        assertEquals(List.of("magic-wand/negative_1", "magic-wand/negative_2", "magic-wand/negative_3", "magic-wand/negative_4",
                "magic-wand/negative_5"), r.streams().stream().map(Gesture::subject).toList());
        assertEquals(List.of(895, 2010, 2225, 1903, 2395), r.streams().stream().map(g -> g.samples().size()).toList());
        assertEquals(List.of(
                "read 727 recordings (ring 218, slope 228, unknown 58, wing 223) of 12 subjects from 38 files",
                "set aside 5 long unsegmented streams of other motion (output_negative_<n>.txt, 9428 samples, label unknown): not "
                        + "gestures; they name no person, so no split side holds them (train --spot --negatives, spot --streams)",
                "skipped 13200 lines that are not three numbers (terminal noise, 12142 of them blank) in 36 files"), r.report());
        // the README's 33-175 samples per recording of a gesture; about 1 g at rest
        int shortest = Integer.MAX_VALUE, longest = 0;
        for (Gesture g : r.gestures()) {
            if (g.label().equals("unknown")) continue;
            shortest = Math.min(shortest, g.samples().size());
            longest = Math.max(longest, g.samples().size());
        }
        assertEquals(33, shortest);
        assertEquals(175, longest);
        double sum = 0;
        int n = 0;
        for (Gesture g : r.streams()) {
            for (Sample s : g.samples()) {
                ImuSample m = (ImuSample) s;
                sum += Math.sqrt(m.ax() * m.ax() + m.ay() * m.ay() + m.az() * m.az());
                n++;
            }
        }
        assertTrue(Math.abs(sum / n - 1) < 0.2, "mean magnitude " + sum / n + " g");
    }

    @Test
    void theSplitSidesHoldWholePeople() throws Exception {
        List<Gesture> all = WandReader.read(data(), Meter.NONE).gestures();
        assertEquals(Map.of("jiangyh", 83, "liucx", 63, "lsj", 68, "pengxl", 59, "shiyun", 67, "ccw_1", 35),
                count(WriterSplit.TRAIN.select(all, "magic-wand")));
        assertEquals(Map.of("dengyl", 63), count(WriterSplit.VALIDATION.select(all, "magic-wand")));
        assertEquals(Map.of("hyw", 120, "tangsy", 30, "xunkai", 65, "zhangxy", 64, "ccw_2", 10),
                count(WriterSplit.TEST.select(all, "magic-wand")));
    }

    /** Gestures per person (the subject without its prefix). */
    private static Map<String, Integer> count(List<Gesture> gestures) {
        Map<String, Integer> n = new TreeMap<>();
        for (Gesture g : gestures) n.merge(g.subject().substring(WandReader.SUBJECT_PREFIX.length()), 1, Integer::sum);
        return n;
    }
}
