package io.gesturestream.model.eval;

import io.gesturestream.model.Model;
import io.gesturestream.model.OutputKind;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.features.PenEncoder;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import io.gesturestream.model.gru.GruShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Models whose answer after every event is the one the test asks for: one GRU unit that reads
 * only the pen's pressure, {@code h = tanh(4 pressure - 2)} (its update gate shut, so nothing
 * carries over from the event before), and a head whose logit for class c is
 * {@code -40 (h - m_c)^2} up to a term common to all classes, with the centres m_c evenly
 * spread over [-0.8, 0.8]: the nearest centre wins, the next nearest is second, and so on.
 * An event "at position q" (a class index, fractions allowed) puts h at the point a share q of
 * the way between the first and the last centre, so the ranking of the classes at the end is
 * by distance to q.
 */
final class Scripted {
    private Scripted() {}

    static final float SHARPNESS = 40f;

    /** A classifier over {@code labels}. */
    static Model classifier(List<String> labels) {
        return new Model("scripted", "1", shape(labels.size()), new PenEncoder(true), labels, Map.of(), params(labels.size()));
    }

    /**
     * A transcription model over the blank and {@code symbols}, whose encoder skips a MOVE that
     * does not move ({@link PenEncoder}'s minimum step, a quarter of the shape's size).
     */
    static Model transcriber(String... symbols) {
        List<String> labels = new ArrayList<>();
        labels.add(OutputKind.BLANK);
        labels.addAll(List.of(symbols));
        return new Model("scripted-ctc", "1", OutputKind.CTC, shape(labels.size()), new PenEncoder(true, 0.25f), labels, Map.of(),
                params(labels.size()));
    }

    private static GruShape shape(int classes) {
        return new GruShape(12, 1, 1, classes);
    }

    private static double centre(int c, int classes) {
        return -0.8 + 1.6 * c / (classes - 1);
    }

    private static float[] params(int classes) {
        GruShape s = shape(classes);
        float[] p = new float[s.size()];
        p[s.wIh(0) + 2 * 12 + 11] = 4f;       // n reads the pressure
        p[s.bIh(0) + 1] = -40f;               // z shut: h = n
        p[s.bIh(0) + 2] = -2f;
        for (int c = 0; c < classes; c++) {
            double m = centre(c, classes);
            p[s.wOut() + c] = (float) (SHARPNESS * 2 * m);
            p[s.bOut() + c] = (float) (-SHARPNESS * m * m);
        }
        return p;
    }

    /** The pressure that puts the unit at position q of a model of {@code classes} classes. */
    static float pressure(double q, int classes) {
        double h = -0.8 + 1.6 * q / (classes - 1);
        return (float) ((0.5 * Math.log((1 + h) / (1 - h)) + 2) / 4);
    }

    /**
     * One stroke, an event at each position of {@code qs}, the pen going back and forth between x = 0
     * and x = 1 (a shape of size 1 that each event crosses); a NaN
     * position is a MOVE that stays where the pen was (which a transcriber's encoder skips).
     */
    static List<Sample> events(int classes, double... qs) {
        List<Sample> out = new ArrayList<>();
        int x = -1;
        for (int i = 0; i < qs.length; i++) {
            PenSample.Phase ph = i == 0 ? PenSample.Phase.DOWN : i == qs.length - 1 ? PenSample.Phase.UP : PenSample.Phase.MOVE;
            if (!Double.isNaN(qs[i])) x++;
            out.add(new PenSample(ph, x % 2, 0f, Double.isNaN(qs[i]) ? 0.5f : pressure(qs[i], classes), 10L * i));
        }
        return out;
    }

    static Gesture gesture(String label, int classes, double... qs) {
        return new Gesture(label, "s", events(classes, qs));
    }
}
