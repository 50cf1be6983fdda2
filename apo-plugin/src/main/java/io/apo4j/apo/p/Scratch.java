package io.apo4j.apo.p;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scratch matrices of the plain (non-meta) APO-P step, kept by the optimizer and reused at every
 * step: the intermediates of a 256 x 785 layer are ~0.8 MB each, and fresh allocations of that
 * size cost page faults every step. Nothing here outlives the step that fills it, so nothing here
 * is state and the host never closes it. One optimizer runs one step at a time.
 */
final class Scratch {
  private final Map<String, INDArray> arrays = new HashMap<>();

  /** The scratch array {@code key}: c-order, {@code type}, {@code shape}; contents undefined. */
  INDArray get(String key, DataType type, long... shape) {
    INDArray a = arrays.get(key);
    if (a == null || a.wasClosed() || a.dataType() != type || !java.util.Arrays.equals(a.shape(), shape)) {
      a = Nd4j.createUninitialized(type, shape);
      arrays.put(key, a);
    }
    return a;
  }
}
