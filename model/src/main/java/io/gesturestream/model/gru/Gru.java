package io.gesturestream.model.gru;

import java.util.Arrays;

/**
 * A stacked GRU with a linear + softmax head, for one step at a time. Immutable and shared by
 * every thread; each thread brings its own {@link Workspace}.
 *
 * <p>PyTorch {@code nn.GRU} semantics (gate order r, z, n; two bias vectors; reset gate applied
 * <em>after</em> the recurrent matmul; z keeps the old state):
 * <pre>
 *   r  = sigmoid(W_ir x + b_ir + W_hr h' + b_hr)
 *   z  = sigmoid(W_iz x + b_iz + W_hz h' + b_hz)
 *   n  = tanh(W_in x + b_in + r * (W_hn h' + b_hn))
 *   h  = (1 - z) * n + z * h'
 *   p  = softmax(W_o h_top + b_o)
 * </pre>
 * The d2l.ai formulation differs in one place: it resets <em>before</em> the matmul,
 * {@code H~ = tanh(X W_xh + (R * H') W_hh + b_h)}, with one bias per gate. Both let z multiply
 * the previous state. With this convention, weights from PyTorch or from ONNX {@code GRU} with
 * {@code linear_before_reset=1} load directly (see shared/REFERENCES.md).
 *
 * <p>Speed: the weights are kept transposed, {@code (in, 3H)}, and in the order the kernel reads
 * them, so each matrix-vector product streams through its matrix once, front to back, into
 * output accumulators held in registers, with SIMD through
 * {@code jdk.incubator.vector} when the JVM has it ({@code --add-modules jdk.incubator.vector})
 * and a scalar kernel otherwise, chosen once at start-up ({@link #kernelName()}). Every output
 * still sums {@code b + w_0 x_0 + w_1 x_1 + ...} in the order of the textbook row-by-row dot
 * product ({@link GruReference}), without fused multiply-add, so every kernel agrees with it bit
 * for bit. Nothing is allocated per step.
 */
public final class Gru {
    private static final Kernel KERNEL = Kernel.best();

    private final Kernel kernel;
    private final GruShape shape;
    private final int hidden;
    /**
     * Per layer: W_ih transposed (in_l, 3H), W_hh transposed (H, 3H), each in the order the kernel
     * reads it ({@code Kernel#pack}), b_ih (3H), b_hh (3H).
     */
    private final float[][] wIhT, wHhT, bIh, bHh;
    /**
     * Head: W_o transposed (H, C'), b_o (C'), with C' = C rounded up to a multiple of 8 and the
     * extra columns zero, so that every head output is computed in a SIMD block of independent
     * accumulators (a lone output is a chain of H dependent additions). The padding changes no
     * bit of the C real outputs: each still sums {@code b + w_0 x_0 + ...} in the same order.
     */
    private final float[] wOutT, bOut;
    private final int classesPadded;
    /** The embedding logits' head, as the head (W_e transposed, padded; b_e); null without them ({@link GruShape#embedding()} 0). */
    private final float[] wEmbedT, bEmbed;
    private final int embedPadded;

    public Gru(GruShape shape, float[] params) {
        this(shape, params, KERNEL);
    }

    /** The same network on the scalar kernel, as it runs without {@code jdk.incubator.vector}: for benchmarks. */
    public static Gru scalar(GruShape shape, float[] params) {
        return new Gru(shape, params, new ScalarKernel());
    }

    /** With a given kernel: tests and benchmarks compare the SIMD and scalar ones. */
    Gru(GruShape shape, float[] params, Kernel kernel) {
        this.kernel = kernel;
        if (params.length != shape.size()) {
            throw new IllegalArgumentException("expected " + shape.size() + " parameters, got " + params.length);
        }
        this.shape = shape;
        this.hidden = shape.hiddenSize();
        int g = 3 * hidden;
        int layers = shape.layers();
        wIhT = new float[layers][];
        wHhT = new float[layers][];
        bIh = new float[layers][];
        bHh = new float[layers][];
        for (int l = 0; l < layers; l++) {
            wIhT[l] = kernel.pack(transpose(params, shape.wIh(l), g, shape.layerInput(l)), shape.layerInput(l), g);
            wHhT[l] = kernel.pack(transpose(params, shape.wHh(l), g, hidden), hidden, g);
            bIh[l] = slice(params, shape.bIh(l), g);
            bHh[l] = slice(params, shape.bHh(l), g);
        }
        classesPadded = padded(shape.classes());
        int headIn = shape.headInput();
        wOutT = kernel.pack(transpose(params, shape.wOut(), shape.classes(), headIn, classesPadded), headIn, classesPadded);
        bOut = Arrays.copyOf(slice(params, shape.bOut(), shape.classes()), classesPadded);
        int e = shape.embedding();
        embedPadded = padded(e);
        wEmbedT = e == 0 ? null : kernel.pack(transpose(params, shape.wEmbed(), e, hidden, embedPadded), hidden, embedPadded);
        bEmbed = e == 0 ? null : Arrays.copyOf(slice(params, shape.bEmbed(), e), embedPadded);
    }

    /** n rounded up to a multiple of 8. */
    static int padded(int n) {
        return (n + 7) & ~7;
    }

    private static float[] transpose(float[] p, int off, int rows, int cols) {
        return transpose(p, off, rows, cols, rows);
    }

    /** The (rows, cols) matrix at p[off] transposed into (cols, stride), stride >= rows, the rest zero. */
    private static float[] transpose(float[] p, int off, int rows, int cols, int stride) {
        float[] t = new float[stride * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t[j * stride + i] = p[off + i * cols + j];
        }
        return t;
    }

    private static float[] slice(float[] p, int off, int n) {
        float[] s = new float[n];
        System.arraycopy(p, off, s, 0, n);
        return s;
    }

    public GruShape shape() {
        return shape;
    }

    /** Per-thread scratch buffers. After {@link #layerStep} they hold that layer's gates. */
    public static final class Workspace {
        /** W_ih x + b_ih and W_hh h' + b_hh, rows r, z, n (3H each). */
        public final float[] gi, gh;
        /** Gate activations and the new hidden state of the last layer stepped (H each). */
        public final float[] r, z, n, hNew;
        /** Head output (C, then zeros up to a multiple of 8). */
        public final float[] logits;
        /** The embedding logits (E, then zeros up to a multiple of 8). */
        public final float[] embed;

        Workspace(GruShape s) {
            int h = s.hiddenSize();
            gi = new float[3 * h];
            gh = new float[3 * h];
            r = new float[h];
            z = new float[h];
            n = new float[h];
            hNew = new float[h];
            logits = new float[padded(s.classes())];
            embed = new float[padded(s.embedding())];
        }
    }

    public Workspace newWorkspace() {
        return new Workspace(shape);
    }

    /**
     * One time step through every layer. {@code h} holds the hidden state of all layers,
     * layer l at {@code [l*H, (l+1)*H)}, and is updated in place.
     */
    public void step(float[] x, int xOff, float[] h, Workspace ws) {
        for (int l = 0; l < shape.layers(); l++) {
            if (l == 0) {
                layerStep(0, x, xOff, h, 0, ws);
            } else {
                layerStep(l, h, l * hidden - hidden, h, l * hidden, ws);   // the layer below's state
            }
            System.arraycopy(ws.hNew, 0, h, l * hidden, hidden);
        }
    }

    /**
     * One step of layer {@code l}: reads input {@code in[inOff, inOff+in_l)} and previous state
     * {@code hPrev[hOff, hOff+H)}; writes gates and the new state into {@code ws}.
     */
    public void layerStep(int l, float[] in, int inOff, float[] hPrev, int hOff, Workspace ws) {
        int g = 3 * hidden;
        float[] gi = ws.gi, gh = ws.gh;
        affine(wIhT[l], bIh[l], in, inOff, shape.layerInput(l), gi, g);   // gi = W_ih x + b_ih
        affine(wHhT[l], bHh[l], hPrev, hOff, hidden, gh, g);              // gh = W_hh h' + b_hh
        kernel.gates(gi, gh, hPrev, hOff, hidden, ws.r, ws.z, ws.n, ws.hNew);   // r, z, n, h
    }

    /** Class probabilities from the top layer of {@code h}, written to {@code out[0, C)}. */
    public void probabilities(float[] h, float[] out, Workspace ws) {
        probabilities(h, (shape.layers() - 1) * hidden, out, ws);
    }

    /** Class probabilities from the top-layer state at {@code hTop[off, off+H)}. */
    public void probabilities(float[] hTop, int off, float[] out, Workspace ws) {
        logits(hTop, off, out, ws);
        kernel.softmax(out, shape.classes());
    }

    /** In-place softmax over {@code v[0, n)} on this network's kernel: the bits {@link #probabilities} gives its logits. */
    public void softmax(float[] v, int n) {
        kernel.softmax(v, n);
    }

    /**
     * The head's logits (before the softmax) from its input at {@code in[off, off+H+E)} (the
     * top-layer state, then the embedding logits when {@link GruShape#embedding()} is not 0),
     * written to {@code out[0, C)}.
     */
    public void logits(float[] in, int off, float[] out, Workspace ws) {
        affine(wOutT, bOut, in, off, shape.headInput(), ws.logits, classesPadded);
        System.arraycopy(ws.logits, 0, out, 0, shape.classes());
    }

    /** The embedding logits {@code W_e h + b_e} from the top-layer state at {@code hTop[off, off+H)}, written to {@code ws.embed[0, E)}. */
    public void embedLogits(float[] hTop, int off, Workspace ws) {
        if (wEmbedT == null) throw new IllegalStateException("this network has no embedding logits");
        affine(wEmbedT, bEmbed, hTop, off, hidden, ws.embed, embedPadded);
    }

    /** y = W x + b, with W stored transposed (in, out). */
    private void affine(float[] wT, float[] b, float[] x, int xOff, int in, float[] y, int out) {
        kernel.affine(wT, b, x, xOff, in, y, out);
    }

    /**
     * {@code y[yOff + i] += x[xOff + i] * a} for i in [0, n), on this network's kernel (SIMD when
     * available), element by element: the same bits as the plain loop. For training's backward pass.
     */
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        kernel.axpy(a, x, xOff, y, yOff, n);
    }

    /** {@code count} {@link #axpy}s into the same {@code y}, in order, y held in registers: see {@code Kernel#axpySum}. */
    public void axpySum(float[] a, int aOff, int aStride, int count, float[] x, int xOff, int xStride, float[] y, int yOff, int n) {
        kernel.axpySum(a, aOff, aStride, count, x, xOff, xStride, y, yOff, n);
    }

    /** Which matrix-vector kernel this JVM runs: "vector" (SIMD) or "scalar". */
    public static String kernelName() {
        return KERNEL instanceof ScalarKernel ? "scalar" : "vector";
    }
}
