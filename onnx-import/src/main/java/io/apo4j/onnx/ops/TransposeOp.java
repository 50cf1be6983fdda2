package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.onnx.graph.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Transpose: a permuted view copied into a c-order array by one native assign; the VJP is the
 * inverse permutation of the output gradient, copied the same way (both exact: pure copies).
 * Why not an index map like Slice or Gather: an attention block transposes every step, and building
 * an int map per element plus two double[] round trips cost ~5% of a transformer step.
 */
final class TransposeOp implements Op {
  private final long[] perm;

  TransposeOp(Node node) {
    perm = node.attributes().getInts("perm", null);
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    return new INDArray[] {permuted(in[0], permutation(ctx, in[0].rank()))};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] grads = new INDArray[in.length];
    if (Tensors.isFloat(in[0])) {
      int[] p = permutation(ctx, in[0].rank());
      int[] inverse = new int[p.length];
      for (int a = 0; a < p.length; a++) {
        inverse[p[a]] = a;
      }
      grads[0] = permuted(gOut[0], inverse);
    }
    return grads;
  }

  private int[] permutation(OpContext ctx, int rank) {
    if (perm != null && perm.length != rank) {
      throw ctx.error("perm has " + perm.length + " entries; expected one per input axis (" + rank + ")");
    }
    int[] p = new int[rank];
    boolean[] seen = new boolean[rank];
    for (int a = 0; a < rank; a++) {
      p[a] = perm == null ? rank - 1 - a : Tensors.axis(perm[a], rank);
      if (seen[p[a]]) {
        throw ctx.error("perm repeats axis " + p[a] + "; expected a permutation of 0.." + (rank - 1));
      }
      seen[p[a]] = true;
    }
    return p;
  }

  private static INDArray permuted(INDArray x, int[] p) {
    long[] shape = new long[p.length];
    for (int a = 0; a < p.length; a++) {
      shape[a] = x.size(p[a]);
    }
    if (x.isEmpty() || p.length < 2) {
      return x.isEmpty() ? Nd4j.create(x.dataType(), shape) : x.dup('c');
    }
    INDArray y = ArrayPool.uninitialized(x.dataType(), shape);
    y.assign(x.permute(p));
    return y;
  }
}
