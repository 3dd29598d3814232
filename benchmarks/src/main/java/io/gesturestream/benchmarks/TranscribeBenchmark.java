package io.gesturestream.benchmarks;

import io.gesturestream.model.Lexicon;
import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one event through the bundled transcription model {@code words}, on one thread:
 * {@code Recognizer.step} (encoding, the GRU, head and softmax) with the greedy text's update,
 * and with a lexicon also the lexicon beam's step ({@code lexicon}: {@code bundled}, the model's
 * own word list; a word list file, e.g. Debian's {@code /usr/share/dict/words} with {@code -p
 * lexicon=/usr/share/dict/words}; {@code none} for the greedy text alone). Events are a
 * synthetic pen writing loops (every point a full step); the session's text starts afresh every
 * 1,024 events.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
@State(Scope.Thread)
public class TranscribeBenchmark {
    @Param({"none", "bundled"})
    public String lexicon;

    @Param({"16"})
    public int beam;

    private Recognizer recognizer;
    private SessionState session;
    private Sample[] events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Model words = Model.load("words");
        Model m = switch (lexicon) {
            case "none" -> words.withLexicon(null, 0);
            case "bundled" -> words.withLexicon(words.lexicon(), beam);   // its own list, at this beam width
            default -> {
                Path f = Path.of(lexicon);
                if (!Files.isRegularFile(f)) throw new IllegalStateException("no word list at " + f + " (Debian: apt-get install wamerican)");
                yield words.withLexicon(Lexicon.of(Lexicon.readWords(f), words), beam);
            }
        };
        recognizer = new Recognizer(m);
        session = recognizer.newSession();
        events = new Sample[1024];
        // a cursive l written over and over in place, 90 units high, 12 points a loop: the box stays the same, so no point
        // is within the encoder's minimum step of the last (a pen moving along a line would widen the box until it were)
        for (int i = 0; i < events.length; i++) {
            double a = 2 * Math.PI * i / 12;
            events[i] = PenSample.of(i == 0 ? PenSample.Phase.DOWN : PenSample.Phase.MOVE, 200 + 15 * Math.sin(a),
                    200 - 45 * (1 - Math.cos(a)), 1000L + 10L * i);
        }
        var enc = m.encoder();
        int steps = io.gesturestream.model.features.Features.encode(enc, java.util.Arrays.asList(events)).length / enc.inputSize();
        if (steps != events.length) throw new IllegalStateException("the encoder skips " + (events.length - steps) + " of the events");
    }

    @Benchmark
    public float[] stepAndDecode() {
        Sample s = events[next];
        next = (next + 1) & 1023;
        if (next == 0) session.transcript().reset();
        return recognizer.step(session, s);
    }
}
