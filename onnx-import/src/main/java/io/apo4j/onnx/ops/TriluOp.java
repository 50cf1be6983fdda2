package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trilu: keeps the upper (or lower) triangle of the last two axes, above (below) diagonal k
 * (optional int64 input), zeroing the rest; an index map, so the gradient flows to kept elements.
 */
final class TriluOp extends IndexMapOp {
  private final boolean upper;

  TriluOp(Node node) {
    upper = node.attributes().getInt("upper", 1) != 0;
  }

  @Override
  Mapping mapping(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    if (shape.length < 2) {
      throw ctx.error("input of rank " + shape.length + "; expected rank 2 or more");
    }
    long k = in.length > 1 && in[1] != null && !in[1].isEmpty() ? Tensors.longs(in[1])[0] : 0;
    int rank = shape.length;
    int[] st = strides(shape);
    return new Mapping(build(shape, idx -> {
      long diagonal = (long) idx[rank - 1] - idx[rank - 2];
      boolean keep = upper ? diagonal >= k : diagonal <= k;
      if (!keep) {
        return -1;
      }
      int off = 0;
      for (int d = 0; d < rank; d++) {
        off += idx[d] * st[d];
      }
      return off;
    }), shape.clone(), 0);
  }
}
