package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight and bias gradients of a one-group 2-D convolution without the input gradient (the first
 * layer of a network needs none; ND4J's {@code conv2d_bp} always computes it). One GEMM:
 * dW (M x K) = gy' (M x N*P) times patches' (K x N*P) transposed. Both operands are written
 * in place on direct memory ({@link Slab}) and freed right after the product: at batch 128 the
 * patches of LeNet's first layer are 7 MB, and a Java-array round trip cost more than the GEMM.
 */
final class ConvWeightGradient {
  private ConvWeightGradient() {}

  /** {dW shaped like w, dB or null}. */
  static INDArray[] compute(Conv2d c, INDArray x, INDArray w, INDArray gy, boolean bias) {
    DataType type = w.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    INDArray xc = Tensors.contiguous(x.dataType() == type ? x : x.castTo(type));
    INDArray gc = Tensors.contiguous(gy.dataType() == type ? gy : gy.castTo(type));
    int n = (int) x.size(0);
    int ch = (int) x.size(1);
    int m = (int) w.size(0);
    int p = (int) (gy.size(2) * gy.size(3));
    int[] k = c.kernel();
    int kk = ch * k[0] * k[1];
    long np = (long) n * p;
    boolean padded = c.pads()[0] + c.pads()[1] + c.pads()[2] + c.pads()[3] > 0;
    // padding taps stay zero; without padding every entry is written
    INDArray cols = padded ? Nd4j.create(type, kk, np) : Nd4j.createUninitialized(type, kk, np);
    INDArray gt = Nd4j.createUninitialized(type, m, np);
    patches(c, xc, Slab.of(cols), (int) gy.size(2), (int) gy.size(3));
    double[] db = transposeAndSum(Slab.of(gc), Slab.of(gt), n, m, p, bias);
    FastBuffers.keep(xc, gc, cols, gt);
    INDArray dw = Blas.gemm(gt, false, cols, true);
    cols.close();
    gt.close();
    return new INDArray[] {dw.reshape('c', w.shape()), bias ? Tensors.create(db, new long[] {m}, type) : null};
  }

  /** Rows (channel, ky, kx), columns (example, oy, ox). */
  private static void patches(Conv2d c, INDArray x, Slab cols, int oh, int ow) {
    int n = (int) x.size(0);
    int ch = (int) x.size(1);
    int h = (int) x.size(2);
    int wd = (int) x.size(3);
    int[] k = c.kernel();
    int[] s = c.strides();
    int[] pd = c.pads();
    int[] d = c.dilations();
    int np = n * oh * ow;
    Slab xv = Slab.of(x);
    int row = 0;
    for (int cc = 0; cc < ch; cc++) {
      for (int ki = 0; ki < k[0]; ki++) {
        for (int kj = 0; kj < k[1]; kj++, row++) {
          int base = row * np;
          for (int e = 0; e < n; e++) {
            int plane = (e * ch + cc) * h;
            for (int i = 0; i < oh; i++) {
              int y = i * s[0] - pd[0] + ki * d[0];
              if (y < 0 || y >= h) {
                continue;
              }
              int out = base + (e * oh + i) * ow;
              int src = (plane + y) * wd;
              for (int j = 0; j < ow; j++) {
                int xx = j * s[1] - pd[1] + kj * d[1];
                if (xx >= 0 && xx < wd) {
                  cols.set(out + j, xv.get(src + xx));
                }
              }
            }
          }
        }
      }
    }
  }

  /** gy (N x M x P) into gt (M x N*P); the bias gradient (row sums, in double) when asked. */
  private static double[] transposeAndSum(Slab g, Slab gt, int n, int m, int p, boolean bias) {
    double[] db = bias ? new double[m] : null;
    int np = n * p;
    for (int e = 0; e < n; e++) {
      for (int j = 0; j < m; j++) {
        int src = (e * m + j) * p;
        int dst = j * np + e * p;
        for (int q = 0; q < p; q++) {
          double v = g.get(src + q);
          gt.set(dst + q, v);
          if (bias) {
            db[j] += v;
          }
        }
      }
    }
    return db;
  }
}
