package io.apo4j.onnx.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight and bias gradients of a one-group 2-D convolution without the input gradient (the first
 * layer of a network needs none; ND4J's {@code conv2d_bp} always computes it). One GEMM:
 * dW (M x K) = gy' (M x N*P) times patches' (K x N*P) transposed.
 */
final class ConvWeightGradient {
  private ConvWeightGradient() {}

  /** {dW shaped like w, dB or null}. */
  static INDArray[] compute(Conv2d c, INDArray x, INDArray w, INDArray gy, boolean bias) {
    int n = (int) x.size(0);
    int ch = (int) x.size(1);
    int h = (int) x.size(2);
    int wd = (int) x.size(3);
    int m = (int) w.size(0);
    int oh = (int) gy.size(2);
    int ow = (int) gy.size(3);
    int p = oh * ow;
    int[] k = c.kernel();
    int[] s = c.strides();
    int[] pd = c.pads();
    int[] d = c.dilations();
    int kk = ch * k[0] * k[1];
    int np = n * p;
    double[] xv = Tensors.values(x);
    double[] cols = new double[kk * np];
    int row = 0;
    for (int cc = 0; cc < ch; cc++) {
      for (int ki = 0; ki < k[0]; ki++) {
        for (int kj = 0; kj < k[1]; kj++, row++) {
          int base = row * np;
          for (int e = 0; e < n; e++) {
            int plane = (e * ch + cc) * h;
            for (int i = 0; i < oh; i++) {
              int y = i * s[0] - pd[0] + ki * d[0];
              int out = base + (e * oh + i) * ow;
              if (y < 0 || y >= h) {
                continue;
              }
              int src = (plane + y) * wd;
              for (int j = 0; j < ow; j++) {
                int xx = j * s[1] - pd[1] + kj * d[1];
                if (xx >= 0 && xx < wd) {
                  cols[out + j] = xv[src + xx];
                }
              }
            }
          }
        }
      }
    }
    double[] g = Tensors.values(gy);
    double[] gt = new double[m * np];
    double[] db = bias ? new double[m] : null;
    for (int e = 0; e < n; e++) {
      for (int j = 0; j < m; j++) {
        int src = (e * m + j) * p;
        int dst = j * np + e * p;
        System.arraycopy(g, src, gt, dst, p);
        if (bias) {
          for (int q = 0; q < p; q++) {
            db[j] += g[src + q];
          }
        }
      }
    }
    INDArray dw = Nd4j.gemm(Tensors.create(gt, new long[] {m, np}, gy.dataType()),
        Tensors.create(cols, new long[] {kk, np}, gy.dataType()), false, true);
    return new INDArray[] {dw.reshape('c', w.shape()), bias ? Tensors.create(db, new long[] {m}, gy.dataType()) : null};
  }
}
