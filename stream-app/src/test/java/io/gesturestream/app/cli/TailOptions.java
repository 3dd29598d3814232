package io.gesturestream.app.cli;

import io.gesturestream.app.kafka.Tail;

/** {@code gesture-stream tail ...} options as the command parses them, for tests outside this package. */
public final class TailOptions {
    private TailOptions() {}

    /** @param args the command line, starting with {@code tail} */
    public static Tail.Options of(String... args) {
        return Main.tailOptions(Commands.TAIL.parse(args, 1));
    }
}
