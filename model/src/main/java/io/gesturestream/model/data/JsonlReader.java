package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gesture JSONL, the project's format for recordings: one JSON object per line, one line per
 * event, UTF-8. See the README ("Gesture JSONL") for the full description.
 * <pre>
 *   {"session":"s1","t":1700000000123,"type":"DOWN","x":12.5,"y":40.0,"pressure":0.4,"label":"7"}
 *   {"session":"s1","t":...,"type":"SAMPLE","ax":0.1,"ay":-0.98,"az":0.05,"label":"circle"}
 *   {"session":"s1","t":...,"type":"END","label":"7"}
 * </pre>
 * Events of one session accumulate until its END; sessions may interleave. A gesture's label is
 * the END's {@code label}, else that of its events. Every error names its line.
 */
public final class JsonlReader {
    public static final int MAX_LINE = 64 * 1024;
    public static final int MAX_EVENTS_PER_GESTURE = 100_000;
    public static final int MAX_LABEL = 256;

    private JsonlReader() {}

    /** Reads gestures; {@code requireLabels} makes a gesture without a label an error. */
    public static List<Gesture> read(Path file, boolean requireLabels) throws IOException, DataFormatException {
        return read(file, requireLabels, Meter.NONE);
    }

    /** Like {@link #read(Path, boolean)}, reporting the KiB read to {@code meter}. */
    public static List<Gesture> read(Path file, boolean requireLabels, Meter meter) throws IOException, DataFormatException {
        try (Meter.Step step = CountingInput.start(meter, file);
             BufferedReader r = CountingInput.reader(file, StandardCharsets.UTF_8, step)) {
            return read(r, file.toString(), requireLabels);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataFormatException(file + ": not valid UTF-8");
        }
    }

    private static final class Open {
        final List<Sample> samples = new ArrayList<>();
        final int firstLine;
        String label;
        boolean penDown;

        Open(int firstLine) {
            this.firstLine = firstLine;
        }
    }

    public static List<Gesture> read(BufferedReader r, String source, boolean requireLabels)
            throws IOException, DataFormatException {
        List<Gesture> out = new ArrayList<>();
        Map<String, Open> open = new HashMap<>();
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            if (no == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
            if (line.isBlank()) continue;
            if (line.length() > MAX_LINE) throw err(source, no, "line longer than " + MAX_LINE + " characters");
            Map<String, Object> o;
            try {
                Object v = Json.parse(line);
                if (!(v instanceof Map)) throw new IllegalArgumentException("not a JSON object");
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) v;
                o = m;
            } catch (IllegalArgumentException e) {
                throw err(source, no, "malformed JSON: " + e.getMessage());
            }
            String session = str(o, "session", source, no, true);
            String type = str(o, "type", source, no, true).toUpperCase(Locale.ROOT);
            String label = str(o, "label", source, no, false);
            if (label != null && (label.isEmpty() || label.length() > MAX_LABEL)) {
                throw err(source, no, "label must be 1 to " + MAX_LABEL + " characters");
            }
            Open g = open.get(session);
            if (type.equals("END")) {
                if (g == null || g.samples.isEmpty()) throw err(source, no, "END for session " + session + " without events");
                if (g.penDown) throw err(source, no, "END inside a stroke (no UP)");
                String gl = label != null ? label : g.label;
                if (gl == null && requireLabels) throw err(source, no, "gesture has no label");
                out.add(new Gesture(gl == null ? "" : gl, session, g.samples));
                open.remove(session);
                continue;
            }
            long t = time(o, source, no);
            if (g == null) {
                g = new Open(no);
                open.put(session, g);
            }
            if (label != null) {
                if (g.label != null && !g.label.equals(label)) {
                    throw err(source, no, "label changes inside a gesture (" + g.label + " then " + label + ")");
                }
                g.label = label;
            }
            if (g.samples.size() >= MAX_EVENTS_PER_GESTURE) {
                throw err(source, no, "more than " + MAX_EVENTS_PER_GESTURE + " events in one gesture");
            }
            Sample s = switch (type) {
                case "DOWN", "MOVE", "UP" -> pen(o, type, t, g, source, no);
                case "SAMPLE" -> new ImuSample(num(o, "ax", source, no), num(o, "ay", source, no), num(o, "az", source, no),
                        opt(o, "gx", source, no), opt(o, "gy", source, no), opt(o, "gz", source, no), t);
                default -> throw err(source, no, "unknown type \"" + type + "\" (DOWN, MOVE, UP, SAMPLE or END)");
            };
            if (!g.samples.isEmpty() && g.samples.get(0).kind() != s.kind()) {
                throw err(source, no, "pen and IMU events mixed in one gesture");
            }
            g.samples.add(s);
        }
        if (!open.isEmpty()) {
            Open first = open.values().stream().min((a, b) -> Integer.compare(a.firstLine, b.firstLine)).get();
            throw err(source, first.firstLine, "gesture starting here has no END before the end of the file");
        }
        if (out.isEmpty()) throw new DataFormatException(source + ": no gestures");
        return out;
    }

    private static PenSample pen(Map<String, Object> o, String type, long t, Open g, String source, int no)
            throws DataFormatException {
        PenSample.Phase phase = PenSample.Phase.valueOf(type);
        if (phase == PenSample.Phase.DOWN && g.penDown) throw err(source, no, "DOWN while the pen is already down");
        if (phase != PenSample.Phase.DOWN && !g.penDown) throw err(source, no, type + " without a DOWN before it");
        g.penDown = phase != PenSample.Phase.UP;
        float p = opt(o, "pressure", source, no);
        if (!Float.isNaN(p) && (p < 0f || p > 1f)) throw err(source, no, "pressure must be in [0, 1]");
        return new PenSample(phase, num(o, "x", source, no), num(o, "y", source, no), p, t);
    }

    private static String str(Map<String, Object> o, String k, String source, int no, boolean required)
            throws DataFormatException {
        Object v = o.get(k);
        if (v == null) {
            if (required) throw err(source, no, "missing \"" + k + "\"");
            return null;
        }
        if (!(v instanceof String s)) throw err(source, no, "\"" + k + "\" must be a string");
        if (required && s.isEmpty()) throw err(source, no, "\"" + k + "\" is empty");
        return s;
    }

    private static long time(Map<String, Object> o, String source, int no) throws DataFormatException {
        Object v = o.get("t");
        if (!(v instanceof Double d)) throw err(source, no, "missing or non-numeric \"t\" (ms)");
        if (d != Math.rint(d) || Math.abs(d) > 9.0e15) throw err(source, no, "\"t\" must be a whole number of ms");
        return d.longValue();
    }

    private static float num(Map<String, Object> o, String k, String source, int no) throws DataFormatException {
        float f = opt(o, k, source, no);
        if (Float.isNaN(f)) throw err(source, no, "missing \"" + k + "\"");
        return f;
    }

    private static float opt(Map<String, Object> o, String k, String source, int no) throws DataFormatException {
        Object v = o.get(k);
        if (v == null) return Float.NaN;
        if (!(v instanceof Double d)) throw err(source, no, "\"" + k + "\" must be a number");
        float f = d.floatValue();
        if (!Float.isFinite(f)) throw err(source, no, "\"" + k + "\" is out of range");
        return f;
    }

    private static DataFormatException err(String source, int line, String msg) {
        return new DataFormatException(source + ":" + line + ": " + msg);
    }

    /** Writes gestures as JSONL, each as session {@code prefix + index}. */
    public static void write(Writer w, List<Gesture> gestures, String prefix) throws IOException {
        int k = 0;
        for (Gesture g : gestures) {
            String session = Json.quote(prefix + k++);
            String label = Json.quote(g.label());
            long last = 0;
            for (Sample s : g.samples()) {
                last = s.t();
                if (s instanceof PenSample p) {
                    w.write("{\"session\":" + session + ",\"t\":" + p.t() + ",\"type\":\"" + p.phase() + "\",\"x\":" + p.x()
                            + ",\"y\":" + p.y() + (p.hasPressure() ? ",\"pressure\":" + p.pressure() : "")
                            + ",\"label\":" + label + "}\n");
                } else if (s instanceof ImuSample m) {
                    w.write("{\"session\":" + session + ",\"t\":" + m.t() + ",\"type\":\"SAMPLE\",\"ax\":" + m.ax() + ",\"ay\":"
                            + m.ay() + ",\"az\":" + m.az() + (m.hasGyro() ? ",\"gx\":" + m.gx() + ",\"gy\":" + m.gy()
                            + ",\"gz\":" + m.gz() : "") + ",\"label\":" + label + "}\n");
                }
            }
            w.write("{\"session\":" + session + ",\"t\":" + last + ",\"type\":\"END\",\"label\":" + label + "}\n");
        }
    }
}
