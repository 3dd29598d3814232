package io.gesturestream.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What one session (one pen, one device) carries between events: the hidden state of every GRU
 * layer, the feature encoder's state, the last applied sequence number and event time, and the
 * number of steps taken. Mutable; owned by one thread at a time.
 *
 * <p>Serialized form, little-endian, 25 + 4 x (layers x H + encoder state) bytes for a
 * classifier (version 1), and for a transcription model (version 2) its {@link Transcript} after
 * them, 8 + 2 bytes a symbol:
 * <pre>
 *   u8   version (1: a classifier's session, 2: a transcription model's)
 *   i32  checksum of the model the session started with
 *   i64  last applied seq ({@code Long.MIN_VALUE}: none yet)
 *   i64  time of the last applied event, ms ({@code Long.MIN_VALUE}: none yet)
 *   i32  steps taken
 *   f32  hidden state, layer by layer
 *   f32  feature encoder state
 *   version 2 only:
 *   i32  the last step's most likely class
 *   i32  symbols in the greedy text
 *   u16  each symbol (index into the model's labels)
 * </pre>
 * Only this class knows the layout: whoever stores a state inside a value of its own writes it
 * with {@link #writeTo}, reads it with {@link #read} and finds its model with
 * {@link #modelChecksum(ByteBuffer)}, in whatever byte order its own fields are.
 */
public final class SessionState {
    public static final byte VERSION = 1, VERSION_TRANSCRIBING = 2;
    private static final int HEADER = 1 + 4 + 8 + 8 + 4;

    final int modelChecksum;
    final float[] h;
    final float[] enc;
    long lastSeq = Long.MIN_VALUE;
    long lastTime = Long.MIN_VALUE;
    int steps;
    /** The greedy text so far, for a transcription model's session; null for a classifier's. */
    Transcript transcript;

    SessionState(int modelChecksum, int hiddenFloats, int encoderFloats, Transcript transcript) {
        this.modelChecksum = modelChecksum;
        this.h = new float[hiddenFloats];
        this.enc = new float[encoderFloats];
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
        return HEADER + 4 * (h.length + enc.length) + (transcript == null ? 0 : transcript.serializedSize());
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
            b.asFloatBuffer().put(h).put(enc);
            b.position(b.position() + 4 * (h.length + enc.length));
            if (transcript != null) transcript.writeTo(b);
        } finally {
            b.order(callers);
        }
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
        int hn = model.shape().stateSize();
        int en = model.encoder().stateSize();
        int size = HEADER + 4 * (hn + en);
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
        if (transcribing ? b.remaining() < size : b.remaining() != size) {
            throw new IllegalArgumentException("session state is " + b.remaining() + " bytes, model " + model.name()
                    + " needs " + size);
        }
        ByteOrder callers = b.order();
        b.order(ByteOrder.LITTLE_ENDIAN);
        try {
            return readLittleEndian(b, model, hn, en);
        } finally {
            b.order(callers);
        }
    }

    private static SessionState readLittleEndian(ByteBuffer b, Model model, int hn, int en) {
        b.get();
        int checksum = b.getInt();
        if (checksum != model.checksum()) {
            throw new IllegalArgumentException(String.format("session state belongs to model %08x, not %s (%08x)",
                    checksum, model.name(), model.checksum()));
        }
        SessionState s = new SessionState(checksum, hn, en, null);
        s.lastSeq = b.getLong();
        s.lastTime = b.getLong();
        s.steps = b.getInt();
        if (s.steps < 0) throw new IllegalArgumentException("negative step count in session state");
        b.asFloatBuffer().get(s.h).get(s.enc);
        b.position(b.position() + 4 * (hn + en));
        if (model.output() == OutputKind.CTC) s.transcript = Transcript.read(b, model, s.steps);
        for (float v : s.h) {
            // a GRU's hidden state is a convex mix of tanh outputs and its start, 0: always in [-1, 1]
            finite(v);
            if (Math.abs(v) > 1.001f) throw new IllegalArgumentException("hidden value " + v + " outside [-1, 1] in session state");
        }
        for (float v : s.enc) finite(v);
        return s;
    }

    private static float finite(float f) {
        if (!Float.isFinite(f)) throw new IllegalArgumentException("non-finite value in session state");
        return f;
    }
}
