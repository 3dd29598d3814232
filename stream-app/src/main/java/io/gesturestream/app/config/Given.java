package io.gesturestream.app.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the user gave, by precedence (lowest first: the {@code --config} file, then the
 * environment), each value with where it came from, so that an error names the variable or the
 * file key the user wrote.
 *
 * <ul>
 *   <li>{@code GESTURE_*} variables are settings; one that is not declared in {@link Settings} is
 *       ignored, since the environment carries other {@code GESTURE_*} variables (the container's
 *       entrypoint reads {@code GESTURE_JAR}, say).</li>
 *   <li>{@code gesture.*} file keys are settings ({@code gesture.idle.timeout.ms} is
 *       {@code GESTURE_IDLE_TIMEOUT_MS}); one that is not declared is refused: it is a typo.</li>
 *   <li>{@code KAFKA_*} variables are Kafka properties: the rest of the name in lower case with
 *       {@code _} for {@code .} ({@code KAFKA_STATE_DIR} is {@code state.dir}).</li>
 *   <li>Every other file key is a Kafka property, taken as written.</li>
 * </ul>
 */
final class Given {
    static final String KAFKA_PREFIX = "KAFKA_";

    /** A value as written, and where: a variable's name, or a file key. */
    record Value(String text, String where) {}

    private final Map<String, Value> settings = new HashMap<>();
    private final Map<String, Value> kafka = new LinkedHashMap<>();

    static Given from(Properties file, Map<String, String> env) {
        Given g = new Given();
        for (String key : new TreeSet<>(file.stringPropertyNames())) {
            String text = file.getProperty(key);
            String where = key + " (--config file)";
            if (key.startsWith(Setting.FILE_PREFIX)) {
                Setting<?> s = Settings.byFileKey(key);
                if (s == null) throw new IllegalArgumentException("unknown setting " + key + " in the --config file");
                g.settings.put(s.env(), new Value(text, where));
            } else {
                g.kafka.put(key, new Value(text, where));
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (e.getValue() == null) continue;
            if (name.startsWith(Setting.ENV_PREFIX)) {
                if (Settings.byEnv(name) != null) g.settings.put(name, new Value(e.getValue(), name));
            } else if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length()) {
                g.kafka.put(kafkaProperty(name), new Value(e.getValue(), name));
            }
        }
        return g;
    }

    /** {@code KAFKA_STATE_DIR} to {@code state.dir}. */
    static String kafkaProperty(String variable) {
        return variable.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code state.dir} to {@code KAFKA_STATE_DIR}. */
    static String kafkaVariable(String property) {
        return KAFKA_PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    Value setting(Setting<?> s) {
        return settings.get(s.env());
    }

    Value kafka(String property) {
        return kafka.get(property);
    }

    /** The Kafka properties given, by property, in the order file then environment. */
    Map<String, Value> kafka() {
        return Collections.unmodifiableMap(kafka);
    }
}
