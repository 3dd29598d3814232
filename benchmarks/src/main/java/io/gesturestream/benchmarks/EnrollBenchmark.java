package io.gesturestream.benchmarks;

import io.gesturestream.model.Embedding;
import io.gesturestream.model.Enrollment;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Few-shot classes on the bundled {@code latin} GRU ({@link Enrollment}):
 * <ul>
 *   <li>{@code enrollOneClass}: teaching a model of {@code classes} classes one more from three
 *       examples of 64 points, thresholds calibrated (3 examples and 8 variants each through the
 *       GRU), in microseconds;</li>
 *   <li>{@code step}: one event through the resulting prototype model of {@code classes} classes
 *       (encoder, GRU, cosine to every class's mean, softmax, fit), as {@code StepBenchmark}
 *       measures the classifiers: run with {@code -prof gc} for the bytes allocated.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
@State(Scope.Thread)
public class EnrollBenchmark {
    @Param({"16", "100"})
    public int classes;

    /** The embedding the classes are means of ({@code enroll --embedding}): latin's state, beside it latin's 94 logits, or the mean state. */
    @Param({"state", "state+logits", "state+mean", "layers+mean"})
    public String embedding;

    private Model base, enrolled;
    private List<List<Sample>> examples;
    private Recognizer recognizer;
    private SessionState session;
    private Sample[] events;
    private int next;

    /** A stroke of 64 points turning by {@code turn} a point, 25 units apart. */
    private static List<Sample> stroke(double turn, double wobble) {
        List<Sample> out = new ArrayList<>();
        double x = 200, y = 200, heading = 0;
        for (int i = 0; i < 64; i++) {
            out.add(PenSample.of(i == 0 ? PenSample.Phase.DOWN : i == 63 ? PenSample.Phase.UP : PenSample.Phase.MOVE, x, y, 1000L + 10L * i));
            x += 25 * Math.cos(heading);
            y += 25 * Math.sin(heading);
            heading += turn + wobble * Math.sin(i * 0.7);
        }
        return out;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Model latin = Model.load("latin");
        Model m = latin;
        Embedding kind = Embedding.parse(embedding);
        for (int c = 0; c < classes; c++) {
            m = Enrollment.enroll(m, "g" + c, List.of(stroke(0.02 * c - 1, 0.05), stroke(0.02 * c - 1, 0.08)), kind);
        }
        base = m;
        enrolled = m;
        examples = List.of(stroke(0.5, 0.05), stroke(0.5, 0.07), stroke(0.5, 0.09));
        recognizer = new Recognizer(enrolled);
        session = recognizer.newSession();
        events = stroke(0.3, 0.05).toArray(new Sample[0]);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Model enrollOneClass() {
        return Enrollment.enroll(base, "new", examples);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float[] step() {
        Sample s = events[next];
        next = (next + 1) & 63;
        return recognizer.step(session, s);
    }
}
