package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native conv2d path against the definition of a convolution (forward) and central finite
 * differences in float64 (backward), with strides, dilations and padding.
 */
class NativeConvTest {
  @ParameterizedTest
  @CsvSource({"1,1,0,true", "2,1,1,true", "1,2,2,false", "2,2,1,true"})
  void forwardMatchesDefinitionAndBackwardMatchesFiniteDifferences(int stride, int dilation, int pad, boolean bias) {
    Conv2d conv = new Conv2d(new int[] {stride, stride}, new int[] {dilation, dilation}, new int[] {3, 2},
        new int[] {pad, pad, pad, pad}, 1);
    INDArray x = random(new long[] {2, 3, 7, 6}, 1);
    INDArray w = random(new long[] {4, 3, 3, 2}, 2);
    INDArray b = bias ? random(new long[] {4}, 3) : null;
    // dilated convolutions stay on im2col (ND4J's conv2d failed on pytorch-converted__test_Conv2d_dilated)
    assertEquals(dilation == 1, NativeConv.applies(conv, x, w, b));
    Conv2d.Result r = conv.forward(x, w, b);
    if (dilation == 1) {
      assertNull(r.patches(), "the native path ran");
    }
    INDArray y = r.output();
    INDArray expected = definition(conv, x, w, b, y.size(2), y.size(3));
    assertEquals(0, expected.sub(y).amaxNumber().doubleValue(), 1e-12);

    INDArray weights = random(y.shape(), 4); // L = sum(weights * y)
    INDArray[] g = conv.backward(r, w, weights, true, bias);
    check(g[0], x, () -> loss(conv, x, w, b, weights, y));
    check(g[1], w, () -> loss(conv, x, w, b, weights, y));
    if (bias) {
      check(g[2], b, () -> loss(conv, x, w, b, weights, y));
    } else {
      assertNull(g[2]);
    }
  }

  @ParameterizedTest
  @CsvSource({"2", "1"})
  void groupedOrAsymmetricallyPaddedConvolutionsStayOnIm2col(int group) {
    int[] pads = group == 1 ? new int[] {0, 1, 1, 0} : new int[] {1, 1, 1, 1};
    Conv2d conv = new Conv2d(new int[] {1, 1}, new int[] {1, 1}, new int[] {3, 3}, pads, group);
    INDArray x = random(new long[] {1, 4, 5, 5}, 5);
    INDArray w = random(new long[] {4, 4 / group, 3, 3}, 6);
    assertFalse(NativeConv.applies(conv, x, w, null));
    Conv2d.Result r = conv.forward(x, w, null);
    assertTrue(r.patches() != null);
  }

  private static double loss(Conv2d conv, INDArray x, INDArray w, INDArray b, INDArray weights, INDArray like) {
    return definition(conv, x, w, b, like.size(2), like.size(3)).mul(weights).sumNumber().doubleValue();
  }

  /** Central differences of {@code f} with respect to a few entries of {@code p}. */
  private static void check(INDArray analytic, INDArray p, java.util.function.DoubleSupplier f) {
    double h = 1e-6;
    long n = p.length();
    for (long i = 0; i < n; i += Math.max(1, n / 7)) {
      double v = p.getDouble(i);
      p.putScalar(i, v + h);
      double up = f.getAsDouble();
      p.putScalar(i, v - h);
      double down = f.getAsDouble();
      p.putScalar(i, v);
      assertEquals((up - down) / (2 * h), analytic.reshape(n).getDouble(i), 1e-6, "element " + i);
    }
  }

  /** y[n,m,i,j] = b[m] + sum_{c,u,v} x[n, c, i*s - p + u*d, j*s - p + v*d] w[m, c, u, v]. */
  private static INDArray definition(Conv2d g, INDArray x, INDArray w, INDArray b, long oh, long ow) {
    INDArray y = Nd4j.zeros(DataType.DOUBLE, x.size(0), w.size(0), oh, ow);
    for (int n = 0; n < x.size(0); n++) {
      for (int m = 0; m < w.size(0); m++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = b == null ? 0 : b.getDouble(m);
            for (int c = 0; c < x.size(1); c++) {
              for (int u = 0; u < w.size(2); u++) {
                for (int v = 0; v < w.size(3); v++) {
                  int r = i * g.strides()[0] - g.pads()[0] + u * g.dilations()[0];
                  int q = j * g.strides()[1] - g.pads()[1] + v * g.dilations()[1];
                  if (r >= 0 && r < x.size(2) && q >= 0 && q < x.size(3)) {
                    s += x.getDouble(n, c, r, q) * w.getDouble(m, c, u, v);
                  }
                }
              }
            }
            y.putScalar(new long[] {n, m, i, j}, s);
          }
        }
      }
    }
    return y;
  }

  private static INDArray random(long[] shape, long seed) {
    Random random = new Random(seed);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextDouble() * 2 - 1;
    }
    return Nd4j.createFromArray(v).reshape(shape);
  }
}
