package io.gesturestream.tools;

import io.gesturestream.app.cli.CliCommand;
import io.gesturestream.app.cli.PublishModelCommand;
import io.gesturestream.app.cli.RecordCommand;
import io.gesturestream.app.cli.ReplayCommand;
import io.gesturestream.app.cli.RunCommand;
import io.gesturestream.app.cli.SendCommand;
import io.gesturestream.app.cli.TailCommand;

import java.util.List;

/**
 * {@code gesture-stream.jar}, the tools: the production app's commands, and beside them the
 * demo, a local broker, the benches and offline replay, which need a broker, Kafka Streams' test
 * driver and HdrHistogram on their class path; the app's own jar carries none of those.
 */
public final class Main {
    private Main() {}

    /** In the order {@code --help} lists them. */
    public static List<CliCommand> commands() {
        return List.of(new DemoCommand(), new RunCommand(), new BrokerCommand(), new SendCommand(),
                new ReplayCommand(new OfflineReplayRunner()), new RecordCommand(), new TailCommand(), new PublishModelCommand(),
                new BenchCommand());
    }

    public static void main(String[] args) {
        System.exit(new io.gesturestream.app.cli.Main(System.out, System.err, commands()).run(args, System.getenv()));
    }
}
