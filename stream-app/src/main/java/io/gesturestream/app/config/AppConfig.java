package io.gesturestream.app.config;

import io.gesturestream.model.features.InputKind;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The app's configuration, from a map of environment variables handed in (never read deep inside).
 * Precedence, lowest first: built-in defaults, then {@code GESTURE_*} variables for the app's
 * settings and {@code KAFKA_*} variables for Kafka client properties ({@code KAFKA_BOOTSTRAP_SERVERS}
 * becomes {@code bootstrap.servers}), then command-line options.
 *
 * @param model          a bundled model's name or a model file ({@code GESTURE_MODEL}, default pendigits)
 * @param applicationId  Kafka Streams application.id ({@code GESTURE_APPLICATION_ID}, default gesture-stream)
 * @param kafka          Kafka client properties
 * @param createTopics   create missing topics at start-up ({@code GESTURE_CREATE_TOPICS}, default true)
 * @param partitions     partitions of topics it creates ({@code GESTURE_PARTITIONS}, default 4)
 * @param replication    their replication factor ({@code GESTURE_REPLICATION}, default 1)
 * @param webPage        serve the drawing page at {@code /} ({@code GESTURE_WEB_PAGE}, default false)
 * @param input          the kind of events on the input topic ({@code GESTURE_INPUT}, pen or imu,
 *                       default pen): a model for the other kind is refused at start-up
 */
public record AppConfig(String model, String applicationId, StreamSettings stream, Properties kafka, boolean createTopics,
                        int partitions, short replication, InputKind input, Http http, boolean webPage) {

    /**
     * The HTTP endpoints: bound to {@code host:port} ({@code GESTURE_HTTP_HOST}, default
     * 127.0.0.1; {@code GESTURE_HTTP_PORT}, default 8080, -1 for none), and reached by the other
     * instances at {@code advertisedHost:port} ({@code GESTURE_HTTP_ADVERTISED_HOST}, default the
     * bind host), which becomes Kafka Streams' {@code application.server}.
     */
    public record Http(String host, int port, String advertisedHost) {
        public boolean enabled() {
            return port >= 0;
        }
    }

    /**
     * From a properties file's entries (lower precedence) and the environment (higher): a file key
     * {@code gesture.idle.timeout.ms} means {@code GESTURE_IDLE_TIMEOUT_MS}; any other file key is a
     * Kafka property, as if it came from the matching {@code KAFKA_*} variable.
     */
    public static AppConfig from(Properties file, Map<String, String> env) {
        Map<String, String> merged = new java.util.HashMap<>();
        for (String k : file.stringPropertyNames()) {
            String var = (k.startsWith("gesture.") ? "" : "KAFKA_") + k.toUpperCase(Locale.ROOT).replace('.', '_');
            merged.put(var, file.getProperty(k));
        }
        merged.putAll(env);
        return fromEnv(merged);
    }

    public static AppConfig fromEnv(Map<String, String> env) {
        StreamSettings d = StreamSettings.defaults();
        PredictionMode mode = PredictionMode.valueOf(env.getOrDefault("GESTURE_PREDICTIONS", d.predictionMode().name())
                .toUpperCase(Locale.ROOT));
        Duration idle = Duration.ofMillis(parseLong(env, "GESTURE_IDLE_TIMEOUT_MS", d.idleTimeout().toMillis()));
        Duration every = Duration.ofMillis(Math.max(10, Math.min(1000, idle.toMillis() / 4)));
        int maxEvents = parseInt(env, "GESTURE_MAX_EVENTS", d.maxEvents());
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", "127.0.0.1:9092");
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("KAFKA_") && e.getKey().length() > 6) {
                kafka.put(e.getKey().substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
            }
        }
        // at-least-once may redeliver the event that ended a gesture after its final result was lost
        boolean atLeastOnce = kafka.getProperty("processing.guarantee", "at_least_once").equals("at_least_once");
        StreamSettings s = new StreamSettings(mode, idle, every, maxEvents,
                parseDouble(env, "GESTURE_MAX_COORDINATE", d.maxCoordinate()), parseDouble(env, "GESTURE_MAX_ACCEL_G", d.maxAccelG()),
                atLeastOnce, parseInt(env, "GESTURE_MAX_LABEL_LENGTH", d.maxLabelLength()),
                parseInt(env, "GESTURE_MAX_SESSION_ID_BYTES", d.maxSessionIdBytes()),
                parseInt(env, "GESTURE_MAX_RECORD_BYTES", d.maxRecordBytes()),
                parseLong(env, "GESTURE_MAX_SESSIONS", d.maxSessions()),
                Duration.ofMillis(parseLong(env, "GESTURE_MAX_FUTURE_SKEW_MS", d.maxFutureSkew().toMillis())),
                Duration.ofMillis(parseLong(env, "GESTURE_MAX_AGE_MS", d.maxAge().toMillis())),
                Duration.ofMillis(parseLong(env, "GESTURE_ENDED_RETENTION_MS", d.endedRetention().toMillis())));
        int partitions = parseInt(env, "GESTURE_PARTITIONS", 4);
        int replication = parseInt(env, "GESTURE_REPLICATION", 1);
        if (partitions < 1 || replication < 1 || replication > Short.MAX_VALUE) {
            throw new IllegalArgumentException("GESTURE_PARTITIONS and GESTURE_REPLICATION must be >= 1");
        }
        String httpHost = env.getOrDefault("GESTURE_HTTP_HOST", "127.0.0.1");
        int httpPort = parseInt(env, "GESTURE_HTTP_PORT", 8080);
        if (httpPort < -1 || httpPort > 65535) throw new IllegalArgumentException("GESTURE_HTTP_PORT must be -1 (none) or in [0, 65535]");
        Http http = new Http(httpHost, httpPort, env.getOrDefault("GESTURE_HTTP_ADVERTISED_HOST", httpHost));
        String inputName = env.getOrDefault("GESTURE_INPUT", "pen").strip().toUpperCase(Locale.ROOT);
        InputKind input;
        try {
            input = InputKind.valueOf(inputName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GESTURE_INPUT must be pen or imu, got '" + env.get("GESTURE_INPUT") + "'");
        }
        return new AppConfig(env.getOrDefault("GESTURE_MODEL", "pendigits"),
                env.getOrDefault("GESTURE_APPLICATION_ID", "gesture-stream"), s, kafka,
                Boolean.parseBoolean(env.getOrDefault("GESTURE_CREATE_TOPICS", "true")), partitions, (short) replication, input, http,
                Boolean.parseBoolean(env.getOrDefault("GESTURE_WEB_PAGE", "false")));
    }

    private static int parseInt(Map<String, String> env, String key, int def) {
        long v = parseLong(env, key, def);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new IllegalArgumentException(key + " is out of range: " + v);
        return (int) v;
    }

    private static double parseDouble(Map<String, String> env, String key, double def) {
        String v = env.get(key);
        if (v == null) return def;
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }

    private static long parseLong(Map<String, String> env, String key, long def) {
        String v = env.get(key);
        if (v == null) return def;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
        }
    }

    /** Kafka Streams properties: the client properties plus what the app sets, which these may override. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put("application.id", applicationId);
        // latency: Kafka Streams sets linger.ms=100 on its producer by default
        p.put("producer.linger.ms", "5");
        p.put("processing.guarantee", "at_least_once");
        // Kafka 5.0's default, set now: without it Kafka Streams warns at every start that it is off for the global thread
        p.put("processing.exception.handler.global.enabled", "true");
        // where the other instances reach this one for live session queries
        if (http.enabled() && http.port() > 0) p.put("application.server", http.advertisedHost() + ":" + http.port());
        p.putAll(kafka);
        return p;
    }
}
