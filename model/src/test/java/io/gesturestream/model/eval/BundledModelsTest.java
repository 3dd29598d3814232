package io.gesturestream.model.eval;

import io.gesturestream.model.Model;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundled models on the held-out people of the real datasets (read from
 * {@code -Dgesture.datasets}, by default {@code ../shared/datasets}; skipped where absent).
 * Writers and subjects here were never seen in training.
 */
class BundledModelsTest {
    static Path datasets;
    static List<Gesture> pendigitsTest;
    static Model pendigits;
    static double pendigitsAccuracy;

    @BeforeAll
    static void load() throws Exception {
        datasets = Path.of(System.getProperty("gesture.datasets", "../shared/datasets"));
        Path tes = datasets.resolve("pendigits/pendigits-orig.tes");
        assumeTrue(Files.isRegularFile(tes), "datasets not found at " + datasets);
        pendigitsTest = Datasets.read("pendigits", tes, null);
        pendigits = Model.bundled("pendigits");
        pendigitsAccuracy = Evaluator.finalAccuracy(pendigits, pendigitsTest, 2);
    }

    @Test
    void pendigitsBeatsThePublishedAnchorsOnUnseenWriters() {
        assertEquals(3498, pendigitsTest.size());
        assertTrue(pendigitsAccuracy >= 0.987, "writer-independent accuracy " + pendigitsAccuracy);
    }

    @Test
    void dollar16OnUnseenSubjects() throws Exception {
        Path logs = datasets.resolve("dollar1-unistroke/xml_logs");
        assumeTrue(Files.isDirectory(logs));
        List<Gesture> test = Datasets.read("dollar", logs, "s08-s11");
        assertEquals(1920, test.size());
        double acc = Evaluator.finalAccuracy(Model.bundled("dollar16"), test, 2);
        assertTrue(acc >= 0.99, "user-independent accuracy " + acc);
    }

    /**
     * wand on the magic-wand test people (docs/wand.md): its measured figures as floors, about a
     * point under them: at the end 93.55%, after half of each recording 90.32% (floored at the
     * issue's goal, 90%), the test side's near-miss circles all unknown, and in the spliced
     * continuous streams (its training's recordings of other motion between the gestures, so
     * precision here is not held out) recall 89.25%, precision 99.20%.
     */
    @Test
    void wandOnUnseenPeopleAndInContinuousStreams() throws Exception {
        Path data = datasets.resolve("magic-wand/data");
        assumeTrue(Files.isDirectory(data));
        io.gesturestream.model.data.WandReader.Result r = io.gesturestream.model.data.WandReader.read(data, io.gesturestream.model.Meter.NONE);
        List<Gesture> test = io.gesturestream.model.data.WriterSplit.TEST.select(r.gestures(), data.toString());
        Model wand = Model.bundled("wand");
        EvalReport e = Evaluator.evaluate(wand, test, 2);
        assertEquals(279, e.gestures());
        assertEquals(10, e.negatives());
        assertTrue(e.accuracy() >= 0.93, "at end " + e.accuracy());
        assertTrue(e.accuracyAt().get(0.5) >= 0.90, "after 50% " + e.accuracyAt().get(0.5));
        assertEquals(1.0, e.unknownRate(), "ccw_2's near-miss circles");
        SpotEvaluation.Score s = SpotEvaluation.score(wand, SpotEvaluation.streams(test, r.streams().stream().map(Gesture::samples).toList(), 1));
        assertEquals(279, s.gestures());
        assertTrue(s.recall() >= 0.89, "recall " + s.recall());
        assertTrue(s.precision() >= 0.98, "precision (its training's other motion: not held out) " + s.precision());
        assertTrue(s.latency(0.5) <= 300, "median latency " + s.latency(0.5));
    }

    private static List<Gesture> map(UnaryOperator<List<Sample>> f) {
        List<Gesture> out = new ArrayList<>();
        for (Gesture g : pendigitsTest) out.add(new Gesture(g.label(), g.subject(), f.apply(g.samples())));
        return out;
    }

    private static UnaryOperator<List<Sample>> affine(double scale, double dx, double dy) {
        return s -> {
            List<Sample> o = new ArrayList<>(s.size());
            for (Sample x : s) {
                PenSample p = (PenSample) x;
                o.add(PenSample.of(p.phase(), p.x() * scale + dx, p.y() * scale + dy, p.t()));
            }
            return o;
        };
    }

    /** Every other MOVE point dropped: half the sampling rate; stroke starts and ends kept. */
    private static List<Sample> halfRate(List<Sample> s) {
        List<Sample> o = new ArrayList<>();
        int move = 0;
        for (Sample x : s) {
            if (((PenSample) x).phase() != PenSample.Phase.MOVE || move++ % 2 == 1) o.add(x);
        }
        return o;
    }

    private static void assertWithinOnePoint(String what, List<Gesture> variant) {
        double acc = Evaluator.finalAccuracy(pendigits, variant, 2);
        assertTrue(Math.abs(acc - pendigitsAccuracy) <= 0.01,
                what + ": " + acc + " against " + pendigitsAccuracy + " on the original digits");
    }

    @Test
    void pendigitsIsRobustToDeviceScaleOffsetAndSamplingRate() {
        assertWithinOnePoint("scaled x0.25", map(affine(0.25, 0, 0)));
        assertWithinOnePoint("scaled x4", map(affine(4, 0, 0)));
        assertWithinOnePoint("translated", map(affine(1, 5000, -3000)));
        assertWithinOnePoint("every other point dropped", map(BundledModelsTest::halfRate));
    }
}
