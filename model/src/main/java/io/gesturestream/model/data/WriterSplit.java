package io.gesturestream.model.data;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A writer-independent split: every writer (a gesture's {@link Gesture#subject()}, for UNIPEN
 * {@code institution/WRITER_ID}) falls on exactly one side, decided by the writer's name alone,
 * so no writer is ever on two sides and anyone can reproduce it without this code:
 *
 * <pre>
 *   bucket(subject) = SHA-256(UTF-8 bytes of subject), read as an unsigned big-endian integer, mod 100
 *   train 0-69, validation 70-79, test 80-99
 * </pre>
 *
 * In Python: {@code int.from_bytes(hashlib.sha256(s.encode()).digest(), "big") % 100}. Not
 * {@link String#hashCode()}, whose values no other tool shares, and no seed: the same writer is on
 * the same side in every run, every dataset folder and every version of the data.
 *
 * <p>{@link #TRAIN_AND_VALIDATION} is not a side but the two first together: what a bundled model's
 * final fit learns from once the choices that the validation side made are made, so that only the
 * test side is held out.
 */
public enum WriterSplit {
    TRAIN(0, 70), VALIDATION(70, 80), TEST(80, 100), TRAIN_AND_VALIDATION(0, 80);

    /** The three sides: every writer is on exactly one of them. */
    public static final List<WriterSplit> SIDES = List.of(TRAIN, VALIDATION, TEST);

    /** The rule in one line, as the README and a model's metadata state it. */
    public static final String RULE = "SHA-256 of the subject's UTF-8 bytes, unsigned big-endian, mod 100: "
            + "train 0-69, validation 70-79, test 80-99";

    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    /** Buckets {@code [from, to)} of 100. */
    private final int from, to;

    WriterSplit(int from, int to) {
        this.from = from;
        this.to = to;
    }

    /** {@code train}, {@code validation}, {@code test}, {@code train+validation}: the word on the command line. */
    public String word() {
        return this == TRAIN_AND_VALIDATION ? "train+validation" : name().toLowerCase(Locale.ROOT);
    }

    /** The side named {@code word} (any case), else an {@link IllegalArgumentException} listing the sides. */
    public static WriterSplit parse(String word) {
        for (WriterSplit s : values()) if (s.word().equals(word.strip().toLowerCase(Locale.ROOT))) return s;
        throw new IllegalArgumentException("unknown split '" + word + "' (use train, validation, test or train+validation)");
    }

    /** The writer's bucket in [0, 100), see the class comment. */
    public static int bucket(String subject) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, d).mod(HUNDRED).intValue();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The side the writer {@code subject} is on. */
    public static WriterSplit of(String subject) {
        int b = bucket(subject);
        for (WriterSplit s : SIDES) if (s.holds(b)) return s;
        throw new AssertionError(b);
    }

    private boolean holds(int bucket) {
        return bucket >= from && bucket < to;
    }

    /** Whether a gesture's subject names a writer: not missing, blank, or pendigits' {@code ?} for none. */
    public static boolean hasWriter(Gesture g) {
        return g.subject() != null && !g.subject().isBlank() && !g.subject().equals("?");
    }

    /**
     * The gestures whose writer is on this side (for {@link #TRAIN_AND_VALIDATION}, on either), in their order.
     *
     * @param source what the gestures were read from, for the error
     * @throws DataFormatException if a gesture has no writer (it could be on any side), or if no
     *                             writer falls on this side
     */
    public List<Gesture> select(List<Gesture> gestures, String source) throws DataFormatException {
        int without = 0;
        for (Gesture g : gestures) if (!hasWriter(g)) without++;
        if (without > 0) {
            throw new DataFormatException("--split " + word() + ": " + without + " of " + gestures.size() + " gestures of " + source
                    + " have no writer (subject), so they cannot be split by writer");
        }
        List<Gesture> out = new ArrayList<>();
        Set<String> writers = new HashSet<>();
        for (Gesture g : gestures) {
            writers.add(g.subject());
            if (holds(bucket(g.subject()))) out.add(g);
        }
        if (out.isEmpty()) {
            throw new DataFormatException("--split " + word() + ": none of the " + writers.size() + " writers of " + source
                    + " falls on the " + word() + " side");
        }
        return out;
    }

    @Override
    public String toString() {
        return word();
    }
}
