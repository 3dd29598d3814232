package io.gesturestream.model;

/** A model file that cannot be loaded; the message says what is wrong with it. */
public class ModelFormatException extends Exception {
    public ModelFormatException(String message) {
        super(message);
    }
}
