package io.gesturestream.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One of the app's settings, declared once in {@link Settings}: its environment variable, its
 * default as a user would write it, the values it accepts and what it means. The rest is derived
 * from that declaration: the properties-file key ({@code GESTURE_IDLE_TIMEOUT_MS} is
 * {@code gesture.idle.timeout.ms}), the parsing with its one-line errors (each names the variable,
 * or the file key, and what is allowed), and the setting's row of the README's configuration table.
 *
 * <p>The default is parsed and checked like any given value when the setting is declared, so a
 * default outside its own range cannot ship.
 *
 * @param <T> the parsed value's type
 */
public final class Setting<T> {
    static final String ENV_PREFIX = "GESTURE_";
    static final String FILE_PREFIX = "gesture.";

    /** Text to value, or an {@link IllegalArgumentException} whose message names {@code where} the text came from. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text, String where);
    }

    private final String env;
    private final String defaultText;
    private final String derivedDefault;
    private final String allowed;
    private final List<String> choices;
    private final String doc;
    private final String kafkaProperty;
    private final Parser<T> parser;
    private final T defaultValue;

    private Setting(String env, String defaultText, String allowed, String doc, String kafkaProperty, Parser<T> parser) {
        this(env, defaultText, null, allowed, List.of(), doc, kafkaProperty, parser);
    }

    private Setting(String env, String defaultText, String derivedDefault, String allowed, List<String> choices, String doc,
                    String kafkaProperty, Parser<T> parser) {
        if (!env.matches(ENV_PREFIX + "[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")) throw new IllegalArgumentException("not a setting name: " + env);
        if ((defaultText == null) == (derivedDefault == null)) throw new IllegalArgumentException(env + ": a default, or words for it");
        this.env = env;
        this.defaultText = defaultText;
        this.derivedDefault = derivedDefault;
        this.allowed = Objects.requireNonNull(allowed);
        this.choices = List.copyOf(choices);
        this.doc = Objects.requireNonNull(doc);
        this.kafkaProperty = kafkaProperty;
        this.parser = parser;
        this.defaultValue = defaultText == null ? null : parser.parse(defaultText, env + "'s default");
    }

    // ---------------------------------------------------------------- the kinds of setting

    /** Free text, stripped; empty is refused. */
    static Setting<String> text(String env, String defaultText, String doc) {
        return new Setting<>(env, defaultText, "", doc, null, Setting::nonEmpty);
    }

    /**
     * Free text that also sets a Kafka property: given both ways, the two must agree; given as
     * the Kafka property alone, that value is the setting's.
     */
    static Setting<String> textForKafka(String env, String defaultText, String kafkaProperty, String doc) {
        return new Setting<>(env, defaultText, "", doc, Objects.requireNonNull(kafkaProperty), Setting::nonEmpty);
    }

    /**
     * Free text without a fixed default: unset, the caller derives the value ({@link #orNull}
     * gives null), and the README shows {@code derivedDefault} in words.
     */
    static Setting<String> textDerived(String env, String derivedDefault, String doc) {
        return new Setting<>(env, null, derivedDefault, "", List.of(), doc, null, Setting::nonEmpty);
    }

    /** {@code true} or {@code false}, in any case. */
    static Setting<Boolean> flag(String env, boolean defaultValue, String doc) {
        List<String> names = List.of("true", "false");
        return new Setting<>(env, Boolean.toString(defaultValue), null, oneOf(names, ""), names, doc, null, (text, where) -> {
            String t = text.strip();
            if (t.equalsIgnoreCase("true")) return true;
            if (t.equalsIgnoreCase("false")) return false;
            throw new IllegalArgumentException(where + " must be true or false, got '" + text + "'");
        });
    }

    /** A whole number in [min, max] (max {@link Integer#MAX_VALUE} for none). */
    static Setting<Integer> integer(String env, int defaultValue, int min, int max, String doc) {
        return new Setting<>(env, Integer.toString(defaultValue), range(min, max, Integer.MAX_VALUE), doc, null,
                (text, where) -> (int) wholeNumber(text, where, min, max, Integer.MAX_VALUE));
    }

    /** A whole number >= min. */
    static Setting<Long> whole(String env, long defaultValue, long min, String doc) {
        return new Setting<>(env, Long.toString(defaultValue), range(min, Long.MAX_VALUE, Long.MAX_VALUE), doc, null,
                (text, where) -> wholeNumber(text, where, min, Long.MAX_VALUE, Long.MAX_VALUE));
    }

    /** Milliseconds, a whole number >= min; the README adds the default in minutes or days where that reads better. */
    static Setting<Duration> millis(String env, long defaultMs, long min, String doc) {
        return new Setting<>(env, Long.toString(defaultMs), range(min, Long.MAX_VALUE, Long.MAX_VALUE), doc, null,
                (text, where) -> Duration.ofMillis(wholeNumber(text, where, min, Long.MAX_VALUE, Long.MAX_VALUE)));
    }

    /** A number > 0 (infinity included: no limit); the default as written, such as {@code 1e7}. */
    static Setting<Double> positive(String env, String defaultText, String doc) {
        return new Setting<>(env, defaultText, "> 0", doc, null, (text, where) -> {
            double v = number(text, where);
            if (!(v > 0)) throw new IllegalArgumentException(where + " must be > 0, got " + text.strip());
            return v;
        });
    }

    private static double number(String text, String where) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " must be a number, got '" + text + "'");
        }
    }

    /** A share in [0, 1). */
    static Setting<Double> share(String env, String defaultText, String doc) {
        return new Setting<>(env, defaultText, "in [0, 1)", doc, null, (text, where) -> {
            double v = number(text, where);
            if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(where + " must be in [0, 1), got " + text.strip());
            return v;
        });
    }

    /** One of an enum's constants, written in lower case (any case is read). */
    static <E extends Enum<E>> Setting<E> choice(String env, E defaultValue, String doc) {
        E[] all = defaultValue.getDeclaringClass().getEnumConstants();
        List<String> names = new ArrayList<>();
        for (E e : all) names.add(e.name().toLowerCase(Locale.ROOT));
        String allowed = oneOf(names, "");
        return new Setting<>(env, defaultValue.name().toLowerCase(Locale.ROOT), null, allowed, names, doc, null, (text, where) -> {
            String t = text.strip().toUpperCase(Locale.ROOT);
            for (E e : all) if (e.name().equals(t)) return e;
            throw new IllegalArgumentException(where + " must be " + allowed + ", got '" + text + "'");
        });
    }

    /** "a, b or c", each name between {@code quote}s. */
    private static String oneOf(List<String> names, String quote) {
        List<String> q = new ArrayList<>();
        for (String n : names) q.add(quote + n + quote);
        int last = q.size() - 1;
        return last == 0 ? q.get(0) : String.join(", ", q.subList(0, last)) + " or " + q.get(last);
    }

    private static String nonEmpty(String text, String where) {
        String t = text.strip();
        if (t.isEmpty()) throw new IllegalArgumentException(where + " must not be empty");
        return t;
    }

    private static String range(long min, long max, long typeMax) {
        return max == typeMax ? ">= " + min : "in [" + min + ", " + max + "]";
    }

    private static long wholeNumber(String text, String where, long min, long max, long typeMax) {
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " must be a whole number, got '" + text + "'");
        }
        if (v < min) throw new IllegalArgumentException(where + " must be " + range(min, max, typeMax) + ", got " + v);
        if (v > max) {
            throw new IllegalArgumentException(where + " must be " + (max == typeMax ? "at most " + max : range(min, max, typeMax))
                    + ", got " + v);
        }
        return v;
    }

    // ---------------------------------------------------------------- what is derived

    /** The environment variable, {@code GESTURE_IDLE_TIMEOUT_MS}. */
    public String env() {
        return env;
    }

    /** The key in a {@code --config} properties file, {@code gesture.idle.timeout.ms}. */
    public String fileKey() {
        return FILE_PREFIX + env.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The Kafka property this setting also sets, or null. */
    public String kafkaProperty() {
        return kafkaProperty;
    }

    /** The default, parsed; null for a setting whose default is derived from others. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as a user would write it, or null. */
    public String defaultText() {
        return defaultText;
    }

    /** What is allowed, as the errors say it ({@code >= 1}, {@code in [-1, 65535]}, {@code pen or imu}); empty for free text. */
    public String allowed() {
        return allowed;
    }

    /** What the setting means (Markdown, for the README). */
    public String doc() {
        return doc;
    }

    /** The value given, or the default. */
    T from(Given given) {
        T v = orNull(given);
        return v != null ? v : defaultValue;
    }

    /**
     * The value given, or null when it is not given (whatever the default). A setting that also
     * sets a Kafka property may be given as that property instead; given both ways, the two must agree.
     */
    T orNull(Given given) {
        Given.Value mine = given.setting(this);
        Given.Value theirs = kafkaProperty == null ? null : given.kafka(kafkaProperty);
        T v = mine == null ? null : parser.parse(mine.text(), mine.where());
        if (theirs == null) return v;
        T t = parser.parse(theirs.text(), theirs.where());
        if (v != null && !v.equals(t)) {
            throw new IllegalArgumentException(mine.where() + " (" + v + ") and " + theirs.where() + " (" + t + ") both set "
                    + kafkaProperty + ", differently: give one");
        }
        return t;
    }

    /** The setting's row of the README's configuration table. */
    String readmeRow() {
        return Settings.row("`" + env + "`", readmeDefault(), choices.isEmpty() ? allowed : oneOf(choices, "`"), doc);
    }

    private String readmeDefault() {
        if (defaultText == null) return derivedDefault;
        String d = "`" + defaultText + "`";
        if (defaultValue instanceof Duration t && t.toMillis() >= 60_000) d += " (" + words(t) + ")";
        return d;
    }

    private static String words(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) return plural(ms / 86_400_000, "day");
        if (ms % 3_600_000 == 0) return plural(ms / 3_600_000, "hour");
        if (ms % 60_000 == 0) return ms / 60_000 + " min";
        return ms / 1000.0 + " s";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    @Override
    public String toString() {
        return env;
    }
}
