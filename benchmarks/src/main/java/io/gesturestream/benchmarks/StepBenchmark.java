package io.gesturestream.benchmarks;

import io.gesturestream.model.Model;
import io.gesturestream.model.Recognizer;
import io.gesturestream.model.SessionState;
import io.gesturestream.model.features.FeatureEncoder;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import io.gesturestream.model.gru.GruReference;
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

import java.util.concurrent.TimeUnit;

/**
 * Cost of one event through a bundled model, on one thread: the online recognizer
 * ({@code Recognizer.step}: feature encoding, every GRU layer, head and softmax) against the
 * naive scalar reference doing the same work ({@code GruReference}, fed by the same encoder).
 * Events cycle through a synthetic pen stroke, so the encoder sees realistic input; its points
 * are far enough apart that a model with a minimum step ({@code PenEncoder}) skips none of them:
 * every event costs a full GRU step, the worst case. An IMU model ({@code wand}, a spotting
 * model: its step also decides whether a gesture was completed) reads a synthetic wand swung in
 * circles at 25 samples per second instead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
@State(Scope.Thread)
public class StepBenchmark {
    @Param({"pendigits", "dollar16", "digits", "latin", "wand"})
    public String model;

    private Recognizer recognizer;
    private SessionState session;
    private GruReference reference;
    private FeatureEncoder encoder;
    private float[] encState, x, h;
    private Sample[] events;
    private int next;
    private long prevT = Long.MIN_VALUE;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Model m = Model.load(model);
        recognizer = new Recognizer(m);
        session = recognizer.newSession();
        reference = new GruReference(m.shape(), m.parameters());
        encoder = m.encoder();
        encState = new float[encoder.stateSize()];
        encoder.reset(encState);
        x = new float[encoder.inputSize()];
        h = new float[m.shape().stateSize()];
        events = new Sample[1024];
        if (m.encoder().kind() == io.gesturestream.model.features.InputKind.IMU) {
            // gravity along z, a circle's centripetal swing in x and y, 1.3 turns a second, every 40 ms
            for (int i = 0; i < events.length; i++) {
                double a = 2 * Math.PI * 1.3 * i * 0.04;
                events[i] = io.gesturestream.model.features.ImuSample.accel(0.6 * Math.cos(a), 0.6 * Math.sin(a), 1 + 0.1 * Math.sin(3 * a),
                        1000L + 40L * i);
            }
            return;
        }
        // a pen going round: 25 units a point, turning 0.3 rad a point (a circle of about 83 units), so every point is far
        // more than a model's minimum step from the last
        double px = 200, py = 200, heading = 0;
        for (int i = 0; i < events.length; i++) {
            PenSample.Phase ph = i == 0 ? PenSample.Phase.DOWN : PenSample.Phase.MOVE;
            events[i] = PenSample.of(ph, px, py, 1000L + 10L * i);
            px += 25 * Math.cos(heading);
            py += 25 * Math.sin(heading);
            heading += 0.3 + 0.05 * Math.sin(i * 0.7);
        }
        int steps = io.gesturestream.model.features.Features.encode(encoder, java.util.Arrays.asList(events)).length / encoder.inputSize();
        if (steps != events.length) throw new IllegalStateException("the encoder skips " + (events.length - steps) + " of the events");
    }

    @Benchmark
    public float[] optimizedStep() {
        Sample s = events[next];
        next = (next + 1) & 1023;
        return recognizer.step(session, s);
    }

    @Benchmark
    public float[] scalarReferenceStep() {
        Sample s = events[next];
        next = (next + 1) & 1023;
        encoder.encode(s, prevT, encState, x, 0);
        prevT = s.t();
        return reference.step(x, h);
    }
}
