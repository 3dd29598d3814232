package io.gesturestream.model.eval;

import io.gesturestream.model.Model;
import io.gesturestream.model.SpotModels;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Splice;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SpotEvaluation}: the test streams it splices, and its scoring of a spotting model whose
 * answers are set by each sample ({@link SpotModels}: 'a' samples read a, 'b' b, '-' unknown), so
 * that every detection's event and time is known: a run of a named from t0 to t1 (at least
 * 400 ms) is detected at the third rest sample after it, t1 + 60 ms at 20 ms a sample.
 */
class SpotEvaluationTest {
    private static final Model SPOT = SpotModels.model(true);

    private static String rep(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private static Splice.Stream stream(String pattern, Splice.Event... events) {
        return new Splice.Stream(SpotModels.samples(pattern, 0, 20), List.of(events));
    }

    private static Splice.Event ev(String label, int first, int last) {
        return new Splice.Event(label, first, last);
    }

    @Test
    void detectionsAreTheEventsWhereARunOfFourHundredMsEnded() {
        // a from 200 to 680, b from 1100 to 1480 (380 ms: too short), b from 1700 to 2180 ended by a at 2200
        String p = rep('-', 10) + rep('a', 25) + rep('-', 20) + rep('b', 20) + rep('-', 10) + rep('b', 25) + rep('a', 3) + rep('-', 5);
        List<SpotEvaluation.Detection> d = SpotEvaluation.detect(SPOT, SpotModels.samples(p, 0, 20));
        assertEquals(List.of(new SpotEvaluation.Detection("a", 37, 740), new SpotEvaluation.Detection("b", 110, 2200)), d);
        Model plain = SpotModels.model(false);
        assertThrows(IllegalArgumentException.class, () -> SpotEvaluation.detect(plain, SpotModels.samples(p, 0, 20)));
        assertThrows(IllegalArgumentException.class, () -> SpotEvaluation.score(plain, List.of(stream(p))));
    }

    @Test
    void scoresCountMatchesMissesAndFalseDetectionsOverAllStreams() {
        // a detected at 740, its gesture's last sample at 680
        Splice.Stream s1 = stream(rep('-', 10) + rep('a', 25) + rep('-', 10), ev("a", 10, 34));
        // b detected at 640 (last 580); a detected at 1200 where the gesture was a b: a false detection and a miss
        Splice.Stream s2 = stream(rep('-', 5) + rep('b', 25) + rep('-', 3) + rep('a', 25) + rep('-', 4), ev("b", 5, 29), ev("b", 33, 57));
        // a named for 180 ms: no detection, a miss
        Splice.Stream s3 = stream(rep('-', 5) + rep('a', 10) + rep('-', 5), ev("a", 5, 14));
        // other motion only, read as a for 400 ms: a false detection
        Splice.Stream s4 = stream(rep('a', 21) + rep('-', 3));
        SpotEvaluation.Score s = SpotEvaluation.score(SPOT, List.of(s1, s2, s3, s4));
        assertEquals(4, s.streams());
        assertEquals(4, s.gestures());
        assertEquals(4, s.detections());
        assertEquals(2, s.truePositives());
        assertEquals(2, s.falseDetections());
        assertEquals(45 + 62 + 20 + 24, s.samples());
        assertEquals(880 + 1220 + 380 + 460, s.durationMs());
        assertArrayEquals(new long[] {60, 60}, s.latencies());
        assertEquals(0.5, s.recall());
        assertEquals(0.5, s.precision());
        assertEquals(60.0, s.latency(0.5));
        assertEquals("{\"streams\": 4, \"minutes\": 0.05, \"gestures\": 4, \"detections\": 4, \"truePositives\": 2, \"falseDetections\": 2, "
                + "\"recall\": 0.5000, \"precision\": 0.5000, \"latencyMs\": {\"p50\": 60.0000, \"p90\": 60.0000}}", s.toJson());
        // nothing detected: precision and latencies undefined
        SpotEvaluation.Score none = SpotEvaluation.score(SPOT, List.of(s3));
        assertEquals(0.0, none.recall());
        assertTrue(Double.isNaN(none.precision()) && Double.isNaN(none.latency(0.5)));
        assertEquals("{\"streams\": 1, \"minutes\": 0.01, \"gestures\": 1, \"detections\": 0, \"truePositives\": 0, \"falseDetections\": 0, "
                + "\"recall\": 0.0000, \"precision\": null, \"latencyMs\": {\"p50\": null, \"p90\": null}}", none.toJson());
        // other motion only: no gestures, recall undefined
        SpotEvaluation.Score neg = SpotEvaluation.score(SPOT, List.of(s4));
        assertTrue(Double.isNaN(neg.recall()));
        assertEquals(0.0, neg.precision());
        assertEquals(1, neg.falseDetections());
    }

    @Test
    void aDetectionMatchesFromTheGesturesFirstSampleToOneSecondAfterItsLast() {
        // a detected at index 37, 740 ms
        String p = rep('-', 10) + rep('a', 25) + rep('-', 10);
        assertEquals(1, tp(stream(p, ev("a", 37, 40))), "at the first sample: found");
        assertArrayEquals(new long[] {-60}, SpotEvaluation.score(SPOT, List.of(stream(p, ev("a", 37, 40)))).latencies(),
                "latency from the last sample, 800: negative");
        assertEquals(0, tp(stream(p, ev("a", 38, 40))), "before the first sample: false");
        // a detected at 1740 (run 1200..1680); gestures ending 1000 ms and 1001 ms before it
        String late = rep('-', 60) + rep('a', 25) + rep('-', 3);
        Splice.Stream edge = stream(late, ev("a", 0, 37));
        assertEquals(1740, SpotEvaluation.detect(SPOT, edge.samples()).get(0).time());
        assertEquals(1, tp(edge), "1000 ms after the last sample: found");
        assertArrayEquals(new long[] {1000}, SpotEvaluation.score(SPOT, List.of(edge)).latencies());
        List<Sample> s = new ArrayList<>(SpotModels.samples(late, 0, 20));
        s.set(37, SpotModels.sample('-', 739));
        assertEquals(0, tp(new Splice.Stream(s, List.of(ev("a", 0, 37)))), "1001 ms after: false");
        assertEquals(1000, SpotEvaluation.MATCH_MS);
    }

    @Test
    void aDetectionMustNameTheGesturesClass() {
        String p = rep('-', 10) + rep('a', 25) + rep('-', 10);
        SpotEvaluation.Score s = SpotEvaluation.score(SPOT, List.of(stream(p, ev("b", 10, 34))));
        assertEquals(0, s.truePositives());
        assertEquals(1, s.falseDetections());
        assertEquals(0.0, s.recall());
    }

    @Test
    void aGestureIsTakenByOneDetectionOnlyAndEachDetectionTakesOneGesture() {
        // a detected at 560 (run 100..500) and at 1040 (run 580..980): runs of 400 ms, so that the second
        // detection is still within a second of the gesture at 0..60 below
        String p = rep('-', 5) + rep('a', 21) + rep('-', 3) + rep('a', 21) + rep('-', 4);
        SpotEvaluation.Score once = SpotEvaluation.score(SPOT, List.of(stream(p, ev("a", 5, 25))));
        assertEquals(2, once.detections());
        assertEquals(1, once.truePositives(), "the second detection finds the gesture taken");
        assertArrayEquals(new long[] {60}, once.latencies());
        // one detection, two gestures in its window: it takes the first in the stream's order, the second is missed
        SpotEvaluation.Score one = SpotEvaluation.score(SPOT, List.of(stream(rep('-', 5) + rep('a', 21) + rep('-', 3),
                ev("a", 5, 25), ev("a", 0, 3))));
        assertEquals(1, one.truePositives());
        assertEquals(0.5, one.recall());
        assertArrayEquals(new long[] {60}, one.latencies(), "the first: its last sample at 500");
        // two detections, two gestures whose windows hold both: each takes one, in order
        SpotEvaluation.Score two = SpotEvaluation.score(SPOT, List.of(stream(p, ev("a", 5, 25), ev("a", 0, 3))));
        assertEquals(2, two.truePositives());
        assertArrayEquals(new long[] {60, 980}, two.latencies(), "560 - 500; 1040 - 60, sorted");
    }

    @Test
    void detectionsMadeElsewhereAreScoredByTheSameRulesStreamByStream() {
        // gestures a at 100..200 ms and b at 300..400, 10 ms a sample
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i <= 60; i++) s.add(SpotModels.sample('-', 10L * i));
        Splice.Stream st = new Splice.Stream(s, List.of(ev("a", 10, 20), ev("b", 30, 40)));
        Splice.Stream other = new Splice.Stream(s, List.of());
        List<SpotEvaluation.Detection> d = List.of(
                new SpotEvaluation.Detection("a", 9, 99),       // before a's first sample: false
                new SpotEvaluation.Detection("b", 29, 300),     // b at its first sample: found, latency -100
                new SpotEvaluation.Detection("a", 60, 1200),    // 1000 ms after a's last: found
                new SpotEvaluation.Detection("b", 60, 1401),    // b taken already, and 1001 ms after its last: false
                new SpotEvaluation.Detection("ring", 5, 50));   // no such gesture: false
        SpotEvaluation.Score sc = SpotEvaluation.score(List.of(st, other), List.of(d, List.of(new SpotEvaluation.Detection("a", 15, 150))));
        assertEquals(2, sc.streams());
        assertEquals(2, sc.gestures());
        assertEquals(6, sc.detections());
        assertEquals(2, sc.truePositives());
        assertEquals(4, sc.falseDetections());
        assertArrayEquals(new long[] {-100, 1000}, sc.latencies());
        assertEquals(122, sc.samples());
        assertEquals(1200, sc.durationMs());
        // the detections of stream i belong to stream i: the same ones over the stream of other motion find nothing
        assertEquals(0, SpotEvaluation.score(List.of(other, st), List.of(d, List.of())).truePositives());
        assertThrows(IllegalArgumentException.class, () -> SpotEvaluation.score(List.of(st, other), List.of(d)));
    }

    @Test
    void latencyQuantilesAreNearestRank() {
        SpotEvaluation.Score s = new SpotEvaluation.Score(1, 4, 4, 4, 10, 100, new long[] {-20, 10, 30, 400});
        assertEquals(10.0, s.latency(0.5));      // ceil(2) = the 2nd
        assertEquals(400.0, s.latency(0.9));     // ceil(3.6) = the 4th
        assertEquals(-20.0, s.latency(0.25));
        assertEquals(-20.0, s.latency(0.0));
        assertEquals(30.0, s.latency(0.51));
        assertEquals(400.0, s.latency(1.0));
        SpotEvaluation.Score five = new SpotEvaluation.Score(1, 5, 5, 5, 10, 100, new long[] {1, 2, 3, 4, 5});
        assertEquals(3.0, five.latency(0.5));
        assertEquals(5.0, five.latency(0.9));
        assertEquals(4.0, five.latency(0.8));
    }

    // --- the test streams ---

    /** Gesture {@code id}: 5 samples 30 ms apart, gz its id. */
    private static Gesture gesture(String label, int id) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < 5; i++) s.add(new ImuSample(0.3f * i, id, 1f, 1f, 2f, id, 1000 + 30L * i));
        return new Gesture(label, "p", s);
    }

    /** Other motion: recording {@code id}, {@code n} samples 20 ms apart, ax its index (so a window shows where it was cut), gz -1. */
    private static List<Sample> negative(int id, int n) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) s.add(new ImuSample(i, 100 + id, 0.5f, 0f, 0f, -1f, 777 + 20L * i));
        return s;
    }

    private static final List<List<Sample>> NEGATIVES = List.of(negative(0, 1000), negative(1, 40));

    private static List<Gesture> gestures() {
        List<Gesture> g = new ArrayList<>();
        for (int i = 1; i <= 23; i++) {
            g.add(gesture(i % 3 == 0 ? "ring" : "wing", i));
            if (i % 8 == 0) g.add(gesture("unknown", -i));
        }
        return g;
    }

    @Test
    void everyGestureButTheNegativesIsInTheStreamsOnceTenAStream() {
        List<Gesture> g = gestures();
        List<Splice.Stream> streams = SpotEvaluation.streams(g, NEGATIVES, 5);
        assertEquals(List.of(10, 10, 3), streams.stream().map(s -> s.events().size()).toList());
        Map<Integer, Integer> seen = new HashMap<>();
        for (Splice.Stream st : streams) {
            for (Splice.Event e : st.events()) {
                int id = (int) ((ImuSample) st.samples().get(e.first())).gz();
                seen.merge(id, 1, Integer::sum);
                Gesture want = g.stream().filter(x -> ((ImuSample) x.samples().get(0)).gz() == id).findFirst().orElseThrow();
                assertEquals(want.label(), e.label());
                assertEquals(4, e.last() - e.first());
                long shift = st.samples().get(e.first()).t() - want.samples().get(0).t();
                for (int k = 0; k < 5; k++) {
                    ImuSample m = (ImuSample) want.samples().get(k);
                    assertEquals(new ImuSample(m.ax(), m.ay(), m.az(), m.gx(), m.gy(), m.gz(), m.t() + shift), st.samples().get(e.first() + k));
                }
            }
        }
        Map<Integer, Integer> all = new HashMap<>();
        for (int i = 1; i <= 23; i++) all.put(i, 1);
        assertEquals(all, seen);
        assertEquals(SpotEvaluation.PER_STREAM, 10);
    }

    @Test
    void eachGestureHasTwoToEightSecondsOfOtherMotionBeforeItAndTheLastAfter() {
        boolean shortOne = false;
        for (long seed = 1; seed <= 6; seed++) {
            for (Splice.Stream st : SpotEvaluation.streams(gestures(), NEGATIVES, seed)) {
                List<Splice.Event> ev = st.events();
                List<int[]> stretches = new ArrayList<>();
                stretches.add(new int[] {0, ev.get(0).first() - Splice.JOIN - 1});
                for (int i = 1; i < ev.size(); i++) stretches.add(new int[] {ev.get(i - 1).last() + Splice.JOIN + 1, ev.get(i).first() - Splice.JOIN - 1});
                stretches.add(new int[] {ev.get(ev.size() - 1).last() + Splice.JOIN + 1, st.samples().size() - 1});
                for (int[] r : stretches) {
                    ImuSample first = (ImuSample) st.samples().get(r[0]);
                    int rec = (int) first.ay() - 100, from = (int) first.ax();
                    List<Sample> neg = NEGATIVES.get(rec);
                    int n = r[1] - r[0] + 1;
                    long shift = first.t() - neg.get(from).t();
                    for (int k = 0; k < n; k++) {
                        ImuSample m = (ImuSample) neg.get(from + k);
                        assertEquals(new ImuSample(m.ax(), m.ay(), m.az(), m.gx(), m.gy(), m.gz(), m.t() + shift), st.samples().get(r[0] + k),
                                "a window of negative " + rec);
                    }
                    long ms = st.samples().get(r[1]).t() - first.t();
                    if (rec == 1) {
                        assertEquals(40, n, "all of the short one");
                        shortOne = true;
                    } else {
                        assertTrue(ms >= 2000 && ms <= 8000, ms + " ms");
                    }
                }
            }
        }
        assertTrue(shortOne, "the short recording was drawn");
    }

    @Test
    void theSameSeedBuildsTheSameStreamsAndAnotherSeedAnotherOrder() {
        List<Splice.Stream> one = SpotEvaluation.streams(gestures(), NEGATIVES, 11);
        assertEquals(one, SpotEvaluation.streams(gestures(), NEGATIVES, 11));
        List<Splice.Stream> other = SpotEvaluation.streams(gestures(), NEGATIVES, 12);
        assertNotEquals(order(one), order(other));
        assertThrows(IllegalArgumentException.class, () -> SpotEvaluation.streams(gestures(), List.of(), 1));
        assertEquals(List.of(), SpotEvaluation.streams(List.of(gesture("unknown", 1)), NEGATIVES, 1), "negatives only: no stream");
    }

    private static List<Integer> order(List<Splice.Stream> streams) {
        List<Integer> ids = new ArrayList<>();
        for (Splice.Stream st : streams) for (Splice.Event e : st.events()) ids.add((int) ((ImuSample) st.samples().get(e.first())).gz());
        return ids;
    }

    private static int tp(Splice.Stream s) {
        return SpotEvaluation.score(SPOT, List.of(s)).truePositives();
    }
}
