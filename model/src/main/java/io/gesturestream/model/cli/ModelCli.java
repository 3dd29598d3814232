package io.gesturestream.model.cli;

import io.gesturestream.model.ModelFormatException;
import io.gesturestream.model.data.DataFormatException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar model/target/gesture-model.jar <command> [options]}: dispatches to the
 * declared commands ({@link CliCommand}), gives {@code --help} for all and each, and turns every
 * failure into one line on stderr: exit 2 for a bad argument, 1 for unreadable data or a bad model.
 */
public final class ModelCli {
    static final String PROGRAM = "gesture-model";
    /** In the order {@code --help} lists them. */
    static final List<CliCommand> COMMANDS = List.of(new TrainCommand(), new EvaluateCommand(), new InspectCommand(), new RenderCommand(),
            new FewShotCommand(), new EnrollCommand(), new PersonalCommand(), new SpotCommand());

    private final PrintStream out, err;

    ModelCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ModelCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        CliCommand command = null;
        try {
            if (args.length == 0 || isHelp(args[0])) {
                if (args.length > 1 && !args[1].startsWith("-")) {  // help train
                    out.println(command(args[1]).spec().help(PROGRAM));
                    return 0;
                }
                (args.length == 0 ? err : out).println(usage());
                return args.length == 0 ? 2 : 0;
            }
            command = command(args[0]);
            Command.Parsed opts = command.spec().parse(args, 1);
            if (opts.help()) {
                out.println(command.spec().help(PROGRAM));
                return 0;
            }
            return command.run(opts, out, err);
        } catch (Command.UsageException e) {
            String where = command == null ? "" : command.spec().name() + " ";
            err.println("error: " + e.getMessage() + " (see " + PROGRAM + " " + where + "--help)");
            return 2;
        } catch (OutOfMemoryError e) {
            err.println("error: out of memory (raise -Xmx)");
            return 1;
        } catch (DataFormatException | ModelFormatException | IOException | IllegalArgumentException e) {
            err.println("error: " + oneLine(e));
            return 1;
        } catch (Exception e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + oneLine(e));
            return 1;
        }
    }

    private static boolean isHelp(String word) {
        return word.equals("--help") || word.equals("-h") || word.equals("help");
    }

    private static CliCommand command(String name) throws Command.UsageException {
        for (CliCommand c : COMMANDS) if (c.spec().name().equals(name)) return c;
        throw new Command.UsageException("unknown command '" + name + "' (" + String.join(", ", names()) + ")");
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (CliCommand c : COMMANDS) names.add(c.spec().name());
        return names;
    }

    /** {@code gesture-model --help}: each command with its synopsis and what it does. */
    static String usage() {
        int w = names().stream().mapToInt(String::length).max().orElse(0) + 2;
        StringBuilder b = new StringBuilder("usage: " + PROGRAM + " <command> [options]\n\ncommands:\n");
        for (CliCommand c : COMMANDS) {
            Command s = c.spec();
            b.append(String.format("  %-" + w + "s%s%n  %-" + w + "s%s%n", s.name(), s.synopsis(), "", s.summary()));
        }
        b.append("\n").append(PROGRAM).append(" <command> --help describes a command and each of its options.");
        return b.toString();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) m = e.getMessage() + ": no such file or folder";
        else if (e instanceof AccessDeniedException) m = e.getMessage() + ": permission denied";
        if (m == null) m = e.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }
}
