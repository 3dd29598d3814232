package io.gesturestream.tools.bench;

import io.gesturestream.schemas.avro.FinalReason;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gestures {@code bench soak} sent, and what each final result read back says about them.
 * A final belongs to the gesture of its session whose seq range, first event to END, holds the
 * final's seq (an END final carries the END's seq, an idle-timeout final the last event it
 * applied). Then:
 * <ul>
 *   <li>{@link Kind#COMPLETE}: its seq is the END's or the last sample's, and the gesture had no
 *       completing final yet;</li>
 *   <li>{@link Kind#PREMATURE}: an {@code IDLE_TIMEOUT} final with a seq before the gesture's END:
 *       the timeout ended a gesture whose next events were still on their way (at its last
 *       sample, it still completes the gesture: the END that follows gives no second final);</li>
 *   <li>{@link Kind#DOUBLED}: a completing final (or any final after one) for a gesture that
 *       already had one;</li>
 *   <li>{@link Kind#EARLY}: another reason ({@code MAX_LENGTH}) before the last sample;</li>
 *   <li>{@link Kind#UNMATCHED}: no gesture of that session holds its seq.</li>
 * </ul>
 * A gesture with no completing final whose END was sent longer ago than a grace period is lost
 * ({@link #open}). Thread-safe: the sender adds gestures while the reader classifies finals.
 */
public final class SoakLedger {
    public enum Kind { COMPLETE, PREMATURE, DOUBLED, EARLY, UNMATCHED }

    /**
     * @param labelled whether a completing final's gesture has a true label
     * @param correct  whether the final's top label is that label
     */
    public record Outcome(Kind kind, boolean labelled, boolean correct, long first, long end) {
        static Outcome of(Kind kind, Track t) {
            return new Outcome(kind, false, false, t == null ? -1 : t.first, t == null ? -1 : t.end);
        }
    }

    /** Gestures without a completing final: lost (END sent more than the grace ago), or still pending. */
    public record Open(long lost, long pending) {}

    private static final class Track {
        final long first, end;
        final String label;
        long endSentMs = Long.MAX_VALUE;
        boolean completed;

        Track(long first, long end, String label) {
            this.first = first;
            this.end = end;
            this.label = label;
        }
    }

    private final Map<String, List<Track>> bySession = new HashMap<>();
    private long gestures, completed, labelled, correct, prematureGestures;
    private final java.util.Set<Track> hadPremature = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /**
     * A gesture about to be sent: events {@code firstSeq .. endSeq - 1}, then its END at
     * {@code endSeq}. A session's gestures are added in seq order.
     */
    public synchronized void add(String session, long firstSeq, long endSeq, String label) {
        if (endSeq <= firstSeq) throw new IllegalArgumentException("a gesture has at least one event before its END");
        List<Track> l = bySession.computeIfAbsent(session, k -> new ArrayList<>());
        if (!l.isEmpty() && l.get(l.size() - 1).end >= firstSeq) throw new IllegalArgumentException("gestures of a session are added in seq order");
        l.add(new Track(firstSeq, endSeq, label == null || label.isEmpty() ? null : label));
        gestures++;
    }

    /** The END of the session's gesture ending at {@code endSeq} was sent at {@code wallMs}. */
    public synchronized void endSent(String session, long endSeq, long wallMs) {
        Track t = find(session, endSeq);
        if (t != null && t.end == endSeq) t.endSentMs = wallMs;
    }

    public synchronized Outcome onFinal(String session, long seq, FinalReason reason, String topLabel) {
        Track t = find(session, seq);
        if (t == null) return Outcome.of(Kind.UNMATCHED, null);
        boolean completes = seq >= t.end - 1;  // the END's seq, or the last sample's
        if (t.completed) return Outcome.of(Kind.DOUBLED, t);
        if (!completes) {
            if (reason != FinalReason.IDLE_TIMEOUT) return Outcome.of(Kind.EARLY, t);
            if (hadPremature.add(t)) prematureGestures++;
            return Outcome.of(Kind.PREMATURE, t);
        }
        t.completed = true;
        completed++;
        boolean ok = t.label != null && t.label.equals(topLabel);
        if (t.label != null) labelled++;
        if (ok) correct++;
        // an idle final at the last sample, before the END that followed it: it answers the gesture, but it came early
        if (reason == FinalReason.IDLE_TIMEOUT && seq < t.end) {
            if (hadPremature.add(t)) prematureGestures++;
            return new Outcome(Kind.PREMATURE, t.label != null, ok, t.first, t.end);
        }
        return new Outcome(Kind.COMPLETE, t.label != null, ok, t.first, t.end);
    }

    /** Gestures added so far. */
    public synchronized long gestures() {
        return gestures;
    }

    /** Gestures with a completing final. */
    public synchronized long completed() {
        return completed;
    }

    /** Completed gestures with a true label, and those whose completing final named it. */
    public synchronized long labelled() {
        return labelled;
    }

    public synchronized long correct() {
        return correct;
    }

    /** Gestures that had at least one premature final. */
    public synchronized long prematureGestures() {
        return prematureGestures;
    }

    /** Gestures without a completing final at {@code nowMs}: lost if their END was sent more than {@code graceMs} before. */
    public synchronized Open open(long nowMs, long graceMs) {
        long lost = 0, pending = 0;
        for (List<Track> l : bySession.values()) {
            for (Track t : l) {
                if (t.completed) continue;
                if (t.endSentMs != Long.MAX_VALUE && nowMs - t.endSentMs > graceMs) lost++;
                else pending++;
            }
        }
        return new Open(lost, pending);
    }

    /** The session's gesture whose seq range holds {@code seq}, or null. */
    private Track find(String session, long seq) {
        List<Track> l = bySession.get(session);
        if (l == null) return null;
        int lo = 0, hi = l.size() - 1;
        while (lo <= hi) {  // the last gesture whose first seq is <= seq
            int mid = (lo + hi) >>> 1;
            if (l.get(mid).first <= seq) lo = mid + 1;
            else hi = mid - 1;
        }
        if (hi < 0) return null;
        Track t = l.get(hi);
        return seq <= t.end ? t : null;
    }
}
