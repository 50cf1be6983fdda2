package io.apo4j.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The vectorised ReLU loops against their definitions bit for bit (special values included), over
 * sizes that end inside, on and past a chunk boundary, in place and on dense views with an offset.
 */
class ReluTest {
  private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40, -1e-40};

  @ParameterizedTest
  @CsvSource({"FLOAT,1", "FLOAT,8191", "FLOAT,8192", "FLOAT,20000", "FLOAT,140001", "DOUBLE,7", "DOUBLE,16390",
      "DOUBLE,70000"})
  void forwardIsMaxOfXAndZeroBitForBit(DataType type, int n) {
    // sizes past Relu.BLOCK run in parallel blocks
    INDArray x = values(type, n, 1);
    INDArray y = Nd4j.createUninitialized(type, n);
    Relu.forward(x, y);
    double[] xs = x.toDoubleVector();
    double[] ys = y.toDoubleVector();
    for (int i = 0; i < n; i++) {
      assertSameBits(type, Math.max(xs[i], 0.0), ys[i], "relu(" + xs[i] + ")");
    }
    Relu.forward(x, x); // in place
    assertSameArrays(type, y, x);
  }

  @ParameterizedTest
  @CsvSource({"FLOAT,1", "FLOAT,8191", "FLOAT,20000", "FLOAT,140001", "DOUBLE,7", "DOUBLE,16390", "DOUBLE,70000"})
  void backwardPassesTheGradientExactlyWhereTheOutputIsPositive(DataType type, int n) {
    INDArray y = values(type, n, 2); // any value, also those a ReLU never outputs (negatives)
    INDArray g = values(type, n, 3);
    INDArray gx = Nd4j.createUninitialized(type, n);
    Relu.backward(y, g, gx);
    double[] ys = y.toDoubleVector();
    double[] gs = g.toDoubleVector();
    double[] gxs = gx.toDoubleVector();
    for (int i = 0; i < n; i++) {
      assertSameBits(type, ys[i] > 0 ? gs[i] : 0.0, gxs[i], "y=" + ys[i]);
    }
    Relu.backward(y, g, g); // in place
    assertSameArrays(type, gx, g);
  }

  @Test
  void positiveMaskMatchesTheComparisonOnEveryKindOfFloat() {
    Random random = new Random(5);
    for (int k = 0; k < 200_000; k++) {
      int bits = k < SPECIAL.length ? Float.floatToRawIntBits((float) SPECIAL[k]) : random.nextInt();
      boolean positive = Float.intBitsToFloat(bits) > 0;
      assertEquals(positive ? -1 : 0, Relu.positiveMask(bits), "bits " + Integer.toHexString(bits));
    }
    for (int bits : new int[] {0, 1, 0x7F800000, 0x7F800001, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFF800000}) {
      assertEquals(Float.intBitsToFloat(bits) > 0 ? -1 : 0, Relu.positiveMask(bits), Integer.toHexString(bits));
    }
  }

  @Test
  void denseViewsWithAnOffsetAreReadInPlace() {
    INDArray big = values(DataType.FLOAT, 30, 4).reshape(3, 10);
    INDArray row = big.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all()); // offset 10, dense
    assertTrue(Relu.supports(row));
    INDArray y = Nd4j.createUninitialized(DataType.FLOAT, 1, 10);
    Relu.forward(row, y);
    for (int i = 0; i < 10; i++) {
      assertSameBits(DataType.FLOAT, Math.max(big.getDouble(1, i), 0.0), y.getDouble(i), "element " + i);
    }
  }

  @Test
  void refusesWhatItCannotRunOn() {
    INDArray strided = values(DataType.FLOAT, 20, 6).reshape(4, 5).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 5));
    assertFalse(Relu.supports(strided));
    assertFalse(Relu.supports(Nd4j.zeros(DataType.INT, 3)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Relu.forward(Nd4j.zeros(DataType.FLOAT, 3), Nd4j.zeros(DataType.FLOAT, 4)));
    assertTrue(e.getMessage().startsWith("Relu.forward: arrays differ"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Relu.forward(strided, strided.dup()));
    assertTrue(e.getMessage().contains("dense c-order"), e.getMessage());
  }

  /** Random values in [-1, 1) with the special values spread over the array. */
  private static INDArray values(DataType type, int n, long seed) {
    Random random = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i % 97 < SPECIAL.length ? SPECIAL[i % 97] : random.nextDouble() * 2 - 1;
    }
    return Nd4j.createFromArray(v).castTo(type);
  }

  private static void assertSameArrays(DataType type, INDArray expected, INDArray actual) {
    double[] e = expected.toDoubleVector();
    double[] a = actual.toDoubleVector();
    for (int i = 0; i < e.length; i++) {
      assertSameBits(type, e[i], a[i], "element " + i);
    }
  }

  private static void assertSameBits(DataType type, double expected, double actual, String what) {
    if (type == DataType.FLOAT) {
      assertEquals(Float.floatToRawIntBits((float) expected), Float.floatToRawIntBits((float) actual), what);
    } else {
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), what);
    }
  }
}
