package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.api.kernels.Blas;
import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MatMul with numpy semantics: 1-D operands are promoted (and the added axis dropped), leading
 * batch axes broadcast. A 2-D right operand (the usual weight) multiplies all leading rows at once.
 */
final class MatMulOp implements Op {
  MatMulOp(Node node) {}

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray a = in[0].rank() == 1 ? in[0].reshape(1, in[0].length()) : in[0];
    INDArray b = in[1].rank() == 1 ? in[1].reshape(in[1].length(), 1) : in[1];
    if (a.size(-1) != b.size(-2) || a.dataType() != b.dataType()) {
      throw ctx.error("operands " + Arrays.toString(in[0].shape()) + " " + in[0].dataType() + " and "
          + Arrays.toString(in[1].shape()) + " " + in[1].dataType()
          + " do not multiply; expected matching inner dimensions and one type");
    }
    INDArray y = multiply(a, b, false, false);
    long[] shape = y.shape();
    if (in[0].rank() == 1) {
      shape = drop(shape, shape.length - 2);
    }
    if (in[1].rank() == 1) {
      shape = drop(shape, shape.length - 1);
    }
    return new INDArray[] {y.reshape('c', shape)};
  }

  /** op(a) op(b) over broadcast batch axes, transposing the last two axes where asked. */
  static INDArray multiply(INDArray a, INDArray b, boolean ta, boolean tb) {
    if (b.rank() == 2 && !ta) {
      long k = a.size(-1);
      INDArray a2 = Tensors.contiguous(a).reshape('c', a.length() / k, k);
      INDArray y2 = Blas.gemm(a2, false, b, tb);
      long[] shape = a.shape().clone();
      shape[shape.length - 1] = y2.size(1);
      return y2.reshape('c', shape);
    }
    long[] ab = Arrays.copyOf(a.shape(), a.rank() - 2);
    long[] bb = Arrays.copyOf(b.shape(), b.rank() - 2);
    long[] batch = Tensors.broadcastShape(ab, bb);
    INDArray a3 = batched(a, batch);
    INDArray b3 = batched(b, batch);
    long m = ta ? a3.size(2) : a3.size(1);
    long n = tb ? b3.size(1) : b3.size(2);
    INDArray y = ArrayPool.uninitialized(a.dataType(), Tensors.size(batch), m, n);
    // one BLAS call per matrix on offsets into the batch (attention: hundreds of small products,
    // where a slice + dup + gemm + assign per matrix cost ~100 us each)
    Blas.gemmBatched(a3, ta, b3, tb, y);
    long[] shape = Arrays.copyOf(batch, batch.length + 2);
    shape[batch.length] = m;
    shape[batch.length + 1] = n;
    return y.reshape('c', shape);
  }

  /** x as [batch, rows, cols]; an operand without batch axes stays [1, rows, cols] (BLAS reuses it). */
  private static INDArray batched(INDArray x, long[] batch) {
    if (x.rank() == 2) {
      return Tensors.contiguous(x).reshape('c', 1, x.size(0), x.size(1));
    }
    long[] full = Arrays.copyOf(batch, batch.length + 2);
    full[batch.length] = x.size(-2);
    full[batch.length + 1] = x.size(-1);
    return Tensors.contiguous(Tensors.expand(x, full)).reshape('c', Tensors.size(batch), x.size(-2), x.size(-1));
  }

  private static long[] drop(long[] shape, int axis) {
    long[] out = new long[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != axis) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray a = in[0].rank() == 1 ? in[0].reshape(1, in[0].length()) : in[0];
    INDArray b = in[1].rank() == 1 ? in[1].reshape(in[1].length(), 1) : in[1];
    long[] yShape = Tensors.broadcastShape(Arrays.copyOf(a.shape(), a.rank() - 2), Arrays.copyOf(b.shape(), b.rank() - 2));
    yShape = Arrays.copyOf(yShape, yShape.length + 2);
    yShape[yShape.length - 2] = a.size(-2);
    yShape[yShape.length - 1] = b.size(-1);
    INDArray g = Tensors.contiguous(gOut[0]).reshape('c', yShape);
    INDArray[] grads = new INDArray[2];
    if (ctx.needsGradient(0)) {
      INDArray ga = multiply(g, b, false, true);
      grads[0] = Tensors.reduceTo(ga, a.shape()).reshape('c', in[0].shape());
    }
    if (ctx.needsGradient(1)) {
      INDArray gb;
      if (b.rank() == 2) {
        long k = a.size(-1);
        INDArray a2 = Tensors.contiguous(a.rank() == 2 ? a : Tensors.expand(a, withLast2(yShape, a))).reshape('c', -1, k);
        gb = Blas.gemm(a2, true, g.reshape('c', -1, g.size(-1)), false);
      } else {
        gb = Tensors.reduceTo(multiply(Tensors.expand(a, withLast2(yShape, a)), g, true, false), b.shape());
      }
      grads[1] = gb.reshape('c', in[1].shape());
    }
    return grads;
  }

  private static long[] withLast2(long[] yShape, INDArray x) {
    long[] s = yShape.clone();
    s[s.length - 2] = x.size(-2);
    s[s.length - 1] = x.size(-1);
    return s;
  }
}
