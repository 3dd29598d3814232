package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.schemas.avro.FinalReason;
import io.gesturestream.schemas.avro.Prediction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@link Prediction} records {@code gru-step} writes. */
final class Predictions {
    private Predictions() {}

    /**
     * Session {@code key}'s prediction after event {@code seq}: class probabilities {@code p} (copied:
     * the recognizer overwrites its array) of state {@code s} on {@code model}, made at {@code nowMs}.
     *
     * @param reason why the gesture ended, for a final result ({@code fin}); null otherwise
     * A transcription model's prediction also carries the session's text and its stable start
     * ({@link Recognizer#text}, {@link Recognizer#stableText}); a final, the whole word's
     * ({@link Recognizer#finalText}: all of it stable) and, with a lexicon, whether it is a word of
     * it. Its top label is the step's most likely symbol ({@code ""} for the blank). A prototype
     * model's carries its fit ({@link Recognizer#fit}), and a final that fits its class under the
     * class's threshold has top label {@link OutputKind#UNKNOWN}.
     */
    static Prediction of(String key, Model model, Recognizer rec, SessionState s, float[] p, long seq, boolean fin, FinalReason reason,
                         long nowMs) {
        int top = Recognizer.argmax(p);
        return of(key, model, rec, s, p, seq, fin, reason, nowMs, top, fin && !rec.known(p) ? OutputKind.UNKNOWN : model.labels().get(top));
    }

    /**
     * A spotting model's final for the gesture of class {@code spotted} that the event just applied
     * to {@code s} completed ({@link Recognizer#spotted()}): that class as its top label, with its
     * probability, whatever the step's argmax (usually {@code unknown} by then); seq and time of
     * that event.
     */
    static Prediction spotted(String key, Model model, Recognizer rec, SessionState s, float[] p, int spotted, long nowMs) {
        return named(key, model, rec, s, p, s.lastSeq(), FinalReason.SPOTTED, spotted, nowMs);
    }

    /** A spotting model's final for event {@code seq}, with {@code reason}, naming class {@code c} (with its probability) whatever the step's argmax. */
    static Prediction named(String key, Model model, Recognizer rec, SessionState s, float[] p, long seq, FinalReason reason, int c, long nowMs) {
        return of(key, model, rec, s, p, seq, true, reason, nowMs, c, model.labels().get(c));
    }

    private static Prediction of(String key, Model model, Recognizer rec, SessionState s, float[] p, long seq, boolean fin, FinalReason reason,
                                 long nowMs, int top, String label) {
        boolean prototypes = model.output() == OutputKind.PROTOTYPES;
        String text = fin ? rec.finalText(s) : rec.text(s);
        List<Float> probs = new ArrayList<>(p.length);
        for (float v : p) probs.add(v);
        // the constructor, not the builder: one per event, and every field is set here (the builder checks and copies each)
        return new Prediction(key, seq, Instant.ofEpochMilli(Math.max(0, s.lastTime())), model.name(), model.version(), s.steps(), label,
                p[top], probs, fin, reason, Instant.ofEpochMilli(nowMs), text, fin ? text : rec.stableText(s),
                fin ? rec.inLexicon(s) : null, prototypes ? rec.fit() : null);
    }
}
