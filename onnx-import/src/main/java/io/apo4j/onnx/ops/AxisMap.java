package io.apo4j.onnx.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Operators whose every output element copies one input element, or a constant: Slice, Pad, Tile,
 * Expand, Split. Each output axis maps its coordinate to one input coordinate (or -1 for the pad
 * constant); forward gathers through that map and the vector-Jacobian product scatters back,
 * adding where several outputs read one input (Tile, Expand, reflect padding).
 *
 * @param shape the output shape (one map per axis, of that axis's length)
 * @param axes per output axis, the input coordinate of each output coordinate, or -1
 */
record AxisMap(long[] shape, int[][] axes) {
  static AxisMap of(int[][] axes) {
    long[] shape = new long[axes.length];
    for (int d = 0; d < axes.length; d++) {
      shape[d] = axes[d].length;
    }
    Tensors.checkSize(shape);
    return new AxisMap(shape, axes);
  }

  /** For each output element in c order, the flat input index, or -1. */
  int[] sources(long[] inputShape) {
    int rank = axes.length;
    long[] strides = new long[rank];
    long s = 1;
    for (int d = rank - 1; d >= 0; d--) {
      strides[d] = s;
      s *= inputShape[d];
    }
    int n = (int) Tensors.size(shape);
    int[] out = new int[n];
    int[] coord = new int[rank];
    for (int i = 0; i < n; i++) {
      long src = 0;
      for (int d = 0; d < rank; d++) {
        int c = axes[d][coord[d]];
        if (c < 0) {
          src = -1;
          break;
        }
        src += c * strides[d];
      }
      out[i] = (int) src;
      for (int d = rank - 1; d >= 0; d--) { // odometer increment over the output coordinates
        if (++coord[d] < shape[d]) {
          break;
        }
        coord[d] = 0;
      }
    }
    return out;
  }

  /** The output: input elements gathered through the map, {@code fill} where the map is -1. */
  INDArray gather(INDArray x, double fill) {
    double[] v = Tensors.values(x);
    int[] src = sources(x.shape());
    double[] y = new double[src.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = src[i] < 0 ? fill : v[src[i]];
    }
    return Tensors.create(y, shape, x.dataType());
  }

  /** The input gradient: output gradients added back to the elements they came from. */
  INDArray scatter(INDArray gradient, INDArray x) {
    double[] g = Tensors.values(gradient);
    int[] src = sources(x.shape());
    double[] gx = new double[(int) x.length()];
    for (int i = 0; i < src.length; i++) {
      if (src[i] >= 0) {
        gx[src[i]] += g[i];
      }
    }
    return Tensors.create(gx, x.shape(), gradient.dataType());
  }

  /** An identity map for every axis of {@code shape}. */
  static int[][] identity(long[] shape) {
    int[][] axes = new int[shape.length][];
    for (int d = 0; d < shape.length; d++) {
      axes[d] = range(0, (int) shape[d], 1);
    }
    return axes;
  }

  /** start, start+step, ... while before end (or after end for negative steps). */
  static int[] range(long start, long end, long step) {
    long n = step > 0 ? Math.max(0, (end - start + step - 1) / step) : Math.max(0, (start - end - step - 1) / -step);
    Tensors.checkSize(new long[] {n});
    int[] r = new int[(int) n];
    for (int i = 0; i < r.length; i++) {
      r[i] = (int) (start + i * step);
    }
    return r;
  }
}
