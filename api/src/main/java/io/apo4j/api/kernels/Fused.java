package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Fused elementwise steps of dense layers (bias + ReLU forward, ReLU backward, bias gradient) as
 * single Java loops over the arrays' memory.
 *
 * <p>Why: each ND4J elementwise op costs ~20 us of dispatch plus a full pass over memory; on a
 * 128x256 activation the fused loop is several times faster than ND4J's bias-add followed by
 * ReLU (platform notes). Outputs may alias inputs (in-place use). Arrays that are not dense
 * c-order float32/float64 of one type take an ND4J path with the same result.
 */
@Internal
public final class Fused {
  private Fused() {}

  /**
   * {@code out[i, j] = z[i, j] + bias[j]}, then ReLU when {@code relu}; {@code z} and {@code out}
   * are [rows, cols], {@code bias} has cols elements; {@code out} may be {@code z}.
   */
  public static void biasActivation(INDArray z, INDArray bias, boolean relu, INDArray out) {
    long cols = z.size(z.rank() - 1);
    requireSame("Fused.biasActivation", "out", z, out);
    if (bias.length() != cols) {
      throw new IllegalArgumentException("Fused.biasActivation: bias does not fit; expected " + cols
          + " elements, found " + bias.length());
    }
    DataType type = z.dataType();
    if (!Memory.dense(type, z, bias, out) || type != DataType.FLOAT && type != DataType.DOUBLE) {
      INDArray sum = z.reshape(z.length() / cols, cols).addRowVector(bias.reshape(1, cols));
      out.assign(relu ? Transforms.relu(sum, false) : sum);
      return;
    }
    int n = (int) cols;
    int total = (int) z.length();
    if (type == DataType.FLOAT) {
      FloatBuffer zb = Memory.floats(z);
      FloatBuffer bb = Memory.floats(bias);
      FloatBuffer ob = Memory.floats(out);
      float[] b = new float[n];
      bb.get(0, b);
      for (int row = 0; row < total; row += n) {
        for (int j = 0; j < n; j++) {
          float v = zb.get(row + j) + b[j];
          ob.put(row + j, relu && v < 0f ? 0f : v);
        }
      }
    } else {
      DoubleBuffer zb = Memory.doubles(z);
      DoubleBuffer bb = Memory.doubles(bias);
      DoubleBuffer ob = Memory.doubles(out);
      double[] b = new double[n];
      bb.get(0, b);
      for (int row = 0; row < total; row += n) {
        for (int j = 0; j < n; j++) {
          double v = zb.get(row + j) + b[j];
          ob.put(row + j, relu && v < 0 ? 0 : v);
        }
      }
    }
    Memory.keep(z, bias, out);
  }

  /**
   * ReLU backward from the layer's output: {@code gradIn = activation > 0 ? gradOut : 0}; all
   * three have one shape and {@code gradIn} may be {@code gradOut}.
   */
  public static void reluBackward(INDArray gradOut, INDArray activation, INDArray gradIn) {
    requireSame("Fused.reluBackward", "activation", gradOut, activation);
    requireSame("Fused.reluBackward", "gradIn", gradOut, gradIn);
    DataType type = gradOut.dataType();
    if (!Memory.dense(type, gradOut, activation, gradIn) || type != DataType.FLOAT && type != DataType.DOUBLE) {
      gradIn.assign(gradOut.mul(activation.gt(0).castTo(type)));
      return;
    }
    int total = (int) gradOut.length();
    if (type == DataType.FLOAT) {
      FloatBuffer g = Memory.floats(gradOut);
      FloatBuffer a = Memory.floats(activation);
      FloatBuffer o = Memory.floats(gradIn);
      for (int i = 0; i < total; i++) {
        o.put(i, a.get(i) > 0f ? g.get(i) : 0f);
      }
    } else {
      DoubleBuffer g = Memory.doubles(gradOut);
      DoubleBuffer a = Memory.doubles(activation);
      DoubleBuffer o = Memory.doubles(gradIn);
      for (int i = 0; i < total; i++) {
        o.put(i, a.get(i) > 0 ? g.get(i) : 0);
      }
    }
    Memory.keep(gradOut, activation, gradIn);
  }

  /** {@code out[j] = sum_i grad[i, j]}: the bias gradient of a dense layer; out has cols elements. */
  public static void columnSums(INDArray grad, INDArray out) {
    long cols = grad.size(grad.rank() - 1);
    if (out.length() != cols) {
      throw new IllegalArgumentException("Fused.columnSums: out does not fit; expected " + cols
          + " elements, found " + out.length());
    }
    DataType type = grad.dataType();
    if (!Memory.dense(type, grad, out) || type != DataType.FLOAT && type != DataType.DOUBLE) {
      out.assign(grad.reshape(grad.length() / cols, cols).sum(0).reshape(out.shape()));
      return;
    }
    int n = (int) cols;
    int total = (int) grad.length();
    if (type == DataType.FLOAT) {
      // accumulate in double, round once: a float running sum over the batch drifts from the
      // reference (torch) by enough to break 200-step float32 trace parity
      FloatBuffer g = Memory.floats(grad);
      double[] acc = new double[n];
      for (int row = 0; row < total; row += n) {
        for (int j = 0; j < n; j++) {
          acc[j] += g.get(row + j);
        }
      }
      FloatBuffer o = Memory.floats(out);
      for (int j = 0; j < n; j++) {
        o.put(j, (float) acc[j]);
      }
    } else {
      DoubleBuffer g = Memory.doubles(grad);
      double[] acc = new double[n];
      for (int row = 0; row < total; row += n) {
        for (int j = 0; j < n; j++) {
          acc[j] += g.get(row + j);
        }
      }
      Memory.doubles(out).put(0, acc);
    }
    Memory.keep(grad, out);
  }

  /**
   * Mean softmax cross-entropy of {@code logits} [n, classes] against class indices
   * {@code labels} (n numbers), writing its gradient {@code (softmax - onehot) / n} into
   * {@code grad} (same shape as logits; may be {@code logits}). Returns the loss.
   */
  public static double softmaxCrossEntropy(INDArray logits, INDArray labels, INDArray grad) {
    requireSame("Fused.softmaxCrossEntropy", "grad", logits, grad);
    int n = (int) logits.size(0);
    int k = (int) logits.size(1);
    if (logits.rank() != 2 || labels.length() != n) {
      throw new IllegalArgumentException("Fused.softmaxCrossEntropy: labels do not fit; expected " + n
          + " class indices for logits " + java.util.Arrays.toString(logits.shape()) + ", found "
          + labels.length());
    }
    double[] l = toDoubles(logits);
    double[] y = toDoubles(labels);
    double[] g = new double[n * k];
    double loss = 0;
    for (int i = 0; i < n; i++) {
      int label = (int) y[i];
      if (label < 0 || label >= k || label != y[i]) {
        throw new IllegalArgumentException("Fused.softmaxCrossEntropy: label of row " + i + " is not a class index;"
            + " expected an integer in [0, " + k + "), found " + y[i]);
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, l[i * k + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        double e = Math.exp(l[i * k + j] - max);
        g[i * k + j] = e;
        sum += e;
      }
      loss += Math.log(sum) + max - l[i * k + label];
      for (int j = 0; j < k; j++) {
        g[i * k + j] = (g[i * k + j] / sum - (j == label ? 1 : 0)) / n;
      }
    }
    if (Memory.dense(grad) && grad.dataType() == DataType.FLOAT) {
      FloatBuffer out = Memory.floats(grad);
      for (int i = 0; i < g.length; i++) {
        out.put(i, (float) g[i]);
      }
    } else {
      grad.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(g).reshape(n, k).castTo(grad.dataType()));
    }
    Memory.keep(grad);
    return loss / n;
  }

  /** The sum of squares of every element, accumulated in double (for global gradient norms). */
  public static double sumOfSquares(INDArray x) {
    if (Memory.dense(DataType.FLOAT, x) && !x.isEmpty()) {
      // OpenBLAS's float dot with double accumulation: vectorised, ~3x the Java loop
      double sum = openblas_nolapack.cblas_dsdot((int) x.length(), Blas.floats(x), 1, Blas.floats(x), 1);
      Memory.keep(x);
      return sum;
    }
    if (Memory.dense(DataType.DOUBLE, x)) {
      DoubleBuffer b = Memory.doubles(x);
      double sum = 0;
      for (int i = 0, n = (int) x.length(); i < n; i++) {
        double v = b.get(i);
        sum += v * v;
      }
      Memory.keep(x);
      return sum;
    }
    double norm = x.norm2Number().doubleValue();
    return norm * norm;
  }

  /** The elements in c order as doubles, read straight from memory when the array is dense. */
  static double[] toDoubles(INDArray x) {
    double[] out = new double[(int) x.length()];
    if (Memory.dense(DataType.FLOAT, x)) {
      FloatBuffer b = Memory.floats(x);
      for (int i = 0; i < out.length; i++) {
        out[i] = b.get(i);
      }
      Memory.keep(x);
      return out;
    }
    if (Memory.dense(DataType.DOUBLE, x)) {
      Memory.doubles(x).get(0, out);
      Memory.keep(x);
      return out;
    }
    return x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static void requireSame(String where, String name, INDArray reference, INDArray x) {
    if (!java.util.Arrays.equals(reference.shape(), x.shape()) || reference.dataType() != x.dataType()) {
      throw new IllegalArgumentException(where + ": " + name + " does not fit; expected " + reference.dataType()
          + java.util.Arrays.toString(reference.shape()) + ", found " + x.dataType()
          + java.util.Arrays.toString(x.shape()));
    }
  }

}
