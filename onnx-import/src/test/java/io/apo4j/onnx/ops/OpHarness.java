package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import io.apo4j.api.model.Mode;
import io.apo4j.onnx.graph.Attributes;
import io.apo4j.onnx.graph.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds one node through the op table and checks its vector-Jacobian product against central
 * finite differences in float64: for a random weighting r of the outputs, the loss
 * {@code sum_k <r_k, y_k>} is differentiated numerically with respect to every float input element.
 */
final class OpHarness {
  private final String opType;
  private final int opset;
  private final List<AttributeProto> attributes = new ArrayList<>();
  private int outputs = 1;
  private Mode mode = Mode.EVAL;
  private final java.util.Set<Integer> fixed = new java.util.HashSet<>();

  OpHarness(String opType, int opset) {
    this.opType = opType;
    this.opset = opset;
  }

  OpHarness ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
    Arrays.stream(values).forEach(a::addInts);
    attributes.add(a.build());
    return this;
  }

  OpHarness floats(String name, float... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
    for (float v : values) {
      a.addFloats(v);
    }
    attributes.add(a.build());
    return this;
  }

  OpHarness integer(String name, long value) {
    attributes.add(AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build());
    return this;
  }

  OpHarness real(String name, float value) {
    attributes.add(AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build());
    return this;
  }

  OpHarness text(String name, String value) {
    attributes.add(AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build());
    return this;
  }

  /** The mode every pass runs in (TRAIN for batch statistics and dropout). */
  OpHarness mode(Mode value) {
    mode = value;
    return this;
  }

  /** Float inputs that are hyper-parameters or buffers, not differentiated (dropout ratio, running statistics). */
  OpHarness fixed(int... inputs) {
    Arrays.stream(inputs).forEach(fixed::add);
    return this;
  }

  OpHarness outputs(int n) {
    outputs = n;
    return this;
  }

  Node node(int inputs) {
    List<String> in = IntStream.range(0, inputs).mapToObj(i -> "in" + i).toList();
    List<String> out = IntStream.range(0, outputs).mapToObj(i -> "out" + i).toList();
    return new Node(0, "n", opType, "", opset, in, out, new Attributes(attributes, Path.of("test.onnx")),
        "test.onnx, node 'n' (" + opType + "-" + opset + ")");
  }

  INDArray[] forward(INDArray... inputs) {
    Node node = node(inputs.length);
    return OpTable.create(node).forward(new OpContext(node, mode, 0, DataType.DOUBLE), inputs);
  }

  /** Checks the VJP of every float input against finite differences (tolerance relative to the largest gradient). */
  void checkGradients(INDArray... inputs) {
    Node node = node(inputs.length);
    Op op = OpTable.create(node);
    OpContext ctx = new OpContext(node, mode, 0, DataType.DOUBLE);
    INDArray[] y = op.forward(ctx, inputs);
    Random random = new Random(7);
    INDArray[] r = new INDArray[y.length];
    for (int k = 0; k < Math.min(y.length, outputs); k++) {
      if (y[k] != null && y[k].dataType().isFPType()) {
        r[k] = Nd4j.create(random.doubles(y[k].length(), -1, 1).toArray(), y[k].shape(), DataType.DOUBLE);
      }
    }
    INDArray[] grads = op.backward(ctx, inputs, y, r);
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null || !inputs[i].dataType().isFPType() || fixed.contains(i)) {
        continue;
      }
      double[] numeric = numeric(op, node, inputs, i, r);
      assertTrue(grads[i] != null, opType + ": no gradient for float input " + i);
      double[] analytic = Tensors.values(grads[i]);
      double scale = Math.max(1e-3, Arrays.stream(numeric).map(Math::abs).max().orElse(0));
      double maxErr = 0;
      for (int j = 0; j < numeric.length; j++) {
        maxErr = Math.max(maxErr, Math.abs(numeric[j] - analytic[j]));
      }
      assertTrue(Arrays.equals(grads[i].shape(), inputs[i].shape()), opType + ": gradient " + i + " shape "
          + Arrays.toString(grads[i].shape()) + "; expected " + Arrays.toString(inputs[i].shape()));
      assertTrue(maxErr <= 1e-6 * scale, opType + ": input " + i + " gradient differs from finite differences by "
          + maxErr + " (scale " + scale + ")\nanalytic " + Arrays.toString(analytic) + "\nnumeric  "
          + Arrays.toString(numeric));
    }
  }

  private double[] numeric(Op op, Node node, INDArray[] inputs, int i, INDArray[] r) {
    double h = 1e-6;
    double[] out = new double[(int) inputs[i].length()];
    for (int j = 0; j < out.length; j++) {
      out[j] = (loss(op, node, perturbed(inputs, i, j, h), r) - loss(op, node, perturbed(inputs, i, j, -h), r)) / (2 * h);
    }
    return out;
  }

  private static INDArray[] perturbed(INDArray[] inputs, int i, int j, double h) {
    INDArray[] copy = inputs.clone();
    double[] v = Tensors.values(inputs[i]).clone();
    v[j] += h;
    copy[i] = Nd4j.create(v, inputs[i].shape(), DataType.DOUBLE);
    return copy;
  }

  private double loss(Op op, Node node, INDArray[] inputs, INDArray[] r) {
    INDArray[] y = op.forward(new OpContext(node, mode, 0, DataType.DOUBLE), inputs);
    double total = 0;
    for (int k = 0; k < y.length; k++) {
      if (r[k] != null) {
        double[] yv = Tensors.values(y[k]);
        double[] rv = Tensors.values(r[k]);
        for (int j = 0; j < yv.length; j++) {
          total += yv[j] * rv[j];
        }
      }
    }
    return total;
  }

  static INDArray random(long seed, long... shape) {
    Random random = new Random(seed);
    return Nd4j.create(random.doubles(Tensors.size(shape), -1, 1).toArray(), shape, DataType.DOUBLE);
  }

  static INDArray longs(long... values) {
    return Nd4j.createFromArray(values);
  }
}
