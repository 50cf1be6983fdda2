package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elementwise loops of curvature optimizers (K-FAC, APO-P) over the arrays' memory: a dot
 * product, a Hadamard product, the heavy-ball momentum step with its update and an Adam step
 * (APO's meta-optimizer), each one pass.
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

  /**
   * One Adam step in one pass, writing new arrays' worth of results into the outputs:
   * {@code mOut = beta1 m + (1-beta1) g}, {@code vOut = beta2 v + (1-beta2) g^2},
   * {@code paramOut = param - lr (mOut / correction1) / (sqrt(vOut / correction2) + eps)}, where the
   * corrections are {@code 1 - beta^t}. All arrays have one shape; outputs may alias inputs.
   */
  public static void adam(INDArray param, INDArray grad, INDArray m, INDArray v, double beta1, double beta2,
      double correction1, double correction2, double eps, double lr, INDArray paramOut, INDArray mOut,
      INDArray vOut) {
    for (INDArray x : new INDArray[] {grad, m, v, paramOut, mOut, vOut}) {
      requireSameShape("Elementwise.adam", "an operand", param, x);
    }
    DataType type = param.dataType();
    if (type != DataType.FLOAT && type != DataType.DOUBLE
        || !Memory.dense(type, param, grad, m, v, paramOut, mOut, vOut)) {
      INDArray mNew = m.castTo(type).mul(beta1).addi(grad.castTo(type).mul(1 - beta1));
      INDArray vNew = v.castTo(type).mul(beta2).addi(grad.castTo(type).mul(grad.castTo(type)).muli(1 - beta2));
      INDArray denominator = org.nd4j.linalg.ops.transforms.Transforms.sqrt(vNew.div(correction2), false).addi(eps);
      paramOut.assign(param.castTo(type).sub(mNew.div(correction1).divi(denominator).muli(lr)));
      mOut.assign(mNew);
      vOut.assign(vNew);
      return;
    }
    int n = (int) param.length();
    if (type == DataType.FLOAT) {
      FloatBuffer p = Memory.floats(param);
      FloatBuffer g = Memory.floats(grad);
      FloatBuffer mb = Memory.floats(m);
      FloatBuffer vb = Memory.floats(v);
      FloatBuffer po = Memory.floats(paramOut);
      FloatBuffer mo = Memory.floats(mOut);
      FloatBuffer vo = Memory.floats(vOut);
      for (int i = 0; i < n; i++) {
        double gi = g.get(i);
        float mi = (float) (beta1 * mb.get(i) + (1 - beta1) * gi);
        float vi = (float) (beta2 * vb.get(i) + (1 - beta2) * gi * gi);
        po.put(i, (float) (p.get(i) - lr * (mi / correction1) / (Math.sqrt(vi / correction2) + eps)));
        mo.put(i, mi);
        vo.put(i, vi);
      }
    } else {
      DoubleBuffer p = Memory.doubles(param);
      DoubleBuffer g = Memory.doubles(grad);
      DoubleBuffer mb = Memory.doubles(m);
      DoubleBuffer vb = Memory.doubles(v);
      DoubleBuffer po = Memory.doubles(paramOut);
      DoubleBuffer mo = Memory.doubles(mOut);
      DoubleBuffer vo = Memory.doubles(vOut);
      for (int i = 0; i < n; i++) {
        double gi = g.get(i);
        double mi = mb.get(i) * beta1 + gi * (1 - beta1);
        double vi = vb.get(i) * beta2 + gi * gi * (1 - beta2);
        po.put(i, p.get(i) - mi / correction1 / (Math.sqrt(vi / correction2) + eps) * lr);
        mo.put(i, mi);
        vo.put(i, vi);
      }
    }
    Memory.keep(param, grad, m, v, paramOut, mOut, vOut);
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
