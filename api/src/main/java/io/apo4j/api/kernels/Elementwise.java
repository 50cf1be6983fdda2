package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elementwise loops of curvature optimizers (K-FAC, APO-P) over the arrays' memory: a dot
 * product, a Hadamard product and the heavy-ball momentum step with its update, each one pass.
 *
 * <p>Why: an ND4J op costs ~20-250 us of dispatch and allocation here, and the momentum step of a
 * preconditioned parameter is four of them (scale, add decay, add momentum, times -lr). Arrays
 * that are not dense c-order float32/float64 of one type take an ND4J path with the same result.
 */
@Internal
public final class Elementwise {
  private Elementwise() {}

  /** {@code sum_i x_i y_i} over two arrays of one shape, accumulated in double. */
  public static double dot(INDArray x, INDArray y) {
    requireSameShape("Elementwise.dot", "y", x, y);
    if (Memory.dense(DataType.FLOAT, x, y)) {
      FloatBuffer a = Memory.floats(x);
      FloatBuffer b = Memory.floats(y);
      double sum = 0;
      for (int i = 0, n = (int) x.length(); i < n; i++) {
        sum += (double) a.get(i) * b.get(i);
      }
      Memory.keep(x, y);
      return sum;
    }
    if (Memory.dense(DataType.DOUBLE, x, y)) {
      DoubleBuffer a = Memory.doubles(x);
      DoubleBuffer b = Memory.doubles(y);
      double sum = 0;
      for (int i = 0, n = (int) x.length(); i < n; i++) {
        sum += a.get(i) * b.get(i);
      }
      Memory.keep(x, y);
      return sum;
    }
    return x.castTo(DataType.DOUBLE).mul(y.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
  }

  /** {@code out = x .* y} over arrays of one shape; {@code out} may be {@code x} or {@code y}. */
  public static void multiply(INDArray x, INDArray y, INDArray out) {
    requireSameShape("Elementwise.multiply", "y", x, y);
    requireSameShape("Elementwise.multiply", "out", x, out);
    int n = (int) x.length();
    if (Memory.dense(DataType.FLOAT, x, y, out)) {
      FloatBuffer a = Memory.floats(x);
      FloatBuffer b = Memory.floats(y);
      FloatBuffer o = Memory.floats(out);
      for (int i = 0; i < n; i++) {
        o.put(i, a.get(i) * b.get(i));
      }
    } else if (Memory.dense(DataType.DOUBLE, x, y, out)) {
      DoubleBuffer a = Memory.doubles(x);
      DoubleBuffer b = Memory.doubles(y);
      DoubleBuffer o = Memory.doubles(out);
      for (int i = 0; i < n; i++) {
        o.put(i, a.get(i) * b.get(i));
      }
    } else {
      out.assign(x.castTo(out.dataType()).mul(y.castTo(out.dataType())));
      return;
    }
    Memory.keep(x, y, out);
  }

  /**
   * The heavy-ball step of one parameter in one pass:
   * {@code velocityOut = momentum * velocity + (scale * direction + decay * param)} and, when
   * {@code updateOut} is not null, {@code updateOut = -lr * velocityOut}. All arrays have one shape;
   * {@code velocity} may be null when {@code momentum == 0}, {@code param} when {@code decay == 0};
   * outputs may alias inputs.
   */
  public static void heavyBall(INDArray velocity, double momentum, INDArray direction, double scale, INDArray param,
      double decay, INDArray velocityOut, double lr, INDArray updateOut) {
    INDArray v = momentum == 0 ? null : velocity;
    INDArray p = decay == 0 ? null : param;
    requireSameShape("Elementwise.heavyBall", "direction", velocityOut, direction);
    for (INDArray x : new INDArray[] {v, p, updateOut}) {
      if (x != null) {
        requireSameShape("Elementwise.heavyBall", "an operand", velocityOut, x);
      }
    }
    DataType type = velocityOut.dataType();
    boolean floats = type == DataType.FLOAT;
    if (!(floats || type == DataType.DOUBLE) || !Memory.dense(type, direction, velocityOut)
        || v != null && !Memory.dense(type, v) || p != null && !Memory.dense(type, p)
        || updateOut != null && !Memory.dense(type, updateOut)) {
      INDArray sum = direction.castTo(type).mul(scale);
      if (p != null) {
        sum.addi(p.castTo(type).mul(decay));
      }
      if (v != null) {
        sum = v.castTo(type).mul(momentum).addi(sum);
      }
      velocityOut.assign(sum);
      if (updateOut != null) {
        updateOut.assign(sum.mul(-lr));
      }
      return;
    }
    int n = (int) velocityOut.length();
    if (floats) {
      floatHeavyBall(n, v == null ? null : Memory.floats(v), (float) momentum, Memory.floats(direction), (float) scale,
          p == null ? null : Memory.floats(p), (float) decay, Memory.floats(velocityOut), (float) -lr,
          updateOut == null ? null : Memory.floats(updateOut));
    } else {
      DoubleBuffer vb = v == null ? null : Memory.doubles(v);
      DoubleBuffer d = Memory.doubles(direction);
      DoubleBuffer pb = p == null ? null : Memory.doubles(p);
      DoubleBuffer o = Memory.doubles(velocityOut);
      DoubleBuffer u = updateOut == null ? null : Memory.doubles(updateOut);
      for (int i = 0; i < n; i++) {
        double s = scale * d.get(i);
        if (pb != null) {
          s += decay * pb.get(i);
        }
        if (vb != null) {
          s = momentum * vb.get(i) + s;
        }
        o.put(i, s);
        if (u != null) {
          u.put(i, -lr * s);
        }
      }
    }
    Memory.keep(velocity, direction, param, velocityOut, updateOut);
  }

  private static void floatHeavyBall(int n, FloatBuffer v, float momentum, FloatBuffer d, float scale, FloatBuffer p,
      float decay, FloatBuffer o, float negLr, FloatBuffer u) {
    for (int i = 0; i < n; i++) {
      float s = scale * d.get(i);
      if (p != null) {
        s += decay * p.get(i);
      }
      if (v != null) {
        s = momentum * v.get(i) + s;
      }
      o.put(i, s);
      if (u != null) {
        u.put(i, negLr * s);
      }
    }
  }

  private static void requireSameShape(String where, String name, INDArray reference, INDArray x) {
    if (x.length() != reference.length() || !java.util.Arrays.equals(reference.shape(), x.shape())) {
      throw new IllegalArgumentException(where + ": " + name + " does not fit; expected shape "
          + java.util.Arrays.toString(reference.shape()) + ", found " + java.util.Arrays.toString(x.shape()));
    }
  }
}
