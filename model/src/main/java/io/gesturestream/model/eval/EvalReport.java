package io.gesturestream.model.eval;

import io.gesturestream.model.data.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores of one evaluation: accuracy at gesture end and after each fraction of the events,
 * top-3 accuracy at the end, per-class accuracy (recall), the confusion matrix (rows: true
 * class, columns: predicted) and, for models that have letters of both cases, the
 * {@linkplain Caseless caseless} accuracy (NaN otherwise), and for a model that can answer
 * "unknown" (a prototype model), the share of finals it answers so (NaN otherwise); accuracy
 * counts the class ranked first either way.
 *
 * <p>Test data may hold <em>negatives</em>: gestures labelled {@code unknown}, other motion that
 * a model with that label (a reject class, as a spotting model has) must answer {@code unknown}.
 * Then accuracy, early accuracy and top-3 are over the other gestures only, and
 * {@code unknownRate} is the share of the negatives whose final is {@code unknown} (ranked first,
 * or under its class's fit threshold); per-class accuracy and the confusion matrix count both.
 */
public record EvalReport(List<String> labels, int gestures, double accuracy, Map<Double, Double> accuracyAt,
                         Map<String, Double> perClass, int[][] confusion, double top3, double caseless, double unknownRate,
                         int negatives) {

    public EvalReport(List<String> labels, int gestures, double accuracy, Map<Double, Double> accuracyAt,
                      Map<String, Double> perClass, int[][] confusion, double top3, double caseless, double unknownRate) {
        this(labels, gestures, accuracy, accuracyAt, perClass, confusion, top3, caseless, unknownRate, 0);
    }

    static EvalReport of(List<String> labels, int[] truth, int[][] predictions) {
        return of(labels, truth, predictions, false);
    }

    static EvalReport of(List<String> labels, int[] truth, int[][] predictions, boolean rejects) {
        int c = labels.size();
        int last = Evaluator.FRACTIONS.length - 1;
        int reject = labels.indexOf(io.gesturestream.model.OutputKind.UNKNOWN);
        int negatives = 0, rejected = 0;
        for (int i = 0; i < truth.length; i++) {
            if (reject < 0 || truth[i] != reject) continue;
            negatives++;
            if (predictions[i][last] == reject || predictions[i][last + 3] == 0) rejected++;
        }
        int[][] confusion = new int[c][c];
        for (int i = 0; i < truth.length; i++) confusion[truth[i]][predictions[i][last]]++;
        if (negatives > 0) {
            // the scores below are over the gestures; the negatives have their own, unknownRate
            List<Integer> keep = new java.util.ArrayList<>();
            for (int i = 0; i < truth.length; i++) if (truth[i] != reject) keep.add(i);
            int[] t = new int[keep.size()];
            int[][] p = new int[keep.size()][];
            for (int i = 0; i < t.length; i++) {
                t[i] = truth[keep.get(i)];
                p[i] = predictions[keep.get(i)];
            }
            truth = t;
            predictions = p;
        }
        int n = truth.length;
        Map<Double, Double> at = new LinkedHashMap<>();
        for (int k = 0; k < Evaluator.FRACTIONS.length; k++) {
            int ok = 0;
            for (int i = 0; i < n; i++) if (predictions[i][k] == truth[i]) ok++;
            at.put(Evaluator.FRACTIONS[k], n == 0 ? 0 : (double) ok / n);
        }
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int k = 0; k < c; k++) {
            int total = 0;
            for (int j = 0; j < c; j++) total += confusion[k][j];
            if (total > 0) perClass.put(labels.get(k), (double) confusion[k][k] / total);
        }
        int top3 = 0;
        for (int i = 0; i < n; i++) {
            int[] p = predictions[i];
            if (p[last] == truth[i] || p[last + 1] == truth[i] || p[last + 2] == truth[i]) top3++;
        }
        double caseless = Double.NaN;
        if (Caseless.applies(labels)) {
            int ok = 0;
            for (int i = 0; i < n; i++) if (Caseless.same(labels.get(truth[i]), labels.get(predictions[i][last]))) ok++;
            caseless = n == 0 ? 0 : (double) ok / n;
        }
        double unknownRate = Double.NaN;
        if (negatives > 0) {
            unknownRate = (double) rejected / negatives;
        } else if (rejects) {
            int unknown = 0;
            for (int[] p : predictions) if (p[last + 3] == 0) unknown++;
            unknownRate = n == 0 ? 0 : (double) unknown / n;
        }
        return new EvalReport(labels, n, at.get(1.0), at, perClass, confusion, n == 0 ? 0 : (double) top3 / n, caseless, unknownRate,
                negatives);
    }

    /** The evaluation as one JSON object; {@code baseline} is added when not null. */
    public String toJson(String baselineName, Double baselineAccuracy) {
        StringBuilder b = new StringBuilder();
        b.append("{\"gestures\": ").append(gestures);
        b.append(", \"accuracy\": ").append(num(accuracy));
        b.append(", \"top3\": ").append(num(top3));
        if (negatives > 0) b.append(", \"negatives\": ").append(negatives);
        if (!Double.isNaN(unknownRate)) b.append(", \"unknownRate\": ").append(num(unknownRate));
        if (!Double.isNaN(caseless)) b.append(", \"caseless\": ").append(num(caseless));
        b.append(", \"accuracyAt\": {");
        String sep = "";
        for (Map.Entry<Double, Double> e : accuracyAt.entrySet()) {
            b.append(sep).append('"').append(e.getKey()).append("\": ").append(num(e.getValue()));
            sep = ", ";
        }
        b.append("}, \"perClass\": {");
        sep = "";
        for (Map.Entry<String, Double> e : perClass.entrySet()) {
            b.append(sep).append(Json.quote(e.getKey())).append(": ").append(num(e.getValue()));
            sep = ", ";
        }
        b.append("}, \"labels\": [");
        sep = "";
        for (String l : labels) {
            b.append(sep).append(Json.quote(l));
            sep = ", ";
        }
        b.append("], \"confusion\": [");
        for (int i = 0; i < confusion.length; i++) {
            b.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < confusion[i].length; j++) b.append(j == 0 ? "" : ", ").append(confusion[i][j]);
            b.append(']');
        }
        b.append(']');
        if (baselineName != null) {
            b.append(", \"baseline\": {\"name\": ").append(Json.quote(baselineName)).append(", \"accuracy\": ")
                    .append(num(baselineAccuracy)).append('}');
        }
        return b.append('}').toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** A human-readable report. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "gestures: %d%naccuracy at gesture end: %.2f%% (top 3: %.2f%%)%n", gestures, 100 * accuracy,
                100 * top3));
        if (negatives > 0) {
            b.append(String.format(Locale.ROOT, "negatives (other motion, labelled unknown): %d, answered unknown: %.2f%%%n", negatives,
                    100 * unknownRate));
        } else if (!Double.isNaN(unknownRate)) {
            b.append(String.format(Locale.ROOT, "answered unknown (under their class's fit threshold): %.2f%%%n", 100 * unknownRate));
        }
        if (!Double.isNaN(caseless)) {
            b.append(String.format(Locale.ROOT, "caseless accuracy: %.2f%% (%s)%n", 100 * caseless, Caseless.DESCRIPTION));
        }
        b.append("early accuracy:");
        for (Map.Entry<Double, Double> e : accuracyAt.entrySet()) {
            b.append(String.format(Locale.ROOT, "  %.0f%% of events: %.2f%%", 100 * e.getKey(), 100 * e.getValue()));
        }
        b.append(String.format("%nper class:%n"));
        for (Map.Entry<String, Double> e : perClass.entrySet()) {
            b.append(String.format(Locale.ROOT, "  %-20s %.2f%%%n", e.getKey(), 100 * e.getValue()));
        }
        b.append("confusion (rows: true, columns: predicted, in label order):\n");
        for (int i = 0; i < confusion.length; i++) {
            b.append(String.format("  %-20s", labels.get(i)));
            for (int v : confusion[i]) b.append(String.format("%5d", v));
            b.append('\n');
        }
        return b.toString();
    }
}
