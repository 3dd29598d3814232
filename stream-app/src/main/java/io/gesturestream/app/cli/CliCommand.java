package io.gesturestream.app.cli;

/**
 * A command of the command line: its declaration (options, help) and its work. {@link Main}
 * dispatches to it, and gives {@code --help}, usage and one-line errors for every command alike.
 */
public interface CliCommand {
    /** The declaration: name, summary, options. */
    Command spec();

    /** Does the work; returns the exit code (0 done, 1 failed). A bad argument throws IllegalArgumentException (exit 2). */
    int run(Command.Parsed opts, Cli cli) throws Exception;

    /** Where the options start: 2 for a command whose first argument names a sub-command. */
    default int firstOption(String[] args) {
        return 1;
    }
}
