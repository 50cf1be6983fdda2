package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.api.kernels.Parallel;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Add, Sub, Mul and Div of two float32/float64 arrays with numpy broadcasting, as one Java loop
 * that reads each operand through broadcast strides (0 along broadcast axes) and writes a new
 * array from the {@link ArrayPool}.
 *
 * <p>Why: materialising a broadcast operand (ND4J {@code broadcast} + {@code dup}) and then
 * running an ND4J op cost ~24% of a transformer step; this reads the small operand in place.
 * Each element is one IEEE operation in the arrays' type, as ND4J's op computes it.
 */
final class BroadcastArith {
  /** The four arithmetic operators. */
  enum Kind { ADD, SUB, MUL, DIV }

  /** Elements per parallel block ({@link Parallel}). */
  private static final int BLOCK = 1 << 14;

  private BroadcastArith() {}

  /** Whether {@link #apply} takes these operands (same float type, FLOAT or DOUBLE). */
  static boolean supports(INDArray a, INDArray b) {
    DataType t = a.dataType();
    return (t == DataType.FLOAT || t == DataType.DOUBLE) && b.dataType() == t && !a.isEmpty() && !b.isEmpty();
  }

  /** {@code a (op) b} over {@code shape}, the broadcast shape of the two. */
  static INDArray apply(Kind kind, INDArray a, INDArray b, long[] shape) {
    INDArray x = Tensors.contiguous(a);
    INDArray y = Tensors.contiguous(b);
    int rank = shape.length;
    long[] sa = strides(x.shape(), shape);
    long[] sb = strides(y.shape(), shape);
    INDArray out = ArrayPool.uninitialized(x.dataType(), shape);
    int inner = rank == 0 ? 1 : (int) shape[rank - 1];
    long ia = rank == 0 ? 0 : sa[rank - 1];
    long ib = rank == 0 ? 0 : sb[rank - 1];
    long total = Tensors.size(shape);
    boolean isFloat = x.dataType() == DataType.FLOAT;
    // float32: operands and result on the heap (bulk copies), where the row loops vectorise; the
    // per-element NIO calls with strides did not, and short rows (attention, LayerNorm) paid most
    float[] ha = isFloat ? heap(x) : null;
    float[] hb = isFloat ? heap(y) : null;
    float[] ho = isFloat ? new float[(int) total] : null;
    DoubleBuffer da = isFloat ? null : FastBuffers.doubles(x);
    DoubleBuffer db = isFloat ? null : FastBuffers.doubles(y);
    DoubleBuffer dout = isFloat ? null : FastBuffers.doubles(out);
    long rows = total / Math.max(inner, 1);
    int rowsPerBlock = (int) Math.max(1, BLOCK / Math.max(inner, 1));
    // blocks of whole rows in parallel: each element is computed alone, so the split changes nothing
    Parallel.forEach(total == 0 ? 0 : Parallel.blocks(rows, rowsPerBlock), block -> {
      long first = (long) block * rowsPerBlock;
      long last = Math.min(rows, first + rowsPerBlock);
      long[] index = new long[Math.max(rank - 1, 0)];
      long offA = 0;
      long offB = 0;
      // the odometer at row `first`
      long r = first;
      for (int d = rank - 2; d >= 0; d--) {
        index[d] = r % shape[d];
        r /= shape[d];
        offA += index[d] * sa[d];
        offB += index[d] * sb[d];
      }
      for (long row = first; row < last; row++) {
        int start = (int) (row * inner);
        if (isFloat) {
          rowFloat(kind, ha, (int) offA, (int) ia, hb, (int) offB, (int) ib, ho, start, inner);
        } else {
          rowDouble(kind, da, (int) offA, (int) ia, db, (int) offB, (int) ib, dout, start, inner);
        }
        // advance the odometer over the outer axes
        for (int d = rank - 2; d >= 0; d--) {
          index[d]++;
          offA += sa[d];
          offB += sb[d];
          if (index[d] < shape[d]) {
            break;
          }
          offA -= sa[d] * shape[d];
          offB -= sb[d] * shape[d];
          index[d] = 0;
        }
      }
    });
    if (isFloat) {
      FastBuffers.floats(out).put(0, ho);
    }
    FastBuffers.keep(x, y, out);
    return out;
  }

  private static float[] heap(INDArray a) {
    float[] h = new float[(int) a.length()];
    FastBuffers.floats(a).get(0, h);
    return h;
  }

  /**
   * Sums {@code g} over the axes along which {@code shape} broadcasts to g's shape (the gradient
   * of a broadcast operand), accumulating in double and rounding once. {@code shape} must
   * broadcast to {@code g}'s shape.
   */
  static INDArray reduceTo(INDArray g, long[] shape) {
    INDArray x = Tensors.contiguous(g);
    long[] gs = x.shape();
    int rank = gs.length;
    long[] so = strides(shape, gs);
    double[] acc = new double[(int) Tensors.size(shape)];
    int inner = rank == 0 ? 1 : (int) gs[rank - 1];
    long io = rank == 0 ? 0 : so[rank - 1];
    long total = Tensors.size(gs);
    long[] index = new long[Math.max(rank - 1, 0)];
    long off = 0;
    boolean isFloat = x.dataType() == DataType.FLOAT;
    // the whole gradient on the heap first (bulk copy): loops over arrays run far faster than NIO calls
    float[] vf = isFloat ? heap(x) : null;
    double[] vd = isFloat ? null : new double[(int) total];
    if (!isFloat) {
      FastBuffers.doubles(x).get(0, vd);
    }
    for (long start = 0; start < total; start += inner) {
      int base = (int) start;
      int o = (int) off;
      if (io == 0) {
        double sum = 0;
        for (int j = 0; j < inner; j++) {
          sum += isFloat ? vf[base + j] : vd[base + j];
        }
        acc[o] += sum;
      } else if (isFloat) {
        for (int j = 0; j < inner; j++) {
          acc[o + j] += vf[base + j];
        }
      } else {
        for (int j = 0; j < inner; j++) {
          acc[o + j] += vd[base + j];
        }
      }
      for (int d = rank - 2; d >= 0; d--) {
        index[d]++;
        off += so[d];
        if (index[d] < gs[d]) {
          break;
        }
        off -= so[d] * gs[d];
        index[d] = 0;
      }
    }
    FastBuffers.keep(x);
    return Tensors.create(acc, shape, x.dataType());
  }

  /** Negates {@code x} in place (an array {@link #apply} returned) and returns it. */
  static INDArray negate(INDArray x) {
    int n = (int) x.length();
    if (x.dataType() == DataType.FLOAT) {
      FloatBuffer b = FastBuffers.floats(x);
      for (int i = 0; i < n; i++) {
        b.put(i, -b.get(i));
      }
    } else {
      DoubleBuffer b = FastBuffers.doubles(x);
      for (int i = 0; i < n; i++) {
        b.put(i, -b.get(i));
      }
    }
    FastBuffers.keep(x);
    return x;
  }

  private static void rowFloat(Kind kind, float[] a, int offA, int sa, float[] b, int offB, int sb, float[] out,
      int offOut, int n) {
    if (sa == 1 && sb == 1) {
      switch (kind) {
        case ADD -> { for (int j = 0; j < n; j++) out[offOut + j] = a[offA + j] + b[offB + j]; }
        case SUB -> { for (int j = 0; j < n; j++) out[offOut + j] = a[offA + j] - b[offB + j]; }
        case MUL -> { for (int j = 0; j < n; j++) out[offOut + j] = a[offA + j] * b[offB + j]; }
        case DIV -> { for (int j = 0; j < n; j++) out[offOut + j] = a[offA + j] / b[offB + j]; }
        default -> throw new IllegalStateException(kind.toString());
      }
    } else if (sa == 1 && sb == 0) {
      float v = b[offB];
      switch (kind) {
        case ADD -> { for (int j = 0; j < n; j++) out[offOut + j] = a[offA + j] + v; }
        case SUB -> { for (int j = 0; j < n; j++) out[offOut + j] = a[offA + j] - v; }
        case MUL -> { for (int j = 0; j < n; j++) out[offOut + j] = a[offA + j] * v; }
        case DIV -> { for (int j = 0; j < n; j++) out[offOut + j] = a[offA + j] / v; }
        default -> throw new IllegalStateException(kind.toString());
      }
    } else if (sa == 0 && sb == 1) {
      float u = a[offA];
      switch (kind) {
        case ADD -> { for (int j = 0; j < n; j++) out[offOut + j] = u + b[offB + j]; }
        case SUB -> { for (int j = 0; j < n; j++) out[offOut + j] = u - b[offB + j]; }
        case MUL -> { for (int j = 0; j < n; j++) out[offOut + j] = u * b[offB + j]; }
        case DIV -> { for (int j = 0; j < n; j++) out[offOut + j] = u / b[offB + j]; }
        default -> throw new IllegalStateException(kind.toString());
      }
    } else {
      for (int j = 0; j < n; j++) {
        float u = a[offA + j * sa];
        float v = b[offB + j * sb];
        out[offOut + j] = switch (kind) {
          case ADD -> u + v;
          case SUB -> u - v;
          case MUL -> u * v;
          case DIV -> u / v;
        };
      }
    }
  }

  private static void rowDouble(Kind kind, DoubleBuffer a, int offA, int sa, DoubleBuffer b, int offB, int sb,
      DoubleBuffer out, int offOut, int n) {
    for (int j = 0; j < n; j++) {
      double x = a.get(offA + j * sa);
      double y = b.get(offB + j * sb);
      out.put(offOut + j, switch (kind) {
        case ADD -> x + y;
        case SUB -> x - y;
        case MUL -> x * y;
        case DIV -> x / y;
      });
    }
  }

  /** C-order strides of {@code s} aligned right against {@code shape}, 0 along broadcast axes. */
  private static long[] strides(long[] s, long[] shape) {
    long[] out = new long[shape.length];
    long stride = 1;
    for (int i = s.length - 1; i >= 0; i--) {
      int d = shape.length - s.length + i;
      out[d] = s[i] == 1 ? 0 : stride;
      stride *= s[i];
    }
    return out;
  }
}
