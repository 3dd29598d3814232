package io.gesturestream.model.gru;

/**
 * {@code y = W x + b} with W stored transposed, {@code (in, out)} row-major. Every
 * implementation sums each output in the same order, {@code b + w_0 x_0 + w_1 x_1 + ...}, with a
 * separate multiply and add (no fused multiply-add), so all of them, and {@link GruReference},
 * give the same bits.
 */
interface Affine {
    void apply(float[] wT, float[] b, float[] x, int xOff, int in, float[] y, int out);

    /** The SIMD kernel when the JVM has {@code jdk.incubator.vector} (and -Dgesture.simd=false is not set), else scalar. */
    static Affine best() {
        boolean wanted = !"false".equalsIgnoreCase(System.getProperty("gesture.simd"));
        if (wanted && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Affine) Class.forName("io.gesturestream.model.gru.VectorAffine").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarAffine();
            }
        }
        return new ScalarAffine();
    }
}
