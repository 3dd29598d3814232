package io.gesturestream.app.cli;

import io.gesturestream.app.kafka.Topics;
import io.gesturestream.model.ModelFormatException;
import io.gesturestream.model.data.DataFormatException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gesture-stream <command> [options]}: dispatches to the declared commands
 * ({@link CliCommand}), gives {@code --help} for all and each, and turns every failure into one
 * line: exit 2 for a bad argument, 1 for anything else (an unreachable cluster, an unreadable
 * file). This jar's commands are the production app's ({@link #appCommands}); the tools' jar
 * runs the same dispatcher with the demo, the broker and the benches added.
 */
public final class Main {
    /** Commands of the tools' jar that the production app's jar leaves out. */
    private static final java.util.Set<String> TOOLS_ONLY = java.util.Set.of("demo", "broker", "bench");
    private final PrintStream out, err;
    private final Map<String, CliCommand> commands = new LinkedHashMap<>();

    /** @param commands in the order {@code --help} lists them */
    public Main(PrintStream out, PrintStream err, List<CliCommand> commands) {
        this.out = out;
        this.err = err;
        for (CliCommand c : commands) this.commands.put(c.spec().name(), c);
    }

    /** The production app's commands: {@code run} and what an operator needs beside it. */
    public static List<CliCommand> appCommands() {
        return List.of(new RunCommand(), new SendCommand(), new ReplayCommand(), new RecordCommand(), new TailCommand(),
                new PublishModelCommand());
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, appCommands()).run(args, System.getenv()));
    }

    /** The declared commands, by name, in help order. */
    public Map<String, CliCommand> commands() {
        return commands;
    }

    public int run(String[] args, Map<String, String> env) {
        try {
            if (args.length == 0) {
                throw new IllegalArgumentException("a command is needed: " + String.join(", ", commands.keySet()) + " (gesture-stream --help)");
            }
            if (isHelp(args[0])) {
                out.print(usage());
                return 0;
            }
            CliCommand cmd = commands.get(args[0]);
            if (cmd == null && TOOLS_ONLY.contains(args[0])) {
                throw new IllegalArgumentException(args[0] + " is in the tools' jar, not the app's: java --add-modules jdk.incubator.vector"
                        + " -jar tools/target/gesture-stream.jar " + args[0]);
            }
            if (cmd == null) {
                throw new IllegalArgumentException("unknown command '" + args[0] + "' (" + String.join(", ", commands.keySet())
                        + "; gesture-stream --help)");
            }
            for (int i = 1; i < args.length; i++) {
                if (isHelp(args[i])) {
                    out.print(cmd.spec().help());
                    return 0;
                }
            }
            Command.Parsed opts = cmd.spec().parse(args, cmd.firstOption(args));
            return cmd.run(opts, new Cli(out, err, env));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        } catch (NoSuchFileException e) {
            err.println("error: " + e.getFile() + ": no such file or folder");
            return 1;
        } catch (AccessDeniedException e) {
            err.println("error: " + e.getFile() + ": permission denied");
            return 1;
        } catch (IllegalArgumentException | IOException | DataFormatException | ModelFormatException
                 | Topics.ClusterUnavailableException e) {
            err.println("error: " + String.valueOf(e.getMessage()).replace('\n', ' ')
                    + (e instanceof IllegalArgumentException && args.length > 0 && commands.containsKey(args[0])
                    ? " (see gesture-stream " + args[0] + " --help)" : ""));
            return e instanceof IllegalArgumentException ? 2 : 1;
        } catch (Exception e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return 1;
        }
    }

    private static boolean isHelp(String a) {
        return a.equals("--help") || a.equals("-h") || a.equals("help");
    }

    /** {@code gesture-stream --help}: every command with the first line of its summary. */
    public String usage() {
        StringBuilder b = new StringBuilder("usage: gesture-stream <command> [options]   (gesture-stream <command> --help for its options)\n\ncommands:\n");
        for (CliCommand c : commands.values()) {
            b.append(String.format("  %-14s %s%n", c.spec().name(), c.spec().summary().lines().findFirst().orElse("")));
        }
        return b.toString();
    }
}
