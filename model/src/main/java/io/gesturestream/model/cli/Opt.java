package io.gesturestream.model.cli;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * One option of a command, declared once: its name, what its value is, what it means, its
 * default, and how a given value is read and checked. {@link Command} makes the parser, the
 * refusal of an unknown option and the {@code --help} line from it; a command reads the value
 * with {@link Command.Parsed#get(Opt)}.
 *
 * @param name        without the dashes: {@code hidden} for {@code --hidden}
 * @param arg         what the value is, as help shows it ({@code N}, {@code PATH}); null for a switch
 * @param help        what the option does (the range, "required" and the default are added to it)
 * @param def         the value when the option is not given; null for none
 * @param defaultNote the default in words, for one that is not a constant ("the number of cores"); null to show {@code def}
 * @param isRequired  whether the command refuses to run without it
 * @param type        reads and checks a given value; null for a switch
 */
public record Opt<T>(String name, String arg, String help, T def, String defaultNote, boolean isRequired, Type<T> type) {

    /** Reads a given value; a bad one is a usage error that names the option. */
    @FunctionalInterface
    public interface Type<T> {
        /** @param option the option as written, {@code --hidden} */
        T read(String option, String value) throws Command.UsageException;
    }

    public Opt {
        if (name.startsWith("-") || name.equals("help") || name.equals("h")) throw new IllegalArgumentException("bad option name " + name);
        if ((arg == null) != (type == null)) throw new IllegalArgumentException("--" + name + ": a value needs both its arg and its type");
    }

    /** A switch: true when given, else false. */
    public static Opt<Boolean> flag(String name, String help) {
        return new Opt<>(name, null, help, false, null, false, null);
    }

    /** Text taken as given (a path, a name); the command checks what it means. */
    public static Opt<String> text(String name, String arg, String help) {
        return new Opt<>(name, arg, help, null, null, false, (o, v) -> v);
    }

    /** A value read by {@code type}, such as a format or a subject list. */
    public static <T> Opt<T> of(String name, String arg, String help, Type<T> type) {
        return new Opt<>(name, arg, help, null, null, false, type);
    }

    /** A whole number in [lo, hi], defaulting to {@code def}; help shows the range. */
    public static Opt<Integer> integer(String name, String help, int lo, int hi, int def) {
        String range = hi == lo + 1 ? lo + " or " + hi : lo + "-" + hi;
        return new Opt<>(name, "N", help + ", " + range, def, null, false, (o, v) -> {
            long x = whole(o, v);
            if (x < lo || x > hi) throw new Command.UsageException(o + " must be in [" + lo + ", " + hi + "], got " + x);
            return (int) x;
        });
    }

    /** Any whole number that fits in a long, defaulting to {@code def}. */
    public static Opt<Long> whole(String name, String help, long def) {
        return new Opt<>(name, "N", help, def, null, false, Opt::whole);
    }

    /** A finite number within {@code range}, defaulting to {@code def}; help shows the range. */
    public static Opt<Double> number(String name, String help, Range range, double def) {
        return new Opt<>(name, "X", help + ", " + range, def, null, false, (o, v) -> {
            double x;
            try {
                x = Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
            if (!Double.isFinite(x)) throw new Command.UsageException(o + " must be a number, got '" + v + "'");
            if (!range.contains(x)) throw new Command.UsageException(o + " must be " + range + ", got " + v.strip());
            return x;
        });
    }

    /** This option, which the command refuses to run without. */
    public Opt<T> required() {
        return new Opt<>(name, arg, help, def, defaultNote, true, type);
    }

    /** This option with a default value. */
    public Opt<T> withDefault(T value) {
        return new Opt<>(name, arg, help, value, defaultNote, isRequired, type);
    }

    /** This option with its default said in words, for one that the command works out ("the number of cores"). */
    public Opt<T> defaultIs(String words) {
        return new Opt<>(name, arg, help, def, words, isRequired, type);
    }

    public boolean isFlag() {
        return arg == null;
    }

    /** {@code --hidden N}, {@code --keep-best}. */
    public String synopsis() {
        return "--" + name + (isFlag() ? "" : " " + arg);
    }

    /** What the option does, then "required" or its default: the right-hand column of help. */
    public String describe() {
        String d = help + (isRequired ? "; required" : "");
        if (defaultNote != null) return d + " (default: " + defaultNote + ")";
        if (def != null && !isFlag()) return d + " (default " + show(def) + ")";
        return d;
    }

    /** 0.005 as "0.005" (not 0.004999...), 1.0 as "1". */
    static String show(Object value) {
        if (!(value instanceof Double d)) return value.toString();
        return new BigDecimal(Float.toString(d.floatValue())).stripTrailingZeros().toPlainString();
    }

    private static long whole(String option, String v) throws Command.UsageException {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new Command.UsageException(option + " must be a whole number, got '" + v + "'");
        }
    }

    /** The values a number may take, as help shows it and the parser checks it: {@code in [0, 1)}, {@code > 0}. */
    public record Range(double lo, boolean withLo, double hi, boolean withHi) {
        /** (lo, hi) */
        public static Range open(double lo, double hi) {
            return new Range(lo, false, hi, false);
        }

        /** [lo, hi] */
        public static Range closed(double lo, double hi) {
            return new Range(lo, true, hi, true);
        }

        /** [lo, hi) */
        public static Range closedOpen(double lo, double hi) {
            return new Range(lo, true, hi, false);
        }

        /** (lo, hi] */
        public static Range leftOpen(double lo, double hi) {
            return new Range(lo, false, hi, true);
        }

        /** (lo, infinity) */
        public static Range above(double lo) {
            return new Range(lo, false, Double.POSITIVE_INFINITY, false);
        }

        public boolean contains(double x) {
            return (withLo ? x >= lo : x > lo) && (withHi ? x <= hi : x < hi);
        }

        @Override
        public String toString() {
            if (Double.isInfinite(hi)) return (withLo ? ">= " : "> ") + show(lo);
            return String.format(Locale.ROOT, "in %s%s, %s%s", withLo ? "[" : "(", show(lo), show(hi), withHi ? "]" : ")");
        }
    }
}
