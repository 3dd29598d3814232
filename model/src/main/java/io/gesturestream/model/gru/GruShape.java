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
 *   head.weight    (C, H)
 *   head.bias      (C)
 * </pre>
 * Gradients and Adam moments use the same layout, so the optimizer is one loop and the
 * model file one write.
 */
public record GruShape(int inputSize, int hiddenSize, int layers, int classes) {

    public static final int MAX_INPUT = 4096;
    public static final int MAX_HIDDEN = 4096;
    public static final int MAX_LAYERS = 2;
    public static final int MAX_CLASSES = 65536;

    public GruShape {
        check(inputSize, 1, MAX_INPUT, "input size");
        check(hiddenSize, 1, MAX_HIDDEN, "hidden size");
        check(layers, 1, MAX_LAYERS, "layers");
        check(classes, 1, MAX_CLASSES, "classes");   // a prototype model may hold one class (and "unknown")
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
    public int bOut() { return wOut() + classes * hiddenSize; }

    /** Number of parameters. */
    public int size() {
        return bOut() + classes;
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
        t.add(new Tensor("head.weight", wOut(), new int[] {classes, hiddenSize}));
        t.add(new Tensor("head.bias", bOut(), new int[] {classes}));
        return t;
    }
}
