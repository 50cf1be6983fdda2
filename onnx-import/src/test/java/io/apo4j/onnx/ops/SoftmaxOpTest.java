package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Softmax on logits so large that {@code log(sum) + max} would round {@code log(sum)} away. */
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
}
