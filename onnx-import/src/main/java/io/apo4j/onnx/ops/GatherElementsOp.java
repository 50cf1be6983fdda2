package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * GatherElements: the output has the indices' shape and takes, at each position, the input
 * element whose coordinate on {@code axis} is the index there (negative counting from the end);
 * the gradient scatter-adds back.
 */
final class GatherElementsOp extends IndexMapOp {
  private final long axis;

  GatherElementsOp(Node node) {
    axis = node.attributes().getInt("axis", 0);
  }

  @Override
  Mapping mapping(OpContext ctx, INDArray[] in) {
    long[] xs = in[0].shape();
    long[] is = in[1].shape();
    int a = Tensors.axis(axis, xs.length);
    if (is.length != xs.length) {
      throw ctx.error("indices of rank " + is.length + " for data of rank " + xs.length + "; expected equal ranks");
    }
    long[] indices = Tensors.longs(in[1]);
    for (long i : indices) {
      if (i < -xs[a] || i >= xs[a]) {
        throw ctx.error("index " + i + " is out of range for axis " + a + " of size " + xs[a] + " (data shape "
            + Arrays.toString(xs) + ")");
      }
    }
    int[] st = strides(xs);
    int[] counter = new int[1];
    return new Mapping(build(is, idx -> {
      long pick = indices[counter[0]++];
      int off = (int) (pick < 0 ? pick + xs[a] : pick) * st[a];
      for (int j = 0; j < idx.length; j++) {
        off += j == a ? 0 : idx[j] * st[j];
      }
      return off;
    }), is.clone(), 0);
  }
}
