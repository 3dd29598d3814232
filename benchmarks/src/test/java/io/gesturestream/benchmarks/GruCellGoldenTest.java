package io.gesturestream.benchmarks;

import io.gesturestream.benchmarks.onnx.OnnxGruCell;
import io.gesturestream.benchmarks.onnx.OnnxGruModel;
import io.gesturestream.benchmarks.onnx.OnnxGruModel.GateOrder;
import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The four GRU cells of {@link GruCellBenchmark} compute the same function: over 20 steps of
 * encoded pen input, from a non-zero start state, every hidden value at every step agrees with
 * the textbook loop to 1e-5. And the check can fail: ONNX's other conventions (reset before the
 * matmul, or gate blocks not reordered) are caught.
 */
class GruCellGoldenTest {
    private static final int STEPS = 20;
    private static final float TOLERANCE = 1e-5f;
    /** A wrong convention must miss by far more than the tolerance. */
    private static final float CLEARLY_DIFFERENT = 1e-3f;

    @FunctionalInterface
    interface Cell {
        void step(float[] x, float[] h) throws Exception;
    }

    /** The states after each of the 20 steps. */
    private static float[][] run(Cell cell, int hidden) throws Exception {
        float[][] xs = GruCellFixture.penInputs(STEPS);
        float[] h = startState(hidden);
        float[][] states = new float[STEPS][];
        for (int t = 0; t < STEPS; t++) {
            cell.step(xs[t], h);
            states[t] = h.clone();
        }
        return states;
    }

    private static float[] startState(int hidden) {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] h = new float[hidden];
        for (int i = 0; i < hidden; i++) h[i] = (float) rnd.nextDouble(-0.5, 0.5);
        return h;
    }

    private static Cell optimized(Gru gru) {
        Gru.Workspace ws = gru.newWorkspace();
        int hidden = gru.shape().hiddenSize();
        return (x, h) -> {
            gru.layerStep(0, x, 0, h, 0, ws);
            System.arraycopy(ws.hNew, 0, h, 0, hidden);
        };
    }

    private static float maxAbsDiff(float[][] a, float[][] b) {
        float max = 0f;
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < a[t].length; i++) max = Math.max(max, Math.abs(a[t][i] - b[t][i]));
        }
        return max;
    }

    private static void assertAgree(String what, float[][] expected, float[][] actual) {
        for (int t = 0; t < expected.length; t++) {
            for (int i = 0; i < expected[t].length; i++) {
                float d = Math.abs(expected[t][i] - actual[t][i]);
                if (!(d <= TOLERANCE)) {   // also fails on NaN
                    fail(what + ": step " + t + ", unit " + i + ": expected " + expected[t][i] + ", got "
                            + actual[t][i] + " (|diff| " + d + " > " + TOLERANCE + ")");
                }
            }
        }
    }

    @Test
    void simdKernelIsTheOneTested() {
        assertEquals("vector", Gru.kernelName(), "the JVM must run with --add-modules jdk.incubator.vector");
    }

    @ParameterizedTest(name = "H = {0}")
    @ValueSource(ints = {32, 128})
    void allFourCellsAgree(int hidden) throws Exception {
        GruShape shape = GruCellFixture.shape(hidden);
        float[] params = GruCellFixture.parameters(shape, GruCellFixture.SEED);

        float[][] naive = run(new NaiveGruCell(shape, params, 0)::step, hidden);
        float[][] simd = run(optimized(new Gru(shape, params)), hidden);
        float[][] scalar = run(optimized(Gru.scalar(shape, params)), hidden);
        float[][] onnx;
        try (OnnxGruCell cell = new OnnxGruCell(shape, params, 0)) {
            onnx = run(cell::step, hidden);
        }

        // not vacuous: the state moves, and differs between steps
        float moved = 0f;
        for (int t = 1; t < STEPS; t++) {
            for (int i = 0; i < hidden; i++) moved = Math.max(moved, Math.abs(naive[t][i] - naive[t - 1][i]));
        }
        assertTrue(moved > 0.05f, "hidden state barely moves: " + moved);

        assertAgree("optimized SIMD vs naive", naive, simd);
        assertAgree("optimized scalar kernel vs naive", naive, scalar);
        assertAgree("ONNX Runtime vs naive", naive, onnx);
        System.out.printf("H=%d max |diff| vs naive over %d steps: SIMD %.3g, scalar kernel %.3g, ONNX Runtime %.3g%n",
                hidden, STEPS, maxAbsDiff(naive, simd), maxAbsDiff(naive, scalar), maxAbsDiff(naive, onnx));
    }

    @ParameterizedTest(name = "H = {0}")
    @ValueSource(ints = {32, 128})
    void otherOnnxConventionsAreCaught(int hidden) throws Exception {
        GruShape shape = GruCellFixture.shape(hidden);
        float[] params = GruCellFixture.parameters(shape, GruCellFixture.SEED);
        float[][] naive = run(new NaiveGruCell(shape, params, 0)::step, hidden);

        float[][] resetBefore, copiedGates;
        try (OnnxGruCell cell = new OnnxGruCell(shape, 0,
                OnnxGruModel.gruStep(shape, params, 0, 0, GateOrder.ONNX_ZRH))) {
            resetBefore = run(cell::step, hidden);
        }
        try (OnnxGruCell cell = new OnnxGruCell(shape, 0,
                OnnxGruModel.gruStep(shape, params, 0, 1, GateOrder.COPIED_RZN))) {
            copiedGates = run(cell::step, hidden);
        }
        float dReset = maxAbsDiff(naive, resetBefore), dGates = maxAbsDiff(naive, copiedGates);
        System.out.printf("H=%d max |diff| vs naive: linear_before_reset=0 %.3g, gate blocks r,z,n copied as z,r,h %.3g%n",
                hidden, dReset, dGates);
        assertTrue(dReset > CLEARLY_DIFFERENT, "linear_before_reset=0 should not match PyTorch's cell: " + dReset);
        assertTrue(dGates > CLEARLY_DIFFERENT, "unswapped gate blocks should not match: " + dGates);
    }
}
