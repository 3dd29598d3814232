package io.gesturestream.app.config;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class AppConfigTest {
    private static final Path README = Path.of("..", "README.md");
    private static final String TABLE_HEADER = "| variable | default |";

    /** A valid value other than the default for every setting: each must reach the configuration. */
    private static final Map<String, String> OTHER_VALUES = Map.ofEntries(
            Map.entry("GESTURE_MODEL", "dollar16"), Map.entry("GESTURE_APPLICATION_ID", "other"),
            Map.entry("GESTURE_LEXICON", "/usr/share/dict/words"), Map.entry("GESTURE_LEXICON_BEAM", "4"), Map.entry("GESTURE_LEXICON_COMMIT", "0.25"),
            Map.entry("GESTURE_PREDICTIONS", "final"), Map.entry("GESTURE_IDLE_TIMEOUT_MS", "4000"),
            Map.entry("GESTURE_MAX_EVENTS", "50"), Map.entry("GESTURE_INPUT", "imu"),
            Map.entry("GESTURE_MAX_COORDINATE", "1000"), Map.entry("GESTURE_MAX_ACCEL_G", "8"),
            Map.entry("GESTURE_MAX_LABEL_LENGTH", "16"), Map.entry("GESTURE_MAX_SESSION_ID_BYTES", "32"),
            Map.entry("GESTURE_MAX_RECORD_BYTES", "1024"), Map.entry("GESTURE_MAX_SESSIONS", "10"),
            Map.entry("GESTURE_MAX_FUTURE_SKEW_MS", "0"), Map.entry("GESTURE_MAX_AGE_MS", "3600000"),
            Map.entry("GESTURE_ENDED_RETENTION_MS", "5000"), Map.entry("GESTURE_CREATE_TOPICS", "false"),
            Map.entry("GESTURE_PARTITIONS", "8"), Map.entry("GESTURE_REPLICATION", "3"),
            Map.entry("GESTURE_HTTP_HOST", "0.0.0.0"), Map.entry("GESTURE_HTTP_PORT", "-1"),
            Map.entry("GESTURE_HTTP_ADVERTISED_HOST", "app-1"), Map.entry("GESTURE_WEB_PAGE", "true"),
            Map.entry("GESTURE_LABELS", "0-9"));

    @Test
    void defaultsWhenNothingIsSet() {
        AppConfig c = AppConfig.fromEnv(Map.of());
        assertEquals("pendigits", c.model());
        assertEquals("gesture-stream", c.applicationId());
        assertEquals(PredictionMode.EVERY, c.stream().predictionMode());
        assertEquals(Duration.ofSeconds(3), c.stream().idleTimeout());
        assertEquals(Duration.ofMillis(750), c.stream().punctuateEvery(), "a quarter of the idle timeout");
        assertEquals("127.0.0.1:9092", c.kafka().getProperty("bootstrap.servers"));
        assertEquals(new AppConfig.Http("127.0.0.1", 8080, "127.0.0.1"), c.http());
        assertTrue(c.createTopics());
        assertFalse(c.webPage());
        assertEquals(4, c.partitions());
        assertEquals(1, c.replication());
        Properties p = c.streamsProperties();
        assertEquals("5", p.getProperty("producer.linger.ms"));
        assertEquals("at_least_once", p.getProperty("processing.guarantee"));
        assertEquals("true", p.getProperty("processing.exception.handler.global.enabled"));
        assertEquals("gesture-stream", p.getProperty("application.id"));
        assertEquals("127.0.0.1:8080", p.getProperty("application.server"));
        // the Streams-only ones stay out of the properties that admin clients, producers and consumers get
        assertNull(c.kafka().getProperty(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG)));
        assertNull(c.kafka().getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    /** The topology's defaults are the declared ones; only the punctuation interval differs (the app derives it). */
    @Test
    void theTopologysDefaultsAreTheDeclaredOnes() {
        StreamSettings app = AppConfig.fromEnv(Map.of()).stream();
        StreamSettings d = StreamSettings.defaults();
        assertEquals(d.withIdleTimeout(d.idleTimeout(), app.punctuateEvery()), app);
    }

    @Test
    void environmentOverridesTheFileAndKafkaVariablesBecomeProperties() {
        Properties file = new Properties();
        file.put("gesture.model", "dollar16");
        file.put("gesture.predictions", "final");
        file.put("bootstrap.servers", "file:9092");
        file.put("security.protocol", "SASL_SSL");
        AppConfig c = AppConfig.from(file, Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "GESTURE_PREDICTIONS", "change",
                "KAFKA_PRODUCER_LINGER_MS", "0", "GESTURE_CREATE_TOPICS", "false"));
        assertEquals("dollar16", c.model());
        assertEquals(PredictionMode.CHANGE, c.stream().predictionMode());
        assertEquals("env:9092", c.kafka().getProperty("bootstrap.servers"));
        assertEquals("SASL_SSL", c.streamsProperties().getProperty("security.protocol"));
        assertEquals("0", c.streamsProperties().getProperty("producer.linger.ms"));
        assertFalse(c.createTopics());
    }

    @Test
    void kafkaVariablesReplaceTheAppsKafkaValues() {
        AppConfig c = AppConfig.fromEnv(Map.of("KAFKA_PROCESSING_GUARANTEE", "exactly_once_v2", "KAFKA_STATE_DIR", "/tmp/s",
                "KAFKA_NUM_STANDBY_REPLICAS", "1", "KAFKA_APPLICATION_SERVER", "elsewhere:1", "KAFKA_", "ignored"));
        Properties p = c.streamsProperties();
        assertEquals("exactly_once_v2", p.getProperty("processing.guarantee"));
        assertFalse(c.stream().repeatFinals(), "exactly once: no final is repeated");
        assertEquals("/tmp/s", p.getProperty("state.dir"));
        assertEquals("1", p.getProperty("num.standby.replicas"));
        assertEquals("elsewhere:1", p.getProperty("application.server"));
        assertFalse(p.containsKey(""), p.toString());
    }

    @Test
    void fileKafkaKeysPassAsWritten() {
        Properties file = new Properties();
        file.put("sasl.jaas.config", "x required;");
        file.put("client.dns.lookup", "use_all_dns_ips");
        AppConfig c = AppConfig.from(file, Map.of());
        assertEquals("x required;", c.kafka().getProperty("sasl.jaas.config"));
        assertEquals("use_all_dns_ips", c.kafka().getProperty("client.dns.lookup"));
    }

    @Test
    void theApplicationIdGivenBothWaysMustAgree() {
        assertEquals("k", AppConfig.fromEnv(Map.of("KAFKA_APPLICATION_ID", "k")).applicationId());
        assertEquals("k", AppConfig.fromEnv(Map.of("KAFKA_APPLICATION_ID", "k", "GESTURE_APPLICATION_ID", "k")).applicationId());
        var e = assertThrows(IllegalArgumentException.class,
                () -> AppConfig.fromEnv(Map.of("KAFKA_APPLICATION_ID", "k", "GESTURE_APPLICATION_ID", "g")));
        assertEquals("GESTURE_APPLICATION_ID (g) and KAFKA_APPLICATION_ID (k) both set application.id, differently: give one",
                e.getMessage());
    }

    @Test
    void badValuesAreRefusedWithTheVariableName() {
        var e = assertThrows(IllegalArgumentException.class, () -> AppConfig.fromEnv(Map.of("GESTURE_IDLE_TIMEOUT_MS", "soon")));
        assertEquals("GESTURE_IDLE_TIMEOUT_MS must be a whole number, got 'soon'", e.getMessage());
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("GESTURE_IDLE_TIMEOUT_MS=0", "GESTURE_IDLE_TIMEOUT_MS must be >= 1, got 0");
        refused.put("GESTURE_MAX_EVENTS=0", "GESTURE_MAX_EVENTS must be >= 1, got 0");
        refused.put("GESTURE_MAX_EVENTS=3000000000", "GESTURE_MAX_EVENTS must be at most 2147483647, got 3000000000");
        refused.put("GESTURE_MAX_RECORD_BYTES=63", "GESTURE_MAX_RECORD_BYTES must be >= 64, got 63");
        refused.put("GESTURE_MAX_AGE_MS=-1", "GESTURE_MAX_AGE_MS must be >= 0, got -1");
        refused.put("GESTURE_HTTP_PORT=70000", "GESTURE_HTTP_PORT must be in [-1, 65535], got 70000");
        refused.put("GESTURE_REPLICATION=40000", "GESTURE_REPLICATION must be in [1, 32767], got 40000");
        refused.put("GESTURE_PARTITIONS=four", "GESTURE_PARTITIONS must be a whole number, got 'four'");
        refused.put("GESTURE_PREDICTIONS=sometimes", "GESTURE_PREDICTIONS must be every, change or final, got 'sometimes'");
        refused.put("GESTURE_INPUT=mouse", "GESTURE_INPUT must be pen or imu, got 'mouse'");
        refused.put("GESTURE_CREATE_TOPICS=yes", "GESTURE_CREATE_TOPICS must be true or false, got 'yes'");
        refused.put("GESTURE_MAX_COORDINATE=-1", "GESTURE_MAX_COORDINATE must be > 0, got -1");
        refused.put("GESTURE_MAX_ACCEL_G=NaN", "GESTURE_MAX_ACCEL_G must be > 0, got NaN");
        refused.put("GESTURE_MAX_ACCEL_G=lots", "GESTURE_MAX_ACCEL_G must be a number, got 'lots'");
        refused.put("GESTURE_MODEL= ", "GESTURE_MODEL must not be empty");
        refused.put("GESTURE_LEXICON_BEAM=0", "GESTURE_LEXICON_BEAM must be in [1, 1024], got 0");
        refused.put("GESTURE_LEXICON_COMMIT=1", "GESTURE_LEXICON_COMMIT must be in [0, 1), got 1");
        refused.put("GESTURE_LEXICON_COMMIT=x", "GESTURE_LEXICON_COMMIT must be a number, got 'x'");
        refused.put("GESTURE_LABELS=0-9,,A", "GESTURE_LABELS: label set '0-9,,A' has an empty item (two commas, or one at an end); a comma label is \\,");
        for (Map.Entry<String, String> r : refused.entrySet()) {
            String[] kv = r.getKey().split("=", 2);
            var x = assertThrows(IllegalArgumentException.class, () -> AppConfig.fromEnv(Map.of(kv[0], kv[1])), r.getKey());
            assertEquals(r.getValue(), x.getMessage());
        }
    }

    @Test
    void fileErrorsNameTheKeyAsWrittenAndUnknownKeysAreRefused() {
        Properties file = new Properties();
        file.put("gesture.idle.timeout.ms", "soon");
        var e = assertThrows(IllegalArgumentException.class, () -> AppConfig.from(file, Map.of()));
        assertEquals("gesture.idle.timeout.ms (--config file) must be a whole number, got 'soon'", e.getMessage());
        assertEquals(Duration.ofSeconds(5), AppConfig.from(file, Map.of("GESTURE_IDLE_TIMEOUT_MS", "5000")).stream().idleTimeout(),
                "the environment wins, and the file's value is not read");

        Properties typo = new Properties();
        typo.put("gesture.idle.timout.ms", "5000");
        e = assertThrows(IllegalArgumentException.class, () -> AppConfig.from(typo, Map.of()));
        assertEquals("unknown setting gesture.idle.timout.ms in the --config file", e.getMessage());
        // the environment carries GESTURE_* variables of others (the container's entrypoint reads GESTURE_JAR)
        assertEquals(AppConfig.fromEnv(Map.of()), AppConfig.fromEnv(Map.of("GESTURE_JAR", "/app/x.jar")));
    }

    /** Every declared setting reaches the configuration, from the environment and from the file alike. */
    @Test
    void everySettingIsReadFromTheEnvironmentAndTheFile() {
        Set<String> declared = new HashSet<>();
        for (Setting<?> s : Settings.ALL) declared.add(s.env());
        assertEquals(declared, OTHER_VALUES.keySet(), "a value for each declared setting");
        AppConfig defaults = AppConfig.fromEnv(Map.of());
        for (Setting<?> s : Settings.ALL) {
            String other = OTHER_VALUES.get(s.env());
            AppConfig fromEnv = AppConfig.fromEnv(Map.of(s.env(), other));
            assertNotEquals(defaults, fromEnv, s.env() + "=" + other + " changes nothing");
            Properties file = new Properties();
            file.put(s.fileKey(), other);
            assertEquals(fromEnv, AppConfig.from(file, Map.of()), s.fileKey());
            if (s.defaultText() != null) {
                assertEquals(defaults, AppConfig.fromEnv(Map.of(s.env(), s.defaultText())), s.env() + " given its default");
            }
        }
    }

    /** One declaration per setting: a constant named after its variable, in {@link Settings#ALL}, with a file key that maps back. */
    @Test
    void everySettingIsDeclaredOnceUnderItsOwnName() throws IllegalAccessException {
        List<Setting<?>> constants = new ArrayList<>();
        for (Field f : Settings.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != Setting.class) continue;
            Setting<?> s = (Setting<?>) f.get(null);
            constants.add(s);
            assertEquals("GESTURE_" + f.getName(), s.env(), "the constant is named after its variable");
            assertSame(s, Settings.byEnv(s.env()));
            assertSame(s, Settings.byFileKey(s.fileKey()));
        }
        assertEquals(new HashSet<>(constants), new HashSet<>(Settings.ALL), "every constant is in Settings.ALL");
        assertEquals(constants.size(), Settings.ALL.size());
        assertEquals("gesture.idle.timeout.ms", Settings.IDLE_TIMEOUT_MS.fileKey());
        assertEquals("KAFKA_PRODUCER_LINGER_MS", Settings.PRODUCER_LINGER_MS.env());
    }

    /** The README's table of variables is the registry's, as {@link Settings#readmeTable()} renders it. */
    @Test
    void theReadmesConfigurationTableIsTheRegistry() throws Exception {
        List<String> lines = Files.readAllLines(README);
        List<String> table = new ArrayList<>();
        int headers = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(TABLE_HEADER)) continue;
            headers++;
            for (int j = i; j < lines.size() && lines.get(j).startsWith("|"); j++) table.add(lines.get(j));
        }
        String expected = Settings.readmeTable();
        assertEquals(1, headers, "one table in README.md starting with '" + TABLE_HEADER + "'; it should read:\n\n" + expected + "\n");
        List<String> want = expected.lines().toList();
        int row = 0;
        while (row < want.size() && row < table.size() && want.get(row).equals(table.get(row))) row++;
        if (row < want.size() || row < table.size()) {
            fail("README.md's configuration table differs from config/Settings.java at its line " + (row + 1) + ":\n  README.md: "
                    + (row < table.size() ? table.get(row) : "(nothing)") + "\n  Settings:  " + (row < want.size() ? want.get(row) : "(nothing)")
                    + "\nIf the declarations are right, replace the README's table with:\n\n" + expected + "\n");
        }
    }
}
