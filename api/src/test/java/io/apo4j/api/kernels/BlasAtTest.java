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

/**
 * {@link Blas#gemmAt} on sub-matrices at offsets with leading dimensions wider than the rows,
 * against the triple loop of {@link BlasTest}; everything outside c's sub-matrix stays untouched,
 * and sub-matrices that leave their array are refused before any memory is touched.
 */
class BlasAtTest {
  @ParameterizedTest
  @CsvSource({"FLOAT,false,false,0.0", "FLOAT,true,false,1.0", "FLOAT,false,true,0.5", "FLOAT,true,true,0.0",
      "DOUBLE,false,true,1.0", "DOUBLE,true,false,0.0"})
  void subMatricesAtOffsetsMatchTheirProduct(DataType type, boolean ta, boolean tb, double beta) {
    int m = 4;
    int n = 3;
    int k = 5;
    // a stored [ta ? k : m rows] in a 10-wide array starting at row 2, column 1
    INDArray aBig = BlasTest.random(type, 9, 10, 1);
    INDArray bBig = BlasTest.random(type, 8, 7, 2);
    INDArray cBig = BlasTest.random(type, 6, 9, 3);
    INDArray a = aBig.get(NDArrayIndex.interval(2, 2 + (ta ? k : m)), NDArrayIndex.interval(1, 1 + (ta ? m : k)));
    INDArray b = bBig.get(NDArrayIndex.interval(1, 1 + (tb ? n : k)), NDArrayIndex.interval(2, 2 + (tb ? k : n)));
    INDArray cBefore = cBig.dup();
    INDArray expected = BlasTest.reference(a.dup('c'), ta, b.dup('c'), tb).mul(2.0)
        .add(cBig.get(NDArrayIndex.interval(1, 1 + m), NDArrayIndex.interval(3, 3 + n)).mul(beta));
    Blas.gemmAt(ta, tb, m, n, k, 2.0, aBig, 2 * 10 + 1, 10, bBig, 7 + 2, 7, beta, cBig, 9 + 3, 9);
    BlasTest.assertClose(expected, cBig.get(NDArrayIndex.interval(1, 1 + m), NDArrayIndex.interval(3, 3 + n)).dup('c'),
        type);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 9; j++) {
        boolean inside = i >= 1 && i < 1 + m && j >= 3 && j < 3 + n;
        if (!inside) {
          assertEquals(cBefore.getDouble(i, j), cBig.getDouble(i, j), 0.0, "c outside the product at " + i + "," + j);
        }
      }
    }
  }

  @Test
  void refusesSubMatricesOutsideTheArrayAndMixedTypes() {
    INDArray a = Nd4j.zeros(DataType.FLOAT, 4, 5);
    INDArray b = Nd4j.zeros(DataType.FLOAT, 5, 3);
    INDArray c = Nd4j.zeros(DataType.FLOAT, 4, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Blas.gemmAt(false, false, 4, 3, 5, 1, a, 1, 5, b, 0, 3, 0, c, 0, 3));
    assertTrue(e.getMessage().startsWith("Blas.gemmAt: a [4 x 5]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Blas.gemmAt(false, false, 4, 3, 5, 1, a, 0, 4, b, 0, 3, 0, c, 0, 3));
    assertTrue(e.getMessage().contains("expected ld >= 5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Blas.gemmAt(false, false, 4, 3, 5, 1, a, 0, 5, b.castTo(DataType.DOUBLE), 0, 3, 0, c, 0, 3));
    assertTrue(e.getMessage().contains("one type"), e.getMessage());
    assertEquals(0.0, c.sumNumber().doubleValue());
  }
}
