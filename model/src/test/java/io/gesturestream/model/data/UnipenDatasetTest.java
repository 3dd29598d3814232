package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.features.PenSample;
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
 * The UNIPEN reader on the real train_r01_v07 digits and characters (read from
 * {@code -Dgesture.datasets}, by default {@code ../shared/datasets}; skipped where absent): the
 * counts of the dataset's README, and the orientation of every institution checked on the data
 * with the measures that {@link UnipenReader#ORIENTATION} cites, now with y down.
 */
class UnipenDatasetTest {
    private static Path release() {
        Path root = Path.of(System.getProperty("gesture.datasets", "../shared/datasets")).resolve("unipen/train_r01_v07");
        assumeTrue(Files.isDirectory(root.resolve("data")), "UNIPEN not found at " + root);
        return root;
    }

    @Test
    void digitsAreAllReadAndDrawnTopDown() throws Exception {
        UnipenReader.Result r = UnipenReader.read(release(), "1a", Meter.NONE);
        assertEquals(2938, r.gestures().size());
        assertEquals(Map.of(), r.skipped());
        assertEquals(Map.of(), r.warnings());
        assertEquals(122, r.gestures().stream().map(Gesture::subject).distinct().count());
        // S: most strokes of a digit start at their top; with y down that is their smaller y
        Map<String, int[]> byInstitution = new TreeMap<>();
        for (Gesture g : r.gestures()) {
            int[] c = byInstitution.computeIfAbsent(institution(g), k -> new int[2]);
            for (float[] s : strokes(g.samples())) {
                if (s[2] == s[1]) continue;
                c[1]++;
                if (s[0] - s[1] < s[2] - s[0]) c[0]++;
            }
        }
        assertEquals(List.of("aga", "cea", "ceb", "ced", "tos", "uqb"), List.copyOf(byInstitution.keySet()));
        byInstitution.forEach((inst, c) -> assertTrue(c[0] >= 0.7 * c[1], inst + ": " + c[0] + " of " + c[1] + " strokes start at the top"));
    }

    @Test
    void charactersAreTheNinetyFourLabelsWithTheirDotsAbove() throws Exception {
        UnipenReader.Result r = UnipenReader.read(release(), "2", Meter.NONE);
        assertEquals(36092, r.gestures().size());
        assertEquals(Map.of("a ligature (\\@), not a character", 1585, "names a component beyond those of its files", 1), r.skipped());
        assertEquals(Map.of(), r.warnings());
        assertEquals(157, r.gestures().stream().map(Gesture::subject).distinct().count());
        List<String> labels = r.gestures().stream().map(Gesture::label).distinct().sorted().toList();
        assertEquals(94, labels.size());
        for (char ch = '!'; ch <= '~'; ch++) assertTrue(labels.contains(String.valueOf(ch)), "label " + ch);
        // D: the dot of an i or a j lies above the middle of the character, at the smaller y
        Map<String, int[]> dots = new TreeMap<>();
        for (Gesture g : r.gestures()) {
            if (!g.label().equals("i") && !g.label().equals("j")) continue;
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (Sample x : g.samples()) {
                lo = Math.min(lo, ((PenSample) x).y());
                hi = Math.max(hi, ((PenSample) x).y());
            }
            float h = hi - lo;
            List<float[]> strokes = strokes(g.samples());
            for (int k = 1; k < strokes.size(); k++) {
                float[] s = strokes.get(k);
                if (h <= 0 || s[2] - s[1] >= 0.08f * h) continue;
                int[] c = dots.computeIfAbsent(institution(g), key -> new int[2]);
                c[1]++;
                if (s[3] < (lo + hi) / 2) c[0]++;
            }
        }
        assertTrue(dots.keySet().containsAll(List.of("aga", "ced", "kai", "lav")), dots.keySet().toString());
        dots.forEach((inst, c) -> {
            if (c[1] >= 8) assertTrue(c[0] >= 0.9 * c[1], inst + ": " + c[0] + " of " + c[1] + " dots above the middle");
        });
    }

    private static String institution(Gesture g) {
        return g.subject().substring(0, g.subject().indexOf('/'));
    }

    /** Each stroke's first y, smallest y, largest y and mean y. */
    private static List<float[]> strokes(List<Sample> samples) {
        List<float[]> out = new java.util.ArrayList<>();
        float[] cur = null;
        int n = 0;
        for (Sample x : samples) {
            PenSample p = (PenSample) x;
            if (p.phase() == PenSample.Phase.DOWN) {
                cur = new float[] {p.y(), p.y(), p.y(), 0};
                n = 0;
                out.add(cur);
            }
            cur[1] = Math.min(cur[1], p.y());
            cur[2] = Math.max(cur[2], p.y());
            cur[3] = (cur[3] * n + p.y()) / ++n;
        }
        return out;
    }
}
