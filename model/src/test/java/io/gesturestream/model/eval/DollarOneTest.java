package io.gesturestream.model.eval;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.data.Gesture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DollarOneTest {
    @Test
    void resamplesToNPointsEquallySpaced() {
        double[] line = {0, 0, 10, 0, 30, 0, 100, 0};
        double[] r = DollarOne.resample(line, 64);
        assertEquals(128, r.length);
        for (int i = 1; i < 64; i++) assertEquals(100.0 / 63, r[2 * i] - r[2 * i - 2], 1e-9);
    }

    @Test
    void normalizedPointsAreCenteredAndFitTheSquare() {
        double[] xy = new double[40];
        for (int i = 0; i < 20; i++) {
            xy[2 * i] = 5 + 3 * Math.cos(i * 0.3);
            xy[2 * i + 1] = 7 + 2 * Math.sin(i * 0.3);
        }
        double[] n = DollarOne.normalize(xy);
        double sx = 0, sy = 0, minX = 1e9, maxX = -1e9;
        for (int i = 0; i < DollarOne.N; i++) {
            sx += n[i];
            sy += n[DollarOne.N + i];
            minX = Math.min(minX, n[i]);
            maxX = Math.max(maxX, n[i]);
        }
        assertEquals(0, sx, 1e-6);
        assertEquals(0, sy, 1e-6);
        assertEquals(DollarOne.SQUARE, maxX - minX, 1e-6);
    }

    @Test
    void recognizesDistinctShapesFromTemplates() {
        List<Gesture> train = Fixtures.shapes(5, 1, 21);
        List<Gesture> test = Fixtures.shapes(10, 1, 22);
        double acc = new DollarOne(train).accuracy(test);
        assertTrue(acc >= 0.9, "accuracy " + acc);
    }

    @Test
    void reportsEachGestureDone() {
        List<Gesture> test = Fixtures.shapes(10, 1, 22);
        java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        double acc = new DollarOne(Fixtures.shapes(5, 1, 21)).accuracy(test, seen::add);
        assertEquals(new DollarOne(Fixtures.shapes(5, 1, 21)).accuracy(test), acc);
        assertEquals(test.size(), seen.size());
        assertEquals(test.size(), seen.stream().mapToLong(Long::longValue).max().orElse(0));
    }
}
