package io.gesturestream.model.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command as it is declared: its name, what it does, its operand if it takes one, and its
 * options ({@link Opt}). The declaration is at once the parser ({@link #parse}), the refusal of
 * an option it does not declare, and the text of {@code --help} ({@link #help}), so the three
 * cannot fall out of step.
 *
 * @param operand the one word it takes besides options ({@code inspect MODEL}); null for none
 */
public record Command(String name, String summary, Operand operand, List<Opt<?>> options) {

    /** The word a command takes besides its options, such as {@code MODEL}. */
    public record Operand(String name, String help) {}

    /** A bad command line: exit code 2, one line that names what is wrong. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public Command {
        options = List.copyOf(options);
        Set<String> names = new HashSet<>();
        for (Opt<?> o : options) {
            if (!names.add(o.name())) throw new IllegalArgumentException(name + ": --" + o.name() + " declared twice");
        }
    }

    public Command(String name, String summary, List<Opt<?>> options) {
        this(name, summary, null, options);
    }

    /** {@code --format F --out MODEL [options]}: the required options, the operand, then the rest. */
    public String synopsis() {
        List<String> words = new ArrayList<>();
        for (Opt<?> o : options) if (o.isRequired()) words.add(o.synopsis());
        if (operand != null) words.add(operand.name());
        if (options.stream().anyMatch(o -> !o.isRequired())) words.add("[options]");
        return String.join(" ", words);
    }

    /** The usage line, the summary, and a line per option (then {@code -h, --help}), for {@code PROGRAM NAME --help}. */
    public String help(String program) {
        List<String[]> rows = new ArrayList<>();
        if (operand != null) rows.add(new String[] {operand.name(), operand.help()});
        for (Opt<?> o : options) rows.add(new String[] {o.synopsis(), o.describe()});
        rows.add(new String[] {"-h, --help", "print this help"});
        int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
        StringBuilder b = new StringBuilder("usage: " + program + " " + name + " " + synopsis() + "\n" + summary + "\n\n");
        for (String[] r : rows) b.append("  ").append(String.format("%-" + w + "s", r[0])).append(r[1]).append('\n');
        return b.toString().stripTrailing();
    }

    private static boolean isHelp(String word) {
        return word.equals("--help") || word.equals("-h");
    }

    /**
     * Reads {@code args[from..]}: {@code --name value}, {@code --name=value}, switches, and the
     * operand. An undeclared option, a missing, repeated or bad value, a missing required option
     * or a stray word is an error naming it, unless {@code --help} or {@code -h} stands where an
     * option may: then {@link Parsed#help()} is set and nothing else is an error.
     */
    public Parsed parse(String[] args, int from) throws UsageException {
        Map<String, Opt<?>> declared = new LinkedHashMap<>();
        for (Opt<?> o : options) declared.put(o.name(), o);
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> operands = new ArrayList<>();
        boolean help = false;
        String error = null;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (isHelp(a)) {
                help = true;
                continue;
            }
            if (!a.startsWith("--")) {
                operands.add(a);
                continue;
            }
            String k = a.substring(2), v = null;
            int eq = k.indexOf('=');
            if (eq >= 0) {
                v = k.substring(eq + 1);
                k = k.substring(0, eq);
            }
            Opt<?> o = declared.get(k);
            String problem = null;
            if (o == null) {
                problem = "unknown option --" + k;
            } else if (o.isFlag()) {
                if (v != null) problem = "--" + k + " takes no value";
                else values.put(k, Boolean.TRUE);
            } else {
                // "--data --out m.gru": the value is missing, not "--out"
                if (v == null && i + 1 < args.length && !args[i + 1].startsWith("--")) v = args[++i];
                if (v == null) problem = "--" + k + " needs a value";
                else if (values.containsKey(k)) problem = "--" + k + " given twice";
                else if (o.isRequired() && v.isBlank()) problem = "--" + k + " is required";
                else {
                    try {
                        values.put(k, o.type().read("--" + k, v));
                    } catch (UsageException e) {
                        problem = e.getMessage();
                    }
                }
            }
            if (error == null) error = problem;
        }
        if (error == null) error = missing(values, operands);
        if (error != null && !help) throw new UsageException(error);
        return new Parsed(this, values, operands, help, List.of(args).subList(Math.min(from, args.length), args.length));
    }

    /** What is missing or left over once every word is read; null if nothing. */
    private String missing(Map<String, Object> values, List<String> operands) {
        if (operand == null && !operands.isEmpty()) {
            String w = operands.get(0);
            return "unexpected argument '" + w + "'" + (w.startsWith("-") ? " (options start with --)" : "");
        }
        if (operand != null && operands.size() != 1) return name + " takes one " + operand.name() + " (" + operand.help() + ")";
        for (Opt<?> o : options) if (o.isRequired() && !values.containsKey(o.name())) return "--" + o.name() + " is required";
        return null;
    }

    /** A parsed command line: each option's value, already checked, or its default. */
    public static final class Parsed {
        private final Command command;
        private final Map<String, Object> values;
        private final List<String> operands;
        private final boolean help;
        private final List<String> words;

        Parsed(Command command, Map<String, Object> values, List<String> operands, boolean help, List<String> words) {
            this.command = command;
            this.values = values;
            this.operands = List.copyOf(operands);
            this.help = help;
            this.words = List.copyOf(words);
        }

        /** The value given for {@code o}, else its default. {@code o} must be one of this command's declarations. */
        @SuppressWarnings("unchecked")
        public <T> T get(Opt<T> o) {
            Opt<T> d = declared(o);
            return values.containsKey(d.name()) ? (T) values.get(d.name()) : d.def();
        }

        /** Whether {@code o} was given on the line (rather than defaulted). */
        public boolean given(Opt<?> o) {
            return values.containsKey(declared(o).name());
        }

        private <T> Opt<T> declared(Opt<T> o) {
            for (Opt<?> d : command.options()) if (d == o) return o;
            throw new IllegalStateException(command.name() + " reads --" + o.name() + ", which it does not declare");
        }

        /** The operand, or null; {@link #parse} has checked there is exactly one when the command takes one. */
        public String operand() {
            return operands.isEmpty() ? null : operands.get(0);
        }

        /** Whether {@code --help} or {@code -h} was given. */
        public boolean help() {
            return help;
        }

        /** The words after the command's name, as given (for a model's record of how it was made). */
        public List<String> words() {
            return words;
        }
    }
}
