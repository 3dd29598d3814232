package io.gesturestream.model.gru;

/**
 * The two loops of a GRU step. Every implementation performs the same IEEE float operations in
 * the same order (each output sums {@code b + w_0 x_0 + w_1 x_1 + ...} with separate multiply and
 * add, no fused multiply-add; the activations are {@link Activations}' float formulas), so all of
 * them, and {@link GruReference}, give the same bits.
 */
interface Kernel {
    /**
     * {@code y = W x + b}, with W given as {@link #pack} made it from W transposed.
     */
    void affine(float[] packed, float[] b, float[] x, int xOff, int in, float[] y, int out);

    /**
     * W transposed, {@code (in, out)} row-major, in the order this kernel's {@link #affine} reads
     * it: the same numbers, so the same bits, only placed so that it streams through them. As
     * given by default.
     */
    default float[] pack(float[] wT, int in, int out) {
        return wT;
    }

    /**
     * Gates and new state from {@code gi = W_i x + b_i} and {@code gh = W_h h' + b_h} (rows r, z, n):
     * r = sigmoid(gi_r + gh_r), z = sigmoid(gi_z + gh_z), n = tanh(gi_n + r gh_n),
     * h = (1 - z) n + z h'.
     */
    void gates(float[] gi, float[] gh, float[] hPrev, int hOff, int hidden, float[] r, float[] z, float[] n, float[] hNew);

    /**
     * {@code y[yOff + i] += x[xOff + i] * a} for i in [0, n): each element on its own (one multiply,
     * one add), so every kernel gives the same bits. Training's backward pass is made of these.
     */
    void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * {@code y[yOff + i] += x_s[i] * a_s} for s = 0, 1, ..., count - 1 in that order, where
     * {@code x_s = x[xOff + s * xStride ...]} and {@code a_s = a[aOff + s * aStride]} (strides may be
     * negative): the same bits as {@code count} calls of {@link #axpy} in that order, with y held in
     * registers between them. The weight gradients of a whole sequence, row by row.
     */
    default void axpySum(float[] a, int aOff, int aStride, int count, float[] x, int xOff, int xStride, float[] y, int yOff, int n) {
        for (int s = 0; s < count; s++) axpy(a[aOff + s * aStride], x, xOff + s * xStride, y, yOff, n);
    }

    /**
     * In-place softmax over {@code v[0, n)}: the same bits as {@link Activations#softmax} (the
     * maximum, then e^(v - max) element by element, summed in index order, times 1/sum).
     */
    default void softmax(float[] v, int n) {
        Activations.softmax(v, n);
    }

    /** The SIMD kernel when the JVM has {@code jdk.incubator.vector} (and -Dgesture.simd=false is not set), else scalar. */
    static Kernel best() {
        boolean wanted = !"false".equalsIgnoreCase(System.getProperty("gesture.simd"));
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Kernel) Class.forName("io.gesturestream.model.gru.VectorKernel").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarKernel();
            }
        }
        return new ScalarKernel();
    }
}
