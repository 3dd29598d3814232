package io.gesturestream.model.data;

import io.gesturestream.model.Meter;
import io.gesturestream.model.features.Sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the UCI pendigits original (UNIPEN-style) files, {@code pendigits-orig.tra} and
 * {@code .tes}: {@code .SEGMENT DIGIT i ? "label"}, {@code .COMMENT label writer index}, then
 * {@code .PEN_DOWN}, one {@code x y} point per line, {@code .PEN_UP}, {@code .DT ms}.
 *
 * <p>The tablet's y axis points up; samples are returned with y pointing down, the convention of
 * every other source. Points get the documented fixed sampling interval (100 ms) and each
 * {@code .DT} adds its pause; the pen encoder does not use time, so this only matters to replay.
 */
public final class PendigitsReader {
    public static final long SAMPLE_INTERVAL_MS = 100;
    private static final int MAX_POINTS = 100_000;

    private PendigitsReader() {}

    public static List<Gesture> read(Path file) throws IOException, DataFormatException {
        return read(file, Meter.NONE);
    }

    /** Like {@link #read(Path)}, reporting the KiB read to {@code meter}. */
    public static List<Gesture> read(Path file, Meter meter) throws IOException, DataFormatException {
        try (Meter.Step step = CountingInput.start(meter, file);
             BufferedReader r = CountingInput.reader(file, StandardCharsets.ISO_8859_1, step)) {
            return read(r, file.toString());
        }
    }

    public static List<Gesture> read(BufferedReader r, String source) throws IOException, DataFormatException {
        List<Gesture> out = new ArrayList<>();
        String label = null, writer = null;
        List<Sample> samples = null;
        double[] xs = new double[256], ys = new double[256];
        long[] ts = new long[256];
        int n = 0;
        boolean penDown = false;
        long t = 0;
        int lineNo = 0;
        int segmentLine = 0;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty()) continue;
            if (s.startsWith(".")) {
                String[] f = s.split("\\s+");
                switch (f[0]) {
                    case ".SEGMENT" -> {
                        if (penDown) throw err(source, lineNo, ".SEGMENT inside a stroke");
                        finish(out, label, writer, samples, source, segmentLine);
                        int q1 = s.indexOf('"'), q2 = s.lastIndexOf('"');
                        if (q1 < 0 || q2 <= q1) throw err(source, lineNo, ".SEGMENT without a quoted label");
                        label = s.substring(q1 + 1, q2);
                        if (label.isEmpty() || label.length() > JsonlReader.MAX_LABEL) {
                            throw err(source, lineNo, "label must be 1 to " + JsonlReader.MAX_LABEL + " characters");
                        }
                        writer = "?";
                        samples = new ArrayList<>();
                        segmentLine = lineNo;
                        t = 0;
                    }
                    case ".COMMENT" -> {
                        if (samples != null && f.length >= 3) writer = f[2];
                    }
                    case ".PEN_DOWN" -> {
                        if (samples == null) throw err(source, lineNo, ".PEN_DOWN before any .SEGMENT");
                        if (penDown) throw err(source, lineNo, ".PEN_DOWN twice");
                        penDown = true;
                        n = 0;
                    }
                    case ".PEN_UP" -> {
                        if (!penDown) throw err(source, lineNo, ".PEN_UP without .PEN_DOWN");
                        penDown = false;
                        if (n == 0) throw err(source, lineNo, "empty stroke");
                        Strokes.add(samples, xs, ys, ts, n);
                    }
                    case ".DT" -> {
                        if (f.length < 2) throw err(source, lineNo, ".DT without a value");
                        try {
                            long dt = Long.parseLong(f[1]);
                            if (dt < 0 || dt > 3_600_000) throw err(source, lineNo, ".DT out of range: " + dt);
                            t += dt;
                        } catch (NumberFormatException e) {
                            throw err(source, lineNo, ".DT is not a number: " + f[1]);
                        }
                    }
                    default -> { } // .INCLUDE, .LEXICON, .HIERARCHY and other UNIPEN keywords carry nothing we use
                }
                continue;
            }
            if (!penDown) throw err(source, lineNo, "a point outside .PEN_DOWN/.PEN_UP: " + s);
            String[] f = s.split("\\s+");
            if (f.length != 2) throw err(source, lineNo, "expected 'x y', got: " + s);
            double x, y;
            try {
                x = Integer.parseInt(f[0]);
                y = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw err(source, lineNo, "coordinates must be integers, got: " + s);
            }
            if (samples.size() + n >= MAX_POINTS) throw err(source, lineNo, "more than " + MAX_POINTS + " points in one digit");
            if (n == xs.length) {
                xs = java.util.Arrays.copyOf(xs, 2 * n);
                ys = java.util.Arrays.copyOf(ys, 2 * n);
                ts = java.util.Arrays.copyOf(ts, 2 * n);
            }
            xs[n] = x;
            ys[n] = -y;  // tablet y points up; ours points down
            ts[n] = t;
            t += SAMPLE_INTERVAL_MS;
            n++;
        }
        if (penDown) throw err(source, lineNo, "file ends inside a stroke");
        finish(out, label, writer, samples, source, segmentLine);
        if (out.isEmpty()) throw new DataFormatException(source + ": no digits found (is this a pendigits-orig file?)");
        return out;
    }

    private static void finish(List<Gesture> out, String label, String writer, List<Sample> samples, String source,
                               int line) throws DataFormatException {
        if (samples == null) return;
        if (samples.isEmpty()) throw err(source, line, "digit without any stroke");
        out.add(new Gesture(label, writer, samples));
    }

    private static DataFormatException err(String source, int line, String msg) {
        return new DataFormatException(source + ":" + line + ": " + msg);
    }
}
