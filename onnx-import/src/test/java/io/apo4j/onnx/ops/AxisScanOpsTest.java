package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ArgMax/ArgMin (keepdims, select_last_index), Hardmax and Mod values on small cases. */
class AxisScanOpsTest {
  private static final INDArray X = Nd4j.createFromArray(new double[][] {{2, 5, 5}, {7, 1, 7}});

  @Test
  void argExtremesPickFirstOrLastTies() {
    INDArray first = new OpHarness("ArgMax", 13).integer("axis", 1).integer("keepdims", 0).forward(X)[0];
    assertArrayEquals(new long[] {1, 0}, first.toLongVector());
    INDArray last = new OpHarness("ArgMax", 13).integer("axis", -1).integer("select_last_index", 1).forward(X)[0];
    assertArrayEquals(new long[] {2, 1}, last.shape());
    assertArrayEquals(new long[] {2, 2}, last.reshape(2).toLongVector());
    INDArray min = new OpHarness("ArgMin", 13).forward(X)[0];
    assertArrayEquals(new long[] {0, 1, 0}, min.reshape(3).toLongVector());
  }

  @Test
  void hardmaxMarksTheFirstMaximum() {
    INDArray y = new OpHarness("Hardmax", 13).forward(X)[0];
    assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, Tensors.values(y), 0);
    INDArray coerced = new OpHarness("Hardmax", 11).integer("axis", 0).forward(X)[0];
    assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0}, Tensors.values(coerced), 0);
  }

  @Test
  void modFollowsTheDivisorOrTheDividend() {
    INDArray a = Nd4j.createFromArray(-4L, 7L, 5L);
    INDArray b = Nd4j.createFromArray(3L, -3L, 2L);
    assertArrayEquals(new long[] {2, -2, 1}, new OpHarness("Mod", 13).forward(a, b)[0].toLongVector());
    assertArrayEquals(new long[] {-1, 1, 1}, new OpHarness("Mod", 13).integer("fmod", 1).forward(a, b)[0].toLongVector());
  }

  @Test
  void indicatorsMarkValuesAndPositions() {
    INDArray special = Nd4j.createFromArray(1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    assertArrayEquals(new double[] {0, 1, 0, 0}, Tensors.values(new OpHarness("IsNaN", 13).forward(special)[0]), 0);
    assertArrayEquals(new double[] {0, 0, 0, 1}, Tensors.values(new OpHarness("IsInf", 10)
        .integer("detect_positive", 0).forward(special)[0]), 0);
    assertArrayEquals(new double[] {0, 1, 0, 0, 0, 1}, Tensors.values(new OpHarness("EyeLike", 9).integer("k", 1)
        .forward(Nd4j.zeros(2, 3))[0]), 0);
    INDArray hot = new OpHarness("OneHot", 11).integer("axis", 0)
        .forward(Nd4j.createFromArray(1L, -1L, 5L), Nd4j.createFromArray(3L), Nd4j.createFromArray(2.0, 7.0))[0];
    assertArrayEquals(new long[] {3, 3}, hot.shape());
    assertArrayEquals(new double[] {2, 2, 2, 7, 2, 2, 2, 7, 2}, Tensors.values(hot), 0);
  }

  @Test
  void windowsFollowTheirCosineSums() {
    INDArray hann = new OpHarness("HannWindow", 17).forward(Nd4j.scalar(4L))[0];
    assertArrayEquals(new double[] {0, 0.5, 1, 0.5}, Tensors.values(hann), 1e-7);
    INDArray blackman = new OpHarness("BlackmanWindow", 17).integer("periodic", 0).forward(Nd4j.scalar(3L))[0];
    assertArrayEquals(new double[] {0, 1, 0}, Tensors.values(blackman), 1e-7);
  }

  @Test
  void topKBreaksTiesByLowerIndexAndBitShiftShifts() {
    INDArray[] top = new OpHarness("TopK", 11).outputs(2).forward(Nd4j.createFromArray(3.0, 7.0, 3.0, 7.0),
        Nd4j.createFromArray(3L));
    assertArrayEquals(new double[] {7, 7, 3}, Tensors.values(top[0]), 0);
    assertArrayEquals(new long[] {1, 3, 0}, top[1].toLongVector());
    INDArray shifted = new OpHarness("BitShift", 11).text("direction", "RIGHT")
        .forward(Nd4j.createFromArray(16L, 5L), Nd4j.createFromArray(2L, 1L))[0];
    assertArrayEquals(new long[] {4, 2}, shifted.toLongVector());
  }
}
