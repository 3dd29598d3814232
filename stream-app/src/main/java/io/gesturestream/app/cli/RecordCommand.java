package io.gesturestream.app.cli;

import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.kafka.Recording;
import io.gesturestream.app.topology.Names;

import java.nio.file.Path;
import java.util.List;

/** {@code record --out FILE.avro [--topic gesture-events] [--from-ms T] [--limit N] [--bootstrap]}. */
public final class RecordCommand implements CliCommand {
    static final Command SPEC = new Command("record",
            "The topic, from a time (or the beginning) up to its end now or a limit, into an Avro container file that replay reads back.",
            List.of(Opt.of("out", "FILE.avro", null, "the recording; required"),
                    Opt.of("topic", "TOPIC", "gesture-events", "the topic to record"),
                    Opt.of("from-ms", "T", "the beginning", "the first record time, in ms since the epoch"),
                    Opt.of("limit", "N", "no limit", "at most N events"),
                    Cli.BOOTSTRAP));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, Cli cli) throws Exception {
        String outFile = opts.get("out");
        if (outFile == null) throw new IllegalArgumentException("record needs --out FILE.avro");
        Long from = opts.has("from-ms") ? opts.integer("from-ms", 0L, 0L, Long.MAX_VALUE) : null;
        long limit = opts.integer("limit", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        Cli.cluster(opts);
        long n = Recording.record(Cli.bootstrap(opts), opts.get("topic", Names.EVENTS_TOPIC), from, limit, Path.of(outFile));
        cli.out().println("recorded " + n + " events to " + outFile);
        return 0;
    }
}
