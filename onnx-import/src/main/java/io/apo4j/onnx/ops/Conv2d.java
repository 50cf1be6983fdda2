package io.apo4j.onnx.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A 2-D convolution of fixed geometry by im2col: per group, the patch matrix (N*OH*OW) x (Cg*kh*kw)
 * times the weight matrix transposed, and the transposed products for backward.
 *
 * @param pads {top, left, bottom, right}
 */
record Conv2d(int[] strides, int[] dilations, int[] kernel, int[] pads, int group) {

  /**
   * The output and what backward reuses: the patch matrices (im2col), or the input and bias when
   * the native path ({@link NativeConv}) ran.
   */
  record Result(INDArray output, INDArray[] patches, long[] inputShape, INDArray input, INDArray bias) {
    Result(INDArray output, INDArray[] patches, long[] inputShape) {
      this(output, patches, inputShape, null, null);
    }
  }

  static int outSize(int in, int k, int s, int padBegin, int padEnd, int d) {
    return (in + padBegin + padEnd - d * (k - 1) - 1) / s + 1;
  }

  Result forward(INDArray x, INDArray w, INDArray bias) {
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int h = (int) x.size(2);
    int wd = (int) x.size(3);
    int m = (int) w.size(0);
    int oh = outSize(h, kernel[0], strides[0], pads[0], pads[2], dilations[0]);
    int ow = outSize(wd, kernel[1], strides[1], pads[1], pads[3], dilations[1]);
    if (oh <= 0 || ow <= 0) {
      throw new OpException("input " + h + "x" + wd + " is smaller than the (dilated) kernel "
          + kernel[0] + "x" + kernel[1] + "; expected a positive output size");
    }
    if (NativeConv.applies(this, x, w, bias)) {
      INDArray xc = Tensors.contiguous(x);
      INDArray wc = Tensors.contiguous(w);
      INDArray bc = bias == null ? null : Tensors.contiguous(bias);
      return new Result(NativeConv.forward(this, xc, wc, bc, oh, ow), null, x.shape(), xc, bc);
    }
    int cg = c / group;
    int mg = m / group;
    int p = oh * ow;
    DataType type = x.dataType();
    double[] xv = Tensors.values(x);
    INDArray w2 = Tensors.contiguous(w).reshape('c', m, (long) cg * kernel[0] * kernel[1]);
    double[] y = new double[n * m * p];
    INDArray[] patches = new INDArray[group];
    for (int gi = 0; gi < group; gi++) {
      double[] cols = Im2col.patches(xv, n, c, h, wd, gi * cg, cg, kernel, strides, pads, dilations, oh, ow);
      patches[gi] = Nd4j.create(cols, new long[] {(long) n * p, (long) cg * kernel[0] * kernel[1]}, type);
      INDArray wg = group == 1 ? w2 : w2.get(NDArrayIndex.interval(gi * mg, (gi + 1) * mg), NDArrayIndex.all()).dup('c');
      double[] yg = Tensors.values(Nd4j.gemm(patches[gi], wg, false, true));
      for (int e = 0; e < n; e++) {
        for (int j = 0; j < mg; j++) {
          int dst = (e * m + gi * mg + j) * p;
          for (int q = 0; q < p; q++) {
            y[dst + q] = yg[(e * p + q) * mg + j];
          }
        }
      }
    }
    if (bias != null) {
      double[] b = Tensors.values(bias);
      for (int e = 0; e < n; e++) {
        for (int j = 0; j < m; j++) {
          int base = (e * m + j) * p;
          for (int q = 0; q < p; q++) {
            y[base + q] += b[j];
          }
        }
      }
    }
    return new Result(Tensors.create(y, new long[] {n, m, oh, ow}, type), patches, x.shape());
  }

  /** {dX or null, dW, dB or null}. */
  INDArray[] backward(Result r, INDArray w, INDArray gy, boolean inputGradient, boolean hasBias) {
    if (r.input() != null) {
      INDArray[] g = NativeConv.backward(this, r.input(), Tensors.contiguous(w), hasBias ? r.bias() : null,
          Tensors.contiguous(gy).castTo(r.input().dataType()));
      return new INDArray[] {inputGradient ? g[0] : null, g[1], hasBias ? g[2] : null};
    }
    long[] xs = r.inputShape();
    int n = (int) xs[0];
    int c = (int) xs[1];
    int m = (int) w.size(0);
    int oh = (int) gy.size(2);
    int ow = (int) gy.size(3);
    int p = oh * ow;
    int cg = c / group;
    int mg = m / group;
    int k = cg * kernel[0] * kernel[1];
    DataType type = gy.dataType();
    double[] g = Tensors.values(gy);
    INDArray w2 = Tensors.contiguous(w).reshape('c', m, k);
    double[] dw = new double[m * k];
    double[] dx = inputGradient ? new double[(int) Tensors.size(xs)] : null;
    for (int gi = 0; gi < group; gi++) {
      double[] gg = new double[n * p * mg];
      for (int e = 0; e < n; e++) {
        for (int j = 0; j < mg; j++) {
          int src = (e * m + gi * mg + j) * p;
          for (int q = 0; q < p; q++) {
            gg[(e * p + q) * mg + j] = g[src + q];
          }
        }
      }
      INDArray ggArr = Nd4j.create(gg, new long[] {(long) n * p, mg}, type);
      double[] dwg = Tensors.values(Nd4j.gemm(ggArr, r.patches()[gi], true, false));
      System.arraycopy(dwg, 0, dw, gi * mg * k, mg * k);
      if (inputGradient) {
        INDArray wg = group == 1 ? w2 : w2.get(NDArrayIndex.interval(gi * mg, (gi + 1) * mg), NDArrayIndex.all()).dup('c');
        double[] dcols = Tensors.values(Nd4j.gemm(ggArr, wg, false, false));
        Im2col.accumulate(dcols, dx, n, c, (int) xs[2], (int) xs[3], gi * cg, cg, kernel, strides, pads, dilations, oh, ow);
      }
    }
    INDArray db = null;
    if (hasBias) {
      double[] b = new double[m];
      for (int e = 0; e < n; e++) {
        for (int j = 0; j < m; j++) {
          int base = (e * m + j) * p;
          for (int q = 0; q < p; q++) {
            b[j] += g[base + q];
          }
        }
      }
      db = Tensors.create(b, new long[] {m}, type);
    }
    return new INDArray[] {dx == null ? null : Tensors.create(dx, xs, type),
        Tensors.create(dw, new long[] {m, k}, type), db};
  }
}
