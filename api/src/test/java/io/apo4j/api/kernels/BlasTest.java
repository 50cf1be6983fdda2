package io.apo4j.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Direct BLAS products against a plain triple loop in double, for every layout the wrapper maps. */
class BlasTest {
  @ParameterizedTest
  @CsvSource({"FLOAT,false,false", "FLOAT,true,false", "FLOAT,false,true", "FLOAT,true,true",
      "DOUBLE,false,false", "DOUBLE,true,false", "DOUBLE,false,true", "DOUBLE,true,true"})
  void matchesTripleLoopForEveryTransposeFlag(DataType type, boolean ta, boolean tb) {
    INDArray a = random(type, ta ? 7 : 5, ta ? 5 : 7, 1);
    INDArray b = random(type, tb ? 3 : 7, tb ? 7 : 3, 2);
    INDArray c = Blas.gemm(a, ta, b, tb);
    assertEquals(type, c.dataType());
    assertClose(reference(a, ta, b, tb), c, type);
  }

  @ParameterizedTest
  @CsvSource({"FLOAT", "DOUBLE"})
  void readsTransposedViewsColumnMajorArraysAndSubMatricesInPlace(DataType type) {
    INDArray big = random(type, 9, 11, 3);
    INDArray sub = big.get(NDArrayIndex.interval(2, 7), NDArrayIndex.interval(3, 9)); // 5x6, offset, ld 11
    INDArray fOrder = random(type, 6, 4, 4).dup('f');
    INDArray transposedView = random(type, 4, 6, 5).transpose(); // 6x4 with strides (1, 6)
    assertClose(reference(sub, false, fOrder, false), Blas.gemm(sub, false, fOrder, false), type);
    assertClose(reference(sub, false, transposedView, false), Blas.gemm(sub, false, transposedView, false), type);
    assertClose(reference(transposedView, true, sub, true), Blas.gemm(transposedView, true, sub, true), type);
  }

  @ParameterizedTest
  @CsvSource({"FLOAT", "DOUBLE"})
  void accumulatesIntoColumnMajorAndSubMatrixOutputsWithAlphaAndBeta(DataType type) {
    INDArray a = random(type, 4, 3, 6);
    INDArray b = random(type, 3, 5, 7);
    INDArray expected = reference(a, false, b, false);
    INDArray cF = random(type, 4, 5, 8).dup('f');
    INDArray want = expected.mul(0.5).add(cF.mul(2.0));
    Blas.gemm(a, false, b, false, cF, 0.5, 2.0);
    assertClose(want, cF, type);

    INDArray outer = Nd4j.zeros(type, 6, 8);
    INDArray window = outer.get(NDArrayIndex.interval(1, 5), NDArrayIndex.interval(2, 7));
    Blas.gemm(a, false, b, false, window, 1.0, 0.0);
    assertClose(expected, window, type);
    assertEquals(0.0, outer.getRow(0).sumNumber().doubleValue(), "rows outside the window stay untouched");
    assertEquals(0.0, outer.getColumn(7).sumNumber().doubleValue(), "columns outside the window stay untouched");
  }

  @Test
  void betaZeroIgnoresNaNInTheOutput() {
    INDArray a = random(DataType.FLOAT, 3, 3, 9);
    INDArray c = Nd4j.valueArrayOf(new long[] {3, 3}, Float.NaN, DataType.FLOAT);
    Blas.gemm(a, false, a, true, c, 1.0, 0.0);
    assertClose(reference(a, false, a, true), c, DataType.FLOAT);
  }

  @Test
  void stridedViewsAndMixedTypesFallBackToNd4jWithTheSameResult() {
    INDArray big = random(DataType.FLOAT, 8, 8, 10);
    INDArray everyOther = big.get(NDArrayIndex.interval(0, 2, 8), NDArrayIndex.interval(0, 2, 8)); // 4x4, stride 2
    INDArray d = random(DataType.DOUBLE, 4, 2, 11);
    INDArray c = Nd4j.create(DataType.FLOAT, 4, 2);
    Blas.gemm(everyOther, false, d, false, c, 1.0, 0.0);
    assertClose(reference(everyOther, false, d, false), c, DataType.FLOAT);
  }

  @Test
  void shapeMismatchNamesBothShapes() {
    INDArray a = Nd4j.create(DataType.FLOAT, 2, 3);
    var e = assertThrows(IllegalArgumentException.class, () -> Blas.gemm(a, false, a, false));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("expected"), e.getMessage());
  }

  @Test
  void reportsAndSetsThreads() {
    int before = Blas.threads();
    assertTrue(before >= 1);
    Blas.setThreads(1);
    assertEquals(1, Blas.threads());
    Blas.setThreads(before);
  }

  static INDArray random(DataType type, int rows, int cols, long seed) {
    java.util.Random random = new java.util.Random(seed);
    double[][] values = new double[rows][cols];
    for (double[] row : values) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextDouble() - 0.5;
      }
    }
    return Nd4j.createFromArray(values).castTo(type);
  }

  /** op(a) op(b) by the definition, in double. */
  static INDArray reference(INDArray a, boolean ta, INDArray b, boolean tb) {
    double[][] x = (ta ? a.transpose() : a).toDoubleMatrix();
    double[][] y = (tb ? b.transpose() : b).toDoubleMatrix();
    double[][] out = new double[x.length][y[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < y[0].length; j++) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
          s += x[i][k] * y[k][j];
        }
        out[i][j] = s;
      }
    }
    return Nd4j.createFromArray(out);
  }

  static void assertClose(INDArray expected, INDArray actual, DataType type) {
    double tol = type == DataType.FLOAT ? 1e-5 : 1e-13;
    double[][] e = expected.toDoubleMatrix();
    double[][] a = actual.toDoubleMatrix();
    assertEquals(e.length, a.length);
    for (int i = 0; i < e.length; i++) {
      for (int j = 0; j < e[i].length; j++) {
        assertEquals(e[i][j], a[i][j], tol * Math.max(1, Math.abs(e[i][j])), "element [" + i + "," + j + "]");
      }
    }
  }
}
