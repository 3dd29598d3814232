package io.gesturestream.app.config;

import io.gesturestream.model.LabelSet;
import io.gesturestream.model.features.InputKind;
import org.apache.kafka.streams.StreamsConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The app's configuration, from a properties file's entries and a map of environment variables
 * handed in (never read deep inside). Precedence, lowest first: the defaults declared in
 * {@link Settings}, then the {@code --config} file, then the environment ({@link Given} says how
 * names map); command-line options, where a command has them, come last. {@code GESTURE_*}
 * variables are the app's settings, {@code KAFKA_*} variables Kafka client properties
 * ({@code KAFKA_BOOTSTRAP_SERVERS} becomes {@code bootstrap.servers}).
 *
 * @param model          a bundled model's name or a model file ({@link Settings#MODEL})
 * @param labels         the labels the model answers over ({@link Settings#LABELS}); null for all
 * @param lexicon        a word list file for a transcription model ({@link Settings#LEXICON}); null for none
 * @param lexiconBeam    the lexicon beam's width ({@link Settings#LEXICON_BEAM})
 * @param lexiconCommit  the share of its probability it may give up to settle a prefix ({@link Settings#LEXICON_COMMIT})
 * @param applicationId  Kafka Streams' application.id ({@link Settings#APPLICATION_ID})
 * @param stream         what the topology needs
 * @param kafka          Kafka client properties: {@link Settings#BOOTSTRAP_SERVERS} and those given
 * @param createTopics   create missing topics at start-up ({@link Settings#CREATE_TOPICS})
 * @param partitions     partitions of topics it creates ({@link Settings#PARTITIONS})
 * @param replication    their replication factor ({@link Settings#REPLICATION})
 * @param input          the kind of events on the input topic ({@link Settings#INPUT}): a model for
 *                       the other kind is refused at start-up
 * @param http           the HTTP endpoints
 * @param webPage        serve the drawing page at {@code /} ({@link Settings#WEB_PAGE})
 */
public record AppConfig(String model, LabelSet labels, String lexicon, int lexiconBeam, float lexiconCommit, String applicationId, StreamSettings stream, Properties kafka, boolean createTopics,
                        int partitions, short replication, InputKind input, Http http, boolean webPage) {

    /**
     * The HTTP endpoints: bound to {@code host:port} ({@link Settings#HTTP_HOST}, {@link Settings#HTTP_PORT},
     * -1 for none), and reached by the other instances at {@code advertisedHost:port}
     * ({@link Settings#HTTP_ADVERTISED_HOST}, by default the bind host), which becomes Kafka
     * Streams' {@code application.server}.
     */
    public record Http(String host, int port, String advertisedHost) {
        public boolean enabled() {
            return port >= 0;
        }
    }

    /**
     * From a properties file's entries (lower precedence) and the environment (higher): a file key
     * {@code gesture.idle.timeout.ms} means {@code GESTURE_IDLE_TIMEOUT_MS} (an unknown
     * {@code gesture.*} key is refused); any other file key is a Kafka property, which a
     * {@code KAFKA_*} variable for the same property replaces.
     *
     * @throws IllegalArgumentException with one line naming the variable or file key and what it allows
     */
    public static AppConfig from(Properties file, Map<String, String> env) {
        return from(Given.from(file, env));
    }

    /** From environment variables alone. */
    public static AppConfig fromEnv(Map<String, String> env) {
        return from(new Properties(), env);
    }

    private static AppConfig from(Given given) {
        Properties kafka = new Properties();
        for (Settings.KafkaDefault d : Settings.KAFKA_DEFAULTS) if (d.everyClient()) kafka.put(d.property(), d.value());
        given.kafka().forEach((property, v) -> kafka.put(property, v.text()));

        Duration idle = Settings.IDLE_TIMEOUT_MS.from(given);
        // a quarter of the timeout, within [10 ms, 1 s]
        Duration every = Duration.ofMillis(Math.max(10, Math.min(1000, idle.toMillis() / 4)));
        // at-least-once may redeliver the event that ended a gesture after its final result was lost
        boolean atLeastOnce = StreamsConfig.AT_LEAST_ONCE.equals(kafka.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                Settings.PROCESSING_GUARANTEE.value()));
        StreamSettings stream = new StreamSettings(Settings.PREDICTIONS.from(given), idle, every, Settings.MAX_EVENTS.from(given),
                Settings.MAX_COORDINATE.from(given), Settings.MAX_ACCEL_G.from(given), atLeastOnce,
                Settings.MAX_LABEL_LENGTH.from(given), Settings.MAX_SESSION_ID_BYTES.from(given),
                Settings.MAX_RECORD_BYTES.from(given), Settings.MAX_SESSIONS.from(given), Settings.MAX_FUTURE_SKEW_MS.from(given),
                Settings.MAX_AGE_MS.from(given), Settings.ENDED_RETENTION_MS.from(given));

        String httpHost = Settings.HTTP_HOST.from(given);
        String advertised = Settings.HTTP_ADVERTISED_HOST.orNull(given);
        Http http = new Http(httpHost, Settings.HTTP_PORT.from(given), advertised != null ? advertised : httpHost);
        String labels = Settings.LABELS.orNull(given);
        LabelSet labelSet;
        try {
            labelSet = labels == null ? null : LabelSet.parse(labels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Settings.LABELS.env() + ": " + e.getMessage());
        }
        return new AppConfig(Settings.MODEL.from(given), labelSet, Settings.LEXICON.orNull(given), Settings.LEXICON_BEAM.from(given),
                Settings.LEXICON_COMMIT.from(given).floatValue(),
                Settings.APPLICATION_ID.from(given), stream, kafka,
                Settings.CREATE_TOPICS.from(given), Settings.PARTITIONS.from(given), Settings.REPLICATION.from(given).shortValue(),
                Settings.INPUT.from(given), http, Settings.WEB_PAGE.from(given));
    }

    /** Kafka Streams properties: the client properties plus what the app sets, which these may replace. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        for (Settings.KafkaDefault d : Settings.KAFKA_DEFAULTS) if (!d.everyClient()) p.put(d.property(), d.value());
        // where the other instances reach this one for live session queries
        if (http.enabled() && http.port() > 0) p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, http.advertisedHost() + ":" + http.port());
        p.putAll(kafka);
        // GESTURE_APPLICATION_ID, or KAFKA_APPLICATION_ID (AppConfig refused the two when they differ)
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        return p;
    }
}
