package io.gesturestream.app.topology;

/** An input record the app will not apply; the message is the reason written to the dead-letter topic. */
public class InvalidEventException extends Exception {
    public InvalidEventException(String reason) {
        super(reason);
    }
}
