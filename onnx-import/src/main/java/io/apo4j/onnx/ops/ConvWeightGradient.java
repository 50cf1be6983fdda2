package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.api.kernels.Blas;
import io.apo4j.api.kernels.Parallel;
import io.apo4j.api.kernels.Release;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weight and bias gradients of a one-group 2-D convolution without the input gradient (the first
 * layer of a network needs none; ND4J's {@code conv2d_bp} always computes it, and its oneDNN
 * input gradient for one input channel alone took ~12 ms on LeNet's first layer). Per example,
 * one GEMM dW_e' (K x M) = patches_e (K x P) times gy_e' (gy_e: M x P, read in place from the
 * gradient's memory); the sum over examples is kept in double, per block of examples (blocks run
 * in parallel) and then over blocks in order.
 *
 * <p>Why per example: the patches of one example (78 KB for LeNet's first layer) stay in cache
 * between being built and being multiplied, and gy needs no transposition; the batch-wide patch
 * matrix (10 MB) or chunks of it cost more in memory traffic than the 128 small products
 * (measured: ~2x faster than 1 MB chunks with a transposed gradient, the previous kernel).
 */
final class ConvWeightGradient {
  /** Examples per parallel block ({@link Parallel}); fixed, so results do not depend on the thread count. */
  static final int EXAMPLES_PER_BLOCK = 8;

  private ConvWeightGradient() {}

  /** {dW shaped like w, dB or null}. */
  static INDArray[] compute(Conv2d c, INDArray x, INDArray w, INDArray gy, boolean bias) {
    DataType type = w.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    INDArray xc = Tensors.contiguous(x.dataType() == type ? x : x.castTo(type));
    INDArray gc = Tensors.contiguous(gy.dataType() == type ? gy : gy.castTo(type));
    int n = (int) x.size(0);
    int m = (int) w.size(0);
    int p = (int) (gy.size(2) * gy.size(3));
    int kk = (int) (x.size(1) * c.kernel()[0] * c.kernel()[1]);
    Patches patches = new Patches(c, xc, (int) gy.size(2), (int) gy.size(3));
    int blocks = Parallel.blocks(n, EXAMPLES_PER_BLOCK);
    double[][] weightSums = new double[blocks][];
    double[][] biasSums = new double[blocks][];
    Parallel.forEach(blocks, b -> {
      int e0 = b * EXAMPLES_PER_BLOCK;
      int e1 = Math.min(n, e0 + EXAMPLES_PER_BLOCK);
      weightSums[b] = weightSum(patches, gc, e0, e1, m, p, kk);
      biasSums[b] = bias ? biasGradient(gc, e0, e1, m, p) : null;
    });
    // block sums in block order: the result does not depend on which thread ran which block
    double[] dw = new double[m * kk];
    double[] db = new double[m];
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < dw.length; i++) {
        dw[i] += weightSums[b][i];
      }
      for (int j = 0; bias && j < m; j++) {
        db[j] += biasSums[b][j];
      }
    }
    FastBuffers.keep(gc);
    return new INDArray[] {Tensors.create(dw, w.shape(), type),
        bias ? Tensors.create(db, new long[] {m}, type) : null};
  }

  /** dW (M x K, row-major) summed in double over examples [e0, e1). */
  private static double[] weightSum(Patches patches, INDArray gy, int e0, int e1, int m, int p, int kk) {
    DataType type = gy.dataType();
    INDArray cols = ArrayPool.uninitialized(type, kk, p);
    INDArray part = ArrayPool.uninitialized(type, kk, m);
    Object scratch = patches.scratch();
    double[] sum = new double[m * kk];
    double[] partValues = new double[m * kk];
    for (int e = e0; e < e1; e++) {
      patches.build(e, scratch, cols);
      // dW_e transposed (K x M) = patches (K x P) times gy_e transposed: ~10% faster than dW_e = gy_e patches'
      Blas.gemmAt(false, true, kk, m, p, 1.0, cols, 0, p, gy, (long) e * m * p, p, 0.0, part, 0, m);
      read(part, partValues);
      for (int k = 0; k < kk; k++) {
        for (int j = 0; j < m; j++) {
          sum[j * kk + k] += partValues[k * m + j];
        }
      }
    }
    FastBuffers.keep(cols, part, gy);
    Release.unshared(List.of(cols, part), List.of()); // scratch: back to the pool for the next block or step
    return sum;
  }

  private static void read(INDArray a, double[] out) {
    if (a.dataType() == DataType.FLOAT) {
      FloatBuffer b = FastBuffers.floats(a);
      for (int i = 0; i < out.length; i++) {
        out[i] = b.get(i);
      }
    } else {
      FastBuffers.doubles(a).get(0, out);
    }
    FastBuffers.keep(a);
  }

  /**
   * The sum of gy over examples [e0, e1) and positions per output channel, in double: bulk copies of one
   * example at a time and four partial sums per row (a single running double sum is a chain of
   * dependent adds, ~4x slower).
   */
  private static double[] biasGradient(INDArray gy, int e0, int e1, int m, int p) {
    double[] db = new double[m];
    double[] row = new double[m * p];
    float[] rowFloats = gy.dataType() == DataType.FLOAT ? new float[m * p] : null;
    for (int e = e0; e < e1; e++) {
      if (rowFloats != null) {
        FastBuffers.floats(gy).get(e * m * p, rowFloats, 0, m * p);
      } else {
        FastBuffers.doubles(gy).get(e * m * p, row, 0, m * p);
      }
      for (int j = 0; j < m; j++) {
        int base = j * p;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int q = 0;
        if (rowFloats != null) {
          for (; q + 3 < p; q += 4) {
            s0 += rowFloats[base + q];
            s1 += rowFloats[base + q + 1];
            s2 += rowFloats[base + q + 2];
            s3 += rowFloats[base + q + 3];
          }
          for (; q < p; q++) {
            s0 += rowFloats[base + q];
          }
        } else {
          for (; q + 3 < p; q += 4) {
            s0 += row[base + q];
            s1 += row[base + q + 1];
            s2 += row[base + q + 2];
            s3 += row[base + q + 3];
          }
          for (; q < p; q++) {
            s0 += row[base + q];
          }
        }
        db[j] += (s0 + s1) + (s2 + s3);
      }
    }
    FastBuffers.keep(gy);
    return db;
  }

  /**
   * The patch matrix of one example: rows (channel, ky, kx), columns (oy, ox), built in a Java
   * array of the input's type ({@link #scratch}) and copied into the (direct) target in one bulk
   * write. Taps in the padding are never written, so they keep the scratch's zeros for every example.
   */
  private static final class Patches {
    private final Conv2d c;
    private final int ch;
    private final int h;
    private final int wd;
    private final int oh;
    private final int ow;
    private final float[] xf;
    private final double[] xd;

    Patches(Conv2d c, INDArray x, int oh, int ow) {
      this.c = c;
      this.ch = (int) x.size(1);
      this.h = (int) x.size(2);
      this.wd = (int) x.size(3);
      this.oh = oh;
      this.ow = ow;
      // the input once as a Java array: the patch loops read every element k*k times
      if (x.dataType() == DataType.FLOAT) {
        xf = new float[(int) x.length()];
        FastBuffers.floats(x).get(0, xf);
        xd = null;
      } else {
        xd = new double[(int) x.length()];
        FastBuffers.doubles(x).get(0, xd);
        xf = null;
      }
      FastBuffers.keep(x);
    }

    /** A zeroed Java array for {@link #build} (one per thread: padding taps are never written, so stay zero). */
    Object scratch() {
      int size = ch * c.kernel()[0] * c.kernel()[1] * oh * ow;
      return xf != null ? new float[size] : new double[size];
    }

    void build(int e, Object scratch, INDArray cols) {
      float[] of = xf != null ? (float[]) scratch : null;
      double[] od = xf == null ? (double[]) scratch : null;
      int[] k = c.kernel();
      int[] s = c.strides();
      int[] pd = c.pads();
      int[] d = c.dilations();
      int width = oh * ow;
      int row = 0;
      for (int cc = 0; cc < ch; cc++) {
        int plane = (e * ch + cc) * h;
        for (int ki = 0; ki < k[0]; ki++) {
          for (int kj = 0; kj < k[1]; kj++, row++) {
            int j0 = Math.max(0, ceilDiv(pd[1] - kj * d[1], s[1]));
            int j1 = Math.min(ow, ceilDiv(wd + pd[1] - kj * d[1], s[1]));
            for (int i = 0; i < oh; i++) {
              int y = i * s[0] - pd[0] + ki * d[0];
              if (y < 0 || y >= h || j1 <= j0) {
                continue;
              }
              int out = row * width + i * ow;
              int src = (plane + y) * wd - pd[1] + kj * d[1];
              copyRow(of, od, src, out, j0, j1, s[1]);
            }
          }
        }
      }
      if (of != null) {
        FastBuffers.floats(cols).put(0, of);
      } else {
        FastBuffers.doubles(cols).put(0, od);
      }
      FastBuffers.keep(cols);
    }

    /** Output columns [j0, j1) of one patch row from input row position src + j * stride. */
    private void copyRow(float[] of, double[] od, int src, int out, int j0, int j1, int stride) {
      if (stride == 1) {
        if (of != null) {
          System.arraycopy(xf, src + j0, of, out + j0, j1 - j0);
        } else {
          System.arraycopy(xd, src + j0, od, out + j0, j1 - j0);
        }
      } else if (of != null) {
        for (int j = j0; j < j1; j++) {
          of[out + j] = xf[src + j * stride];
        }
      } else {
        for (int j = j0; j < j1; j++) {
          od[out + j] = xd[src + j * stride];
        }
      }
    }

    private static int ceilDiv(int a, int b) {
      return -Math.floorDiv(-a, b);
    }
  }
}
