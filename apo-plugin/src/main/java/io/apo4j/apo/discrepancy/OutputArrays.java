package io.apo4j.apo.discrepancy;

import io.apo4j.api.Apo4jException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves model outputs into plain double arrays and gradients back into tensors: a discrepancy is
 * a few passes over N x C numbers, which a Java loop does in double precision with one copy.
 */
final class OutputArrays {
  private OutputArrays() {}

  /** The elements of {@code a} in C order as doubles (a copy; {@code a} is not touched). */
  static double[] toDoubles(INDArray a) {
    boolean dense = !a.isView() && a.ordering() == 'c' && a.data().length() == a.length();
    return (dense ? a : a.dup('c')).data().asDouble();
  }

  /** A new tensor of {@code like}'s shape and data type holding {@code values} (C order). */
  static INDArray tensorLike(INDArray like, double[] values) {
    INDArray out = Nd4j.create(values, like.shape(), DataType.DOUBLE);
    return like.dataType() == DataType.DOUBLE ? out : out.castTo(like.dataType());
  }

  /** Fails unless both outputs are floating point, have the same shape and at least one example. */
  static void requireComparable(String id, INDArray newOutputs, INDArray oldOutputs) {
    if (!newOutputs.dataType().isFPType() || !oldOutputs.dataType().isFPType()) {
      throw new Apo4jException("discrepancy '" + id + "': outputs must be floating point; expected FLOAT or DOUBLE,"
          + " found " + newOutputs.dataType() + " and " + oldOutputs.dataType());
    }
    if (!Arrays.equals(newOutputs.shape(), oldOutputs.shape())) {
      throw new Apo4jException("discrepancy '" + id + "': new and old outputs differ in shape; expected "
          + Arrays.toString(oldOutputs.shape()) + ", found " + Arrays.toString(newOutputs.shape()));
    }
    if (newOutputs.rank() < 1 || newOutputs.size(0) == 0) {
      throw new Apo4jException("discrepancy '" + id + "': outputs have no examples; expected N x ... with N >= 1,"
          + " found shape " + Arrays.toString(newOutputs.shape()));
    }
  }

  /** log(1 + exp(x)) without overflow for large x or loss of precision for very negative x. */
  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /** 1 / (1 + exp(-x)) without overflow. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}
