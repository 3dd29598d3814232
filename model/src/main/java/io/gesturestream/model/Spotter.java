package io.gesturestream.model;

/**
 * Gesture spotting in a continuous stream, for a session that has no end (an IMU worn or held all
 * day): from a spotting model's answer after every event ({@link Model#spotting()}), when a gesture
 * has just been completed.
 *
 * <p>A spotting model names a gesture's class from about a quarter of the way through it to a
 * moment after its end, and {@code unknown} otherwise. A <em>run</em> is a stretch of events in
 * which one class is named ({@code argmax p} is that class and {@code p >= }{@link #ON}); it ends
 * when the class has not been named for {@link #END_MS} or another class is named. A run that
 * lasted at least the model's shortest run ({@link Model#spotMinRunMs()}, from its first naming
 * to its last) is a completed gesture of its class, reported at the event that ends it; a shorter
 * one is nothing. Everything is
 * in the events' own time, so that a replay decides the same at any speed. A gap between events
 * is not a lapse: only events that do not name the class count towards {@link #END_MS}.
 *
 * <p>{@link #ON} and {@link #MIN_RUN_MS} were chosen on the validation side of the magic-wand data
 * (person dengyl's gestures spliced between stretches of {@code negative_2}, the one long recording
 * of other motion on that side) with a model that learned from neither: of ON 0.5-0.9 and runs of
 * 300-800 ms, 0.7 and 400 ms kept recall at 95% and cut the false detections on {@code negative_2}
 * from 4 to 1 (0.5 and 300 ms: recall 100%, precision 91%); {@code docs/wand.md} has the table.
 * The shortest run is the model's, since a model that names gestures more readily needs a longer
 * one ({@link Model#SPOT_MIN_RUN_KEY}); {@link #MIN_RUN_MS} is the one of files without it.
 *
 * <p><b>A session that ends</b> (an END event: the device, or the person holding a button, says
 * where the gesture is; or a recording read alone, as {@code evaluate} reads it) has one answer. If
 * its spotter reported a gesture, that is it. If not, the answer is the class of its last run of
 * at least {@link #END_RUN_MS} (the run still open first; {@link #atEnd}), else {@code unknown}: a
 * run too short to report a gesture in a stream that never says where gestures are is enough when
 * the session's end says that one was made here. {@link #END_RUN_MS} was chosen by the
 * cross-validation over the six people outside the magic-wand test side ({@code docs/wand.md}):
 * with runs of 300 ms the taught recipe's fold models named 373 of 390 held-out gestures at the end
 * (362 without this rule) and still answered {@code unknown} to 78 of 79 pieces of other motion
 * read alone, as without it; 200 ms named 5 more of those.
 *
 * <p>State, {@link #STATE} floats kept in the session ({@link SessionState}): the run's class + 1
 * (0: none), the run's length so far (ms, from its first naming to its last), the time since its
 * last naming (ms), the class + 1 of the session's last run that ended after lasting at least
 * {@link #END_RUN_MS} (0: none), and 1 once the spotter has reported a gesture in the session
 * (else 0). Floats hold whole milliseconds exactly up to 2^24 (4.6 hours), far beyond any run.
 */
public final class Spotter {
    /** Floats of state per session. */
    public static final int STATE = 5;
    /** Floats of state per session in states stored before {@link #END_RUN_MS} (the run alone). */
    public static final int STATE_RUN_ONLY = 3;
    /** The probability at which a class counts as named. */
    public static final float ON = 0.7f;
    /** How long a class may go unnamed before its run ends, ms. */
    public static final float END_MS = 60f;
    /** The shortest run that names a session's gesture when the session ends ({@link #atEnd}), ms. */
    public static final float END_RUN_MS = 300f;
    /** The shortest run that is a gesture for a model that does not say (files written before {@link Model#SPOT_MIN_RUN_KEY}), ms. */
    public static final float MIN_RUN_MS = 400f;
    /** The largest shortest run a model may ask for, ms: a minute. */
    public static final float MAX_RUN_MS = 60_000f;

    /** Whether {@code ms} may be a model's shortest run: in [0, {@link #MAX_RUN_MS}]. */
    public static boolean validMinRun(float ms) {
        return ms >= 0f && ms <= MAX_RUN_MS;
    }

    private Spotter() {}

    /**
     * The class a session that ends now names if its spotter reported no gesture in it: its run
     * in progress if that has lasted the shorter of {@link #END_RUN_MS} and {@code minRunMs}, else
     * its last run that did, else -1.
     */
    static int atEnd(float[] st, float minRunMs) {
        if (st[0] > 0 && st[1] >= endRun(minRunMs)) return (int) st[0] - 1;
        return (int) st[3] - 1;
    }

    /** Whether the spotter has reported a gesture in the session. */
    static boolean reported(float[] st) {
        return st[4] > 0;
    }

    /** A fresh session's state: no run, none before it. */
    static void reset(float[] st) {
        java.util.Arrays.fill(st, 0f);
    }

    /** The shortest run that names an ending session's gesture under a model whose shortest gesture is {@code minRunMs}. */
    private static float endRun(float minRunMs) {
        return Math.min(END_RUN_MS, minRunMs);
    }

    /**
     * Takes the answer {@code p} of an event {@code dtMs} after the previous one into the state.
     *
     * @param unknown  the index of the reject class
     * @param minRunMs the shortest run that is a gesture (the model's, {@link Model#spotMinRunMs()})
     * @return the class of the gesture completed at this event, or -1 for none
     */
    static int update(float[] st, float[] p, int unknown, long dtMs, float minRunMs) {
        float dt = Math.max(0, Math.min(1000, dtMs));
        int c = Recognizer.argmax(p);
        boolean on = c != unknown && p[c] >= ON;
        int run = (int) st[0] - 1;
        int done = -1;
        if (run >= 0) {
            if (on && c == run) {
                st[1] += st[2] + dt;
                st[2] = 0f;
                return -1;
            }
            st[2] += dt;
            if (!on && st[2] < END_MS) return -1;
            if (st[1] >= minRunMs) done = run;
            if (st[1] >= endRun(minRunMs)) st[3] = run + 1;
            if (done >= 0) st[4] = 1f;
            st[0] = st[1] = st[2] = 0f;  // the run is over
        }
        if (on) st[0] = c + 1;
        return done;
    }
}
