package io.apo4j.api.loss;

import io.apo4j.api.kernels.ArrayPool;
import java.lang.ref.Reference;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves loss inputs into plain double arrays and gradients back into tensors: a loss is a few
 * passes over N x C numbers, which a Java loop does with one copy instead of a dozen ND4J ops.
 */
final class LossArrays {
  private LossArrays() {}

  /** The elements of {@code a} in C order as doubles (a copy; {@code a} is not touched). */
  static double[] toDoubles(INDArray a) {
    boolean dense = !a.isView() && a.ordering() == 'c' && a.data().offset() == 0 && a.data().length() == a.length();
    INDArray source = dense ? a : a.dup('c');
    double[] values = new double[(int) source.length()];
    if (source.dataType() == DataType.FLOAT) {
      // a bulk copy through the NIO view is ~5x faster than DataBuffer.asDouble's element loop
      float[] floats = new float[values.length];
      source.data().asNioFloat().get(floats);
      Reference.reachabilityFence(source); // the NIO view does not keep the array's memory alive
      for (int i = 0; i < floats.length; i++) {
        values[i] = floats[i];
      }
      return values;
    }
    if (source.dataType() == DataType.DOUBLE) {
      source.data().asNioDouble().get(values);
      Reference.reachabilityFence(source);
      return values;
    }
    return source.data().asDouble();
  }

  /** A new tensor of {@code like}'s shape and data type holding {@code values} (C order). */
  static INDArray tensorLike(INDArray like, double[] values) {
    if (like.dataType() == DataType.FLOAT) {
      float[] floats = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        floats[i] = (float) values[i];
      }
      INDArray out = ArrayPool.uninitialized(DataType.FLOAT, like.shape());
      out.data().asNioFloat().put(floats);
      return out;
    }
    if (like.dataType() == DataType.DOUBLE) {
      INDArray out = ArrayPool.uninitialized(DataType.DOUBLE, like.shape());
      out.data().asNioDouble().put(values);
      return out;
    }
    return Nd4j.create(values, like.shape(), DataType.DOUBLE).castTo(like.dataType());
  }

  /** Fails unless {@code a} is a floating-point tensor. */
  static void requireFloating(String loss, String what, INDArray a) {
    if (!a.dataType().isFPType()) {
      throw new LossException(loss + ": " + what + " must be floating point; expected FLOAT or DOUBLE, found "
          + a.dataType());
    }
  }

  /**
   * Fails unless outputs and targets hold the same elements, allowing unit axes to differ
   * (N x 1 outputs against N targets); unlike PyTorch this never broadcasts N x 1 against N to N x N.
   */
  static void requireSameShape(String loss, INDArray outputs, INDArray targets) {
    if (outputs.length() != targets.length()
        || !Arrays.equals(withoutUnitAxes(outputs.shape()), withoutUnitAxes(targets.shape()))) {
      throw new LossException(loss + ": targets do not match the outputs; expected shape "
          + Arrays.toString(outputs.shape()) + ", found " + Arrays.toString(targets.shape()));
    }
    if (outputs.length() == 0) {
      throw new LossException(loss + ": outputs are empty; expected at least one element, found shape "
          + Arrays.toString(outputs.shape()));
    }
  }

  private static long[] withoutUnitAxes(long[] shape) {
    return Arrays.stream(shape).filter(d -> d != 1).toArray();
  }
}
