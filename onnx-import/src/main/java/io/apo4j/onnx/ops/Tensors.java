package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small array helpers shared by the ops: contiguous data, broadcasting, reduction to a shape. */
public final class Tensors {
  /** Tensors computed at run time may not exceed this many elements (a guard against absurd shapes). */
  public static final long MAX_ELEMENTS = 1L << 30;

  private Tensors() {}

  /** {@code a} itself (a view included) when it covers its whole buffer in c order, else a c-ordered copy. */
  public static INDArray contiguous(INDArray a) {
    // A reshaped view (Flatten before a Gemm) covers its whole buffer in c order: copying it would
    // cost an allocation and a pass over the batch every step for nothing.
    if (coversBuffer(a)) {
      return a;
    }
    return a.dup('c');
  }

  /** Whether {@code a}'s elements fill its whole buffer in c order (reshaped views included). */
  static boolean coversBuffer(INDArray a) {
    return a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length() && hasCStrides(a);
  }

  private static boolean hasCStrides(INDArray a) {
    long expected = 1;
    for (int d = a.rank() - 1; d >= 0; d--) {
      if (a.size(d) != 1 && a.stride(d) != expected) {
        return false;
      }
      expected *= a.size(d);
    }
    return true;
  }

  /** The elements of {@code a} in c order, as doubles. */
  public static double[] values(INDArray a) {
    if (a.isEmpty()) {
      return new double[0];
    }
    INDArray c = contiguous(a);
    if (FastBuffers.supported(c)) {
      // one bulk copy through the NIO view: DataBuffer.asDouble reads element by element
      double[] out = new double[(int) c.length()];
      if (c.dataType() == DataType.FLOAT) {
        float[] f = new float[out.length];
        FastBuffers.floats(c).get(0, f);
        for (int i = 0; i < f.length; i++) {
          out[i] = f[i];
        }
      } else {
        FastBuffers.doubles(c).get(0, out);
      }
      FastBuffers.keep(c);
      return out;
    }
    return c.data().asDouble();
  }

  /** The elements of an integer (or any) tensor in c order, as longs. */
  public static long[] longs(INDArray a) {
    if (a.isEmpty()) {
      return new long[0];
    }
    INDArray c = contiguous(a);
    return c.dataType().isFPType() ? Arrays.stream(c.data().asDouble()).mapToLong(d -> (long) d).toArray()
        : c.data().asLong();
  }

  /** A new array of {@code type} holding {@code values} in c order. */
  public static INDArray create(double[] values, long[] shape, DataType type) {
    checkSize(shape);
    if (values.length == 0) {
      return Nd4j.create(type, shape);
    }
    if (type == DataType.LONG || type == DataType.INT || type == DataType.UINT64) {
      long[] v = new long[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = (long) values[i];
      }
      INDArray a = Nd4j.createFromArray(v).reshape('c', shape);
      return type == DataType.LONG ? a : a.castTo(type);
    }
    if (type == DataType.BOOL) {
      boolean[] v = new boolean[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = values[i] != 0;
      }
      return Nd4j.createFromArray(v).reshape('c', shape);
    }
    if (type == DataType.FLOAT) {
      // a Java narrowing loop is much cheaper than ND4J's element-wise buffer conversion
      float[] v = new float[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) values[i];
      }
      INDArray out = ArrayPool.uninitialized(DataType.FLOAT, shape);
      FastBuffers.floats(out).put(0, v); // bulk: Nd4j.create(float[]) puts element by element
      FastBuffers.keep(out);
      return out;
    }
    if (type == DataType.DOUBLE) {
      INDArray out = ArrayPool.uninitialized(DataType.DOUBLE, shape);
      FastBuffers.doubles(out).put(0, values);
      FastBuffers.keep(out);
      return out;
    }
    return Nd4j.create(values, shape, type);
  }

  /** The product of {@code shape[from..to)}: the outer (before an axis) or inner (after it) size. */
  public static long size(long[] shape, int from, int to) {
    long n = 1;
    for (int d = from; d < to; d++) {
      n *= shape[d];
    }
    return n;
  }

  /** An int64 vector. */
  public static INDArray longVector(long... values) {
    return Nd4j.createFromArray(values);
  }

  public static long size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Refuses shapes with negative dimensions or more than {@link #MAX_ELEMENTS} elements. */
  public static void checkSize(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0 || (d > 0 && n > MAX_ELEMENTS / d)) {
        throw new OpException("shape " + Arrays.toString(shape) + " is negative or too large; expected at most "
            + MAX_ELEMENTS + " elements");
      }
      n *= d;
    }
  }

  /** Numpy broadcasting of two shapes; throws naming both when they do not broadcast. */
  public static long[] broadcastShape(long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new OpException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
            + " do not broadcast; expected equal dimensions or 1 at axis " + i);
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** {@code a} broadcast to {@code shape} as a materialised c-ordered array ({@code a} itself if equal). */
  public static INDArray expand(INDArray a, long[] shape) {
    if (Arrays.equals(a.shape(), shape)) {
      return a;
    }
    long[] padded = new long[shape.length];
    Arrays.fill(padded, 1);
    long[] s = a.shape();
    System.arraycopy(s, 0, padded, shape.length - s.length, s.length);
    if (Tensors.size(shape) == 0) {
      return Nd4j.create(a.dataType(), shape);
    }
    INDArray r = a.rank() == 0 ? a.reshape(padded) : contiguous(a).reshape('c', padded);
    return r.broadcast(shape).dup('c');
  }

  /** Sums {@code g} over the axes along which {@code shape} was broadcast, giving an array of {@code shape}. */
  public static INDArray reduceTo(INDArray g, long[] shape) {
    long[] gs = g.shape();
    if (Arrays.equals(gs, shape)) {
      return g;
    }
    if (BroadcastArith.supports(g, g) && shape.length <= gs.length && size(shape) > 0) {
      return BroadcastArith.reduceTo(g, shape);
    }
    int lead = gs.length - shape.length;
    int[] axes = java.util.stream.IntStream.range(0, gs.length)
        .filter(i -> i < lead || (shape[i - lead] == 1 && gs[i] != 1)).toArray();
    INDArray s = axes.length == 0 ? g : g.sum(true, axes);
    return contiguous(s).reshape('c', shape);
  }

  /** Normalises a possibly negative axis for a tensor of {@code rank}. */
  public static int axis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= Math.max(rank, 1)) {
      throw new OpException("axis " + axis + " is out of range; expected [" + -rank + ", " + (rank - 1) + "]");
    }
    return (int) a;
  }

  /** Zeros shaped like {@code a}. */
  public static INDArray zerosLike(INDArray a) {
    return Nd4j.create(a.dataType(), a.shape());
  }

  public static boolean isFloat(INDArray a) {
    return a != null && a.dataType().isFPType();
  }
}
