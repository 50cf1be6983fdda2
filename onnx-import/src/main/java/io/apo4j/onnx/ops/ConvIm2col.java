package io.apo4j.onnx.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A convolution over three spatial axes by im2col: per group, the patch matrix (N*P) x (Cg*K)
 * times the weight matrix transposed, and the transposed products for backward. It serves what
 * ND4J's native conv2d does not ({@link Nd4jConv2d#applies}): groups, dilations, asymmetric pads,
 * 3-D convolutions, and 1-D/2-D ones lifted to 3-D with leading axes of size 1.
 *
 * @param strides, dilations, kernel three values each {d, h, w}
 * @param pads {begin d, begin h, begin w, end d, end h, end w}
 */
record ConvIm2col(int[] strides, int[] dilations, int[] kernel, int[] pads, int group) {

  /** The output and the patch matrices backward reuses. */
  record Result(INDArray output, INDArray[] patches, long[] inputShape) {}

  private int[] outSizes(long[] xs) {
    int[] out = new int[3];
    for (int a = 0; a < 3; a++) {
      out[a] = Conv2d.outSize((int) xs[a + 2], kernel[a], strides[a], pads[a], pads[a + 3], dilations[a]);
      if (out[a] <= 0) {
        throw new OpException("spatial input size " + xs[a + 2] + " is smaller than the (dilated) kernel " + kernel[a]
            + "; expected a positive output size");
      }
    }
    return out;
  }

  private static int[] spatial(long[] s) {
    return new int[] {(int) s[2], (int) s[3], (int) s[4]};
  }

  private INDArray groupWeights(INDArray w2, int gi, int mg) {
    return group == 1 ? w2 : w2.get(NDArrayIndex.interval(gi * mg, (gi + 1) * mg), NDArrayIndex.all()).dup('c');
  }

  /** x: N x C x D x H x W, w: M x C/group x kd x kh x kw. */
  Result forward(INDArray x, INDArray w, INDArray bias) {
    int n = (int) x.size(0);
    int c = (int) x.size(1);
    int m = (int) w.size(0);
    int[] out = outSizes(x.shape());
    int cg = c / group;
    int mg = m / group;
    int p = out[0] * out[1] * out[2];
    int k = cg * kernel[0] * kernel[1] * kernel[2];
    DataType type = x.dataType();
    double[] xv = Tensors.values(x);
    INDArray w2 = Tensors.contiguous(w).reshape('c', m, k);
    double[] y = new double[n * m * p];
    INDArray[] patches = new INDArray[group];
    for (int gi = 0; gi < group; gi++) {
      double[] cols = Im2col.patches(xv, n, c, spatial(x.shape()), gi * cg, cg, this, out);
      patches[gi] = Nd4j.create(cols, new long[] {(long) n * p, k}, type);
      double[] yg = Tensors.values(Nd4j.gemm(patches[gi], groupWeights(w2, gi, mg), false, true));
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
    return new Result(Tensors.create(y, new long[] {n, m, out[0], out[1], out[2]}, type), patches, x.shape());
  }

  /** {dX or null, dW (M x Cg*K), dB or null}. */
  INDArray[] backward(Result r, INDArray w, INDArray gy, boolean inputGradient, boolean hasBias) {
    long[] xs = r.inputShape();
    int n = (int) xs[0];
    int c = (int) xs[1];
    int m = (int) w.size(0);
    int[] out = outSizes(xs);
    int p = out[0] * out[1] * out[2];
    int cg = c / group;
    int mg = m / group;
    int k = cg * kernel[0] * kernel[1] * kernel[2];
    DataType type = r.patches()[0].dataType();
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
        double[] dcols = Tensors.values(Nd4j.gemm(ggArr, groupWeights(w2, gi, mg), false, false));
        Im2col.accumulate(dcols, dx, n, c, spatial(xs), gi * cg, cg, this, out);
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
