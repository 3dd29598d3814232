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
 * <li>{@link #PROTOTYPES}: classes learned from a few examples each, without a gradient step
 *     (enrollment): the top layer's state is an embedding, each class the mean of its examples'
 *     embeddings (the head's rows, no bias), and a gesture's class the one whose mean is nearest
 *     in angle; how near is the prediction's fit, and a final whose fit is under its class's
 *     threshold is {@link #UNKNOWN}.
 * </ul>
 */
public enum OutputKind {
    CLASSES,
    CTC,
    PROTOTYPES;

    /** The label of a prototype model's final that fits none of its classes. */
    public static final String UNKNOWN = "unknown";

    /** The label of a transcription model's blank, class 0. */
    public static final String BLANK = "";
}
