package io.gesturestream.app.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command of {@code gesture-stream} as it is declared: its options, each with its argument,
 * default and meaning. The declaration is the parser ({@link #parse}), the check that refuses an
 * unknown option, and the text of {@code --help}, so the three cannot drift apart.
 */
public record Command(String name, String summary, List<Opt> options) {

    /**
     * @param arg what the value is ({@code N}, {@code FILE}); null for a flag that takes none
     * @param def the default shown in help, or null
     */
    public record Opt(String name, String arg, String def, String help) {
        public static Opt flag(String name, String help) {
            return new Opt(name, null, null, help);
        }

        public static Opt of(String name, String arg, String def, String help) {
            return new Opt(name, arg, def, help);
        }

        public boolean isFlag() {
            return arg == null;
        }
    }

    /** The usage line and one line per option, for {@code gesture-stream NAME --help}. */
    public String help() {
        StringBuilder b = new StringBuilder("usage: gesture-stream ").append(name);
        for (Opt o : options) b.append(o.isFlag() ? " [--" + o.name() + "]" : " [--" + o.name() + " " + o.arg() + "]");
        b.append("\n\n").append(summary).append("\n");
        if (!options.isEmpty()) b.append("\noptions:\n");
        int w = options.stream().mapToInt(o -> o.name().length() + (o.isFlag() ? 0 : o.arg().length() + 1)).max().orElse(0);
        for (Opt o : options) {
            String left = "--" + o.name() + (o.isFlag() ? "" : " " + o.arg());
            b.append(String.format(Locale.ROOT, "  %-" + (w + 2) + "s  %s%s%n", left, o.help(),
                    o.def() == null ? "" : " (default " + o.def() + ")"));
        }
        return b.toString();
    }

    /** Parses {@code args[from..]}; an unknown option, a missing value or a repeated one is an error that names it. */
    public Parsed parse(String[] args, int from) {
        Map<String, Opt> byName = new HashMap<>();
        for (Opt o : options) byName.put(o.name(), o);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "' (options are --name value)");
            String k = a.substring(2), v = null;
            int eq = k.indexOf('=');
            if (eq >= 0) {
                v = k.substring(eq + 1);
                k = k.substring(0, eq);
            }
            Opt o = byName.get(k);
            if (o == null) {
                List<String> known = new ArrayList<>(byName.keySet());
                known.sort(null);
                throw new IllegalArgumentException("unknown option --" + k + " for " + name
                        + (known.isEmpty() ? " (it takes none)" : " (known: " + String.join(", ", known) + ")"));
            }
            if (o.isFlag()) {
                if (v != null) throw new IllegalArgumentException("--" + k + " takes no value");
                v = "true";
            } else if (v == null) {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--" + k + " needs a value (" + o.arg() + ")");
                v = args[++i];
            }
            if (values.put(k, v) != null) throw new IllegalArgumentException("--" + k + " given twice");
        }
        return new Parsed(values);
    }

    /** Parsed option values, with getters whose errors say which option and what was wrong. */
    public static final class Parsed {
        private final Map<String, String> values;

        Parsed(Map<String, String> values) {
            this.values = values;
        }

        public String get(String k) {
            return values.get(k);
        }

        public String get(String k, String def) {
            return values.getOrDefault(k, def);
        }

        public boolean has(String k) {
            return values.containsKey(k);
        }

        public long integer(String k, long def, long lo, long hi) {
            String v = values.get(k);
            if (v == null) return def;
            long x;
            try {
                x = Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + k + " must be a whole number, got '" + v + "'");
            }
            if (x < lo || x > hi) throw new IllegalArgumentException("--" + k + " must be in [" + lo + ", " + hi + "], got " + x);
            return x;
        }

        public int integer(String k, int def, int lo, int hi) {
            return (int) integer(k, def, (long) lo, hi);
        }

        public double number(String k, double def, double lo, double hi) {
            String v = values.get(k);
            if (v == null) return def;
            double x;
            try {
                x = Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + k + " must be a number, got '" + v + "'");
            }
            if (!(x >= lo && x <= hi)) throw new IllegalArgumentException("--" + k + " must be in [" + lo + ", " + hi + "], got " + v);
            return x;
        }

        /** One of {@code allowed}. */
        public String choice(String k, String def, List<String> allowed) {
            String v = values.getOrDefault(k, def);
            if (!allowed.contains(v)) throw new IllegalArgumentException("--" + k + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
            return v;
        }
    }
}
