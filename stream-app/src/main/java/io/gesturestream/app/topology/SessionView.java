package io.gesturestream.app.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a live query says about a session: its current top-k prediction, steps so far, and the
 * model. Built from the bytes in the {@code gru-sessions} store; {@link #toJson()} is the body of
 * {@code GET /sessions/{id}}, with these field names, in this order.
 *
 * @param text  a transcription model's text so far ({@link Recognizer#text}); absent for a classifier
 * @param state {@code in-progress}, or {@code ended} (the marker an ended gesture leaves until
 *              the idle timeout), with the prediction the gesture ended with when there is one
 */
@JsonPropertyOrder({"session", "state", "steps", "lastSeq", "model", "modelVersion", "top", "text"})
public record SessionView(String session, String state, long steps, long lastSeq, String model, String modelVersion,
                          List<Label> top, @JsonInclude(JsonInclude.Include.NON_NULL) String text) {
    /** @param probability written with 6 decimals ({@code 0.951234}) */
    @JsonPropertyOrder({"label", "probability"})
    public record Label(String label, @JsonSerialize(using = SixDecimals.class) float probability) {}

    private static final ObjectWriter JSON = new ObjectMapper().writerFor(SessionView.class);

    /** @throws IllegalArgumentException when the stored bytes are not a session of {@code model} */
    public static SessionView of(String session, byte[] stored, Model model, int k) {
        StoredSession s = StoredSession.fromBytes(stored, model);
        SessionState st = s.state();
        List<Label> top = new ArrayList<>();
        Recognizer rec = new Recognizer(model);
        if (st != null && st.steps() > 0) {
            float[] p = rec.probabilities(st).clone();
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < p.length; i++) idx.add(i);
            idx.sort(Comparator.comparingDouble((Integer i) -> -p[i]).thenComparing(i -> i));
            for (int i = 0; i < Math.min(k, p.length); i++) top.add(new Label(model.labels().get(idx.get(i)), p[idx.get(i)]));
        }
        long lastSeq = s.isClosed() ? s.closedSeq() : st.lastSeq();
        return new SessionView(session, s.isClosed() ? "ended" : "in-progress", st == null ? 0 : st.steps(), lastSeq,
                model.name(), model.version(), top, st == null ? null : rec.text(st));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);  // strings, numbers and lists: cannot happen
        }
    }

    /** A probability as the endpoint has always written it: fixed point, 6 decimals. */
    static final class SixDecimals extends StdSerializer<Float> {
        SixDecimals() {
            super(Float.class);
        }

        @Override
        public void serialize(Float p, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(String.format(Locale.ROOT, "%.6f", p));
        }
    }
}
