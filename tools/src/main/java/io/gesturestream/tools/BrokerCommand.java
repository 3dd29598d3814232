package io.gesturestream.tools;

import io.gesturestream.app.cli.Cli;
import io.gesturestream.app.cli.CliCommand;
import io.gesturestream.app.cli.Command;
import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.cli.Logs;
import io.gesturestream.app.topology.Names;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code broker}: a broker for local use, in this JVM, until Ctrl-C. */
final class BrokerCommand implements CliCommand {
    static final Command SPEC = new Command("broker", String.join("\n",
            "A single-node KRaft broker on 127.0.0.1 in this JVM, with the app's topics, until Ctrl-C (its data is deleted",
            "then): for run, replay, record and tail in other processes without installing Kafka."),
            List.of(Opt.of("port", "PORT", "9092", "the broker's port"),
                    Opt.of("partitions", "N", "4", "partitions of each topic (gesture-models: 1)")));

    @Override
    public Command spec() {
        return SPEC;
    }

    @Override
    public int run(Command.Parsed opts, Cli cli) throws InterruptedException {
        Logs.brokerInThisJvm();
        int port = opts.integer("port", 9092, 0, 65535);
        int partitions = opts.integer("partitions", 4, 1, 1000);
        CountDownLatch stop = new CountDownLatch(1), stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gesture-broker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(port)) {
            kafka.createAppTopics(partitions);
            cli.out().println("Kafka broker (KRaft, single node) on " + kafka.bootstrapServers() + " with the app's topics, "
                    + partitions + " partitions each (" + Names.MODELS_TOPIC + ": 1, compacted); Ctrl-C stops it and deletes its data");
            cli.out().flush();
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
