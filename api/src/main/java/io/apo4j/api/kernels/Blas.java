package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import java.lang.ref.Reference;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products computed by {@code cblas_sgemm}/{@code cblas_dgemm} of the OpenBLAS that ND4J
 * bundles, called directly on the arrays' memory.
 *
 * <p>Why: {@code Nd4j.gemm} costs ~0.1 ms more per call than the BLAS routine itself and
 * {@code mmul} on transposed views is slower still (platform notes). A transposed or column-major
 * operand costs nothing here: its strides become a transpose flag. Arrays that BLAS cannot read in
 * place (general strided views, mixed data types) fall back to {@code Nd4j.gemm}, so every call
 * gives the right answer.
 */
@Internal
public final class Blas {
  private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
  private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
  private static final int TRANS = openblas_nolapack.CblasTrans;

  private Blas() {}

  /** {@code op(a) * op(b)} into a new c-order array of {@code a}'s data type. */
  public static INDArray gemm(INDArray a, boolean transA, INDArray b, boolean transB) {
    long m = transA ? a.size(1) : a.size(0);
    long n = transB ? b.size(0) : b.size(1);
    INDArray c = ArrayPool.uninitialized(a.dataType(), m, n);
    gemm(a, transA, b, transB, c, 1.0, 0.0);
    return c;
  }

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c}, writing into {@code c} (with {@code beta == 0}
   * its old contents are ignored, NaN included).
   *
   * @throws IllegalArgumentException naming the shapes when they do not fit
   */
  public static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c,
      double alpha, double beta) {
    requireMatrix("a", a);
    requireMatrix("b", b);
    requireMatrix("c", c);
    long m = transA ? a.size(1) : a.size(0);
    long k = transA ? a.size(0) : a.size(1);
    long kb = transB ? b.size(1) : b.size(0);
    long n = transB ? b.size(0) : b.size(1);
    if (k != kb || c.size(0) != m || c.size(1) != n) {
      throw new IllegalArgumentException("Blas.gemm: shapes do not fit; expected op(a) [m,k] * op(b) [k,n] = c [m,n],"
          + " found a " + shape(a) + (transA ? "^T" : "") + ", b " + shape(b) + (transB ? "^T" : "")
          + ", c " + shape(c));
    }
    if (m == 0 || n == 0) {
      return;
    }
    Layout la = Layout.of(a);
    Layout lb = Layout.of(b);
    Layout lc = Layout.of(c);
    DataType type = c.dataType();
    boolean direct = la != null && lb != null && lc != null && a.dataType() == type && b.dataType() == type
        && (type == DataType.FLOAT || type == DataType.DOUBLE) && !a.isEmpty() && !b.isEmpty();
    if (!direct) {
      fallback(a, transA, b, transB, c, alpha, beta);
      return;
    }
    if (!lc.transposed) {
      call(type, la.transposed ^ transA, lb.transposed ^ transB, m, n, k, alpha, a, la.ld, b, lb.ld, beta, c, lc.ld);
    } else {
      // c is column-major, i.e. row-major c^T: compute c^T = op(b)^T op(a)^T
      call(type, !(lb.transposed ^ transB), !(la.transposed ^ transA), n, m, k, alpha, b, lb.ld, a, la.ld, beta, c,
          lc.ld);
    }
  }

  /**
   * {@code c[i] = op(a[i]) * op(b[i])} for every i of the leading (batch) axis of 3-D dense c-order
   * arrays of one float type, one BLAS call per matrix on offsets into the same memory (no views,
   * no copies). An operand with batch size 1 is used for every i (broadcast); c must be
   * [batch, m, n]. Anything else takes {@link #gemm} on slices.
   */
  public static void gemmBatched(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
    long batch = c.size(0);
    long m = c.size(1);
    long n = c.size(2);
    long k = transA ? a.size(1) : a.size(2);
    DataType type = c.dataType();
    boolean direct = a.rank() == 3 && b.rank() == 3 && c.rank() == 3 && Memory.dense(type, a, b, c)
        && (type == DataType.FLOAT || type == DataType.DOUBLE)
        && (a.size(0) == batch || a.size(0) == 1) && (b.size(0) == batch || b.size(0) == 1)
        && (transA ? a.size(2) : a.size(1)) == m && (transB ? b.size(1) : b.size(2)) == n
        && (transB ? b.size(2) : b.size(1)) == k;
    if (!direct) {
      for (long i = 0; i < batch; i++) {
        gemm(a.slice(a.size(0) == 1 ? 0 : i), transA, b.slice(b.size(0) == 1 ? 0 : i), transB, c.slice(i), 1, 0);
      }
      return;
    }
    if (batch == 0 || m == 0 || n == 0) {
      return;
    }
    long strideA = a.size(0) == 1 ? 0 : m * k;
    long strideB = b.size(0) == 1 ? 0 : k * n;
    int opA = transA ? TRANS : NO_TRANS;
    int opB = transB ? TRANS : NO_TRANS;
    int lda = (int) (transA ? m : k);
    int ldb = (int) (transB ? k : n);
    if (k == 0) {
      c.assign(0);
      return;
    }
    if (type == DataType.FLOAT) {
      FloatPointer pa = floats(a);
      FloatPointer pb = floats(b);
      FloatPointer pc = floats(c);
      long a0 = pa.position();
      long b0 = pb.position();
      long c0 = pc.position();
      for (long i = 0; i < batch; i++) {
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, opA, opB, (int) m, (int) n, (int) k, 1f,
            pa.position(a0 + i * strideA), lda, pb.position(b0 + i * strideB), ldb, 0f, pc.position(c0 + i * m * n),
            (int) n);
      }
    } else {
      DoublePointer pa = doubles(a);
      DoublePointer pb = doubles(b);
      DoublePointer pc = doubles(c);
      long a0 = pa.position();
      long b0 = pb.position();
      long c0 = pc.position();
      for (long i = 0; i < batch; i++) {
        openblas_nolapack.cblas_dgemm(ROW_MAJOR, opA, opB, (int) m, (int) n, (int) k, 1,
            pa.position(a0 + i * strideA), lda, pb.position(b0 + i * strideB), ldb, 0, pc.position(c0 + i * m * n),
            (int) n);
      }
    }
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
    Reference.reachabilityFence(c);
  }

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c} on row-major sub-matrices that start at element
   * offsets into dense c-order arrays of one float type, with explicit leading dimensions: one
   * BLAS call and no views (an ND4J view costs microseconds; convolution kernels make one product
   * per example). Operands are stored as {@code op == trans ? [k, m] : [m, k]} for a (likewise b).
   *
   * @throws IllegalArgumentException when an array is not dense float32/float64 of c's type, or a
   *     sub-matrix does not fit in its array (nothing is read or written then)
   */
  public static void gemmAt(boolean transA, boolean transB, int m, int n, int k, double alpha, INDArray a,
      long aOffset, int lda, INDArray b, long bOffset, int ldb, double beta, INDArray c, long cOffset, int ldc) {
    DataType type = c.dataType();
    if (type != DataType.FLOAT && type != DataType.DOUBLE || !Memory.dense(type, a, b, c)) {
      throw new IllegalArgumentException("Blas.gemmAt: arrays must be dense c-order float32 or float64 of one type;"
          + " found a " + a.dataType() + ", b " + b.dataType() + ", c " + type);
    }
    requireInside("a", a, aOffset, transA ? k : m, transA ? m : k, lda);
    requireInside("b", b, bOffset, transB ? n : k, transB ? k : n, ldb);
    requireInside("c", c, cOffset, m, n, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    int opA = transA ? TRANS : NO_TRANS;
    int opB = transB ? TRANS : NO_TRANS;
    if (type == DataType.FLOAT) {
      FloatPointer pa = floats(a);
      FloatPointer pb = floats(b);
      FloatPointer pc = floats(c);
      openblas_nolapack.cblas_sgemm(ROW_MAJOR, opA, opB, m, n, k, (float) alpha, pa.position(pa.position() + aOffset),
          lda, pb.position(pb.position() + bOffset), ldb, (float) beta, pc.position(pc.position() + cOffset), ldc);
    } else {
      DoublePointer pa = doubles(a);
      DoublePointer pb = doubles(b);
      DoublePointer pc = doubles(c);
      openblas_nolapack.cblas_dgemm(ROW_MAJOR, opA, opB, m, n, k, alpha, pa.position(pa.position() + aOffset), lda,
          pb.position(pb.position() + bOffset), ldb, beta, pc.position(pc.position() + cOffset), ldc);
    }
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
    Reference.reachabilityFence(c);
  }

  private static void requireInside(String name, INDArray x, long offset, int rows, int cols, int ld) {
    long last = rows == 0 || cols == 0 ? offset : offset + (long) (rows - 1) * ld + cols;
    if (rows < 0 || cols < 0 || offset < 0 || ld < Math.max(1, cols) || last > x.length()) {
      throw new IllegalArgumentException("Blas.gemmAt: " + name + " [" + rows + " x " + cols + "] with leading"
          + " dimension " + ld + " at offset " + offset + " does not fit; expected ld >= " + Math.max(1, cols)
          + " and offset + (rows - 1) * ld + cols <= " + x.length() + " (the array's length)");
    }
  }

  /**
   * {@code y += alpha * x} over every element (both dense c-order arrays of one shape and type, or
   * an ND4J fallback): the in-place parameter update of plain SGD.
   */
  public static void axpy(double alpha, INDArray x, INDArray y) {
    if (!java.util.Arrays.equals(x.shape(), y.shape())) {
      throw new IllegalArgumentException("Blas.axpy: shapes differ; expected x like y " + shape(y) + ", found "
          + shape(x));
    }
    DataType type = y.dataType();
    if (!Memory.dense(type, x, y) || type != DataType.FLOAT && type != DataType.DOUBLE || x.isEmpty()) {
      y.addi(x.castTo(type).mul(alpha));
      return;
    }
    if (type == DataType.FLOAT) {
      openblas_nolapack.cblas_saxpy((int) x.length(), (float) alpha, floats(x), 1, floats(y), 1);
    } else {
      openblas_nolapack.cblas_daxpy((int) x.length(), alpha, doubles(x), 1, doubles(y), 1);
    }
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(y);
  }

  /** Threads OpenBLAS uses for one call. */
  public static int threads() {
    return openblas_nolapack.blas_get_num_threads();
  }

  /** Sets the threads OpenBLAS uses (process-wide; ND4J's own BLAS calls share the setting). */
  public static void setThreads(int threads) {
    openblas_nolapack.blas_set_num_threads(threads);
  }

  private static void call(DataType type, boolean ta, boolean tb, long m, long n, long k, double alpha,
      INDArray a, long lda, INDArray b, long ldb, double beta, INDArray c, long ldc) {
    int opA = ta ? TRANS : NO_TRANS;
    int opB = tb ? TRANS : NO_TRANS;
    if (type == DataType.FLOAT) {
      openblas_nolapack.cblas_sgemm(ROW_MAJOR, opA, opB, (int) m, (int) n, (int) k, (float) alpha,
          floats(a), (int) lda, floats(b), (int) ldb, (float) beta, floats(c), (int) ldc);
    } else {
      openblas_nolapack.cblas_dgemm(ROW_MAJOR, opA, opB, (int) m, (int) n, (int) k, alpha,
          doubles(a), (int) lda, doubles(b), (int) ldb, beta, doubles(c), (int) ldc);
    }
    // the raw pointers do not keep the arrays alive: without the fence a GC during the native call
    // may free an operand whose last Java use was above (seen as NaN gradients with a small young generation)
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
    Reference.reachabilityFence(c);
  }

  private static void fallback(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha,
      double beta) {
    INDArray product = Nd4j.gemm(a.castTo(c.dataType()), b.castTo(c.dataType()), transA, transB);
    if (beta == 0) {
      c.assign(product.muli(alpha));
    } else {
      c.muli(beta).addi(product.muli(alpha));
    }
  }

  /**
   * A pointer at the array's first element. A view's buffer is itself a view whose address
   * pointer already includes the view's offset (so {@code x.offset()} must not be added again).
   */
  static FloatPointer floats(INDArray x) {
    return new FloatPointer(address(x));
  }

  static DoublePointer doubles(INDArray x) {
    return new DoublePointer(address(x));
  }

  private static Pointer address(INDArray x) {
    return x.data().addressPointer();
  }

  private static void requireMatrix(String name, INDArray x) {
    if (x.rank() != 2) {
      throw new IllegalArgumentException("Blas.gemm: " + name + " is not a matrix; expected rank 2, found rank "
          + x.rank() + " " + shape(x));
    }
  }

  private static String shape(INDArray x) {
    return java.util.Arrays.toString(x.shape());
  }

  /** How BLAS can read a 2-D array in place: row-major with leading dimension ld, maybe transposed. */
  private record Layout(boolean transposed, long ld) {
    static Layout of(INDArray x) {
      long rows = x.size(0);
      long cols = x.size(1);
      long s0 = x.stride(0);
      long s1 = x.stride(1);
      if ((s1 == 1 || cols == 1) && (s0 >= Math.max(1, cols) || rows == 1)) {
        return new Layout(false, rows == 1 ? Math.max(1, cols) : s0);
      }
      if ((s0 == 1 || rows == 1) && (s1 >= Math.max(1, rows) || cols == 1)) {
        return new Layout(true, cols == 1 ? Math.max(1, rows) : s1);
      }
      return null;
    }
  }
}
