package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Both paths of Conv (ND4J's native conv2d and im2col) against the definition of a convolution
 * (forward) and central finite differences in float64 (backward), with strides, dilations,
 * padding and groups.
 */
class ConvPathsTest {
  @ParameterizedTest
  @CsvSource({"1,1,0,0,true,1", "2,1,1,1,true,1", "1,2,2,2,false,1", "2,2,1,1,true,1", "1,1,0,1,false,1",
      "1,1,1,1,true,3"})
  void forwardMatchesDefinitionAndBackwardMatchesFiniteDifferences(int stride, int dilation, int padBegin, int padEnd,
      boolean bias, int group) {
    int[] s = {stride, stride};
    int[] d = {dilation, dilation};
    int[] p = {padBegin, padBegin, padEnd, padEnd};
    INDArray x = random(new long[] {2, 3, 7, 6}, 1);
    INDArray w = random(new long[] {6, 3 / group, 3, 2}, 2);
    INDArray b = bias ? random(new long[] {6}, 3) : null;
    // the native path serves one group, no dilation and symmetric pads; im2col the rest
    Conv2d conv = new Conv2d(s, d, new int[] {3, 2}, p, group);
    assertEquals(dilation == 1 && padBegin == padEnd && group == 1, Nd4jConv2d.applies(conv, x, w));
    OpHarness h = new OpHarness("Conv", 11).ints("strides", stride, stride).ints("dilations", dilation, dilation)
        .ints("pads", p[0], p[1], p[2], p[3]).integer("group", group);
    INDArray y = bias ? h.forward(x, w, b)[0] : h.forward(x, w)[0];
    INDArray expected = definition(s, d, p, group, x, w, b, y.size(2), y.size(3));
    assertEquals(0, expected.sub(y).amaxNumber().doubleValue(), 1e-12);
    if (bias) {
      h.checkGradients(x, w, b);
    } else {
      h.checkGradients(x, w);
    }
  }

  @ParameterizedTest
  @CsvSource({"1,1,true,DOUBLE", "2,0,false,DOUBLE", "1,2,true,DOUBLE", "1,1,true,FLOAT", "2,1,false,FLOAT"})
  void weightGradientAloneMatchesTheNativeBackwardAcrossChunks(int stride, int pad, boolean bias, DataType type) {
    // 9 examples of 4 x 48 x 48 with a 3 x 3 kernel: several chunks of examples and a partial last one
    Conv2d conv = new Conv2d(new int[] {stride, stride}, new int[] {1, 1}, new int[] {3, 3},
        new int[] {pad, pad, pad, pad}, 1);
    INDArray x = random(new long[] {9, 4, 48, 48}, 7).castTo(type);
    INDArray w = random(new long[] {5, 4, 3, 3}, 8).castTo(type);
    INDArray b = bias ? random(new long[] {5}, 9).castTo(type) : null;
    INDArray y = Nd4jConv2d.forward(conv, x, w, b);
    INDArray gy = random(y.shape(), 10).castTo(type);
    INDArray[] expected = Nd4jConv2d.backward(conv, x, w, b, gy);
    INDArray[] actual = ConvWeightGradient.compute(conv, x, w, gy, bias);
    // sums of ~20,000 products of magnitude <= 1: float32 agrees to ~1e-6 relative of that size
    double tolerance = type == DataType.DOUBLE ? 1e-9 : 2e-2;
    assertEquals(type, actual[0].dataType());
    assertEquals(0, expected[1].sub(actual[0]).amaxNumber().doubleValue(), tolerance);
    if (bias) {
      assertEquals(0, expected[2].sub(actual[1]).amaxNumber().doubleValue(), tolerance);
    }
  }

  /** y[n,m,i,j] = b[m] + sum_{c,u,v} x[n, group(m) * C/group + c, i*s - p + u*d, j*s - p + v*d] w[m, c, u, v]. */
  private static INDArray definition(int[] st, int[] dl, int[] pd, int group, INDArray x, INDArray w, INDArray b,
      long oh, long ow) {
    long cg = x.size(1) / group;
    long mg = w.size(0) / group;
    INDArray y = Nd4j.zeros(DataType.DOUBLE, x.size(0), w.size(0), oh, ow);
    for (int n = 0; n < x.size(0); n++) {
      for (int m = 0; m < w.size(0); m++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = b == null ? 0 : b.getDouble(m);
            for (int c = 0; c < cg; c++) {
              for (int u = 0; u < w.size(2); u++) {
                for (int v = 0; v < w.size(3); v++) {
                  int r = i * st[0] - pd[0] + u * dl[0];
                  int q = j * st[1] - pd[1] + v * dl[1];
                  if (r >= 0 && r < x.size(2) && q >= 0 && q < x.size(3)) {
                    s += x.getDouble(n, (m / mg) * cg + c, r, q) * w.getDouble(m, c, u, v);
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
