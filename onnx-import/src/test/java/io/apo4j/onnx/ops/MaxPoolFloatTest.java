package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.model.Mode;
import io.apo4j.onnx.graph.Node;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The float32 max-pooling kernels ({@link MaxPoolFloat}: 2 x 2 pairs, branch-free scan, padded
 * scan) against the float64 loops that the finite-difference tests cover, bit for bit: on values
 * with many ties (post-ReLU zeros, repeated values, -0 next to +0) and NaN, over enough planes to
 * span several chunks, for every geometry kind.
 */
class MaxPoolFloatTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "2x2 stride 2 (pairs); 130,3,28,28",
      "2x2 stride 2, odd input (pairs, last row and column unused); 3,4,9,7",
      "3x3 stride 2 overlapping (scan); 9,5,13,13",
      "3x2 pads ceil dilations (padded scan); 4,3,11,9",
      "1-D pads strides; 6,5,17",
      "3-D 2x2x2; 2,3,6,6,6"})
  void floatKernelsEqualTheDoubleLoopsBitForBit(String geometry, String shapeText) {
    long[] shape = java.util.Arrays.stream(shapeText.split(",")).mapToLong(Long::parseLong).toArray();
    Supplier<OpHarness> harness = switch (geometry.substring(0, 4)) {
      case "2x2 " -> () -> new OpHarness("MaxPool", 12).ints("kernel_shape", 2, 2).ints("strides", 2, 2);
      case "3x3 " -> () -> new OpHarness("MaxPool", 12).ints("kernel_shape", 3, 3).ints("strides", 2, 2);
      case "3x2 " -> () -> new OpHarness("MaxPool", 12).ints("kernel_shape", 3, 2).ints("pads", 1, 1, 1, 0)
          .ints("strides", 2, 1).ints("dilations", 1, 2).integer("ceil_mode", 1);
      case "1-D " -> () -> new OpHarness("MaxPool", 12).ints("kernel_shape", 3).ints("pads", 2, 1).ints("strides", 2);
      default -> () -> new OpHarness("MaxPool", 12).ints("kernel_shape", 2, 2, 2).ints("strides", 2, 2, 2);
    };
    INDArray x = tiedValues(shape, 11);
    INDArray[] viaFloat = run(harness.get().node(1), x);
    INDArray[] viaDouble = run(harness.get().node(1), x.castTo(DataType.DOUBLE));
    assertEquals(DataType.FLOAT, viaFloat[0].dataType());
    assertBitwiseEqual(viaDouble[0].castTo(DataType.FLOAT), viaFloat[0], geometry + ": forward");
    assertBitwiseEqual(viaDouble[1].castTo(DataType.FLOAT), viaFloat[1], geometry + ": backward");
  }

  @Test
  void reshapedViewsRunInPlaceAndStridedViewsDoNot() {
    // Flatten's backward hands pooling a reshape of the next layer's gradient: a view over the whole buffer
    INDArray flat = tiedValues(new long[] {4, 18}, 5);
    INDArray reshaped = flat.reshape('c', 4, 2, 3, 3);
    assertTrue(FastBuffers.supported(reshaped));
    assertFalse(FastBuffers.supported(flat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 18))));
    assertFalse(FastBuffers.supported(flat.transpose()));
    assertFalse(FastBuffers.supported(flat.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all())));
  }

  /** {y, dx} for a gradient of small integers (exact in float sums, so overlap order cannot matter). */
  private static INDArray[] run(Node node, INDArray x) {
    Op op = OpTable.create(node);
    OpContext ctx = new OpContext(node, Mode.TRAIN, 0, x.dataType());
    INDArray y = op.forward(ctx, new INDArray[] {x})[0];
    Random random = new Random(3);
    double[] g = new double[(int) y.length()];
    for (int i = 0; i < g.length; i++) {
      g[i] = random.nextInt(9) - 4;
    }
    INDArray gy = Nd4j.create(g, y.shape(), DataType.DOUBLE).castTo(x.dataType());
    return new INDArray[] {y, op.backward(ctx, new INDArray[] {x}, new INDArray[] {y}, new INDArray[] {gy})[0]};
  }

  /** Values from a small set (ties everywhere), zeros of both signs, and a NaN now and then. */
  private static INDArray tiedValues(long[] shape, long seed) {
    Random random = new Random(seed);
    int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      int k = random.nextInt(40);
      v[i] = k == 0 ? Float.NaN : k < 12 ? 0f : k < 16 ? -0f : (k % 7 - 3) * 0.25f;
    }
    return Nd4j.create(v, shape, 'c');
  }

  private static void assertBitwiseEqual(INDArray expected, INDArray actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.dup('c').data().asFloat();
    float[] a = actual.dup('c').data().asFloat();
    for (int i = 0; i < e.length; i++) {
      assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + ": element " + i);
    }
  }
}
