package io.gesturestream.app.config;

import io.gesturestream.model.Model;
import io.gesturestream.model.features.InputKind;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the app, each declared once: the {@code GESTURE_*} settings (a constant's name
 * is its variable's without {@code GESTURE_}), and the Kafka properties the app gives a value of its
 * own. {@link AppConfig} reads them, the container test checks the variables it is given against
 * them, and the README's configuration table is {@link #readmeTable()} (a test compares the two).
 */
public final class Settings {
    private Settings() {
    }

    public static final Setting<String> MODEL = Setting.text("GESTURE_MODEL", "pendigits",
            "bundled model name or model file");
    public static final Setting<String> LABELS = Setting.textDerived("GESTURE_LABELS", "all of the model's labels",
            "answer over these labels only, the others never predicted: items separated by commas, each a label or a range of "
                    + "single characters, such as `0-9` or `A-Z,a-z` (`\\,` is a comma); an item that names none of the model's "
                    + "labels stops the app at start-up");
    public static final Setting<String> LEXICON = Setting.textDerived("GESTURE_LEXICON", "the model's own (bundled `words`: its word list), else none",
            "transcription models: a word list file (one word a line, UTF-8; each also capitalized and in capitals), e.g. "
                    + "`/usr/share/dict/words`, or `none`: a final's text is the most probable word of it (or the greedy text, "
                    + "flagged, when none fits), and `stableText` the start every hypothesis shares");
    public static final Setting<Integer> LEXICON_BEAM = Setting.integer("GESTURE_LEXICON_BEAM", 16, 1, 1024,
            "width of the lexicon's beam search, run at every step of a session");
    public static final Setting<Double> LEXICON_COMMIT = Setting.share("GESTURE_LEXICON_COMMIT", Float.toString(Model.DEFAULT_COMMIT),
            "the share of the lexicon beam's probability it may give up to settle `stableText` sooner: 0 is the exact beam, whose "
                    + "stable text waits for every alternative to fall out (see the README's words section for what each costs)");
    public static final Setting<String> APPLICATION_ID = Setting.textForKafka("GESTURE_APPLICATION_ID", "gesture-stream",
            StreamsConfig.APPLICATION_ID_CONFIG,
            "Kafka Streams `application.id` (`KAFKA_APPLICATION_ID` is the same setting: given both ways, they must agree)");
    public static final Setting<PredictionMode> PREDICTIONS = Setting.choice("GESTURE_PREDICTIONS", PredictionMode.EVERY,
            "what goes to `gesture-predictions`: a prediction per event, one when the top label changes, or finals only "
                    + "(finals go to `gesture-results` in every mode)");
    public static final Setting<Duration> IDLE_TIMEOUT_MS = Setting.millis("GESTURE_IDLE_TIMEOUT_MS", 3000, 1,
            "a device quiet this long (in its records' time; see the idle timeout under lag) gets its gesture's final result");
    public static final Setting<Integer> MAX_EVENTS = Setting.integer("GESTURE_MAX_EVENTS", 10_000, 1, Integer.MAX_VALUE,
            "events after which a gesture is finalized");
    public static final Setting<InputKind> INPUT = Setting.choice("GESTURE_INPUT", InputKind.PEN,
            "the events on the input topic; a model for the other kind is refused at start-up");
    public static final Setting<Double> MAX_COORDINATE = Setting.positive("GESTURE_MAX_COORDINATE", "1e7",
            "larger pen coordinates (either sign) are dead-lettered");
    public static final Setting<Double> MAX_ACCEL_G = Setting.positive("GESTURE_MAX_ACCEL_G", "64",
            "larger accelerations (g), and angular rates over 100 times it (deg/s), are dead-lettered");
    public static final Setting<Integer> MAX_LABEL_LENGTH = Setting.integer("GESTURE_MAX_LABEL_LENGTH", 256, 1, Integer.MAX_VALUE,
            "characters of a label; a longer one is dead-lettered");
    public static final Setting<Integer> MAX_SESSION_ID_BYTES = Setting.integer("GESTURE_MAX_SESSION_ID_BYTES", 256, 1,
            Integer.MAX_VALUE, "UTF-8 bytes of a key (session id); a longer one is dead-lettered");
    public static final Setting<Integer> MAX_RECORD_BYTES = Setting.integer("GESTURE_MAX_RECORD_BYTES", 16 * 1024, 64,
            Integer.MAX_VALUE, "bytes of a record's value, checked before decoding; a larger one is dead-lettered");
    public static final Setting<Long> MAX_SESSIONS = Setting.whole("GESTURE_MAX_SESSIONS", 1_000_000, 1,
            "sessions held per instance (in progress, or ended and waiting out the ended-session retention)");
    public static final Setting<Duration> MAX_FUTURE_SKEW_MS = Setting.millis("GESTURE_MAX_FUTURE_SKEW_MS", 300_000, 0,
            "record or event timestamps further ahead of the wall clock are dead-lettered");
    public static final Setting<Duration> MAX_AGE_MS = Setting.millis("GESTURE_MAX_AGE_MS", 604_800_000, 0,
            "record timestamps older than this are dead-lettered");
    public static final Setting<Duration> ENDED_RETENTION_MS = Setting.millis("GESTURE_ENDED_RETENTION_MS", 60_000, 0,
            "how long an ended gesture's marker stays (at least the idle timeout): redelivered events of it are skipped, "
                    + "and `/sessions/{id}` shows its final answer; the session's next gesture replaces it at once");
    public static final Setting<Boolean> CREATE_TOPICS = Setting.flag("GESTURE_CREATE_TOPICS", true,
            "create missing topics at start-up (a refusal is logged, not fatal)");
    public static final Setting<Integer> PARTITIONS = Setting.integer("GESTURE_PARTITIONS", 4, 1, Integer.MAX_VALUE,
            "partitions of the topics it creates");
    public static final Setting<Integer> REPLICATION = Setting.integer("GESTURE_REPLICATION", 1, 1, Short.MAX_VALUE,
            "replication factor of the topics it creates");
    public static final Setting<String> HTTP_HOST = Setting.text("GESTURE_HTTP_HOST", "127.0.0.1",
            "where `/metrics`, `/health/*` and `/sessions/{id}` listen");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("GESTURE_HTTP_PORT", 8080, -1, 65535,
            "their port (`-1`: no endpoints)");
    public static final Setting<String> HTTP_ADVERTISED_HOST = Setting.textDerived("GESTURE_HTTP_ADVERTISED_HOST", "the bind host",
            "how other instances reach this one for session queries; with the port, becomes `application.server`");
    public static final Setting<Boolean> WEB_PAGE = Setting.flag("GESTURE_WEB_PAGE", false,
            "`true`: `run` also serves the drawing page at `/` (its one model)");

    /** The {@code GESTURE_*} settings, in the README's order. */
    public static final List<Setting<?>> ALL = List.of(MODEL, LABELS, LEXICON, LEXICON_BEAM, LEXICON_COMMIT, APPLICATION_ID, PREDICTIONS, IDLE_TIMEOUT_MS, MAX_EVENTS, INPUT,
            MAX_COORDINATE, MAX_ACCEL_G, MAX_LABEL_LENGTH, MAX_SESSION_ID_BYTES, MAX_RECORD_BYTES, MAX_SESSIONS,
            MAX_FUTURE_SKEW_MS, MAX_AGE_MS, ENDED_RETENTION_MS, CREATE_TOPICS, PARTITIONS, REPLICATION, HTTP_HOST, HTTP_PORT,
            HTTP_ADVERTISED_HOST, WEB_PAGE);

    /**
     * A Kafka property the app gives a value of its own; a {@code KAFKA_*} variable or a file key
     * replaces it.
     *
     * @param property     the property, by its Kafka constant
     * @param value        the app's value
     * @param everyClient  for every Kafka client the app makes (admin, producers, consumers), not only Kafka Streams
     * @param allowed      what the app is tested with, for the README (Kafka checks the value), or empty
     * @param doc          why (Markdown, for the README)
     */
    public record KafkaDefault(String property, String value, boolean everyClient, String allowed, String doc) {
        /** The variable that replaces it, {@code KAFKA_BOOTSTRAP_SERVERS}. */
        public String env() {
            return Given.kafkaVariable(property);
        }
    }

    public static final KafkaDefault BOOTSTRAP_SERVERS = new KafkaDefault(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:9092", true, "", "the cluster");
    public static final KafkaDefault PROCESSING_GUARANTEE = new KafkaDefault(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.AT_LEAST_ONCE, false, "`" + StreamsConfig.AT_LEAST_ONCE + "` or `" + StreamsConfig.EXACTLY_ONCE_V2 + "`",
            "both run in `GestureStreamIT` against a real broker; what each gives after a crash: see \"Crashes\" below");
    public static final KafkaDefault PRODUCER_LINGER_MS = new KafkaDefault(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
            "5", false, "", "for latency: Kafka Streams' own default is 100 ms");
    public static final KafkaDefault PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED = new KafkaDefault(
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true", false, "",
            "Kafka 5.0's default, set now: without it Kafka Streams warns at every start that it is off for the global thread");

    /** The Kafka properties the app gives a value of its own, in the README's order. */
    public static final List<KafkaDefault> KAFKA_DEFAULTS = List.of(BOOTSTRAP_SERVERS, PROCESSING_GUARANTEE, PRODUCER_LINGER_MS,
            PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED);

    /** The rule for every other Kafka property, the README's first row. */
    static final String KAFKA_PASS_THROUGH = "any Kafka client or Streams property, named in capitals with `_` for `.`: "
            + "`KAFKA_STATE_DIR` becomes `state.dir`; it replaces the app's value in the rows below";

    private static final Map<String, Setting<?>> BY_ENV = new LinkedHashMap<>();
    private static final Map<String, Setting<?>> BY_FILE_KEY = new LinkedHashMap<>();

    static {
        for (Setting<?> s : ALL) {
            if (BY_ENV.put(s.env(), s) != null || BY_FILE_KEY.put(s.fileKey(), s) != null) {
                throw new IllegalStateException("declared twice: " + s.env());
            }
        }
    }

    /** The setting of a {@code GESTURE_*} variable, or null. */
    public static Setting<?> byEnv(String variable) {
        return BY_ENV.get(variable);
    }

    /** The setting of a {@code gesture.*} file key, or null. */
    public static Setting<?> byFileKey(String key) {
        return BY_FILE_KEY.get(key);
    }

    /** The README's configuration table, as Markdown, without a trailing newline. */
    public static String readmeTable() {
        List<String> rows = new ArrayList<>();
        rows.add(row("variable", "default", "allowed", "meaning"));
        rows.add(row("---", "---", "---", "---"));
        rows.add(row("`" + Given.KAFKA_PREFIX + "*`", "", "", KAFKA_PASS_THROUGH));
        for (KafkaDefault d : KAFKA_DEFAULTS) rows.add(row("`" + d.env() + "`", "`" + d.value() + "`", d.allowed(), d.doc()));
        for (Setting<?> s : ALL) rows.add(s.readmeRow());
        return String.join("\n", rows);
    }

    static String row(String... cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) b.append(c.isEmpty() ? " |" : " " + c.replace("|", "\\|") + " |");
        return b.toString();
    }
}
