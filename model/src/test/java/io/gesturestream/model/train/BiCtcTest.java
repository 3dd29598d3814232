package io.gesturestream.model.train;

import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BiCtcTest {
    private static final GruShape SHAPE = new GruShape(3, 5, 2, 4);
    private static final int STEPS = 6;

    /** Step t's output from one stack alone: the forward stack must see x_0..x_t only, the backward one x_t..x_T-1 only. */
    private static float[] outputs(boolean forwardOnly, float[] x) {
        SplittableRandom r = new SplittableRandom(3L);
        float[] p = new float[2 * SHAPE.size()];
        for (int i = 0; i < p.length; i++) p[i] = (float) r.nextDouble(-0.8, 0.8);
        // the other stack's head is zeroed, so only one direction speaks
        int off = forwardOnly ? SHAPE.size() : 0;
        java.util.Arrays.fill(p, off + SHAPE.wOut(), off + SHAPE.size(), 0f);
        Gru f = new Gru(SHAPE, BiCtc.forwardPart(SHAPE, p)), b = new Gru(SHAPE, BiCtc.backwardPart(SHAPE, p));
        return new BiCtc(SHAPE, f, b).probabilities(f, b, x, STEPS, null, null).clone();
    }

    private static float[] input() {
        SplittableRandom r = new SplittableRandom(4L);
        float[] x = new float[STEPS * SHAPE.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-1, 1);
        return x;
    }

    private static float[] rows(float[] p, int from, int to) {
        return java.util.Arrays.copyOfRange(p, from * SHAPE.classes(), to * SHAPE.classes());
    }

    @Test
    void theBackwardStackReadsTheGestureFromItsEnd() {
        float[] x = input();
        float[] before = outputs(false, x);
        float[] changed = x.clone();
        changed[2 * SHAPE.inputSize()] += 1f;   // x_2
        float[] after = outputs(false, changed);
        assertArrayEquals(rows(before, 3, STEPS), rows(after, 3, STEPS), "steps after 2 must not see x_2");
        assertFalse(java.util.Arrays.equals(rows(before, 0, 3), rows(after, 0, 3)), "steps up to 2 must see x_2");
    }

    @Test
    void theForwardStackReadsTheGestureFromItsStart() {
        float[] x = input();
        float[] before = outputs(true, x);
        float[] changed = x.clone();
        changed[2 * SHAPE.inputSize()] += 1f;
        float[] after = outputs(true, changed);
        assertArrayEquals(rows(before, 0, 2), rows(after, 0, 2), "steps before 2 must not see x_2");
        assertFalse(java.util.Arrays.equals(rows(before, 2, STEPS), rows(after, 2, STEPS)), "steps from 2 on must see x_2");
    }
}
