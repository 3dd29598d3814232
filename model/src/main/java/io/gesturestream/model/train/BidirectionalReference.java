package io.gesturestream.model.train;

import io.gesturestream.model.data.Gesture;
import io.gesturestream.model.eval.Transcriptions;
import io.gesturestream.model.features.FeatureEncoder;
import io.gesturestream.model.features.Features;
import io.gesturestream.model.features.Sample;
import io.gesturestream.model.gru.Gru;
import io.gesturestream.model.gru.GruShape;

import java.util.List;
import java.util.Map;

/**
 * A bidirectional transcription model ({@link BiCtc}), trained by {@link Trainer#trainBidirectional}:
 * what the causal model would read if it could wait for the pen to lift and read the word both
 * ways. It exists to measure what streaming costs, so it is scored and reported, never written
 * to a model file or served. Not thread-safe.
 *
 * @param shape  each direction's stack
 * @param params the forward stack's parameters, then the backward stack's
 */
public record BidirectionalReference(GruShape shape, FeatureEncoder encoder, List<String> labels, Map<String, String> metadata,
                                     float[] params) {
    public BidirectionalReference {
        if (params.length != 2 * shape.size()) {
            throw new IllegalArgumentException("expected " + 2 * shape.size() + " parameters, got " + params.length);
        }
        labels = List.copyOf(labels);
        metadata = Map.copyOf(metadata);
    }

    /** The number of weights of both directions. */
    public int size() {
        return params.length;
    }

    /** Greedy CER and WER, as {@link Transcriptions} defines them, over whole words. */
    public record Score(int gestures, long edits, long referenceLength, int wrongWords) {
        public double cer() {
            return referenceLength == 0 ? 0 : (double) edits / referenceLength;
        }

        public double wer() {
            return gestures == 0 ? 0 : (double) wrongWords / gestures;
        }
    }

    /** The greedy transcriptions of {@code gestures} against their labels. */
    public Score score(List<Gesture> gestures) {
        Decoder d = new Decoder();
        long edits = 0, ref = 0;
        int wrong = 0;
        for (Gesture g : gestures) {
            String text = d.transcribe(g.samples());
            edits += Transcriptions.editDistance(text, g.label());
            ref += g.label().codePointCount(0, g.label().length());
            if (!text.equals(g.label())) wrong++;
        }
        return new Score(gestures.size(), edits, ref, wrong);
    }

    /** The greedy transcription of a whole gesture. */
    public String transcribe(List<Sample> samples) {
        return new Decoder().transcribe(samples);
    }

    /** Both networks and a worker's buffers, for many gestures in a row. */
    private final class Decoder {
        private final Gru forward = new Gru(shape, BiCtc.forwardPart(shape, params));
        private final Gru backward = new Gru(shape, BiCtc.backwardPart(shape, params));
        private final BiCtc pass = new BiCtc(shape, forward, backward);

        String transcribe(List<Sample> samples) {
            float[] x = Features.encode(encoder, samples);
            StringBuilder b = new StringBuilder();
            for (int k : pass.greedy(forward, backward, x, x.length / shape.inputSize())) b.append(labels.get(k));
            return b.toString();
        }
    }
}
