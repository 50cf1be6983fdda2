package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.Comparator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TopK: the k largest (or smallest) values along an axis and their int64 indices, ties broken by
 * the lower index as ONNX's reference does; values in sorted order (sorted=0 is allowed to return
 * the same order). The VJP routes each value's gradient to the element it came from.
 */
final class TopKOp implements Op {
  private final long axisAttr;
  private final boolean largest;

  TopKOp(Node node) {
    axisAttr = node.attributes().getInt("axis", -1);
    largest = node.attributes().getInt("largest", 1) != 0;
  }

  /** Flat input offset of each output element. */
  private record Saved(int[] source) {}

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    int axis = Tensors.axis(axisAttr, shape.length);
    int k = (int) Tensors.longs(in[1])[0];
    if (k < 0 || k > shape[axis]) {
      throw ctx.error("k = " + k + " for an axis of size " + shape[axis] + "; expected 0 <= k <= the size");
    }
    long outer = Tensors.size(shape, 0, axis);
    long inner = Tensors.size(shape, axis + 1, shape.length);
    int n = (int) shape[axis];
    final long stride = inner;
    double[] x = Tensors.values(in[0]);
    long[] outShape = shape.clone();
    outShape[axis] = k;
    int total = (int) (outer * k * inner);
    double[] values = new double[total];
    long[] indices = new long[total];
    int[] source = new int[total];
    Integer[] order = new Integer[n];
    for (long o = 0; o < outer; o++) {
      for (long i = 0; i < inner; i++) {
        final long base = o * n * inner + i;
        for (int j = 0; j < n; j++) {
          order[j] = j;
        }
        Comparator<Integer> byValue = Comparator.comparingDouble(j -> x[(int) (base + j * stride)]);
        Arrays.sort(order, (largest ? byValue.reversed() : byValue).thenComparingInt(j -> j));
        for (int r = 0; r < k; r++) {
          int at = (int) ((o * k + r) * inner + i);
          source[at] = (int) (base + order[r] * inner);
          values[at] = x[source[at]];
          indices[at] = order[r];
        }
      }
    }
    ctx.save(new Saved(source));
    return new INDArray[] {Tensors.create(values, outShape, in[0].dataType()),
        Nd4j.createFromArray(indices).reshape(outShape)};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    if (Tensors.isFloat(in[0]) && gOut[0] != null) {
      int[] source = ctx.saved(Saved.class).source();
      double[] go = Tensors.values(gOut[0]);
      double[] gx = new double[(int) in[0].length()];
      for (int i = 0; i < source.length; i++) {
        gx[source[i]] += go[i];
      }
      g[0] = Tensors.create(gx, in[0].shape(), in[0].dataType());
    }
    return g;
  }
}
