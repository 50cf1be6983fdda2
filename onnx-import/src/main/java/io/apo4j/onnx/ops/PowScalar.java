package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pow with one scalar exponent (the x^2 of a decomposed LayerNorm), on direct buffers. Exponent
 * 2 is {@code x * x}, as PyTorch computes it; its gradient {@code g * (2 * x)}, as PyTorch's
 * {@code grad * exponent * x^(exponent - 1)}. Other exponents round {@link Math#pow} to the type.
 */
final class PowScalar {
  private PowScalar() {}

  /** Whether {@code x ^ e} takes this path: a float32/float64 base, a one-element exponent. */
  static boolean applies(INDArray x, INDArray e) {
    DataType t = x.dataType();
    return (t == DataType.FLOAT || t == DataType.DOUBLE) && !x.isEmpty() && e.length() == 1 && e.rank() <= x.rank();
  }

  static INDArray forward(INDArray x, double p) {
    return map(x, null, p, false);
  }

  /** {@code g * p * x^(p - 1)}; g has x's shape. */
  static INDArray gradient(INDArray x, INDArray g, double p) {
    return map(x, g, p, true);
  }

  private static INDArray map(INDArray input, INDArray gradOut, double p, boolean gradient) {
    INDArray x = Tensors.contiguous(input);
    INDArray g = gradient ? Tensors.contiguous(gradOut.castTo(x.dataType())) : null;
    INDArray out = ArrayPool.uninitialized(x.dataType(), x.shape());
    int n = (int) x.length();
    if (x.dataType() == DataType.FLOAT) {
      FloatBuffer xb = FastBuffers.floats(x);
      FloatBuffer gb = gradient ? FastBuffers.floats(g) : null;
      FloatBuffer ob = FastBuffers.floats(out);
      for (int i = 0; i < n; i++) {
        float v = xb.get(i);
        if (gradient) {
          ob.put(i, p == 2 ? gb.get(i) * (2f * v) : (float) (gb.get(i) * (p * Math.pow(v, p - 1))));
        } else {
          ob.put(i, p == 2 ? v * v : (float) Math.pow(v, p));
        }
      }
    } else {
      DoubleBuffer xb = FastBuffers.doubles(x);
      DoubleBuffer gb = gradient ? FastBuffers.doubles(g) : null;
      DoubleBuffer ob = FastBuffers.doubles(out);
      for (int i = 0; i < n; i++) {
        double v = xb.get(i);
        if (gradient) {
          ob.put(i, p == 2 ? gb.get(i) * (2 * v) : gb.get(i) * (p * Math.pow(v, p - 1)));
        } else {
          ob.put(i, p == 2 ? v * v : Math.pow(v, p));
        }
      }
    }
    FastBuffers.keep(x, g, out);
    return out;
  }
}
