package io.apo4j.onnx.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of ops whose every output element copies one input element (or a fill value): Gather,
 * GatherElements, Trilu, DepthToSpace/SpaceToDepth and the like (Transpose is one native copy). A subclass builds the index map; forward gathers through it
 * and backward scatter-adds the output gradient through the same map, so the VJP is exact by
 * construction.
 */
abstract class IndexMapOp implements Op {
  /**
   * Where each output element comes from.
   *
   * @param source input offset (c order) per output element, -1 for the fill value
   * @param shape output shape
   * @param fill value of elements with no source
   */
  record Mapping(int[] source, long[] shape, double fill) {}

  /** Maps an output multi-index to an input offset, or -1. */
  @FunctionalInterface
  interface IndexFunction {
    int source(int[] index);
  }

  abstract Mapping mapping(OpContext ctx, INDArray[] in);

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    Mapping m = mapping(ctx, in);
    double[] x = Tensors.values(in[0]);
    double[] y = new double[m.source().length];
    for (int i = 0; i < y.length; i++) {
      int s = m.source()[i];
      y[i] = s >= 0 ? x[s] : m.fill();
    }
    ctx.save(m);
    return new INDArray[] {Tensors.create(y, m.shape(), in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] grads = new INDArray[in.length];
    if (!Tensors.isFloat(in[0])) {
      return grads;
    }
    Mapping m = ctx.saved(Mapping.class);
    double[] g = Tensors.values(gOut[0]);
    double[] gx = new double[(int) in[0].length()];
    for (int i = 0; i < g.length; i++) {
      int s = m.source()[i];
      if (s >= 0) {
        gx[s] += g[i];
      }
    }
    grads[0] = Tensors.create(gx, in[0].shape(), in[0].dataType());
    return grads;
  }

  /** Runs {@code f} over every multi-index of {@code shape} in c order. */
  static int[] build(long[] shape, IndexFunction f) {
    Tensors.checkSize(shape);
    int n = (int) Tensors.size(shape);
    int[] out = new int[n];
    int[] idx = new int[shape.length];
    for (int i = 0; i < n; i++) {
      out[i] = f.source(idx);
      for (int a = shape.length - 1; a >= 0; a--) {
        if (++idx[a] < shape[a]) {
          break;
        }
        idx[a] = 0;
      }
    }
    return out;
  }

  /**
   * For a reduction of {@code shape} over the axes marked in {@code reduce}: the c-order offset of
   * each element's output in the result with the reduced axes kept as size 1.
   */
  static int[] reductionSlots(long[] shape, boolean[] reduce) {
    long[] kept = new long[shape.length];
    for (int a = 0; a < shape.length; a++) {
      kept[a] = reduce[a] ? 1 : shape[a];
    }
    int[] outStrides = strides(kept);
    return build(shape, idx -> {
      int o = 0;
      for (int a = 0; a < idx.length; a++) {
        o += reduce[a] ? 0 : idx[a] * outStrides[a];
      }
      return o;
    });
  }

  /** C-order strides of {@code shape}, in elements. */
  static int[] strides(long[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int a = shape.length - 1; a >= 0; a--) {
      s[a] = acc;
      acc *= (int) shape[a];
    }
    return s;
  }
}
