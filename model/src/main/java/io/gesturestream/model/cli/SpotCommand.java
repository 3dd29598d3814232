package io.gesturestream.model.cli;

import io.gesturestream.model.Model;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.Splice;
import io.gesturestream.model.data.WandReader;
import io.gesturestream.model.data.WriterSplit;
import io.gesturestream.model.eval.SpotEvaluation;
import io.gesturestream.model.features.Sample;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code spot}: how a spotting model finds gestures in continuous streams: on streams spliced from
 * the test people's gestures and the long recordings of other motion ({@link SpotEvaluation}), and
 * on those recordings alone, where every detection is a false one; and how many segments of
 * {@link #WINDOW_MS} cut from those recordings it answers {@code unknown}, each read alone.
 */
final class SpotCommand implements CliCommand {
    static final Opt<String> MODEL = Opt.text("model", "MODEL", "a spotting model (train --spot), a file or a bundled name").withDefault("wand");
    static final Opt<String> DATA = Opt.text("data", "DIR", "a magic-wand data folder (--format wand): its gestures and its long "
            + "unsegmented recordings of other motion").defaultIs("magic-wand/data under --datasets");
    static final Opt<String> DATASETS = Opt.text("datasets", "DIR", "where the default --data is found").withDefault(Sources.DEFAULT_DATASETS);
    static final Opt<String> SUBJECTS = Opt.of("subjects", "S", "only these people's gestures, named as the data names them, separated "
            + "by commas, e.g. magic-wand/dengyl (a cross-validation fold; with --split, within its side)", Sources::subjects);
    static final Opt<Long> SEED = Opt.whole("seed", "the seed of the spliced streams (which gestures go where, the stretches between them)", 1);
    static final Opt<String> STREAMS = Opt.text("streams", "SET", "which long recordings of other motion (output_negative_N.txt) to "
            + "splice between the gestures and to run alone: all, or their numbers, e.g. 3").defaultIs("those the model did not learn from "
            + "(its metadata), or all when it learned from all");
    /** The length of the segments the long recordings of other motion are cut into, to be read alone, ms. */
    static final long WINDOW_MS = 3000;
    static final Opt<Boolean> JSON = Opt.flag("json", "one JSON object instead of text");

    static final Command SPEC = new Command("spot",
            "Runs a spotting model over continuous streams, event by event as the app does: recall, precision, false detections and "
                    + "detection latency.",
            List.of(MODEL, DATA, DATASETS, Sources.SPLIT, SUBJECTS, STREAMS, SEED, JSON));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, PrintStream out, PrintStream err) throws Exception {
        Model model = Sources.model("--model", opts.get(MODEL));
        if (!model.spotting()) throw new Command.UsageException("--model " + opts.get(MODEL) + " does not spot gestures (train it with --spot)");
        Path data = opts.given(DATA) ? Sources.readable("--data " + opts.get(DATA), Path.of(opts.get(DATA)), "wand")
                : Sources.readable("the default --data", Path.of(opts.get(DATASETS)).resolve("magic-wand").resolve("data"), "wand");
        WandReader.Result r = WandReader.read(data, Sources.progress(err));
        r.report().forEach(err::println);
        WriterSplit split = opts.given(Sources.SPLIT) ? opts.get(Sources.SPLIT) : WriterSplit.TEST;
        List<Gesture> test = Sources.split(err, split, r.gestures(), data);
        if (opts.given(SUBJECTS)) {
            test = io.gesturestream.model.data.Datasets.withSubjects(test, opts.get(SUBJECTS), data);
            err.printf(Locale.ROOT, "subjects %s: %d gestures%n", opts.get(SUBJECTS), test.size());
        }
        List<Gesture> streams = r.streams();
        String learned = model.metadata().getOrDefault(TrainCommand.NEGATIVE_STREAMS_KEY, "");
        java.util.Set<String> seen = learned.isEmpty() ? java.util.Set.of() : java.util.Set.of(learned.split(","));
        if (opts.given(STREAMS)) {
            streams = TrainCommand.negativeStreams("--" + STREAMS.name(), opts.get(STREAMS), streams);
        } else if (streams.stream().anyMatch(g -> !seen.contains(g.subject()))) {
            streams = streams.stream().filter(g -> !seen.contains(g.subject())).toList();
        }
        if (streams.isEmpty()) throw new Command.UsageException(data + " has no long recordings of other motion (output_negative_N.txt)");
        List<String> trainedOn = streams.stream().map(Gesture::subject).filter(seen::contains).toList();
        if (!trainedOn.isEmpty()) {
            err.println("warning: model " + model.name() + " learned from " + String.join(", ", trainedOn)
                    + ": its false detections there are not held out (train --negatives to leave one out)");
        }
        err.println("streams of other motion: " + String.join(", ", streams.stream().map(Gesture::subject).toList()));
        List<List<Sample>> negatives = streams.stream().map(Gesture::samples).toList();
        long seed = opts.get(SEED);
        List<Splice.Stream> spliced = SpotEvaluation.streams(test, negatives, seed);
        SpotEvaluation.Score s = SpotEvaluation.score(model, spliced);
        List<Splice.Stream> alone = streams.stream().map(g -> new Splice.Stream(g.samples(), List.of())).toList();
        SpotEvaluation.Score neg = SpotEvaluation.score(model, alone);
        // the same recordings cut into segments, each read from a fresh session as evaluate reads a gesture: how many are unknown
        List<Gesture> windows = new java.util.ArrayList<>();
        for (Gesture g : streams) {
            List<Sample> x = g.samples();
            int n = (int) Math.max(2, WINDOW_MS / Splice.interval(x));
            for (int from = 0; from + n <= x.size(); from += n) windows.add(new Gesture(g.label(), g.subject(), x.subList(from, from + n)));
        }
        double windowsUnknown = windows.isEmpty() ? Double.NaN
                : io.gesturestream.model.eval.Evaluator.evaluate(model, windows, Runtime.getRuntime().availableProcessors()).unknownRate();
        if (opts.get(JSON)) {
            out.printf(Locale.ROOT, "{\"model\": %s, \"split\": \"%s\", \"seed\": %d, \"streams\": [%s], \"heldOut\": %s, "
                            + "\"spliced\": %s, \"negativeStreams\": %s, \"windows\": {\"count\": %d, \"seconds\": %d, \"unknownRate\": %.4f}}%n", io.gesturestream.model.data.Json.quote(model.name()), split, seed,
                    String.join(", ", streams.stream().map(g -> io.gesturestream.model.data.Json.quote(g.subject())).toList()),
                    trainedOn.isEmpty(), s.toJson(), neg.toJson(), windows.size(), WINDOW_MS / 1000, windowsUnknown);
        } else {
            out.printf(Locale.ROOT, "spliced streams (%s side, seed %d): %d streams, %.1f min, %d gestures%n", split, seed, s.streams(),
                    s.durationMs() / 60000.0, s.gestures());
            out.printf(Locale.ROOT, "  recall %.2f%%  precision %.2f%%  (%d detections, %d false)%n", 100 * s.recall(), 100 * s.precision(),
                    s.detections(), s.falseDetections());
            out.printf(Locale.ROOT, "  latency after the gesture's last sample: median %.0f ms, p90 %.0f ms%n", s.latency(0.5), s.latency(0.9));
            out.printf(Locale.ROOT, "long recordings of other motion alone: %d streams, %.1f min: %d false detections%n", neg.streams(),
                    neg.durationMs() / 60000.0, neg.detections());
            out.printf(Locale.ROOT, "the same cut into %d segments of %d s, each read alone as evaluate reads a gesture: %.2f%% answered unknown%n",
                    windows.size(), WINDOW_MS / 1000, 100 * windowsUnknown);
        }
        return 0;
    }
}
