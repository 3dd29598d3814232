package io.gesturestream.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What one session (one pen, one device) carries between events: the hidden state of every GRU
 * layer, the feature encoder's state, the last applied sequence number and event time, and the
 * number of steps taken. Mutable; owned by one thread at a time.
 *
 * <p>Two serialized forms, both little-endian; only this class knows them. Whoever stores a state
 * inside a value of its own writes it with {@link #writeCompact} (or {@link #writeTo}), reads it
 * with {@link #readCompact} ({@link #read}) and finds its model with {@link #compactModelChecksum}
 * ({@link #modelChecksum(ByteBuffer)}), in whatever byte order its own fields are.
 *
 * <p><b>Compact form</b> (issue 17), for a store that holds one per session and writes one per
 * event: the fields that are not floats are varints ({@link Varint}), relative to what they are
 * close to, 7 bytes before the floats for a live pen's session (9 past 127 steps with the event
 * time 64 ms to 8 s from the time base); and there is no version byte: the value that holds the
 * state says which form it is, and the model whether a transcript follows.
 * <pre>
 *   i32     checksum of the model the session started with (first: found without reading the rest)
 *   varint  steps taken
 *   zigzag  last applied seq - steps (wrapping; a pen counts seq up from 0 or 1, so this is 0 or -1)
 *   zigzag  time of the last applied event - timeBase, ms (wrapping; timeBase is the caller's, e.g.
 *           the Kafka record's time, which a live pen's event time is close to)
 *   f32     hidden state, layer by layer
 *   f32     feature encoder state
 *   a spotting model's only: f32 x 3, its {@link Spotter} run
 *   a pooled prototype model's only ({@link Embedding#STATE_MEAN}, {@link Embedding#LAYERS_MEAN}): f32 x PH, the sum of the
 *   states of its P pooled layers (the top P, in layer order) after each event
 *   a transcription model's only: the {@link Transcript}, as in the standalone form
 * </pre>
 * A session with nothing applied yet (seq and time {@code Long.MIN_VALUE}) takes 10 bytes a varint
 * there; any long round-trips.
 *
 * <p><b>Standalone form</b> ({@link #toBytes}), 25 + 4 x (layers x H + encoder state) bytes for a
 * classifier (version 1), and for a transcription model (version 2) its {@link Transcript} after
 * them, 8 + 2 bytes a symbol (+ the lexicon beam):
 * <pre>
 *   u8   version (1: a classifier's session, 2: a transcription model's)
 *   i32  checksum of the model the session started with
 *   i64  last applied seq ({@code Long.MIN_VALUE}: none yet)
 *   i64  time of the last applied event, ms ({@code Long.MIN_VALUE}: none yet)
 *   i32  steps taken
 *   f32  hidden state, layer by layer
 *   f32  feature encoder state
 *   f32 x 5  a spotting model's {@link Spotter} state (version 1), none for other models; 3 (its
 *            run alone) in states stored before {@link Spotter#END_RUN_MS}, read as a session
 *            that has reported a gesture, so that its end adds no final (as then)
 *   f32 x PH a pooled prototype model's sum of its top P layers' states (version 1), none for other models
 *   version 2 only:
 *   i32  the last step's most likely class
 *   i32  symbols in the greedy text
 *   u16  each symbol (index into the model's labels)
 *   u8   whether a lexicon beam follows, and if so its lexicon's checksum and the beam
 * </pre>
 * Stored sessions written before issue 17 hold this form, so it is read for as long as they may be.
 */
public final class SessionState {
    public static final byte VERSION = 1, VERSION_TRANSCRIBING = 2;
    private static final int HEADER = 1 + 4 + 8 + 8 + 4;

    final int modelChecksum;
    final float[] h;
    final float[] enc;
    /** A spotting model's run ({@link Spotter}); empty for other models. */
    final float[] spot;
    /** The sum of the top P layers' states (in layer order) after each event, for a pooled prototype model's session or an enrollment's; else empty. */
    final float[] pool;
    long lastSeq = Long.MIN_VALUE;
    long lastTime = Long.MIN_VALUE;
    int steps;
    /** The greedy text so far, for a transcription model's session; null for a classifier's. */
    Transcript transcript;

    SessionState(int modelChecksum, int hiddenFloats, int encoderFloats, Transcript transcript) {
        this(modelChecksum, hiddenFloats, encoderFloats, 0, 0, transcript);
    }

    SessionState(int modelChecksum, int hiddenFloats, int encoderFloats, int spotFloats, int poolFloats, Transcript transcript) {
        this.modelChecksum = modelChecksum;
        this.h = new float[hiddenFloats];
        this.enc = new float[encoderFloats];
        this.spot = new float[spotFloats];
        this.pool = new float[poolFloats];
        this.transcript = transcript;
    }

    /** The greedy transcription so far of a transcription model's session; null for a classifier's. */
    public Transcript transcript() { return transcript; }

    /** Sequence number of the last applied event, or {@link Long#MIN_VALUE}. */
    public long lastSeq() { return lastSeq; }

    /** Time of the last applied event (ms), or {@link Long#MIN_VALUE}. */
    public long lastTime() { return lastTime; }

    /** Events applied so far. */
    public int steps() { return steps; }

    /** Checksum of the model this session belongs to ({@link Model#checksum()}). */
    public int modelChecksum() { return modelChecksum; }

    /** A copy of the hidden state, all layers. */
    public float[] hidden() { return h.clone(); }

    public int serializedSize() {
        return HEADER + bodySize();
    }

    /** Bytes {@link #writeBody} writes. */
    private int bodySize() {
        return 4 * (h.length + enc.length + spot.length + pool.length) + (transcript == null ? 0 : transcript.serializedSize());
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(serializedSize());
        writeTo(b);
        return b.array();
    }

    /**
     * Writes {@link #serializedSize()} bytes, little-endian whatever the buffer's byte order, at
     * the buffer's position; the buffer's order is left as it was.
     */
    public void writeTo(ByteBuffer b) {
        ByteOrder callers = b.order();
        b.order(ByteOrder.LITTLE_ENDIAN);
        try {
            b.put(transcript == null ? VERSION : VERSION_TRANSCRIBING).putInt(modelChecksum).putLong(lastSeq).putLong(lastTime)
                    .putInt(steps);
            writeBody(b);
        } finally {
            b.order(callers);
        }
    }

    /** Bytes {@link #writeCompact} writes with this {@code timeBase}. */
    public int compactSize(long timeBase) {
        return 4 + Varint.size(steps) + Varint.sizeSigned(lastSeq - steps) + Varint.sizeSigned(lastTime - timeBase) + bodySize();
    }

    /**
     * Writes the compact form (see the class comment), {@link #compactSize} bytes, at the buffer's
     * position, little-endian whatever the buffer's order, which is left as it was. The reader
     * must pass the same {@code timeBase}.
     */
    public void writeCompact(ByteBuffer b, long timeBase) {
        ByteOrder callers = b.order();
        b.order(ByteOrder.LITTLE_ENDIAN);
        try {
            b.putInt(modelChecksum);
            Varint.put(b, steps);
            Varint.putSigned(b, lastSeq - steps);
            Varint.putSigned(b, lastTime - timeBase);
            writeBody(b);
        } finally {
            b.order(callers);
        }
    }

    /** The floats, then the transcript of a transcription model's session; the buffer is little-endian. */
    private void writeBody(ByteBuffer b) {
        b.asFloatBuffer().put(h).put(enc).put(spot).put(pool);
        b.position(b.position() + 4 * (h.length + enc.length + spot.length + pool.length));
        if (transcript != null) transcript.writeTo(b);
    }

    /**
     * The checksum of the model of the serialized state that starts at the buffer's position,
     * without reading the rest of it (to find the model a stored state needs before reading it);
     * the buffer's position and order are left as they were.
     *
     * @throws IllegalArgumentException when the bytes there are too short, or a version this build does not read
     */
    public static int modelChecksum(ByteBuffer b) {
        int at = b.position();
        if (b.remaining() < 1 + 4) throw new IllegalArgumentException("session state too short for its model checksum");
        byte version = b.get(at);
        if (version != VERSION && version != VERSION_TRANSCRIBING) throw new IllegalArgumentException("unsupported session state version " + version);
        int c = b.getInt(at + 1);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? c : Integer.reverseBytes(c);
    }

    /**
     * Reads a state written by {@link #toBytes()} for {@code model}.
     *
     * @throws IllegalArgumentException when the bytes are not a state of this model
     */
    public static SessionState fromBytes(byte[] bytes, Model model) {
        if (bytes == null) throw new IllegalArgumentException("empty session state");
        return read(ByteBuffer.wrap(bytes), model);
    }

    /**
     * Reads a state from the buffer's position to its limit, which must hold exactly one state of
     * {@code model} (as {@link #writeTo} wrote it); the buffer's order is left as it was.
     *
     * @throws IllegalArgumentException when the bytes are not a state of this model
     */
    public static SessionState read(ByteBuffer b, Model model) {
        boolean transcribing = model.output() == OutputKind.CTC;
        if (!b.hasRemaining()) throw new IllegalArgumentException("empty session state");
        byte version = b.get(b.position());
        if (version != VERSION && version != VERSION_TRANSCRIBING) {
            throw new IllegalArgumentException("unsupported session state version " + version);
        }
        if ((version == VERSION_TRANSCRIBING) != transcribing) {
            throw new IllegalArgumentException("session state of a " + (transcribing ? "classifier" : "transcription model")
                    + ", model " + model.name() + " is not one");
        }
        int spotFloats = requireSize(b.remaining(), HEADER, model);
        ByteOrder callers = b.order();
        b.order(ByteOrder.LITTLE_ENDIAN);
        try {
            b.get();
            SessionState s = newFor(model, b.getInt());
            s.lastSeq = b.getLong();
            s.lastTime = b.getLong();
            s.steps = b.getInt();
            if (s.steps < 0) throw new IllegalArgumentException("negative step count in session state");
            readBody(b, model, s, spotFloats);
            return s;
        } finally {
            b.order(callers);
        }
    }

    /**
     * The checksum of the model of the compact state that starts at the buffer's position,
     * without reading the rest of it; the buffer's position and order are left as they were.
     *
     * @throws IllegalArgumentException when the bytes there are too short
     */
    public static int compactModelChecksum(ByteBuffer b) {
        if (b.remaining() < 4) throw new IllegalArgumentException("session state too short for its model checksum");
        int c = b.getInt(b.position());
        return b.order() == ByteOrder.LITTLE_ENDIAN ? c : Integer.reverseBytes(c);
    }

    /**
     * Reads a compact state (as {@link #writeCompact} wrote it, with the same {@code timeBase})
     * from the buffer's position to its limit, which must hold exactly one state of
     * {@code model}; the buffer's order is left as it was.
     *
     * @throws IllegalArgumentException when the bytes are not a state of this model
     */
    public static SessionState readCompact(ByteBuffer b, Model model, long timeBase) {
        int start = b.position();
        if (b.remaining() < 4) throw new IllegalArgumentException("session state too short for its model checksum");
        ByteOrder callers = b.order();
        b.order(ByteOrder.LITTLE_ENDIAN);
        try {
            SessionState s = newFor(model, b.getInt());
            long steps = Varint.get(b);
            if (steps < 0 || steps > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("step count " + Long.toUnsignedString(steps) + " out of range in session state");
            }
            s.steps = (int) steps;
            s.lastSeq = s.steps + Varint.getSigned(b);
            s.lastTime = timeBase + Varint.getSigned(b);
            int spotFloats = requireSize(b.limit() - start, b.position() - start, model);
            readBody(b, model, s, spotFloats);
            return s;
        } finally {
            b.order(callers);
        }
    }

    /** A state of {@code model} to read into, when {@code checksum} is the model's. */
    private static SessionState newFor(Model model, int checksum) {
        if (checksum != model.checksum()) {
            throw new IllegalArgumentException(String.format("session state belongs to model %08x, not %s (%08x)",
                    checksum, model.name(), model.checksum()));
        }
        return new SessionState(checksum, model.shape().stateSize(), model.encoder().stateSize(), spotFloats(model), poolFloats(model), null);
    }

    /**
     * Refuses a state of {@code size} bytes whose fields before the floats take {@code header}:
     * exactly the floats follow for a classifier; the floats and a transcript (which checks its
     * own size) for a transcription model. Returns the spotter's floats in it: {@link Spotter#STATE},
     * or {@link Spotter#STATE_RUN_ONLY} in a spotting session stored before the spotter's state grew.
     */
    private static int requireSize(int size, int header, Model model) {
        int spot = spotFloats(model);
        int need = header + 4 * (model.shape().stateSize() + model.encoder().stateSize() + spot + poolFloats(model));
        if (spot > 0 && size == need - 4 * (Spotter.STATE - Spotter.STATE_RUN_ONLY)) return Spotter.STATE_RUN_ONLY;
        if (model.output() == OutputKind.CTC ? size < need : size != need) {
            throw new IllegalArgumentException("session state is " + size + " bytes, model " + model.name() + " needs " + need);
        }
        return spot;
    }

    /** Reads what {@link #writeBody} wrote into {@code s}, its spotter's state in {@code spotFloats}, and checks it; the buffer is little-endian. */
    private static void readBody(ByteBuffer b, Model model, SessionState s, int spotFloats) {
        b.asFloatBuffer().get(s.h).get(s.enc).get(s.spot, 0, spotFloats).get(s.pool);
        b.position(b.position() + 4 * (s.h.length + s.enc.length + spotFloats + s.pool.length));
        if (model.output() == OutputKind.CTC) s.transcript = Transcript.read(b, model, s.steps);
        for (float v : s.h) {
            // a GRU's hidden state is a convex mix of tanh outputs and its start, 0: always in [-1, 1]
            requireFinite(v);
            if (Math.abs(v) > 1.001f) throw new IllegalArgumentException("hidden value " + v + " outside [-1, 1] in session state");
        }
        for (float v : s.enc) requireFinite(v);
        for (float v : s.pool) {
            // a sum of one state in [-1, 1] per event
            requireFinite(v);
            if (Math.abs(v) > 1.001f * Math.max(1, s.steps)) throw new IllegalArgumentException("pooled value " + v + " outside [-steps, steps] in session state");
        }
        if (s.spot.length > 0) {
            if (spotFloats == Spotter.STATE_RUN_ONLY) s.spot[4] = 1f;  // stored before: taken as having reported, so its end adds no final
            if (!isClass(s.spot[0], model) || !(s.spot[1] >= 0) || !(s.spot[2] >= 0) || !Float.isFinite(s.spot[1]) || !Float.isFinite(s.spot[2])
                    || !isClass(s.spot[3], model) || !(s.spot[4] == 0f || s.spot[4] == 1f)) {
                throw new IllegalArgumentException("spotting run " + java.util.Arrays.toString(s.spot) + " out of range in session state");
            }
        }
    }

    /** Whether {@code c} is a class + 1 of {@code model}, or 0. */
    private static boolean isClass(float c, Model model) {
        return c >= 0 && c <= model.shape().classes() && c == Math.rint(c);
    }

    /** The floats of a session's {@link Spotter} run under {@code model}: {@link Spotter#STATE} for a spotting model, else 0. */
    static int spotFloats(Model model) {
        return model.spotting() ? Spotter.STATE : 0;
    }

    /** The floats of a session's pooled state under {@code model}: PH for a prototype model with P pooled layers, else 0. */
    static int poolFloats(Model model) {
        return model.shape().pooledLayers() * model.shape().hiddenSize();
    }

    private static void requireFinite(float f) {
        if (!Float.isFinite(f)) throw new IllegalArgumentException("non-finite value in session state");
    }
}
