package io.gesturestream.model.eval;

import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Splice;
import io.gesturestream.model.features.Sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How well a spotting model ({@link io.gesturestream.model.Spotter}) finds gestures in continuous
 * streams, run event by event exactly as the stream processor runs it.
 *
 * <p><b>Test streams</b> ({@link #streams}), seeded, so anyone can rebuild them: the gestures
 * (other motion, labelled {@code unknown}, left out) in an order shuffled by the seed, dealt
 * {@link #PER_STREAM} to a stream; each gesture preceded by a stretch of other motion of 2 to 8 s
 * (uniform), cut at a random place from a random one of the {@code negatives} (all of a shorter
 * one), and the last followed by another; pieces joined by {@link Splice}.
 *
 * <p><b>Scoring</b>: a detection is a true positive when it names the class of a gesture of the
 * stream and comes between the gesture's first sample and {@link #MATCH_MS} after its last, and no
 * earlier detection took that gesture; every other detection is a false one. Recall: true
 * positives over gestures; precision: true positives over detections. Latency: the time of the
 * detection's event less that of the gesture's last sample, in the events' time (negative when it
 * came before the end).
 */
public final class SpotEvaluation {
    /** Gestures per test stream. */
    public static final int PER_STREAM = 10;
    /** How long after a gesture's last sample a detection still counts as finding it, ms. */
    public static final long MATCH_MS = 1000;

    private SpotEvaluation() {}

    /** A detection: the class named, the index of the event that completed it, and its time. */
    public record Detection(String label, int index, long time) {}

    /** Scores over a set of streams. Latencies in ms, sorted. */
    public record Score(int streams, int gestures, int detections, int truePositives, long samples, long durationMs, long[] latencies) {
        public double recall() {
            return gestures == 0 ? Double.NaN : (double) truePositives / gestures;
        }

        public double precision() {
            return detections == 0 ? Double.NaN : (double) truePositives / detections;
        }

        public int falseDetections() {
            return detections - truePositives;
        }

        /** The q-quantile (nearest rank) of the latencies, NaN when there are none. */
        public double latency(double q) {
            if (latencies.length == 0) return Double.NaN;
            return latencies[Math.max(0, (int) Math.ceil(q * latencies.length) - 1)];
        }

        public String toJson() {
            return String.format(Locale.ROOT, "{\"streams\": %d, \"minutes\": %.2f, \"gestures\": %d, \"detections\": %d, \"truePositives\": %d, "
                            + "\"falseDetections\": %d, \"recall\": %s, \"precision\": %s, \"latencyMs\": {\"p50\": %s, \"p90\": %s}}",
                    streams, durationMs / 60000.0, gestures, detections, truePositives, falseDetections(), num(recall()), num(precision()),
                    num(latency(0.5)), num(latency(0.9)));
        }

        private static String num(double v) {
            return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
        }
    }

    /** The test streams of the class comment. */
    public static List<Splice.Stream> streams(List<Gesture> gestures, List<List<Sample>> negatives, long seed) {
        if (negatives.isEmpty()) throw new IllegalArgumentException("spliced streams need other motion to splice the gestures between");
        List<Gesture> g = new ArrayList<>(gestures.stream().filter(x -> !x.label().equals(OutputKind.UNKNOWN)).toList());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = g.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Gesture t = g.get(i);
            g.set(i, g.get(j));
            g.set(j, t);
        }
        List<Splice.Stream> out = new ArrayList<>();
        for (int from = 0; from < g.size(); from += PER_STREAM) {
            List<Splice.Piece> pieces = new ArrayList<>();
            for (int k = from; k < Math.min(g.size(), from + PER_STREAM); k++) {
                pieces.add(new Splice.Piece(stretch(negatives, rnd), null));
                pieces.add(new Splice.Piece(g.get(k).samples(), g.get(k).label()));
            }
            pieces.add(new Splice.Piece(stretch(negatives, rnd), null));
            out.add(Splice.of(pieces));
        }
        return out;
    }

    /** 2 to 8 s of one of the negatives, from a random place. */
    private static List<Sample> stretch(List<List<Sample>> negatives, SplittableRandom rnd) {
        List<Sample> s = negatives.get(rnd.nextInt(negatives.size()));
        return Splice.window(s, rnd.nextLong(2000, 8001), rnd);
    }

    /** The detections of {@code model} over one stream, from a fresh session. */
    public static List<Detection> detect(Model model, List<Sample> stream) {
        if (!model.spotting()) throw new IllegalArgumentException("model " + model.name() + " does not spot gestures: train it with --spot");
        Recognizer rec = new Recognizer(model);
        SessionState s = rec.newSession();
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < stream.size(); i++) {
            rec.step(s, stream.get(i));
            int c = rec.spotted();
            if (c >= 0) out.add(new Detection(model.labels().get(c), i, stream.get(i).t()));
        }
        return out;
    }

    /** Scores {@code model} over {@code streams} (their events are the truth; none for a stream of other motion only). */
    public static Score score(Model model, List<Splice.Stream> streams) {
        return score(streams, streams.stream().map(st -> detect(model, st.samples())).toList());
    }

    /**
     * Scores detections made elsewhere (the stream processor's SPOTTED finals), {@code detections.get(i)}
     * over {@code streams.get(i)}, in order, with each detection's time in the stream's own time.
     */
    public static Score score(List<Splice.Stream> streams, List<List<Detection>> detections) {
        if (detections.size() != streams.size()) throw new IllegalArgumentException(detections.size() + " detection lists for " + streams.size() + " streams");
        int gestures = 0, tp = 0, found = 0;
        long samples = 0, duration = 0;
        List<Long> lat = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            Splice.Stream st = streams.get(i);
            List<Sample> s = st.samples();
            samples += s.size();
            duration += s.get(s.size() - 1).t() - s.get(0).t();
            gestures += st.events().size();
            boolean[] taken = new boolean[st.events().size()];
            for (Detection d : detections.get(i)) {
                found++;
                for (int e = 0; e < taken.length; e++) {
                    Splice.Event ev = st.events().get(e);
                    long first = s.get(ev.first()).t(), last = s.get(ev.last()).t();
                    if (!taken[e] && ev.label().equals(d.label()) && d.time() >= first && d.time() <= last + MATCH_MS) {
                        taken[e] = true;
                        tp++;
                        lat.add(d.time() - last);
                        break;
                    }
                }
            }
        }
        long[] l = lat.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(l);
        return new Score(streams.size(), gestures, found, tp, samples, duration, l);
    }
}
