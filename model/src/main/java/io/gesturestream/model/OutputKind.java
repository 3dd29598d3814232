package io.gesturestream.model;

/**
 * What a model's head answers.
 *
 * <ul>
 * <li>{@link #CLASSES}: one gesture class per gesture, a distribution over the labels after every
 *     event (every model before transcription existed).
 * <li>{@link #CTC}: a transcription, trained with connectionist temporal classification: label 0
 *     is the blank (the empty string) and the others are the alphabet, one symbol each; the text
 *     so far is read from the per-step distributions (repeats merged, blanks dropped).
 * </ul>
 */
public enum OutputKind {
    CLASSES,
    CTC;

    /** The label of a transcription model's blank, class 0. */
    public static final String BLANK = "";
}
