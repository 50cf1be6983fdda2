package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.api.kernels.Parallel;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link UnaryOps.Fn} over the direct memory of dense float32/float64 arrays, into arrays from
 * the {@link ArrayPool}: the same values as the double[] path of {@link UnaryOps.Elementwise}
 * (each element computed in double and rounded once) without two copies and an element-wise
 * ND4J buffer fill per call. Blocks of {@link #BLOCK} elements run in parallel (elementwise: the
 * result does not depend on the split).
 */
final class DirectMap {
  /** Elements per parallel block ({@link Parallel}): a block of erf or exp costs ~0.1-0.3 ms. */
  static final int BLOCK = 1 << 14;

  private DirectMap() {}

  /** {@code f(x)} elementwise. */
  static INDArray forward(UnaryOps.Fn fn, INDArray x) {
    INDArray y = ArrayPool.uninitialized(x.dataType(), x.shape());
    int n = (int) x.length();
    boolean single = x.dataType() == DataType.FLOAT;
    inBlocks(n, (from, to) -> {
      if (single) {
        FloatBuffer xb = FastBuffers.floats(x);
        FloatBuffer yb = FastBuffers.floats(y);
        for (int i = from; i < to; i++) {
          yb.put(i, (float) fn.f(xb.get(i)));
        }
      } else {
        DoubleBuffer xb = FastBuffers.doubles(x);
        DoubleBuffer yb = FastBuffers.doubles(y);
        for (int i = from; i < to; i++) {
          yb.put(i, fn.f(xb.get(i)));
        }
      }
    });
    FastBuffers.keep(x, y);
    return y;
  }

  /** {@code g * f'(x, y)} elementwise; all three of one type and shape. */
  static INDArray backward(UnaryOps.Fn fn, INDArray x, INDArray y, INDArray g) {
    INDArray gx = ArrayPool.uninitialized(x.dataType(), x.shape());
    int n = (int) x.length();
    boolean single = x.dataType() == DataType.FLOAT;
    inBlocks(n, (from, to) -> {
      if (single) {
        FloatBuffer xb = FastBuffers.floats(x);
        FloatBuffer yb = FastBuffers.floats(y);
        FloatBuffer gb = FastBuffers.floats(g);
        FloatBuffer ob = FastBuffers.floats(gx);
        for (int i = from; i < to; i++) {
          ob.put(i, (float) (gb.get(i) * fn.df(xb.get(i), yb.get(i))));
        }
      } else {
        DoubleBuffer xb = FastBuffers.doubles(x);
        DoubleBuffer yb = FastBuffers.doubles(y);
        DoubleBuffer gb = FastBuffers.doubles(g);
        DoubleBuffer ob = FastBuffers.doubles(gx);
        for (int i = from; i < to; i++) {
          ob.put(i, gb.get(i) * fn.df(xb.get(i), yb.get(i)));
        }
      }
    });
    FastBuffers.keep(x, y, g, gx);
    return gx;
  }

  /** Elements [from, to) of one block. */
  @FunctionalInterface
  private interface Range {
    void run(int from, int to);
  }

  /** Runs {@code range} over [0, n) in blocks of {@link #BLOCK}, in parallel. */
  private static void inBlocks(int n, Range range) {
    Parallel.forEach(Parallel.blocks(n, BLOCK), b -> range.run(b * BLOCK, Math.min(n, b * BLOCK + BLOCK)));
  }
}
