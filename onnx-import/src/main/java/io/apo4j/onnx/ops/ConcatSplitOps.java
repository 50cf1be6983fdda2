package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Concat and Split along one axis: a tensor is viewed as outer x (size along axis) x inner
 * blocks, and pieces are copied block-wise; each op's gradient is the other op.
 */
final class ConcatSplitOps implements Op {
  private final boolean concat;
  private final long axis;
  private final long[] splitAttr;
  private final long numOutputs;
  private final int outputCount;

  ConcatSplitOps(Node node) {
    concat = node.opType().equals("Concat");
    axis = node.attributes().getInt("axis", 0);
    splitAttr = node.attributes().getInts("split", null);
    numOutputs = node.attributes().getInt("num_outputs", 0);
    outputCount = node.outputs().size();
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    if (concat) {
      INDArray[] parts = Arrays.stream(in).filter(a -> a != null).toArray(INDArray[]::new);
      return new INDArray[] {join(ctx, parts, Tensors.axis(axis, parts[0].rank()))};
    }
    long[] sizes = sizes(ctx, in);
    return cut(in[0], Tensors.axis(axis, in[0].rank()), sizes);
  }

  private long[] sizes(OpContext ctx, INDArray[] in) {
    long dim = in[0].size(Tensors.axis(axis, in[0].rank()));
    long[] given = in.length > 1 && in[1] != null ? Tensors.longs(in[1]) : splitAttr;
    if (given != null) {
      if (Arrays.stream(given).sum() != dim) {
        throw ctx.error("split " + Arrays.toString(given) + " does not add up to " + dim);
      }
      return given;
    }
    int n = (int) (numOutputs > 0 ? numOutputs : outputCount);
    long chunk = (dim + n - 1) / n;
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.max(0, Math.min(chunk, dim - i * chunk));
    }
    return s;
  }

  static INDArray join(OpContext ctx, INDArray[] parts, int a) {
    long[] shape = parts[0].shape().clone();
    shape[a] = 0;
    for (INDArray p : parts) {
      for (int d = 0; d < shape.length; d++) {
        if (d != a && p.size(d) != shape[d]) {
          throw ctx.error("input shapes " + Arrays.toString(p.shape()) + " and " + Arrays.toString(parts[0].shape())
              + " differ outside axis " + a);
        }
      }
      shape[a] += p.size(a);
    }
    long outer = Tensors.size(Arrays.copyOf(shape, a));
    long inner = Tensors.size(Arrays.copyOfRange(shape, a + 1, shape.length));
    double[] y = new double[(int) Tensors.size(shape)];
    int offset = 0;
    for (INDArray p : parts) {
      double[] v = Tensors.values(p);
      int block = (int) (p.size(a) * inner);
      for (int o = 0; o < outer; o++) {
        System.arraycopy(v, o * block, y, (int) (o * shape[a] * inner) + offset, block);
      }
      offset += block;
    }
    return Tensors.create(y, shape, parts[0].dataType());
  }

  static INDArray[] cut(INDArray x, int a, long[] sizes) {
    long[] xs = x.shape();
    long outer = Tensors.size(Arrays.copyOf(xs, a));
    long inner = Tensors.size(Arrays.copyOfRange(xs, a + 1, xs.length));
    double[] v = Tensors.values(x);
    INDArray[] out = new INDArray[sizes.length];
    int offset = 0;
    for (int k = 0; k < sizes.length; k++) {
      long[] shape = xs.clone();
      shape[a] = sizes[k];
      int block = (int) (sizes[k] * inner);
      double[] y = new double[(int) (outer * block)];
      for (int o = 0; o < outer; o++) {
        System.arraycopy(v, (int) (o * xs[a] * inner) + offset, y, o * block, block);
      }
      offset += block;
      out[k] = Tensors.create(y, shape, x.dataType());
    }
    return out;
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] grads = new INDArray[in.length];
    if (concat) {
      int a = Tensors.axis(axis, out[0].rank());
      long[] sizes = Arrays.stream(in).filter(x -> x != null).mapToLong(x -> x.size(a)).toArray();
      INDArray[] pieces = cut(gOut[0], a, sizes);
      for (int i = 0, k = 0; i < in.length; i++) {
        if (in[i] != null) {
          grads[i] = Tensors.isFloat(in[i]) ? pieces[k] : null;
          k++;
        }
      }
      return grads;
    }
    INDArray[] parts = new INDArray[out.length];
    for (int k = 0; k < out.length; k++) {
      parts[k] = gOut[k] != null ? gOut[k] : Tensors.zerosLike(out[k]);
    }
    grads[0] = join(ctx, parts, Tensors.axis(axis, in[0].rank()));
    return grads;
  }
}
