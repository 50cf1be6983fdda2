package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax on logits so large that {@code log(sum) + max} would round {@code log(sum)} away, and on
 * tensors large enough to run in several parallel blocks, against the formula computed here.
 */
class SoftmaxOpTest {
  @Test
  void hugeEqualLogitsGiveAUniformDistribution() {
    INDArray x = Nd4j.create(new float[] {3e20f, 3e20f, 3e20f, 3e20f}, new long[] {1, 4}, 'c');
    INDArray y = new OpHarness("Softmax", 9).forward(x.castTo(DataType.FLOAT))[0];
    for (int i = 0; i < 4; i++) {
      assertEquals(0.25, y.getDouble(0, i), 1e-7);
    }
    INDArray logY = new OpHarness("LogSoftmax", 13).forward(x.castTo(DataType.DOUBLE))[0];
    assertEquals(-Math.log(4), logY.getDouble(0, 2), 1e-12);
  }

  @Test
  void parallelBlocksGiveTheSerialFormulaBitForBit() {
    // 48 x 2 x 16 x 24 over the last axis: 1,536 rows of 24 in blocks of 682 rows (three blocks)
    INDArray x = Nd4j.rand(DataType.DOUBLE, 48, 2, 16, 24).subi(0.5).muli(20);
    double[] v = x.reshape(-1).toDoubleVector();
    double[] expected = new double[v.length];
    double[] expectedLog = new double[v.length];
    for (int base = 0; base < v.length; base += 24) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < 24; k++) {
        max = Math.max(max, v[base + k]);
      }
      double sum = 0;
      for (int k = 0; k < 24; k++) {
        sum += Math.exp(v[base + k] - max);
      }
      for (int k = 0; k < 24; k++) {
        expected[base + k] = Math.exp(v[base + k] - max) / sum;
        expectedLog[base + k] = (v[base + k] - max) - Math.log(sum);
      }
    }
    assertArrayEquals(expected, new OpHarness("Softmax", 13).forward(x)[0].reshape(-1).toDoubleVector());
    assertArrayEquals(expectedLog, new OpHarness("LogSoftmax", 13).forward(x)[0].reshape(-1).toDoubleVector());
  }
}
