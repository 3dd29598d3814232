package io.gesturestream.model.cli;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --key value} options and {@code --flag} switches, checked against what a command accepts. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new java.util.ArrayList<>();
    private boolean help;

    static final class UsageException extends Exception {
        UsageException(String m) {
            super(m);
        }
    }

    /**
     * Parses {@code args[from..]}. {@code --help} or {@code -h} anywhere an option may stand
     * sets {@link #help()} and then nothing else is an error: the caller prints its usage.
     */
    Args(String[] args, int from, Set<String> options, Set<String> switches) throws UsageException {
        String error = null;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
            } else if (a.startsWith("--")) {
                String k = a.substring(2);
                String v = null;
                int eq = k.indexOf('=');
                if (eq >= 0) {
                    v = k.substring(eq + 1);
                    k = k.substring(0, eq);
                }
                String problem = null;
                if (switches.contains(k)) {
                    if (v != null) problem = "--" + k + " takes no value";
                    else flags.add(k);
                } else if (options.contains(k)) {
                    if (v == null) {
                        // "--data --out m.gru": the value is missing, not "--out"
                        if (i + 1 >= args.length || args[i + 1].startsWith("--")) problem = "--" + k + " needs a value";
                        else v = args[++i];
                    }
                    if (v != null && values.put(k, v) != null) problem = "--" + k + " given twice";
                } else {
                    problem = "unknown option --" + k;
                }
                if (error == null) error = problem;
            } else {
                positional.add(a);
            }
        }
        if (error != null && !help) throw new UsageException(error);
    }

    /** Whether {@code --help} or {@code -h} was given. */
    boolean help() {
        return help;
    }

    String get(String k) {
        return values.get(k);
    }

    String get(String k, String def) {
        return values.getOrDefault(k, def);
    }

    boolean flag(String k) {
        return flags.contains(k);
    }

    List<String> positional() {
        return positional;
    }

    int integer(String k, int def, int lo, int hi) throws UsageException {
        String v = values.get(k);
        if (v == null) return def;
        try {
            int i = Integer.parseInt(v.strip());
            if (i < lo || i > hi) throw new UsageException("--" + k + " must be in [" + lo + ", " + hi + "], got " + i);
            return i;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + k + " must be a whole number, got '" + v + "'");
        }
    }

    long longValue(String k, long def) throws UsageException {
        String v = values.get(k);
        if (v == null) return def;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + k + " must be a whole number, got '" + v + "'");
        }
    }

    double number(String k, double def) throws UsageException {
        String v = values.get(k);
        if (v == null) return def;
        try {
            double d = Double.parseDouble(v.strip());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + k + " must be a number, got '" + v + "'");
        }
    }
}
