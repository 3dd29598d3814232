package io.gesturestream.benchmarks.onnx;

import io.gesturestream.model.gru.GruShape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One layer of a {@link GruShape} network as an ONNX model with a single {@code GRU} node, for
 * one time step: inputs {@code X [1, 1, in]} and {@code initial_h [1, 1, H]}, output
 * {@code Y_h [1, 1, H]}, the weights as initializers. Written by hand ({@link ProtoWriter}), so
 * the benchmarks need no protobuf library.
 *
 * <p>Conversion from our PyTorch layout, per ONNX {@code GRU} (opset 14):
 * <ul>
 *   <li>gate blocks: ours are r, z, n; ONNX wants z, r, h, so the first two blocks of rows swap;</li>
 *   <li>{@code W = weight_ih [1, 3H, in]}, {@code R = weight_hh [1, 3H, H]}, both row-major as ours;</li>
 *   <li>{@code B [1, 6H] = [Wb_z, Wb_r, Wb_h, Rb_z, Rb_r, Rb_h]} = bias_ih then bias_hh, reordered;</li>
 *   <li>{@code linear_before_reset = 1}: {@code h~ = tanh(W_h x + Wb_h + r * (R_h h' + Rb_h))},
 *       PyTorch's n gate. The default 0 applies the reset before the matmul (d2l.ai's cell).</li>
 * </ul>
 * ONNX's update {@code H = (1 - z) h~ + z H'} is ours. Activations are the defaults (Sigmoid, Tanh).
 *
 * <p>Protobuf field numbers, from onnx/onnx.proto (checked against the spec file):
 * <pre>
 *   ModelProto          ir_version=1, producer_name=2, graph=7, opset_import=8
 *   OperatorSetIdProto  domain=1, version=2
 *   GraphProto          node=1, name=2, initializer=5, input=11, output=12
 *   NodeProto           input=1, output=2, name=3, op_type=4, attribute=5
 *   AttributeProto      name=1, i=3, type=20 (AttributeType INT=2)
 *   TensorProto         dims=1, data_type=2 (DataType FLOAT=1), name=8, raw_data=9 (little-endian)
 *   ValueInfoProto      name=1, type=2
 *   TypeProto           tensor_type=1;  TypeProto.Tensor elem_type=1, shape=2
 *   TensorShapeProto    dim=1;  TensorShapeProto.Dimension dim_value=1
 * </pre>
 */
public final class OnnxGruModel {
    private OnnxGruModel() {}

    /** IR version 8 (ONNX 1.10+) and opset 17: GRU-14 semantics; ONNX Runtime 1.22 reads both. */
    public static final int IR_VERSION = 8;
    public static final int OPSET = 17;

    public static final String INPUT_X = "X";
    public static final String INPUT_H = "initial_h";
    public static final String OUTPUT_H = "Y_h";

    private static final int ATTRIBUTE_INT = 2;
    private static final int FLOAT = 1;

    /** How the gate blocks are laid out in W, R and B. */
    public enum GateOrder {
        /** Correct: our r, z, n blocks reordered to ONNX's z, r, h. */
        ONNX_ZRH,
        /** Wrong on purpose, for tests: our r, z, n blocks copied as they are, read by ONNX as z, r, h. */
        COPIED_RZN
    }

    /** Layer {@code layer} with PyTorch semantics: linear_before_reset=1 and gates reordered. */
    public static byte[] gruStep(GruShape shape, float[] params, int layer) {
        return gruStep(shape, params, layer, 1, GateOrder.ONNX_ZRH);
    }

    /** Layer {@code layer} with the given convention; anything but (1, ONNX_ZRH) computes another function. */
    public static byte[] gruStep(GruShape shape, float[] params, int layer, int linearBeforeReset, GateOrder order) {
        if (params.length != shape.size()) {
            throw new IllegalArgumentException("expected " + shape.size() + " parameters, got " + params.length);
        }
        int h = shape.hiddenSize();
        int in = shape.layerInput(layer);
        int[] blocks = order == GateOrder.ONNX_ZRH ? new int[] {1, 0, 2} : new int[] {0, 1, 2};

        // W [1, 3H, in] and R [1, 3H, H]: whole blocks of H rows, in ONNX's order
        float[] w = new float[3 * h * in];
        float[] r = new float[3 * h * h];
        float[] b = new float[6 * h];
        for (int k = 0; k < 3; k++) {
            int src = blocks[k];
            System.arraycopy(params, shape.wIh(layer) + src * h * in, w, k * h * in, h * in);
            System.arraycopy(params, shape.wHh(layer) + src * h * h, r, k * h * h, h * h);
            System.arraycopy(params, shape.bIh(layer) + src * h, b, k * h, h);          // Wb
            System.arraycopy(params, shape.bHh(layer) + src * h, b, (3 + k) * h, h);    // Rb
        }

        ProtoWriter node = new ProtoWriter()
                .string(1, INPUT_X).string(1, "W").string(1, "R").string(1, "B")
                .string(1, "")                        // sequence_lens: absent
                .string(1, INPUT_H)
                .string(2, "")                        // Y: not computed
                .string(2, OUTPUT_H)
                .string(3, "gru")
                .string(4, "GRU")
                .message(5, intAttribute("hidden_size", h))
                .message(5, intAttribute("linear_before_reset", linearBeforeReset));

        ProtoWriter graph = new ProtoWriter()
                .message(1, node)
                .string(2, "gru_step")
                .message(5, floatTensor("W", w, 1, 3L * h, in))
                .message(5, floatTensor("R", r, 1, 3L * h, h))
                .message(5, floatTensor("B", b, 1, 6L * h))
                .message(11, floatValueInfo(INPUT_X, 1, 1, in))
                .message(11, floatValueInfo(INPUT_H, 1, 1, h))
                .message(12, floatValueInfo(OUTPUT_H, 1, 1, h));

        return new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "gesture-stream benchmarks")
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").varint(2, OPSET))   // the default ai.onnx domain
                .toByteArray();
    }

    private static ProtoWriter intAttribute(String name, long value) {
        return new ProtoWriter().string(1, name).varint(3, value).varint(20, ATTRIBUTE_INT);
    }

    private static ProtoWriter floatTensor(String name, float[] data, long... dims) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) t.varint(1, d);
        ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        return t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    private static ProtoWriter floatValueInfo(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) shape.message(1, new ProtoWriter().varint(1, d));
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }
}
