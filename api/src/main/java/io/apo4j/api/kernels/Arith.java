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
  /** Elements per parallel block of the Adam loop ({@link Parallel}). */
  private static final int ADAM_BLOCK = 1 << 15;

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

  /** The arrays of one Adam step: new moments, new running maximum (amsgrad, else null), direction. */
  public record AdamArrays(INDArray m, INDArray v, INDArray vmax, INDArray direction) {}

  /**
   * One Adam (or AdamW) direction per parameter in one pass, rounded as the ND4J chain of the
   * sgd-plugin's javadoc formula computes it in the arrays' type:
   * {@code g' = g + l2 * p}; {@code m' = beta1 m + (1-beta1) g'}; {@code v' = beta2 v + (g' g') (1-beta2)};
   * {@code s = amsgrad ? max(vmax, v') : v'}; {@code d = m' / (sqrt(s) / c2 + eps) / c1}
   * {@code + decoupled * p}, where c1 = 1 - beta1^t and c2 = sqrt(1 - beta2^t).
   *
   * @param param read only when {@code l2} or {@code decoupled} is not 0
   * @param vmax the running maximum of v (amsgrad), or null
   */
  public static AdamArrays adam(INDArray grad, INDArray param, INDArray m, INDArray v, INDArray vmax, double beta1,
      double beta2, double c1, double c2, double eps, double l2, double decoupled) {
    DataType type = grad.dataType();
    boolean dense = floating(type) && !grad.isEmpty() && Memory.dense(type, grad, m, v)
        && (vmax == null || Memory.dense(type, vmax)) && (l2 == 0 && decoupled == 0 || Memory.dense(type, param))
        && java.util.Arrays.equals(grad.shape(), m.shape()) && java.util.Arrays.equals(grad.shape(), v.shape());
    if (!dense) {
      return adamNd4j(grad, param, m, v, vmax, beta1, beta2, c1, c2, eps, l2, decoupled);
    }
    INDArray mOut = ArrayPool.uninitialized(type, grad.shape());
    INDArray vOut = ArrayPool.uninitialized(type, grad.shape());
    INDArray maxOut = vmax == null ? null : ArrayPool.uninitialized(type, grad.shape());
    INDArray d = ArrayPool.uninitialized(type, grad.shape());
    int n = (int) grad.length();
    double[] s = {beta1, beta2, c1, c2, eps, l2, decoupled};
    // blocks of whole elements in parallel (each element is computed alone: the split changes nothing)
    Parallel.forEach(Parallel.blocks(n, ADAM_BLOCK), b -> {
      int from = b * ADAM_BLOCK;
      int to = Math.min(n, from + ADAM_BLOCK);
      if (type == DataType.FLOAT) {
        AdamLoops.floats(Memory.floats(grad), param == null ? null : Memory.floats(param), Memory.floats(m),
            Memory.floats(v), vmax == null ? null : Memory.floats(vmax), Memory.floats(mOut), Memory.floats(vOut),
            maxOut == null ? null : Memory.floats(maxOut), Memory.floats(d), from, to, s);
      } else {
        AdamLoops.doubles(Memory.doubles(grad), param == null ? null : Memory.doubles(param), Memory.doubles(m),
            Memory.doubles(v), vmax == null ? null : Memory.doubles(vmax), Memory.doubles(mOut), Memory.doubles(vOut),
            maxOut == null ? null : Memory.doubles(maxOut), Memory.doubles(d), from, to, s);
      }
    });
    Memory.keep(grad, param, m, v, vmax, mOut, vOut, maxOut, d);
    return new AdamArrays(mOut, vOut, maxOut, d);
  }

  private static AdamArrays adamNd4j(INDArray grad, INDArray param, INDArray m, INDArray v, INDArray vmax,
      double beta1, double beta2, double c1, double c2, double eps, double l2, double decoupled) {
    INDArray g = l2 == 0 ? grad : grad.add(param.mul(l2));
    INDArray mt = m.mul(beta1).addi(g.mul(1 - beta1));
    INDArray vt = v.mul(beta2).addi(g.mul(g).muli(1 - beta2));
    INDArray second = vmax == null ? vt : org.nd4j.linalg.ops.transforms.Transforms.max(vmax, vt, true);
    INDArray denom = org.nd4j.linalg.ops.transforms.Transforms.sqrt(second, true).divi(c2).addi(eps);
    INDArray d = mt.div(denom).divi(c1);
    if (decoupled != 0) {
      d.addi(param.mul(decoupled));
    }
    return new AdamArrays(mt, vt, vmax == null ? null : second, d);
  }

  private static boolean floating(DataType type) {
    return type == DataType.FLOAT || type == DataType.DOUBLE;
  }
}
