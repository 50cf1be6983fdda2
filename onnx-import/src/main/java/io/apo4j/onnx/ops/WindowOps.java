package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import io.apo4j.onnx.load.OnnxTypes;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * HannWindow, HammingWindow and BlackmanWindow: {@code a0 - a1 cos(2 pi n / N) + a2 cos(4 pi n / N)}
 * for n below the size input, N the size (periodic=1) or size - 1; coefficients as in ONNX's
 * function bodies. Constants of an integer input: no gradient.
 */
final class WindowOps implements Op {
  static final List<String> NAMES = List.of("HannWindow", "HammingWindow", "BlackmanWindow");
  private final double[] a;
  private final boolean periodic;
  private final int outputType;
  private final Node node;

  WindowOps(Node node) {
    this.node = node;
    a = switch (node.opType()) {
      case "HannWindow" -> new double[] {0.5, 0.5, 0};
      case "HammingWindow" -> new double[] {25.0 / 46, 21.0 / 46, 0};
      default -> new double[] {0.42, 0.5, 0.08};
    };
    periodic = node.attributes().getInt("periodic", 1) != 0;
    outputType = (int) node.attributes().getInt("output_datatype", 1);
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long size = Tensors.longs(in[0])[0];
    Tensors.checkSize(new long[] {size});
    double n = periodic ? size : size - 1;
    double[] y = new double[(int) size];
    for (int i = 0; i < y.length; i++) {
      y[i] = a[0] - a[1] * Math.cos(2 * Math.PI * i / n) + a[2] * Math.cos(4 * Math.PI * i / n);
    }
    return new INDArray[] {Tensors.create(y, new long[] {size}, OnnxTypes.toNd4j(outputType, node.where()))};
  }
}
