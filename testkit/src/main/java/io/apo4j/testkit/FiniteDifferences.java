package io.apo4j.testkit;

import io.apo4j.api.Stable;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences of a scalar function of one float64 tensor. */
@Stable
public final class FiniteDifferences {
  private FiniteDifferences() {}

  /**
   * d f / d x at the listed flat (C-order) element indices, by {@code (f(x + h) - f(x - h)) / 2h}.
   * {@code x} is copied; {@code f} sees the perturbed copy and must not keep it.
   */
  public static double[] gradient(ToDoubleFunction<INDArray> f, INDArray x, long[] indices, double h) {
    if (x.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException("finite differences need float64; found " + x.dataType());
    }
    INDArray probe = x.dup('c');
    INDArray flat = probe.reshape(probe.length());
    double[] result = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      long i = indices[k];
      double original = flat.getDouble(i);
      flat.putScalar(i, original + h);
      double up = f.applyAsDouble(probe);
      flat.putScalar(i, original - h);
      double down = f.applyAsDouble(probe);
      flat.putScalar(i, original);
      result[k] = (up - down) / (2 * h);
    }
    return result;
  }

  /** Every index of a tensor of {@code length} elements, or {@code limit} of them spread evenly. */
  public static long[] sampleIndices(long length, int limit) {
    int n = (int) Math.min(length, limit);
    long[] indices = new long[n];
    for (int k = 0; k < n; k++) {
      indices[k] = n == length ? k : (long) ((k + 0.5) * length / n);
    }
    return indices;
  }
}
