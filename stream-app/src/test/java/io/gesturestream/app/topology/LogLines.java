package io.gesturestream.app.topology;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines one logger writes while something runs: slf4j-simple (the app's logging backend,
 * configured by {@code simplelogger.properties}) writes to {@link System#err}, looked up at each line.
 */
final class LogLines {
    private LogLines() {}

    /** The messages logger {@code shortName} wrote at WARN while {@code r} ran, in order. */
    static List<String> warnings(String shortName, Runnable r) {
        return lines("WARN", shortName, r);
    }

    /** The messages logger {@code shortName} wrote at {@code level} ({@code INFO}, {@code WARN}) while {@code r} ran, in order. */
    static List<String> lines(String level, String shortName, Runnable r) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.err.flush();
            System.setErr(err);
        }
        String marker = " " + level + " " + shortName + " - ";
        List<String> out = new ArrayList<>();
        for (String line : buf.toString(StandardCharsets.UTF_8).split("\\R")) {
            int at = line.indexOf(marker);
            if (at >= 0) out.add(line.substring(at + marker.length()));
        }
        return out;
    }
}
