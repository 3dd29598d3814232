package io.gesturestream.model.data;

import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.util.List;

/** Turns a stroke's points into pen samples: DOWN, MOVE..., UP at the last point. */
final class Strokes {
    private Strokes() {}

    /** Appends one stroke; {@code xs}, {@code ys}, {@code ts} have the same length, at least 1. */
    static void add(List<Sample> out, double[] xs, double[] ys, long[] ts, int n) {
        for (int i = 0; i < n; i++) {
            PenSample.Phase phase = i == 0 ? PenSample.Phase.DOWN : i == n - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
            out.add(PenSample.of(phase, xs[i], ys[i], ts[i]));
        }
        if (n == 1) out.add(PenSample.of(PenSample.Phase.UP, xs[0], ys[0], ts[0]));
    }
}
