package io.gesturestream.benchmarks;

import ai.onnxruntime.OrtException;
import io.gesturestream.benchmarks.onnx.OnnxGruCell;
import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One GRU cell step (one layer, input 11 = pen features, hidden H), on one thread, the hidden
 * state fed back into the next step and the input cycling through 64 encoded pen points:
 * <ul>
 *   <li>{@code scalarReference}: the textbook row-by-row loop ({@link NaiveGruCell}), non-allocating;</li>
 *   <li>{@code optimized}: {@code Gru.layerStep} on the SIMD kernel ({@code jdk.incubator.vector});</li>
 *   <li>{@code optimizedScalarKernel}: {@code Gru.layerStep} on its scalar kernel ({@code Gru.scalar});</li>
 *   <li>{@code onnxRuntime}: ONNX Runtime 1.22, one {@code session.run} per step on a one-node
 *       {@code GRU} model ({@link io.gesturestream.benchmarks.onnx.OnnxGruModel}), one intra-op thread.</li>
 * </ul>
 * {@code GruReference} is not measured here: it only steps the whole network with its head and
 * softmax, allocating per step ({@link StepBenchmark} measures it that way).
 * The golden test ({@code GruCellGoldenTest}) checks that all four compute the same states.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
@State(Scope.Thread)
public class GruCellBenchmark {
    @Param({"32", "64", "128", "256"})
    public int hidden;

    private static final int INPUTS = 64;   // a power of two: next = (next + 1) & (INPUTS - 1)

    private float[][] inputs;
    private int next;
    private float[] h;

    private NaiveGruCell naive;
    private Gru simd, scalar;
    private Gru.Workspace simdWs, scalarWs;
    private OnnxGruCell onnx;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        if (!"vector".equals(Gru.kernelName())) {
            throw new IllegalStateException("run with --add-modules jdk.incubator.vector: the SIMD kernel is not available");
        }
        GruShape shape = GruCellFixture.shape(hidden);
        float[] params = GruCellFixture.parameters(shape, GruCellFixture.SEED);
        inputs = GruCellFixture.penInputs(INPUTS);
        h = new float[hidden];
        naive = new NaiveGruCell(shape, params, 0);
        simd = new Gru(shape, params);
        simdWs = simd.newWorkspace();
        scalar = Gru.scalar(shape, params);
        scalarWs = scalar.newWorkspace();
        onnx = new OnnxGruCell(shape, params, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        onnx.close();
    }

    private float[] nextInput() {
        float[] x = inputs[next];
        next = (next + 1) & (INPUTS - 1);
        return x;
    }

    @Benchmark
    public float[] scalarReference() {
        naive.step(nextInput(), h);
        return h;
    }

    @Benchmark
    public float[] optimized() {
        simd.layerStep(0, nextInput(), 0, h, 0, simdWs);      // the new state is in ws.hNew
        System.arraycopy(simdWs.hNew, 0, h, 0, hidden);
        return h;
    }

    @Benchmark
    public float[] optimizedScalarKernel() {
        scalar.layerStep(0, nextInput(), 0, h, 0, scalarWs);
        System.arraycopy(scalarWs.hNew, 0, h, 0, hidden);
        return h;
    }

    @Benchmark
    public float[] onnxRuntime() throws OrtException {
        onnx.step(nextInput(), h);
        return h;
    }
}
