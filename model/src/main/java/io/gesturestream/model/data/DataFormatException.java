package io.gesturestream.model.data;

/** Input data that cannot be read; the message names the file and, where it can, the line. */
public class DataFormatException extends Exception {
    public DataFormatException(String message) {
        super(message);
    }
}
