package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight and bias gradients of a one-group 2-D convolution without the input gradient (the first
 * layer of a network needs none; ND4J's {@code conv2d_bp} always computes it, and measured slower
 * on LeNet's first layer). Per chunk of examples one GEMM accumulates
 * dW (M x K) += gy' (M x n*P) times patches' (K x n*P) transposed.
 *
 * <p>Why chunks: the patches of a whole batch (7 MB for LeNet's first layer at batch 128) cost
 * more in fresh memory and cache misses than the products; a chunk of ~1 MB is built in a Java
 * array (tighter loops than per-element buffer access), copied in one bulk write, and reused by
 * every chunk of the same size.
 */
final class ConvWeightGradient {
  /** Patch-matrix entries per chunk (floats: ~1 MB). */
  private static final long CHUNK_ENTRIES = 1 << 18;

  private ConvWeightGradient() {}

  /** {dW shaped like w, dB or null}. */
  static INDArray[] compute(Conv2d c, INDArray x, INDArray w, INDArray gy, boolean bias) {
    DataType type = w.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    INDArray xc = Tensors.contiguous(x.dataType() == type ? x : x.castTo(type));
    INDArray gc = Tensors.contiguous(gy.dataType() == type ? gy : gy.castTo(type));
    int n = (int) x.size(0);
    int m = (int) w.size(0);
    int oh = (int) gy.size(2);
    int ow = (int) gy.size(3);
    int p = oh * ow;
    int kk = (int) (x.size(1) * c.kernel()[0] * c.kernel()[1]);
    int chunk = (int) Math.max(1, Math.min(n, CHUNK_ENTRIES / ((long) kk * p)));
    INDArray dw = Nd4j.createUninitialized(type, m, kk);
    double[] db = bias ? new double[m] : null;
    INDArray cols = null;
    INDArray gt = null;
    // the input once as a Java array: the patch loops read it many times over
    Object xv = type == DataType.FLOAT ? floats(xc) : doubles(xc);
    Object scratch = null;
    for (int e0 = 0; e0 < n; e0 += chunk) {
      int ce = Math.min(chunk, n - e0);
      if (cols == null || cols.size(1) != (long) ce * p) {
        release(cols, gt);
        cols = Nd4j.createUninitialized(type, kk, (long) ce * p);
        // padding taps stay zero: every chunk of this size writes the same entries
        scratch = type == DataType.FLOAT ? new float[(int) cols.length()] : new double[(int) cols.length()];
        gt = Nd4j.createUninitialized(type, m, (long) ce * p);
      }
      patches(c, xc, xv, scratch, cols, e0, ce, oh, ow);
      transposeAndSum(Slab.of(gc), Slab.of(gt), e0, ce, m, p, db);
      FastBuffers.keep(xc, gc, cols, gt);
      Blas.gemm(gt, false, cols, true, dw, 1.0, e0 == 0 ? 0.0 : 1.0);
    }
    release(cols, gt);
    return new INDArray[] {dw.reshape('c', w.shape()), bias ? Tensors.create(db, new long[] {m}, type) : null};
  }

  private static void release(INDArray... scratch) {
    for (INDArray a : scratch) {
      if (a != null) {
        a.close();
      }
    }
  }

  private static float[] floats(INDArray a) {
    float[] v = new float[(int) a.length()];
    FastBuffers.floats(a).get(v);
    FastBuffers.keep(a);
    return v;
  }

  private static double[] doubles(INDArray a) {
    double[] v = new double[(int) a.length()];
    FastBuffers.doubles(a).get(v);
    FastBuffers.keep(a);
    return v;
  }

  /**
   * Rows (channel, ky, kx), columns (example e0.., oy, ox) of examples [e0, e0+ce), built in a
   * Java array of the input's type ({@code x} and {@code scratch}: float[] or double[]) and copied
   * into {@code cols} in one bulk write.
   */
  private static void patches(Conv2d c, INDArray xArr, Object x, Object scratch, INDArray cols, int e0, int ce,
      int oh, int ow) {
    float[] xf = x instanceof float[] f ? f : null;
    double[] xd = x instanceof double[] d ? d : null;
    float[] of = xf != null ? (float[]) scratch : null;
    double[] od = xd != null ? (double[]) scratch : null;
    int ch = (int) xArr.size(1);
    int h = (int) xArr.size(2);
    int wd = (int) xArr.size(3);
    int[] k = c.kernel();
    int[] s = c.strides();
    int[] pd = c.pads();
    int[] d = c.dilations();
    int width = ce * oh * ow;
    int row = 0;
    for (int cc = 0; cc < ch; cc++) {
      for (int ki = 0; ki < k[0]; ki++) {
        for (int kj = 0; kj < k[1]; kj++, row++) {
          int base = row * width;
          int j0 = Math.max(0, ceilDiv(pd[1] - kj * d[1], s[1]));
          int j1 = Math.min(ow, ceilDiv(wd + pd[1] - kj * d[1], s[1]));
          for (int e = 0; e < ce; e++) {
            int plane = ((e0 + e) * ch + cc) * h;
            for (int i = 0; i < oh; i++) {
              int y = i * s[0] - pd[0] + ki * d[0];
              if (y < 0 || y >= h) {
                continue;
              }
              int out = base + (e * oh + i) * ow;
              int src = (plane + y) * wd - pd[1] + kj * d[1];
              if (xf != null) {
                for (int j = j0; j < j1; j++) {
                  of[out + j] = xf[src + j * s[1]];
                }
              } else {
                for (int j = j0; j < j1; j++) {
                  od[out + j] = xd[src + j * s[1]];
                }
              }
            }
          }
        }
      }
    }
    if (of != null) {
      FastBuffers.floats(cols).put(of);
    } else {
      FastBuffers.doubles(cols).put(od);
    }
    FastBuffers.keep(cols);
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  /** gy (N x M x P), examples [e0, e0+ce), into gt (M x ce*P); adds the bias gradient (in double). */
  private static void transposeAndSum(Slab g, Slab gt, int e0, int ce, int m, int p, double[] db) {
    int width = ce * p;
    for (int e = 0; e < ce; e++) {
      for (int j = 0; j < m; j++) {
        int src = ((e0 + e) * m + j) * p;
        int dst = j * width + e * p;
        for (int q = 0; q < p; q++) {
          double v = g.get(src + q);
          gt.set(dst + q, v);
          if (db != null) {
            db[j] += v;
          }
        }
      }
    }
  }
}
