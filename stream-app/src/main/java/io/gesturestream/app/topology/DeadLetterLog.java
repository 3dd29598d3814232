package io.gesturestream.app.topology;

import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A summary of dead-lettered events for the log: never a line per event, at most one line per
 * interval, with the reasons grouped into kinds, most frequent first ({@code other} last):
 * <pre>
 * dead-lettered 15 events in the last 60 s to gesture-events-dlq: 12 x record timestamp ... is more than ... ms old,
 *   3 x unknown event type (see them with: gesture-stream tail --topic dlq)
 * </pre>
 * (one line). The interval starts with the first dead letter after the previous line; the line is
 * written by the first {@link #record} or {@link #tick} once the interval has passed, so a caller
 * with a wall-clock punctuation calls {@code tick} from it to have the line on time when dead
 * letters stop coming. Nothing is written for an interval without dead letters.
 *
 * <p>Reasons become kinds by replacing their variable parts (quoted values, timestamps, numbers)
 * with {@code ...}; at most {@value #MAX_KINDS} kinds are kept per line, the rest count as
 * {@code other}. Thread-safe: the stream threads of an instance share one.
 */
public final class DeadLetterLog {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    static final int MAX_KINDS = 20;
    static final String OTHER = "other";
    private static final int MAX_KIND_LENGTH = 120;
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z");
    private static final Pattern NUMBER = Pattern.compile("0x[0-9a-fA-F]+|[-+]?\\b\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?\\b");

    private final long intervalMs;
    private final Consumer<String> sink;
    private final Map<String, Long> counts = new HashMap<>();
    private long total;
    private long windowStart;

    /** Every 60 s at most, at WARN through slf4j. */
    public DeadLetterLog() {
        this(DEFAULT_INTERVAL, LoggerFactory.getLogger(DeadLetterLog.class)::warn);
    }

    /** @param sink where each summary line goes (a logger, or a list in a test) */
    public DeadLetterLog(Duration interval, Consumer<String> sink) {
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive: " + interval);
        this.intervalMs = interval.toMillis();
        this.sink = sink;
    }

    /** One dead letter, for the reason written into it; {@code nowMs} is the wall clock. */
    public void record(String reason, long nowMs) {
        String kind = kindOf(reason);
        String line;
        synchronized (this) {
            if (total == 0) windowStart = nowMs;
            total++;
            counts.merge(counts.containsKey(kind) || counts.size() < MAX_KINDS ? kind : OTHER, 1L, Long::sum);
            line = takeLineIfDue(nowMs);
        }
        if (line != null) sink.accept(line);
    }

    /** Writes the pending summary if its interval has passed; cheap when there is none. */
    public void tick(long nowMs) {
        String line;
        synchronized (this) {
            line = takeLineIfDue(nowMs);
        }
        if (line != null) sink.accept(line);
    }

    private String takeLineIfDue(long nowMs) {
        if (total == 0 || nowMs - windowStart < intervalMs) return null;
        String kinds = counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Long>, Boolean>comparing(e -> e.getKey().equals(OTHER))  // "other" last
                        .thenComparing(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getValue() + " x " + e.getKey())
                .collect(Collectors.joining(", "));
        String line = "dead-lettered " + total + (total == 1 ? " event" : " events") + " in the last "
                + Math.round((nowMs - windowStart) / 1000.0) + " s to " + Names.DLQ_TOPIC + ": " + kinds
                + " (see them with: gesture-stream tail --topic dlq)";
        counts.clear();
        total = 0;
        return line;
    }

    /** A reason with its variable parts replaced by {@code ...}, so that reasons of one kind group. */
    static String kindOf(String reason) {
        if (reason == null || reason.isBlank()) return "no reason given";
        String k = QUOTED.matcher(reason).replaceAll(m -> m.group().charAt(0) + "..." + m.group().charAt(0));
        k = INSTANT.matcher(k).replaceAll("...");
        k = NUMBER.matcher(k).replaceAll("...");
        k = k.replaceAll("\\s+", " ").strip();
        return k.length() <= MAX_KIND_LENGTH ? k : k.substring(0, MAX_KIND_LENGTH) + "...";
    }
}
