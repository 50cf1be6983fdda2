package io.apo4j.apo.meta;

import io.apo4j.api.TensorMap;
import io.apo4j.api.kernels.Elementwise;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers over tensor maps that APO's steps share; sums are taken in double. */
public final class Tensors {
  private Tensors() {}

  /** Sum over the names of {@code a} of the elementwise inner product with {@code b}. */
  public static double dot(TensorMap a, TensorMap b) {
    double sum = 0;
    for (var e : a) {
      sum += dot(e.getValue(), b.get(e.getKey()));
    }
    return sum;
  }

  /** Elementwise inner product of two tensors of the same shape, in double. */
  public static double dot(INDArray a, INDArray b) {
    if (java.util.Arrays.equals(a.shape(), b.shape())) {
      return Elementwise.dot(a, b); // one pass over memory, products and sum in double
    }
    INDArray a64 = a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
    INDArray b64 = b.dataType() == DataType.DOUBLE ? b : b.castTo(DataType.DOUBLE);
    return a64.reshape(a64.length()).dup().muli(b64.reshape(b64.length())).sumNumber().doubleValue();
  }

  /** Squared L2 norm over every tensor. */
  public static double squaredNorm(TensorMap a) {
    return dot(a, a);
  }

  /** A one-element float64 tensor, the shape APO uses for scalar phi entries (log learning rates). */
  public static INDArray scalar(double value) {
    return Nd4j.create(new double[] {value}, new long[] {1}, DataType.DOUBLE);
  }

  /** {@code params + delta}, as new arrays. */
  public static TensorMap plus(TensorMap params, TensorMap delta) {
    return params.map((name, p) -> p.add(delta.get(name)));
  }
}
