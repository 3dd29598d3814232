package io.gesturestream.app.cli;

import io.gesturestream.app.cli.Command.Opt;
import io.gesturestream.app.kafka.Recording;
import io.gesturestream.app.kafka.Topics;
import io.gesturestream.model.data.DataFormatException;
import io.gesturestream.model.data.Datasets;
import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.data.JsonlReader;
import io.gesturestream.model.data.WandReader;
import org.apache.kafka.clients.CommonClientConfigs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a command runs with (its output, error output and environment) and what several commands
 * share: the cluster option, the connection check, the gesture sources.
 */
public record Cli(PrintStream out, PrintStream err, Map<String, String> env) {
    public static final Opt BOOTSTRAP = Opt.of("bootstrap", "HOST:PORT", "127.0.0.1:9092", "the Kafka cluster");

    /** The cluster a command was given with {@code --bootstrap}, or the declared default. */
    public static String bootstrap(Command.Parsed opts) {
        return opts.get(BOOTSTRAP.name(), BOOTSTRAP.def());
    }
    /** How long {@code send}, {@code replay}, {@code record}, {@code tail} wait for a cluster that does not answer. */
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    public static Properties clientProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    /** The cluster of {@code --bootstrap}, checked to answer within {@link #CLIENT_TIMEOUT}. */
    public static Properties cluster(Command.Parsed opts) {
        Properties p = clientProperties(bootstrap(opts));
        checkConnectionQuietly(p, CLIENT_TIMEOUT);
        return p;
    }

    /**
     * The start-up check, with the Kafka client's own log lines held back: when it fails, the
     * reason is given once, in our error line, instead of three times in three formats.
     */
    public static void checkConnectionQuietly(Properties client, Duration timeout) {
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true));  // slf4j-simple writes to whatever System.err is now
        try {
            Topics.checkConnection(client, timeout);
        } finally {
            System.setErr(stderr);
        }
    }

    /** The model for gestures read from {@code data}: dollar16 for a $1 folder, else pendigits. */
    public static String defaultModel(String data) {
        return data != null && !data.equals("-") && Files.isDirectory(Path.of(data)) ? "dollar16" : "pendigits";
    }

    /**
     * Gestures to replay: a pendigits file, a $1 folder, gesture JSONL ({@code .jsonl}, or
     * {@code -} for standard input), a recording ({@code .avro}) or magic-wand accelerometer
     * recordings (an {@code output_*.txt} file or a folder holding them, such as
     * {@code magic-wand/data}: its gestures and its segmented negatives, labelled {@code unknown};
     * not its long unsegmented streams, see {@link WandReader}).
     */
    /**
     * As {@link #readGestures(String)}; a UNIPEN release folder (one with {@code data/} and
     * {@code include/}) is read for {@code category} (e.g. {@code 7}, words) and, unless null, only
     * the writers of {@code split}'s side.
     */
    public static List<Gesture> readGestures(String data, String category, String split) throws IOException, DataFormatException {
        Path p = Path.of(data);
        if (Files.isDirectory(p.resolve("data")) && Files.isDirectory(p.resolve("include"))) {
            if (category == null) throw new IllegalArgumentException("--data " + data + " is a UNIPEN release: give --category (1a, 2 or 7)");
            List<Gesture> all = Datasets.read("unipen", p, null, category, io.gesturestream.model.Meter.NONE, note -> { });
            return split == null ? all : io.gesturestream.model.data.WriterSplit.parse(split).select(all, data);
        }
        if (category != null || split != null) {
            throw new IllegalArgumentException("--" + (category != null ? "category" : "split") + " applies to a UNIPEN release folder "
                    + "(one with data/ and include/), and --data " + data + " is not one");
        }
        return readGestures(data);
    }

    public static List<Gesture> readGestures(String data) throws IOException, DataFormatException {
        if (data.equals("-")) {
            var r = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
            return JsonlReader.read(r, "stdin", false);
        }
        Path p = Path.of(data);
        if (!Files.exists(p)) throw new IllegalArgumentException("--data " + data + ": no such file or folder");
        if (WandReader.holds(p)) return Datasets.read("wand", p, null);
        if (Files.isDirectory(p)) return Datasets.read("dollar", p, null);
        if (data.endsWith(".jsonl")) return JsonlReader.read(p, false);
        if (data.endsWith(".avro")) return Recording.read(p);
        return Datasets.read("pendigits", p, null);
    }
}
