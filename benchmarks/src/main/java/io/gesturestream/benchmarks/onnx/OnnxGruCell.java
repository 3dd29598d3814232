package io.gesturestream.benchmarks.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.gesturestream.model.gru.GruShape;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/**
 * One GRU layer run by ONNX Runtime on one thread, one step per {@link #step} call: the way a
 * stream processor would call it per event (wrap the input and state, run, read Y_h back).
 * Each call allocates its input tensors and the result; nothing is cached between calls.
 */
public final class OnnxGruCell implements AutoCloseable {
    private static final Set<String> OUTPUTS = Set.of(OnnxGruModel.OUTPUT_H);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int in, hidden;
    private final long[] xShape, hShape;

    /** Layer {@code layer} of the network, PyTorch semantics. */
    public OnnxGruCell(GruShape shape, float[] params, int layer) throws OrtException {
        this(shape, layer, OnnxGruModel.gruStep(shape, params, layer));
    }

    /** A model built by {@link OnnxGruModel} for layer {@code layer} of {@code shape}. */
    public OnnxGruCell(GruShape shape, int layer, byte[] model) throws OrtException {
        this.in = shape.layerInput(layer);
        this.hidden = shape.hiddenSize();
        this.xShape = new long[] {1, 1, in};
        this.hShape = new long[] {1, 1, hidden};
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);   // one core, as the Java kernels
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            this.session = env.createSession(model, opts);
        }
    }

    /** One step: reads {@code x[0, in)} and {@code h[0, H)}, writes the new state into {@code h}. */
    public void step(float[] x, float[] h) throws OrtException {
        try (OnnxTensor tx = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, in), xShape);
             OnnxTensor th = OnnxTensor.createTensor(env, FloatBuffer.wrap(h, 0, hidden), hShape);
             OrtSession.Result out = session.run(Map.of(OnnxGruModel.INPUT_X, tx, OnnxGruModel.INPUT_H, th), OUTPUTS)) {
            ((OnnxTensor) out.get(0)).getFloatBuffer().get(h, 0, hidden);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();   // the environment is a process-wide singleton and stays open
    }
}
