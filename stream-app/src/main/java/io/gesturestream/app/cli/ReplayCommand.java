package io.gesturestream.app.cli;

import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.kafka.Replay;
import io.gesturestream.model.cli.Progress;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.WandReader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code replay}: recorded gestures to a cluster's {@code gesture-events}; with {@code --verify}
 * reads the results for the replayed sessions and reports missing, duplicated and split results
 * (each paired with its gesture by seq), premature idle finals, accuracy, early accuracy and
 * latency, and exits 1 when a result is missing, duplicated, split or premature, or an event was
 * not acknowledged. Ctrl-C stops it and still prints what came back. Where an {@link Offline}
 * runner is given (the tools' CLI), {@code --offline} runs the topology in-process instead.
 */
public final class ReplayCommand implements CliCommand {
    /** Replays in this process, without a cluster: {@code --offline --out FILE [--model M]}. */
    public interface Offline {
        int run(List<Gesture> gestures, Command.Parsed opts, Cli cli) throws Exception;
    }

    private static final List<Opt> LIVE = List.of(
            Opt.of("data", "FILE|FOLDER|-", null, "a pendigits file, a $1 folder, gesture JSONL (- for stdin), a recording (.avro), "
                    + "or a magic-wand folder or output_*.txt file (accelerometer; its negatives as unknown); required"),
            Opt.of("count", "N", "all", "replay only the first N gestures"),
            Opt.of("sessions", "K", "50", "concurrent sessions"),
            Opt.of("speed", "F", "1", "the recording's own timing divided by F"),
            Opt.of("rate", "R", null, "a fixed rate in events per second instead"),
            Opt.flag("fast", "as fast as possible instead"),
            Cli.BOOTSTRAP,
            Opt.flag("verify", "read the results of the replayed gestures and report missing, duplicated, accuracy and latency"),
            Opt.of("timeout", "S", "120 with --verify, else 10", "seconds to wait for the cluster, and for results after the last event"));
    private static final List<Opt> OFFLINE = List.of(
            Opt.flag("offline", "run the topology in this process (no cluster) and write every prediction to --out"),
            Opt.of("out", "FILE", null, "with --offline: the predictions, one JSON line each"),
            Opt.of("model", "NAME|FILE", "pendigits, dollar16 for a $1 folder", "with --offline: the model"));

    private final Command spec;
    private final Offline offline;

    /** Replays to a cluster only. */
    public ReplayCommand() {
        this(null);
    }

    public ReplayCommand(Offline offline) {
        this.offline = offline;
        List<Opt> opts = new ArrayList<>(LIVE);
        if (offline != null) opts.addAll(OFFLINE);
        this.spec = new Command("replay", String.join("\n",
                "Recorded gestures to a cluster's gesture-events over K sessions; --verify reads their results back.",
                offline == null ? "(replay --offline, without a cluster, is in the tools' gesture-stream.jar.)"
                        : "--offline runs the topology in this process instead (no cluster) and writes every prediction, bit-exact."),
                opts);
    }

    @Override
    public Command spec() {
        return spec;
    }

    @Override
    public int run(Command.Parsed opts, Cli cli) throws Exception {
        if (opts.get("data") == null) throw new IllegalArgumentException("replay needs --data FILE|FOLDER|-");
        int count = opts.integer("count", 0, 0, Integer.MAX_VALUE);
        int sessions = opts.integer("sessions", 50, 1, 1_000_000);
        boolean fast = opts.has("fast"), verify = opts.has("verify");
        double rate = opts.number("rate", 0, 0, 1e7);
        double speed = fast || rate > 0 ? 0 : opts.number("speed", 1, 1e-3, 1e6);
        Duration timeout = Duration.ofSeconds(opts.integer("timeout", verify ? 120 : 10, 1, 86_400));
        boolean inProcess = offline != null && opts.has("offline");
        if (offline != null && inProcess != opts.has("out")) throw new IllegalArgumentException("--offline and --out go together");
        if (offline != null && opts.has("model") && !inProcess) {
            throw new IllegalArgumentException("--model is for --offline (the cluster's app has its own)");
        }
        if (inProcess && !opts.has("model") && WandReader.holds(Path.of(opts.get("data")))) {
            throw new IllegalArgumentException("--data " + opts.get("data") + " is accelerometer data (magic-wand), which no bundled "
                    + "model reads: give --model FILE, a model trained with train --format wand");
        }
        List<Gesture> gestures = Cli.readGestures(opts.get("data"));
        if (count > 0 && count < gestures.size()) gestures = new ArrayList<>(gestures.subList(0, count));
        if (inProcess) return offline.run(gestures, opts, cli);
        String bootstrap = Cli.bootstrap(opts);
        Cli.cluster(opts);
        String prefix = "replay-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        try (CtrlC ctrlC = new CtrlC("replay", Duration.ofSeconds(10))) {  // Ctrl-C: stop sending, then report what came back
            AtomicBoolean stop = ctrlC.stop;
            Replay.Report r;
            long events = gestures.stream().mapToLong(g -> g.samples().size() + 1).sum();
            try (Progress sending = Progress.start(cli.err(), "sending", events, "events");
                 Progress answering = Progress.start(cli.err(), "results", gestures.size(), "gestures answered")) {
                r = Replay.run(bootstrap, gestures, new Replay.Options(sessions, rate, speed, prefix, timeout), a -> { },
                        p -> {
                            if (p.sent() < p.total()) {
                                sending.update(p.sent());
                            } else {
                                sending.close();
                                if (verify) answering.update(p.answered());
                            }
                        }, stop);
            }
            if (stop.get()) cli.out().println("replay: interrupted; what came back so far:");
            return report(cli.out(), r, sessions, prefix, bootstrap, verify);
        }
    }

    private static int report(PrintStream out, Replay.Report r, int sessions, String prefix, String bootstrap, boolean verify) {
        if (r.unacknowledged() > 0) {
            out.printf(Locale.ROOT, "%d events were not acknowledged by the cluster (first: %s)%n", r.unacknowledged(), r.sendError());
        }
        if (!verify) {
            out.printf(Locale.ROOT, "replayed %d gestures over %d sessions (%s) to %s%n", r.gestures(),
                    Math.min(sessions, r.gestures()), prefix + "*", bootstrap);
            out.flush();
            return r.unacknowledged() == 0 ? 0 : 1;
        }
        out.printf(Locale.ROOT, "gestures sent %d, answered %d, missing %d, duplicated %d, split %d, premature idle finals %d%n",
                r.gestures(), r.answers().size(), r.missing(), r.duplicates(), r.split(), r.premature());
        for (String u : r.unanswered().subList(0, Math.min(5, r.unanswered().size()))) out.println("  no final for " + u);
        Map<Object, Long> reasons = new TreeMap<>();
        for (Replay.Answer a : r.answers()) reasons.merge(String.valueOf(a.result().getFinalReason()), 1L, Long::sum);
        out.println("final results by reason: " + reasons);
        if (r.labelled() > 0) {
            out.printf(Locale.ROOT, "accuracy %.2f%% (%d of %d labelled)%n", 100.0 * r.correct() / r.labelled(), r.correct(), r.labelled());
            StringBuilder early = new StringBuilder("early accuracy:");
            r.accuracyAt().forEach((f, a) -> early.append(String.format(Locale.ROOT, "  %.0f%%: %.2f%%", 100 * f, 100 * a)));
            out.println(early);
        }
        out.printf(Locale.ROOT, "event-to-prediction latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms over %d predictions%n",
                r.latencyMs(0.5), r.latencyMs(0.99), r.latencyMs(0.999), r.latenciesMicros().length);
        if (r.warmLatenciesMicros().length > 0) {
            // a freshly started app runs interpreted at first; this is the latency once it is warm
            out.printf(Locale.ROOT, "  events sent after the first %d s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms over %d predictions%n",
                    Replay.WARM_UP.toSeconds(), r.warmLatencyMs(0.5), r.warmLatencyMs(0.99), r.warmLatencyMs(0.999),
                    r.warmLatenciesMicros().length);
        }
        out.flush();
        return r.missing() == 0 && r.duplicates() == 0 && r.split() == 0 && r.premature() == 0 && r.unacknowledged() == 0 ? 0 : 1;
    }
}
