package io.gesturestream.app.cli;

/**
 * Log levels that depend on the command (slf4j-simple reads a logger's level when the logger is
 * first created, so these run before any Kafka class logs). The file-wide ones, and why each
 * warning is harmless where it is quieted, are in {@code simplelogger.properties}.
 */
public final class Logs {
    private Logs() {}

    private static final String PREFIX = "org.slf4j.simpleLogger.log.";

    /** For commands that put Kafka Streams' state in a temp folder on purpose (and delete it). */
    public static void stateInTempFolder() {
        quiet("org.apache.kafka.streams.processor.internals.StateDirectory");
    }

    /** For commands that run a broker in this JVM: its controller channel warns of a double close at shutdown. */
    public static void brokerInThisJvm() {
        quiet("org.apache.kafka.clients.NetworkClient");
        stateInTempFolder();
    }

    private static void quiet(String logger) {
        System.getProperties().putIfAbsent(PREFIX + logger, "error");  // a -D given by the user wins
    }
}
