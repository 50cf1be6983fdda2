package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elementwise arithmetic of parameter updates ({@code alpha * a + beta * b}) as one Java loop
 * over the arrays' memory, into a new array from the {@link ArrayPool}.
 *
 * <p>Why: each ND4J elementwise op costs 30-250 us here and allocates; an SGD-momentum update is
 * three of them per parameter. The loops round like the ND4J op chain they replace (every
 * product and sum rounded to the array's type, scalars rounded to it first), so results are
 * bit-identical and the PyTorch trace parity is untouched. Arrays that are not dense c-order
 * float32/float64 of one type take the ND4J ops.
 */
@Internal
public final class Arith {
  private Arith() {}

  /** {@code alpha * a}, as ND4J's {@code a.mul(alpha)} computes it. */
  public static INDArray scaled(INDArray a, double alpha) {
    DataType type = a.dataType();
    if (!Memory.dense(type, a) || !floating(type) || a.isEmpty()) {
      return a.mul(alpha);
    }
    INDArray out = ArrayPool.uninitialized(type, a.shape());
    int n = (int) a.length();
    if (type == DataType.FLOAT) {
      FloatBuffer x = Memory.floats(a);
      FloatBuffer o = Memory.floats(out);
      float s = (float) alpha;
      for (int i = 0; i < n; i++) {
        o.put(i, s * x.get(i));
      }
    } else {
      DoubleBuffer x = Memory.doubles(a);
      DoubleBuffer o = Memory.doubles(out);
      for (int i = 0; i < n; i++) {
        o.put(i, alpha * x.get(i));
      }
    }
    Memory.keep(a, out);
    return out;
  }

  /** {@code a + b}, as ND4J's {@code a.add(b)} computes it for arrays of one shape. */
  public static INDArray sum(INDArray a, INDArray b) {
    return combine(a, 1, b, 1);
  }

  /**
   * {@code alpha * a + beta * b} for arrays of one shape, rounded as ND4J's
   * {@code a.mul(alpha).add(b.mul(beta))} (a factor of exactly 1 is skipped, which rounds the same).
   */
  public static INDArray combine(INDArray a, double alpha, INDArray b, double beta) {
    DataType type = a.dataType();
    if (!java.util.Arrays.equals(a.shape(), b.shape()) || !Memory.dense(type, a, b) || !floating(type)
        || a.isEmpty()) {
      INDArray x = alpha == 1 ? a : a.mul(alpha);
      return x.add(beta == 1 ? b : b.mul(beta));
    }
    INDArray out = ArrayPool.uninitialized(type, a.shape());
    int n = (int) a.length();
    if (type == DataType.FLOAT) {
      FloatBuffer x = Memory.floats(a);
      FloatBuffer y = Memory.floats(b);
      FloatBuffer o = Memory.floats(out);
      float sa = (float) alpha;
      float sb = (float) beta;
      if (alpha == 1 && beta == 1) {
        for (int i = 0; i < n; i++) {
          o.put(i, x.get(i) + y.get(i));
        }
      } else if (alpha == 1) {
        for (int i = 0; i < n; i++) {
          o.put(i, x.get(i) + sb * y.get(i));
        }
      } else {
        for (int i = 0; i < n; i++) {
          o.put(i, sa * x.get(i) + sb * y.get(i));
        }
      }
    } else {
      DoubleBuffer x = Memory.doubles(a);
      DoubleBuffer y = Memory.doubles(b);
      DoubleBuffer o = Memory.doubles(out);
      for (int i = 0; i < n; i++) {
        o.put(i, alpha * x.get(i) + beta * y.get(i));
      }
    }
    Memory.keep(a, b, out);
    return out;
  }

  private static boolean floating(DataType type) {
    return type == DataType.FLOAT || type == DataType.DOUBLE;
  }
}
