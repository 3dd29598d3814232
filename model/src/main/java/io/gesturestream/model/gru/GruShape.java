package io.gesturestream.model.gru;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a stacked GRU with a linear + softmax head, and where each parameter tensor
 * lives in the one flat {@code float[]} that holds them all.
 *
 * <p>Layout, in this order, every matrix row-major {@code (out, in)} as in PyTorch:
 * <pre>
 *   for each layer l (in_l = inputSize for l = 0, else hiddenSize):
 *     weight_ih_l  (3H, in_l)   rows r, z, n
 *     weight_hh_l  (3H, H)      rows r, z, n
 *     bias_ih_l    (3H)
 *     bias_hh_l    (3H)
 *   head.weight    (C, H + E)
 *   head.bias      (C)
 *   embed.weight   (E, H)    only when E > 0
 *   embed.bias     (E)       only when E > 0
 * </pre>
 * E, the {@code embedding} logits, is 0 except for a prototype model whose embedding is the
 * top-layer state beside the logits of the classifier it was enrolled from (that classifier's
 * head is kept as {@code embed}): its head's rows are then the classes' means over both. A
 * prototype model with {@code pooledLayers} P > 0 embeds the mean of the top layer's states over
 * the events so far after its state, and the P - 1 layers below the top each as its state and its
 * mean: (2P - 1) H more columns of the head.
 * Gradients and Adam moments use the same layout, so the optimizer is one loop and the
 * model file one write.
 */
public record GruShape(int inputSize, int hiddenSize, int layers, int classes, int embedding, int pooledLayers) {

    public static final int MAX_INPUT = 4096;
    public static final int MAX_HIDDEN = 4096;
    public static final int MAX_LAYERS = 2;
    public static final int MAX_CLASSES = 65536;

    public GruShape {
        check(inputSize, 1, MAX_INPUT, "input size");
        check(hiddenSize, 1, MAX_HIDDEN, "hidden size");
        check(layers, 1, MAX_LAYERS, "layers");
        check(classes, 1, MAX_CLASSES, "classes");   // a prototype model may hold one class (and "unknown")
        check(embedding, 0, MAX_CLASSES, "embedding logits");
        check(pooledLayers, 0, layers, "pooled layers");
        long g = 3L * hiddenSize, head = (long) classes * ((long) hiddenSize + embedding + pooledWidth(hiddenSize, pooledLayers) + 1)
                + (long) embedding * (hiddenSize + 1);
        long n = g * inputSize + g * hiddenSize + 2 * g + (layers - 1) * (g * hiddenSize * 2 + 2 * g) + head;
        if (n > MAX_PARAMETERS) throw new IllegalArgumentException(n + " parameters is more than " + MAX_PARAMETERS);
    }

    /** At most this many parameters, so that every offset is an int. */
    public static final int MAX_PARAMETERS = Integer.MAX_VALUE - 16;

    /** A GRU with a plain head: no embedding logits. */
    public GruShape(int inputSize, int hiddenSize, int layers, int classes) {
        this(inputSize, hiddenSize, layers, classes, 0, 0);
    }

    /** As a record prints itself; without the embedding logits when there are none, as before they existed (metadata quotes it). */
    @Override
    public String toString() {
        return "GruShape[inputSize=" + inputSize + ", hiddenSize=" + hiddenSize + ", layers=" + layers + ", classes=" + classes
                + (embedding > 0 ? ", embedding=" + embedding : "") + (pooledLayers == 1 ? ", pooled" : pooledLayers > 1 ? ", pooled=" + pooledLayers : "") + "]";
    }

    /** Width of the head's input: the top-layer state, then the embedding logits, then the pooled layers' means and states. */
    public int headInput() {
        return (int) (hiddenSize + embedding + pooledWidth(hiddenSize, pooledLayers));
    }

    /** The embedding's width besides the top-layer state for P pooled layers: the top's mean, and each layer below as its state and mean. */
    private static long pooledWidth(long hiddenSize, int pooled) {
        return pooled == 0 ? 0 : (2L * pooled - 1) * hiddenSize;
    }

    private static void check(int v, int lo, int hi, String what) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(what + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }

    /** Input width of layer {@code l}. */
    public int layerInput(int l) {
        return l == 0 ? inputSize : hiddenSize;
    }

    private int layerSize(int l) {
        int g = 3 * hiddenSize;
        return g * layerInput(l) + g * hiddenSize + 2 * g;
    }

    /** Layer 0, then the layers above it, all of one size (each reads the hidden state below). */
    private int layerStart(int l) {
        return l == 0 ? 0 : layerSize(0) + (l - 1) * layerSize(1);
    }

    public int wIh(int l) { return layerStart(l); }
    public int wHh(int l) { return wIh(l) + 3 * hiddenSize * layerInput(l); }
    public int bIh(int l) { return wHh(l) + 3 * hiddenSize * hiddenSize; }
    public int bHh(int l) { return bIh(l) + 3 * hiddenSize; }
    public int wOut() { return layerStart(layers); }
    public int bOut() { return wOut() + classes * headInput(); }
    public int wEmbed() { return bOut() + classes; }
    public int bEmbed() { return wEmbed() + embedding * hiddenSize; }

    /** Number of parameters. */
    public int size() {
        return bEmbed() + embedding;
    }

    /** Floats of hidden state a session carries: one vector per layer. */
    public int stateSize() {
        return layers * hiddenSize;
    }

    /** A named tensor: where it starts in the flat array, and its dimensions. */
    public record Tensor(String name, int offset, int[] dims) {
        public int length() {
            int n = 1;
            for (int d : dims) n *= d;
            return n;
        }
    }

    /** The tensors in file order; their lengths add up to {@link #size()}. */
    public List<Tensor> tensors() {
        List<Tensor> t = new ArrayList<>();
        int g = 3 * hiddenSize;
        for (int l = 0; l < layers; l++) {
            t.add(new Tensor("weight_ih_l" + l, wIh(l), new int[] {g, layerInput(l)}));
            t.add(new Tensor("weight_hh_l" + l, wHh(l), new int[] {g, hiddenSize}));
            t.add(new Tensor("bias_ih_l" + l, bIh(l), new int[] {g}));
            t.add(new Tensor("bias_hh_l" + l, bHh(l), new int[] {g}));
        }
        t.add(new Tensor("head.weight", wOut(), new int[] {classes, headInput()}));
        t.add(new Tensor("head.bias", bOut(), new int[] {classes}));
        if (embedding > 0) {
            t.add(new Tensor("embed.weight", wEmbed(), new int[] {embedding, hiddenSize}));
            t.add(new Tensor("embed.bias", bEmbed(), new int[] {embedding}));
        }
        return t;
    }
}
