package io.apo4j.api.kernels;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Direct NIO views of an array's memory, for loops that skip ND4J's per-op dispatch. */
final class Memory {
  private Memory() {}

  /** True when the array's elements lie densely in c order, so element i is at offset + i. */
  static boolean dense(INDArray x) {
    if (x.isEmpty() || x.ordering() != 'c') {
      return x.isEmpty();
    }
    long expected = 1;
    for (int d = x.rank() - 1; d >= 0; d--) {
      if (x.size(d) != 1 && x.stride(d) != expected) {
        return false;
      }
      expected *= x.size(d);
    }
    return true;
  }

  /** True when every array is dense and of {@code type}. */
  static boolean dense(DataType type, INDArray... xs) {
    for (INDArray x : xs) {
      if (x.dataType() != type || !dense(x)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The array's elements as a native-order buffer, position 0 = the first element. The buffer does
   * not keep {@code x} alive: callers hold {@code x} until their last access (see {@link #keep}).
   */
  static FloatBuffer floats(INDArray x) {
    FloatPointer p = Blas.floats(x);
    return p.limit(p.position() + x.length()).asBuffer();
  }

  static DoubleBuffer doubles(INDArray x) {
    DoublePointer p = Blas.doubles(x);
    return p.limit(p.position() + x.length()).asBuffer();
  }

  /**
   * Keeps the arrays reachable up to this point: ND4J frees an array's memory when its Java object
   * is collected, which the JIT may allow before a loop over a buffer of {@link #floats} ends.
   */
  static void keep(INDArray... xs) {
    for (INDArray x : xs) {
      Reference.reachabilityFence(x);
    }
  }
}
