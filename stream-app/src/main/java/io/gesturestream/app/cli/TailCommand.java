package io.gesturestream.app.cli;

import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.kafka.Tail;

import java.time.Duration;
import java.util.List;

/** {@code tail}: one readable line per record of one of the app's topics, until Ctrl-C or {@code --limit}. */
public final class TailCommand implements CliCommand {
    static final Command SPEC = new Command("tail", String.join("\n",
            "Follows one of the app's topics and prints a line per record: final results, predictions, dead letters",
            "(with the reason each was refused) or events. Ctrl-C stops it."),
            List.of(Opt.of("topic", "results|predictions|dlq|events", "results", "what to follow"),
                    Opt.flag("from-beginning", "start at the beginning of the topic instead of its end"),
                    Opt.of("session", "ID", null, "only this session's records"),
                    Opt.of("limit", "N", "no limit", "stop after N records"),
                    Cli.BOOTSTRAP));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, Cli cli) {
        Tail.Options o = options(opts);
        Cli.checkConnectionQuietly(o.client(), Cli.CLIENT_TIMEOUT);
        try (CtrlC ctrlC = new CtrlC("tail", Duration.ofSeconds(5))) {  // Ctrl-C: stop after the current poll
            Tail.run(o, cli.out(), ctrlC.stop);
            return 0;
        }
    }

    /** The options of a {@code tail ...} command line (starting with {@code tail}), as the command reads them. */
    public static Tail.Options options(String... args) {
        return options(SPEC.parse(args, 1));
    }

    static Tail.Options options(Command.Parsed opts) {
        return new Tail.Options(Cli.clientProperties(Cli.bootstrap(opts)), Tail.Kind.of(opts.get("topic", "results")),
                opts.has("from-beginning"), opts.get("session"), opts.integer("limit", Long.MAX_VALUE, 1, Long.MAX_VALUE));
    }
}
