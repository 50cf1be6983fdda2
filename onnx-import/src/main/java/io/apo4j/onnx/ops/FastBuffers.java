package io.apo4j.onnx.ops;

import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct NIO views of the native memory behind contiguous float32/float64 arrays, so hot loops
 * read and write in place without copying to Java arrays.
 */
final class FastBuffers {
  private FastBuffers() {}

  /**
   * Whether {@code a} is a contiguous float or double array these views can cover: its elements
   * fill its whole buffer in c order. Reshaped views qualify (a Flatten's gradient reaching a
   * pooling op is one; refusing it sent LeNet's second MaxPool backward through a float64 copy).
   */
  static boolean supported(INDArray a) {
    DataType t = a.dataType();
    return (t == DataType.FLOAT || t == DataType.DOUBLE) && !a.isEmpty() && Tensors.coversBuffer(a);
  }

  static FloatBuffer floats(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  static DoubleBuffer doubles(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
  }

  /**
   * Keeps the arrays reachable up to this point: the buffers above do not, and ND4J frees an
   * array's memory as soon as its Java object is collected, which may happen mid-loop otherwise.
   */
  static void keep(INDArray... arrays) {
    for (INDArray a : arrays) {
      Reference.reachabilityFence(a);
    }
  }
}
