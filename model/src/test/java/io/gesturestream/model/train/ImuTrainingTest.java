package io.gesturestream.model.train;

import io.gesturestream.model.Fixtures;
import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.JsonlReader;
import io.gesturestream.model.eval.EvalReport;
import io.gesturestream.model.eval.Evaluator;
import io.gesturestream.model.features.ImuEncoder;
import io.gesturestream.model.features.ImuSample;
import io.gesturestream.model.features.PenSample;
import io.gesturestream.model.features.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No public IMU dataset is available here, so this synthesizes one: a device held like a pen
 * traces the synthetic shapes; its accelerometer reads the second derivative of the path plus
 * gravity (on a tilted axis) and noise, at 50 to 100 Hz. Written to JSONL and read back, so the
 * whole user path (record, train, evaluate) is exercised.
 */
public class ImuTrainingTest {
    @TempDir
    Path dir;

    public static Gesture toImu(Gesture pen, SplittableRandom r) {
        List<Sample> s = pen.samples();
        int n = s.size();
        double period = 10 + r.nextDouble() * 10;        // ms: 50 to 100 Hz
        double total = 600 + r.nextDouble() * 400;       // ms for the whole shape
        double tilt = r.nextDouble(-0.3, 0.3);           // rad: how the device is held
        double metres = 1.0 / 1000;                      // tablet units to m
        double h = 40;                                   // ms: finite-difference step, smooths the hand's jitter
        double dt = h / 1000;
        List<Sample> out = new ArrayList<>();
        int m = (int) (total / period) + 1;
        for (int k = 0; k < m; k++) {
            double t = k * period;
            double[] acc = new double[2];
            for (int a = 0; a < 2; a++) {
                double p0 = coord(s, (t - h) / total * (n - 1), a);
                double p1 = coord(s, t / total * (n - 1), a);
                double p2 = coord(s, (t + h) / total * (n - 1), a);
                acc[a] = (p2 - 2 * p1 + p0) * metres / (dt * dt) / 9.81;  // in g
            }
            out.add(new ImuSample((float) (acc[0] + Math.sin(tilt) + r.nextGaussian() * 0.03),
                    (float) (acc[1] + r.nextGaussian() * 0.03), (float) (Math.cos(tilt) + r.nextGaussian() * 0.03),
                    Float.NaN, Float.NaN, Float.NaN, Math.round(t)));
        }
        return new Gesture(pen.label(), pen.subject(), out);
    }

    private static double coord(List<Sample> s, double u, int axis) {
        u = Math.max(0, Math.min(s.size() - 1, u));
        int a = (int) Math.floor(u), b = Math.min(s.size() - 1, a + 1);
        double f = u - a;
        PenSample pa = (PenSample) s.get(a), pb = (PenSample) s.get(b);
        double va = axis == 0 ? pa.x() : pa.y(), vb = axis == 0 ? pb.x() : pb.y();
        return va + f * (vb - va);
    }

    private Path jsonl(String name, List<Gesture> pen, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<Gesture> imu = new ArrayList<>();
        for (Gesture g : pen) imu.add(toImu(g, r));
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            JsonlReader.write(w, imu, name);
        }
        return f;
    }

    @Test
    void trainsAndEvaluatesOnSynthesizedImuJsonl() throws Exception {
        Path train = jsonl("train.jsonl", Fixtures.shapes(100, 5, 11), 1);
        Path test = jsonl("test.jsonl", Fixtures.shapes(15, 2, 12), 2);
        List<Gesture> tr = JsonlReader.read(train, true);
        TrainConfig cfg = new TrainConfig(24, 1, 15, 16, 0.01f, 1f, 3, 2, 1f, 0.2, 0f, 0f, 0.99f, false);
        Model m = new Trainer(cfg, new PrintStream(new ByteArrayOutputStream())).train(tr, new ImuEncoder(false, 500f), "imu", Map.of());
        EvalReport rep = Evaluator.evaluate(m, JsonlReader.read(test, true), 2);
        assertTrue(rep.accuracy() > 0.8, "IMU accuracy on held-out synthetic gestures " + rep.accuracy() + "\n" + rep.toText());
    }
}
