package io.apo4j.onnx.ops;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The direct memory of a contiguous float32 or float64 array, read and written as doubles, so one
 * kernel serves both types in place (float32 in training, float64 in gradient checks) without
 * copying to Java arrays. The caller keeps the array reachable ({@link FastBuffers#keep}).
 */
interface Slab {
  double get(int i);

  void set(int i, double v);

  default void add(int i, double v) {
    set(i, get(i) + v);
  }

  /** A view of {@code a}, which must pass {@link FastBuffers#supported}. */
  static Slab of(INDArray a) {
    if (a.dataType() == DataType.FLOAT) {
      return new Floats(FastBuffers.floats(a));
    }
    return new Doubles(FastBuffers.doubles(a));
  }

  /** float32 memory. */
  record Floats(FloatBuffer b) implements Slab {
    @Override
    public double get(int i) {
      return b.get(i);
    }

    @Override
    public void set(int i, double v) {
      b.put(i, (float) v);
    }
  }

  /** float64 memory. */
  record Doubles(DoubleBuffer b) implements Slab {
    @Override
    public double get(int i) {
      return b.get(i);
    }

    @Override
    public void set(int i, double v) {
      b.put(i, v);
    }
  }
}
