package io.gesturestream.model.data;

import io.gesturestream.model.features.Sample;

import java.util.List;

/**
 * One recorded gesture: its true class, who made it (writer, subject or session; used to keep
 * people apart between training and test), and its samples in order.
 */
public record Gesture(String label, String subject, List<Sample> samples) {
    public Gesture {
        samples = List.copyOf(samples);
        if (samples.isEmpty()) throw new IllegalArgumentException("a gesture needs at least one sample");
    }
}
