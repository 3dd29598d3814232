package io.gesturestream.app.cli;

import io.gesturestream.app.cli.Command.Opt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every command of {@code gesture-stream}, declared once: parser, option check and help come from here. */
final class Commands {
    private Commands() {}

    private static final Opt BOOTSTRAP = Opt.of("bootstrap", "HOST:PORT", "127.0.0.1:9092", "the Kafka cluster");

    static final Command RUN = new Command("run", String.join("\n",
            "Connects to a cluster, creates missing topics when allowed, and runs the topology until SIGTERM or Ctrl-C.",
            "Configured by GESTURE_* and KAFKA_* environment variables (see the README), which override the file."),
            List.of(Opt.of("config", "FILE", null, "a properties file: gesture.* keys for GESTURE_* settings, any other key is a Kafka property")));

    static final Command DEMO = new Command("demo", String.join("\n",
            "A Kafka broker in this JVM (127.0.0.1, free ports), the app, and gestures replayed over concurrent sessions;",
            "a line per final result, then accuracy and latency; then, for the built-in gestures, a page to draw on",
            "until Ctrl-C."),
            List.of(Opt.of("data", "FILE|FOLDER|-", null, "a pendigits file, a $1 folder, gesture JSONL (- for stdin) or a recording (.avro); built-in gestures without it"),
                    Opt.of("count", "N", "all", "replay only the first N gestures"),
                    Opt.of("sessions", "K", "20", "concurrent sessions"),
                    Opt.of("rate", "R", "1000", "events per second (0: as fast as possible)"),
                    Opt.of("warmup", "W", "2", "10 x W built-in gestures of the model's kind first, not counted (0: none)"),
                    Opt.of("model", "NAME|FILE", "pendigits, dollar16 for a $1 folder", "the model"),
                    Opt.of("guarantee", "G", "at_least_once", "processing guarantee: at_least_once or exactly_once_v2"),
                    Opt.of("http-port", "PORT", "8080", "port of the drawing page, /metrics, /health/* and /sessions/{id} (0: any free port)"),
                    Opt.of("page", "true|false", "true without --data", "serve the drawing page after the replay")));

    static final Command REPLAY = new Command("replay", String.join("\n",
            "Recorded gestures to a cluster's gesture-events over K sessions; --verify reads their results back.",
            "--offline runs the topology in this process instead (no cluster) and writes every prediction, bit-exact."),
            List.of(Opt.of("data", "FILE|FOLDER|-", null, "a pendigits file, a $1 folder, gesture JSONL (- for stdin) or a recording (.avro); required"),
                    Opt.of("count", "N", "all", "replay only the first N gestures"),
                    Opt.of("sessions", "K", "50", "concurrent sessions"),
                    Opt.of("speed", "F", "1", "the recording's own timing divided by F"),
                    Opt.of("rate", "R", null, "a fixed rate in events per second instead"),
                    Opt.flag("fast", "as fast as possible instead"),
                    BOOTSTRAP,
                    Opt.flag("verify", "read the results of the replayed gestures and report missing, duplicated, accuracy and latency"),
                    Opt.of("timeout", "S", "120 with --verify, else 10", "seconds to wait for the cluster, and for results after the last event"),
                    Opt.flag("offline", "run the topology in this process (no cluster) and write every prediction to --out"),
                    Opt.of("out", "FILE", null, "with --offline: the predictions, one JSON line each"),
                    Opt.of("model", "NAME|FILE", "pendigits, dollar16 for a $1 folder", "with --offline: the model")));

    static final Command RECORD = new Command("record",
            "The topic, from a time (or the beginning) up to its end now or a limit, into an Avro container file that replay reads back.",
            List.of(Opt.of("out", "FILE.avro", null, "the recording; required"),
                    Opt.of("topic", "TOPIC", "gesture-events", "the topic to record"),
                    Opt.of("from-ms", "T", "the beginning", "the first record time, in ms since the epoch"),
                    Opt.of("limit", "N", "no limit", "at most N events"),
                    BOOTSTRAP));

    static final Command SEND = new Command("send", String.join("\n",
            "Gesture JSONL to gesture-events, as a device gateway would. Each record is stamped with the time it is sent",
            "(the app refuses record times older than GESTURE_MAX_AGE_MS); --keep-time stamps it with the event's own t.",
            "Reports what the cluster acknowledged; exits 1 if any event was not acknowledged."),
            List.of(Opt.of("data", "FILE.jsonl|-", "-", "the events (- for stdin)"),
                    Opt.flag("keep-time", "stamp records with the recording's t instead of the send time"),
                    BOOTSTRAP,
                    Opt.of("timeout", "S", "15", "seconds to wait for the cluster and for its acknowledgements")));

    static final Command TAIL = new Command("tail", String.join("\n",
            "Follows one of the app's topics and prints a line per record: final results, predictions, dead letters",
            "(with the reason each was refused) or events. Ctrl-C stops it."),
            List.of(Opt.of("topic", "results|predictions|dlq|events", "results", "what to follow"),
                    Opt.flag("from-beginning", "start at the beginning of the topic instead of its end"),
                    Opt.of("session", "ID", null, "only this session's records"),
                    Opt.of("limit", "N", "no limit", "stop after N records"),
                    BOOTSTRAP));

    static final Command PUBLISH_MODEL = new Command("publish-model", String.join("\n",
            "Checks a model file as the app will, then publishes it to the compacted gesture-models topic; running",
            "instances serving a model of that name switch to it for new sessions. With --app, first asks that instance",
            "which model it serves and refuses a model it would refuse, then waits until it has switched."),
            List.of(Opt.of("model", "FILE|NAME", null, "the model file (or a bundled model's name); required"),
                    BOOTSTRAP,
                    Opt.of("app", "URL", null, "an instance's HTTP address (e.g. http://127.0.0.1:8080) to check against and confirm with")));

    static final Command BROKER = new Command("broker", String.join("\n",
            "A single-node KRaft broker on 127.0.0.1 in this JVM, with the app's topics, until Ctrl-C (its data is deleted",
            "then): for run, replay, record and tail in other processes without installing Kafka."),
            List.of(Opt.of("port", "PORT", "9092", "the broker's port"),
                    Opt.of("partitions", "N", "4", "partitions of each topic (gesture-models: 1)")));

    static final Command BENCH = new Command("bench", String.join("\n",
            "bench restore: two instances, N live sessions, one leaves: time until the other serves every session.",
            "bench e2e: latency percentiles at fixed offered loads and sustained throughput, end to end.",
            "bench memory: stored bytes, heap and resident memory per live session.",
            "bench soak: the app started cold in its own JVM under a steady load for minutes, optionally frozen (SIGSTOP)",
            "  and thawed: finals premature, doubled or lost, latency, heap and RSS per minute; exit 1 if any went wrong.",
            "usage: gesture-stream bench restore|e2e|memory|soak [options]"),
            List.of(Opt.of("sessions", "N", "restore 20000, e2e 50, memory 100000, soak 50", "live sessions"),
                    Opt.of("standby", "0|1", "0", "restore: standby replicas"),
                    Opt.of("heartbeat-ms", "MS", "3000 (Kafka's)", "restore: consumer heartbeat interval"),
                    Opt.of("rates", "R1,R2,...", "1000,5000,10000,20000", "e2e: offered loads, events/s"),
                    Opt.of("warmup", "S", "5", "e2e: warm-up seconds per load"),
                    Opt.of("seconds", "S", "10", "e2e: measured seconds per load"),
                    Opt.of("threads", "T", "1", "e2e: stream threads"),
                    Opt.of("guarantees", "G1,G2", "at_least_once,exactly_once_v2", "e2e: processing guarantees"),
                    Opt.of("pipelines", "P1,P2", "pass_through,gru", "e2e: topologies"),
                    Opt.of("events", "N", "300000", "e2e: events for the throughput run"),
                    Opt.of("minutes", "M", "10", "soak: minutes of load"),
                    Opt.of("rate", "R", "5000", "soak: offered load, events/s (open loop)"),
                    Opt.of("data", "FILE|FOLDER", "../shared/datasets/pendigits/pendigits-orig.tes, else built-in digits",
                            "soak: gestures to cycle through"),
                    Opt.of("idle-timeout-ms", "MS", "3000", "soak: the app's GESTURE_IDLE_TIMEOUT_MS"),
                    Opt.of("stall-at", "S", null, "soak: SIGSTOP the app S seconds into the load (Linux)"),
                    Opt.of("stall-for", "S", "10", "soak: seconds until SIGCONT"),
                    Opt.of("stalls", "N", "1", "soak: how many stalls"),
                    Opt.of("stall-every", "S", null, "soak: seconds from one stall's start to the next (with --stalls > 1)"),
                    Opt.of("out", "DIR", null, "e2e: write latency.csv, throughput.csv and latency.png there; soak: soak.csv (a line per 10 s)"
                            + " and the app's log")));

    /** In the order {@code --help} lists them. */
    static final Map<String, Command> ALL = new LinkedHashMap<>();

    static {
        for (Command c : List.of(DEMO, RUN, BROKER, SEND, REPLAY, RECORD, TAIL, PUBLISH_MODEL, BENCH)) ALL.put(c.name(), c);
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: gesture-stream <command> [options]   (gesture-stream <command> --help for its options)\n\ncommands:\n");
        for (Command c : ALL.values()) b.append(String.format("  %-14s %s%n", c.name(), c.summary().lines().findFirst().orElse("")));
        return b.toString();
    }
}
