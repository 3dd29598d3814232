package io.gesturestream.model.gru;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The nonlinearities against values from the textbook definitions (worked out in double precision
 * with a calculator, not with this code): {@link GruTest} compares the network with
 * {@link GruReference}, which calls the same {@link Activations}, so it cannot see a wrong one.
 */
class ActivationsTest {

    @Test
    void expAgainstKnownValues() {
        assertEquals(1f, Activations.exp(0f));
        assertEquals(2.718281828459045, Activations.exp(1f), 2.718281828459045 * 4e-7);
        assertEquals(4.5399929762484854e-05, Activations.exp(-10f), 4.54e-5 * 4e-7);
        assertEquals(485165195.4097903, Activations.exp(20f), 485165195.4 * 4e-7);
        // clamped to [-87, 88]: e^-87 = 1.6458114e-38 and e^88 = 1.6516363e+38, never 0 or infinity
        assertEquals(1.6458114310822737e-38, Activations.exp(-200f), 1.6458e-38 * 4e-7);
        assertEquals(1.6516362549940018e+38, Activations.exp(200f), 1.6516e38 * 4e-7);
    }

    @Test
    void sigmoidAgainstKnownValues() {
        assertEquals(0.5f, Activations.sigmoid(0f));
        assertEquals(0.7310585786300049f, Activations.sigmoid(1f), 1e-7f);
        assertEquals(0.11920292202211755f, Activations.sigmoid(-2f), 1e-7f);
        assertEquals(0.9890130573694068f, Activations.sigmoid(4.5f), 1e-7f);
        assertEquals(9.357622968839299e-14, Activations.sigmoid(-30f), 1e-19);
    }

    /** 1 - 2 / (e^2x + 1) loses a bit or two to the subtraction: 3e-7 absolute. */
    @Test
    void tanhAgainstKnownValues() {
        assertEquals(0.46211715726000974f, Activations.tanh(0.5f), 3e-7f);
        assertEquals(-0.7615941559557649f, Activations.tanh(-1f), 3e-7f);
        assertEquals(0.9866142981514303f, Activations.tanh(2.5f), 3e-7f);
        assertEquals(0.0009999996666668f, Activations.tanh(1e-3f), 3e-7f);
    }

    @Test
    void softmaxAgainstKnownValues() {
        float[] v = {1, 2, 3};
        Activations.softmax(v, 3);
        assertArrayEquals(new float[] {0.09003057317038046f, 0.24472847105479764f, 0.6652409557748218f}, v, 1e-7f);
        // logits far from 0: only e^(v - max) stays in range; e^(v + max) would clamp them all to the same value
        float[] big = {50, 60, 55};
        Activations.softmax(big, 3);
        assertArrayEquals(new float[] {4.5094041236354885e-05f, 0.9932623568421745f, 0.006692549116589288f}, big, 1e-7f);
        float[] neg = {-100, -90, 7};
        Activations.softmax(neg, 2);   // only the first n are touched
        assertArrayEquals(new float[] {4.5397868702434395e-05f, 0.9999546021312976f, 7f}, neg, 1e-7f);
        float[] one = {-3f};
        Activations.softmax(one, 1);
        assertArrayEquals(new float[] {1f}, one);
    }

    @Test
    void theSimdSoftmaxGivesTheSameKnownValues() {
        float[] big = new float[11];   // one vector of 8 and a tail of 3: the maximum in the tail
        for (int i = 0; i < big.length; i++) big[i] = -100 + i;
        big[9] = 60;
        big[10] = 55;
        big[0] = 50;
        new VectorKernel().softmax(big, big.length);
        // e^(v - 60) over the sum: 1 + e^-5 + e^-10 + e^-160.. (the rest, clamped to e^-87, negligible)
        double sum = 1 + Math.exp(-5) + Math.exp(-10);
        assertEquals(1 / sum, big[9], 1e-7);
        assertEquals(Math.exp(-5) / sum, big[10], 1e-7);
        assertEquals(Math.exp(-10) / sum, big[0], 1e-9);
    }
}
