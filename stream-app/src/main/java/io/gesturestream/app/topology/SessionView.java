package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a live query says about a session: its current top-k prediction, steps so far, and the
 * model. Built from the bytes in the {@code gru-sessions} store.
 *
 * @param state {@code in-progress}, or {@code ended} (the marker an ended gesture leaves until
 *              the idle timeout), with the prediction the gesture ended with when there is one
 */
public record SessionView(String session, String state, long steps, long lastSeq, String model, String modelVersion,
                          List<Label> top) {
    public record Label(String label, float probability) {}

    /** @throws IllegalArgumentException when the stored bytes are not a session of {@code model} */
    public static SessionView of(String session, byte[] stored, Model model, int k) {
        StoredSession s = StoredSession.fromBytes(stored, model);
        SessionState st = s.state();
        List<Label> top = new ArrayList<>();
        if (st != null && st.steps() > 0) {
            float[] p = new Recognizer(model).probabilities(st).clone();
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < p.length; i++) idx.add(i);
            idx.sort(Comparator.comparingDouble((Integer i) -> -p[i]).thenComparing(i -> i));
            for (int i = 0; i < Math.min(k, p.length); i++) top.add(new Label(model.labels().get(idx.get(i)), p[idx.get(i)]));
        }
        long lastSeq = s.isClosed() ? s.closedSeq() : st.lastSeq();
        return new SessionView(session, s.isClosed() ? "ended" : "in-progress", st == null ? 0 : st.steps(), lastSeq,
                model.name(), model.version(), top);
    }

    public String toJson() {
        StringBuilder b = new StringBuilder("{\"session\":").append(quote(session)).append(",\"state\":\"").append(state)
                .append("\",\"steps\":").append(steps).append(",\"lastSeq\":").append(lastSeq).append(",\"model\":").append(quote(model))
                .append(",\"modelVersion\":").append(quote(modelVersion)).append(",\"top\":[");
        for (int i = 0; i < top.size(); i++) {
            if (i > 0) b.append(',');
            b.append("{\"label\":").append(quote(top.get(i).label())).append(",\"probability\":")
                    .append(String.format(Locale.ROOT, "%.6f", top.get(i).probability())).append('}');
        }
        return b.append("]}").toString();
    }

    private static String quote(String s) {
        return io.gesturestream.model.data.Json.quote(s);
    }
}
