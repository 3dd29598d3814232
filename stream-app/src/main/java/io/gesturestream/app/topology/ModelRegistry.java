package io.gesturestream.app.topology;

import io.gesturestream.model.Model;
import io.gesturestream.model.ModelFile;
import io.gesturestream.model.ModelFormatException;
import io.gesturestream.schemas.avro.ModelRecord;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models one instance can run: the current one, which new sessions start on, and the ones
 * sessions in progress started on, found by the model checksum in their stored state. Models
 * arrive from the compacted {@code gesture-models} topic (a global store, so every instance
 * sees every model); one is accepted only when its file loads (magic, version, shape, CRC), its
 * checksum is the one the record declares, its name is the one this instance serves, and it
 * reads the same kind of events. Thread-safe: the global thread offers, stream threads read.
 */
public final class ModelRegistry {
    /** Models kept for sessions in progress: the current one and the last few before it. */
    private static final int KEEP = 8;

    private final String name;
    private volatile Model current;
    private volatile long currentPublishedAt = Long.MIN_VALUE;
    private final Map<Integer, Model> byChecksum = new ConcurrentHashMap<>();
    private final Map<Integer, Long> seenAt = new ConcurrentHashMap<>();

    /**
     * The instance's lexicon words (GESTURE_LEXICON), put over the alphabet of every published model
     * that has another alphabet; null: those of the initial model's own lexicon, listed when needed.
     */
    private final java.util.List<String> lexiconWords;
    private final io.gesturestream.model.Lexicon initialLexicon;

    public ModelRegistry(Model initial) {
        this(initial, null);
    }

    /** @param lexiconWords the word list {@code initial}'s lexicon was made of, for the models published later; null: its lexicon's */
    public ModelRegistry(Model initial, java.util.List<String> lexiconWords) {
        this.lexiconWords = lexiconWords == null ? null : java.util.List.copyOf(lexiconWords);
        this.initialLexicon = initial.lexicon();
        this.name = initial.name();
        this.current = initial;
        byChecksum.put(initial.checksum(), initial);
        seenAt.put(initial.checksum(), Long.MIN_VALUE);
    }

    public Model current() {
        return current;
    }

    /** The model a stored session belongs to; the current one for a marker without state; null when unknown here. */
    public Model forStored(byte[] stored) {
        Integer c = StoredSession.modelChecksum(stored);
        return c == null ? current : byChecksum.get(c);
    }

    /**
     * Offers a published model; the newest accepted one (by publication time) becomes current.
     *
     * @return null when accepted, else why it was refused
     */
    synchronized String offer(ModelRecord r) {
        Model m;
        try {
            m = ModelFile.read(bytes(r.getModel()));
        } catch (ModelFormatException e) {
            return "model file refused: " + e.getMessage();
        }
        if (m.checksum() != r.getChecksum()) {
            return String.format("checksum mismatch: the record says %08x, the file is %08x", r.getChecksum(), m.checksum());
        }
        if (!m.name().equals(name)) return "model " + m.name() + " is not the one this instance serves (" + name + ")";
        if (m.output() != current.output()) {
            return "model answers " + m.output() + ", this instance serves " + current.output() + " models";
        }
        if (m.encoder().kind() != current.encoder().kind()) {
            return "model reads " + m.encoder().kind() + " events, this instance serves " + current.encoder().kind() + " events";
        }
        if (current.restriction() != null) {  // GESTURE_LABELS holds for every model this instance serves
            try {
                m = m.restrictedTo(current.restriction());
            } catch (IllegalArgumentException e) {
                return "GESTURE_LABELS " + current.restriction() + " does not fit it: " + e.getMessage();
            }
        }
        if (current.lexicon() != null) {  // GESTURE_LEXICON too
            io.gesturestream.model.Lexicon lex = m.labels().equals(current.labels()) ? current.lexicon()
                    : io.gesturestream.model.Lexicon.of(lexiconWords != null ? lexiconWords : initialLexicon.wordList(), m);
            m = m.withLexicon(lex, current.lexiconWidth(), current.lexiconCommit());
        }
        long at = r.getPublishedAt().toEpochMilli();
        byChecksum.put(m.checksum(), m);
        seenAt.merge(m.checksum(), at, Math::max);
        if (at >= currentPublishedAt) {
            current = byChecksum.get(m.checksum());
            currentPublishedAt = at;
        }
        while (byChecksum.size() > KEEP) {  // forget the oldest that is not current
            Integer oldest = null;
            for (Integer c : byChecksum.keySet()) {
                if (c != current.checksum() && (oldest == null || seenAt.get(c) < seenAt.get(oldest))) oldest = c;
            }
            byChecksum.remove(oldest);
            seenAt.remove(oldest);
        }
        return null;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
