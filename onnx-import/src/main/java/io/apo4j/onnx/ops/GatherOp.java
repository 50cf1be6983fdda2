package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gather along an axis (embedding lookups); the gradient scatter-adds into the gathered rows. */
final class GatherOp extends IndexMapOp {
  private final long axis;

  GatherOp(Node node) {
    axis = node.attributes().getInt("axis", 0);
  }

  @Override
  Mapping mapping(OpContext ctx, INDArray[] in) {
    long[] xs = in[0].shape();
    int a = Tensors.axis(axis, xs.length);
    long[] indices = Tensors.longs(in[1]);
    long[] is = in[1].shape();
    long[] shape = new long[xs.length - 1 + is.length];
    System.arraycopy(xs, 0, shape, 0, a);
    System.arraycopy(is, 0, shape, a, is.length);
    System.arraycopy(xs, a + 1, shape, a + is.length, xs.length - a - 1);
    for (long i : indices) {
      if (i < -xs[a] || i >= xs[a]) {
        throw ctx.error("index " + i + " is out of range for axis " + a + " of size " + xs[a]);
      }
    }
    int[] st = strides(xs);
    int[] ist = strides(is);
    return new Mapping(build(shape, idx -> {
      int k = 0;
      for (int j = 0; j < is.length; j++) {
        k += idx[a + j] * ist[j];
      }
      long pick = indices[k] < 0 ? indices[k] + xs[a] : indices[k];
      int off = (int) pick * st[a];
      for (int j = 0; j < a; j++) {
        off += idx[j] * st[j];
      }
      for (int j = a + 1; j < xs.length; j++) {
        off += idx[j - 1 + is.length] * st[j];
      }
      return off;
    }), shape, 0);
  }
}
