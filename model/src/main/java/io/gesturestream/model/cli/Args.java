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

    static final class UsageException extends Exception {
        UsageException(String m) {
            super(m);
        }
    }

    Args(String[] args, int from, Set<String> options, Set<String> switches) throws UsageException {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String k = a.substring(2);
                String v = null;
                int eq = k.indexOf('=');
                if (eq >= 0) {
                    v = k.substring(eq + 1);
                    k = k.substring(0, eq);
                }
                if (switches.contains(k)) {
                    if (v != null) throw new UsageException("--" + k + " takes no value");
                    flags.add(k);
                } else if (options.contains(k)) {
                    if (v == null) {
                        if (i + 1 >= args.length) throw new UsageException("--" + k + " needs a value");
                        v = args[++i];
                    }
                    if (values.put(k, v) != null) throw new UsageException("--" + k + " given twice");
                } else {
                    throw new UsageException("unknown option --" + k);
                }
            } else {
                positional.add(a);
            }
        }
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
