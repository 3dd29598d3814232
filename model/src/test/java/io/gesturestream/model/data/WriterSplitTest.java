package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.features.PenSample;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.gesturestream.model.data.WriterSplit.TEST;
import static io.gesturestream.model.data.WriterSplit.TRAIN_AND_VALIDATION;
import static io.gesturestream.model.data.WriterSplit.TRAIN;
import static io.gesturestream.model.data.WriterSplit.VALIDATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WriterSplitTest {
    private static Gesture by(String subject) {
        return new Gesture("1", subject, List.of(new PenSample(PenSample.Phase.DOWN, 0, 0, Float.NaN, 0)));
    }

    @Test
    void theAssignmentIsPinnedAndMatchesTheDocumentedRule() {
        // the buckets as Python computes them from the README's rule:
        // int.from_bytes(hashlib.sha256(s.encode()).digest(), "big") % 100
        Map<String, Integer> buckets = new LinkedHashMap<>();
        buckets.put("uqb/1", 40);
        buckets.put("uqb/2", 18);
        buckets.put("uqb/3", 92);
        buckets.put("uqb/13", 77);
        buckets.put("uqb/39", 71);
        buckets.put("apa/17", 91);
        buckets.put("sta0/ws001", 88);
        buckets.put("s02", 82);
        buckets.put("person0", 65);
        buckets.put("écrit/ü", 45);
        Map<String, WriterSplit> sides = new LinkedHashMap<>();
        for (String s : buckets.keySet()) sides.put(s, WriterSplit.of(s));
        Map<String, Integer> got = new LinkedHashMap<>();
        for (String s : buckets.keySet()) got.put(s, WriterSplit.bucket(s));
        assertEquals(buckets, got);
        assertEquals(List.of(TRAIN, TRAIN, TEST, VALIDATION, VALIDATION, TEST, TEST, TEST, TRAIN, TRAIN), List.copyOf(sides.values()));
    }

    @Test
    void theBucketsAtTheEdgesOfEachSide() {
        // buckets from Python's int.from_bytes(hashlib.sha256(s.encode()).digest(), "big") % 100
        Map<String, Integer> buckets = new LinkedHashMap<>();
        buckets.put("w56", 0);
        buckets.put("w27", 69);
        buckets.put("w46", 70);
        buckets.put("w35", 79);
        buckets.put("w269", 80);
        buckets.put("w121", 99);
        Map<String, Integer> got = new LinkedHashMap<>();
        for (String s : buckets.keySet()) got.put(s, WriterSplit.bucket(s));
        assertEquals(buckets, got);
        assertEquals(List.of(TRAIN, TRAIN, VALIDATION, VALIDATION, TEST, TEST), buckets.keySet().stream().map(WriterSplit::of).toList());
        assertEquals(List.of("train", "validation", "test"), List.of(TRAIN.toString(), String.valueOf(VALIDATION), "" + TEST));
        assertTrue(!WriterSplit.hasWriter(new Gesture("1", null, by("x").samples())) && WriterSplit.hasWriter(by("?x")));
    }

    @Test
    void everyWriterIsOnExactlyOneSideInRoughlyTheStatedProportions() throws Exception {
        List<Gesture> gestures = new java.util.ArrayList<>();
        for (int w = 0; w < 1000; w++) for (int k = 0; k < 3; k++) gestures.add(by("inst" + (w % 7) + "/" + w));
        Map<WriterSplit, Set<String>> writers = new EnumMap<>(WriterSplit.class);
        int total = 0;
        for (WriterSplit s : WriterSplit.SIDES) {
            List<Gesture> side = s.select(gestures, "synthetic");
            total += side.size();
            Set<String> w = new HashSet<>();
            for (Gesture g : side) w.add(g.subject());
            writers.put(s, w);
            assertEquals(3 * w.size(), side.size(), "a writer's gestures all go with it");
        }
        assertEquals(gestures.size(), total, "every gesture on one side");
        Set<String> all = new HashSet<>();
        for (Set<String> w : writers.values()) for (String x : w) assertTrue(all.add(x), x + " on two sides");
        assertEquals(1000, all.size());
        // binomial with n = 1000: 3 standard deviations are ~4.3, ~2.8 and ~3.8 points
        assertEquals(700, writers.get(TRAIN).size(), 45);
        assertEquals(100, writers.get(VALIDATION).size(), 30);
        assertEquals(200, writers.get(TEST).size(), 40);
        // the same again: deterministic
        assertEquals(writers.get(TEST).size(), new HashSet<>(TEST.select(gestures, "x").stream().map(Gesture::subject).toList()).size());
    }

    @Test
    void gesturesWithoutAWriterAreRefused() {
        for (String none : new String[] {"", " ", "?"}) {
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> TEST.select(List.of(by("uqb/3"), by(none)), "d.txt"));
            assertEquals("--split test: 1 of 2 gestures of d.txt have no writer (subject), so they cannot be split by writer",
                    e.getMessage());
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> TEST.select(List.of(by("uqb/1")), "d.txt"));
        assertEquals("--split test: none of the 1 writers of d.txt falls on the test side", e.getMessage());
    }

    @Test
    void sidesAreParsedByName() {
        assertEquals(VALIDATION, WriterSplit.parse(" Validation"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WriterSplit.parse("dev"));
        assertEquals("unknown split 'dev' (use train, validation, test or train+validation)", e.getMessage());
        assertEquals(TRAIN_AND_VALIDATION, WriterSplit.parse("train+validation"));
        assertEquals("train+validation", TRAIN_AND_VALIDATION.toString());
    }

    @Test
    void trainAndValidationHoldsTheWritersOfBothAndNoneOfTheTestSide() throws Exception {
        List<Gesture> gestures = new java.util.ArrayList<>();
        for (int w = 0; w < 300; w++) gestures.add(by("inst/" + w));
        List<Gesture> both = TRAIN_AND_VALIDATION.select(gestures, "synthetic");
        List<Gesture> expected = gestures.stream().filter(g -> WriterSplit.of(g.subject()) != TEST).toList();
        assertEquals(expected, both);
        assertTrue(both.size() > TRAIN.select(gestures, "x").size() && both.size() < gestures.size());
        for (String edge : List.of("w56", "w27", "w46", "w35")) assertEquals(List.of(by(edge)), TRAIN_AND_VALIDATION.select(List.of(by(edge)), "x"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> TRAIN_AND_VALIDATION.select(List.of(by("w269")), "d.txt"));
        assertEquals("--split train+validation: none of the 1 writers of d.txt falls on the train+validation side", e.getMessage());
    }

    /** UNIPEN train_r01_v07 where present: each category's writers fall on three non-empty sides; the counts are printed. */
    @Test
    void unipenWritersFallOnThreeNonEmptySides() throws Exception {
        Path root = Path.of(System.getProperty("gesture.datasets", "../shared/datasets")).resolve("unipen/train_r01_v07");
        assumeTrue(Files.isDirectory(root.resolve("data")), "UNIPEN not found at " + root);
        for (String category : List.of("1a", "2")) {
            List<Gesture> all = UnipenReader.read(root, category, Meter.NONE).gestures();
            Map<WriterSplit, int[]> counts = new TreeMap<>();
            Set<String> seen = new HashSet<>();
            for (WriterSplit s : WriterSplit.SIDES) {
                List<Gesture> side = s.select(all, category);
                Set<String> w = new HashSet<>();
                for (Gesture g : side) w.add(g.subject());
                for (String x : w) assertTrue(seen.add(x), x + " on two sides");
                counts.put(s, new int[] {w.size(), side.size()});
                assertTrue(w.size() > 0 && side.size() > 0, category + " " + s);
            }
            StringBuilder b = new StringBuilder("UNIPEN " + category + ":");
            counts.forEach((s, c) -> b.append(' ').append(s).append(' ').append(c[0]).append(" writers ").append(c[1]).append(" gestures;"));
            System.out.println(b);
        }
    }
}
