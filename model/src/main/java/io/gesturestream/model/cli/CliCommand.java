package io.gesturestream.model.cli;

import java.io.PrintStream;

/**
 * A command of {@code gesture-model}: its declaration and its work. {@link ModelCli} dispatches
 * to it and gives {@code --help}, usage and one-line errors for every command alike.
 */
public interface CliCommand {
    /** The declaration: name, summary, operand, options. */
    Command spec();

    /**
     * Does the work and returns the exit code (0). A bad argument throws {@link Command.UsageException}
     * (exit 2); unreadable data or a bad model throw what they throw (exit 1).
     *
     * @param out the command's result; {@code err} gets progress, notes and warnings
     */
    int run(Command.Parsed opts, PrintStream out, PrintStream err) throws Exception;
}
