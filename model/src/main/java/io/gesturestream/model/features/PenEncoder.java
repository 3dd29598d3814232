package io.gesturestream.model.features;

/**
 * Pen features, invariant to translation and to uniform scale, and blind to time.
 *
 * <p>Per point p_i, with bounding box B_i of p_0..p_i (centre c_i, scale
 * s_i = max(width, height)), first point p_0 and step d_i = p_i - p_(i-1):
 * <pre>
 *   0,1  (p_i - c_i) / s_i        where the pen is in the shape so far
 *   2,3  (p_i - p_0) / s_i        where it is relative to where the gesture started
 *   4,5  d_i / |d_i|              direction of travel (0 for the first point or no move)
 *   6    |d_i| / s_i              step length relative to the shape
 *   7    1 on DOWN                a stroke starts (d_i is then the jump in the air)
 *   8    1 on UP                  a stroke ends
 *   9,10 cos, sin of the turn       from the previous direction of travel (0 before there is one)
 *   11   pressure                 only when the model was built with pressure
 * </pre>
 * Every quantity is a ratio of lengths, so it does not change when the coordinates are
 * shifted or uniformly scaled: a model trained on one tablet reads another. Time is not used
 * (sampling clocks differ between devices and are unreliable in pendigits). Before the shape has
 * any extent (s = 0) the relative features are 0.
 *
 * <p>Sampling density: with {@code minStep > 0}, a MOVE closer than {@code minStep * s_i} to the
 * last point kept is not encoded ({@link #encode} returns false and the GRU does not step); it
 * still widens the box. DOWN and UP are always kept, and d_i is the step from the last point
 * kept. A tablet at 200 points per second and one at 100 then give the GRU about the same
 * points per stroke, and a long gesture costs fewer steps. {@code minStep = 0} keeps every point
 * (the models saved before it existed).
 *
 * <p>Text (feature set 3, {@link #forText}): for handwriting that grows along a line (words),
 * where the box's size keeps changing as letters are added, the scale is an estimate of the
 * writing's height instead, s_i = max(height of B_i, width of B_i / 8), and the features say where
 * the pen is in the line rather than in the box:
 * <pre>
 *   0    (y_i - cy_i) / s_i         height in the line so far
 *   1    (x_i - max x) / s_i        how far back from the rightmost ink (a dot, a cross), in [-4, 0]
 *   2,3  d_i / s_i                  the step, in heights, each clipped to [-4, 4]
 *   4-10 as above                   direction, min(|d_i| / s_i, 4), DOWN, UP, turn
 * </pre>
 * The minimum step is then a share of that height, so a long word does not thin out its letters.
 *
 * <p>State: started, x0, y0, last kept x, last kept y, min x, max x, min y, max y, previous
 * direction (x, y). The feature set's number is saved with the model; a model file of another
 * set is refused at load.
 */
public final class PenEncoder implements FeatureEncoder {
    public static final int FEATURE_SET_VERSION = 2;
    /** The text feature set ({@link #forText}). */
    public static final int TEXT_FEATURE_SET = 3;
    /** Text: the height estimate is at least the width over this (a line of one-stroke dashes has a height). */
    static final float TEXT_WIDTH_PER_HEIGHT = 8f;
    /** Text: features measured in heights are clipped to this. */
    static final float TEXT_CLIP = 4f;
    private static final int BASE_FEATURES = 11;
    private static final int STATE = 11;
    /** Beyond this, differences of coordinates could overflow a float. */
    public static final float MAX_COORDINATE = 1e30f;

    /** The largest {@code minStep}: a point must then move a quarter of the shape's size to count. */
    public static final float MAX_MIN_STEP = 0.25f;

    private final boolean usePressure;
    private final float minStep;
    private final boolean text;

    public PenEncoder(boolean usePressure) {
        this(usePressure, 0f);
    }

    /** @param minStep a MOVE closer than this share of the shape's size to the last point kept is skipped; 0 keeps all */
    public PenEncoder(boolean usePressure, float minStep) {
        this(usePressure, minStep, false);
    }

    private PenEncoder(boolean usePressure, float minStep, boolean text) {
        if (!(minStep >= 0f && minStep <= MAX_MIN_STEP)) {
            throw new IllegalArgumentException("the pen encoder's minimum step must be in [0, " + MAX_MIN_STEP + "], got " + minStep);
        }
        this.usePressure = usePressure;
        this.minStep = minStep;
        this.text = text;
    }

    /** The text feature set: scale and positions from the line's height, for words (see the class comment). */
    public static PenEncoder forText(boolean usePressure, float minStep) {
        return new PenEncoder(usePressure, minStep, true);
    }

    /** Whether this is the text feature set. */
    public boolean text() {
        return text;
    }

    /** Parameters {@code [2, usePressure 0|1]} (every point kept) or {@code [2, usePressure, minStep]}. */
    static PenEncoder fromParameters(float[] p) {
        if ((p.length != 2 && p.length != 3) || (p[0] != FEATURE_SET_VERSION && p[0] != TEXT_FEATURE_SET) || (p[1] != 0f && p[1] != 1f)
                || (p.length == 3 && !(p[2] >= 0f && p[2] <= MAX_MIN_STEP)) || (p[0] == TEXT_FEATURE_SET && p.length != 3)) {
            throw new IllegalArgumentException("pen encoder parameters must be [feature set " + FEATURE_SET_VERSION
                    + ", usePressure 0|1, minStep in [0, " + MAX_MIN_STEP + "] (optional)] or [" + TEXT_FEATURE_SET
                    + " (text), usePressure 0|1, minStep], got " + java.util.Arrays.toString(p));
        }
        return new PenEncoder(p[1] == 1f, p.length == 3 ? p[2] : 0f, p[0] == TEXT_FEATURE_SET);
    }

    public boolean usePressure() {
        return usePressure;
    }

    public float minStep() {
        return minStep;
    }

    @Override
    public InputKind kind() {
        return InputKind.PEN;
    }

    @Override
    public int inputSize() {
        return BASE_FEATURES + (usePressure ? 1 : 0);
    }

    @Override
    public int stateSize() {
        return STATE;
    }

    @Override
    public float[] parameters() {
        if (text) return new float[] {TEXT_FEATURE_SET, usePressure ? 1f : 0f, minStep};
        return minStep == 0f ? new float[] {FEATURE_SET_VERSION, usePressure ? 1f : 0f}
                : new float[] {FEATURE_SET_VERSION, usePressure ? 1f : 0f, minStep};
    }

    private static float clip(float v) {
        return Math.max(-TEXT_CLIP, Math.min(TEXT_CLIP, v));
    }

    @Override
    public void reset(float[] st) {
        java.util.Arrays.fill(st, 0, STATE, 0f);
    }

    @Override
    public boolean encode(Sample s, long prevT, float[] st, float[] out, int off) {
        if (!(s instanceof PenSample p)) {
            throw new IllegalArgumentException("a pen model cannot read an " + s.kind() + " sample");
        }
        float x = p.x(), y = p.y();
        if (!(Math.abs(x) <= MAX_COORDINATE) || !(Math.abs(y) <= MAX_COORDINATE)) {
            throw new IllegalArgumentException("pen coordinates must be finite and within +-" + MAX_COORDINATE + ", got (" + x + ", " + y + ")");
        }
        boolean first = st[0] == 0f;
        if (first) {
            st[0] = 1f;
            st[1] = x; st[2] = y;           // p_0
            st[3] = x; st[4] = y;           // previous point
            st[5] = x; st[6] = x;           // x range
            st[7] = y; st[8] = y;           // y range
        }
        float dx = x - st[3], dy = y - st[4];
        st[5] = Math.min(st[5], x);
        st[6] = Math.max(st[6], x);
        st[7] = Math.min(st[7], y);
        st[8] = Math.max(st[8], y);
        float scale = text ? Math.max(st[8] - st[7], (st[6] - st[5]) / TEXT_WIDTH_PER_HEIGHT) : Math.max(st[6] - st[5], st[8] - st[7]);
        float len = (float) Math.sqrt((double) dx * dx + (double) dy * dy);
        if (p.phase() == PenSample.Phase.MOVE && len < minStep * scale) return false;
        st[3] = x;
        st[4] = y;
        // a shape narrower than ~3e-39 (a subnormal float) has no usable extent: 1/scale would overflow
        float inv = scale > 0f ? 1f / scale : 0f;
        if (inv == Float.POSITIVE_INFINITY) inv = 0f;
        float cx = 0.5f * (st[5] + st[6]), cy = 0.5f * (st[7] + st[8]);
        if (text) {
            out[off] = (y - cy) * inv;
            out[off + 1] = clip((x - st[6]) * inv);
            out[off + 2] = clip(dx * inv);
            out[off + 3] = clip(dy * inv);
            out[off + 6] = Math.min(len * inv, TEXT_CLIP);
        } else {
            out[off] = (x - cx) * inv;
            out[off + 1] = (y - cy) * inv;
            out[off + 2] = (x - st[1]) * inv;
            out[off + 3] = (y - st[2]) * inv;
            out[off + 6] = len * inv;
        }
        out[off + 4] = len > 0f ? dx / len : 0f;
        out[off + 5] = len > 0f ? dy / len : 0f;
        out[off + 7] = p.phase() == PenSample.Phase.DOWN ? 1f : 0f;
        out[off + 8] = p.phase() == PenSample.Phase.UP ? 1f : 0f;
        // turn: cos and sin of the angle from the previous direction of travel to this one
        float ux = out[off + 4], uy = out[off + 5];
        out[off + 9] = st[9] * ux + st[10] * uy;
        out[off + 10] = st[9] * uy - st[10] * ux;
        if (len > 0f) {
            st[9] = ux;
            st[10] = uy;
        }
        if (usePressure) {
            float pr = p.hasPressure() ? p.pressure() : 0.5f;
            out[off + BASE_FEATURES] = Math.max(0f, Math.min(1f, pr));
        }
        return true;
    }
}
