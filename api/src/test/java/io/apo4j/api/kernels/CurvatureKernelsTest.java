package io.apo4j.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Lapack.symmetricEigen and the Elementwise loops against their definitions, dense and fallback layouts. */
class CurvatureKernelsTest {
  @ParameterizedTest
  @CsvSource({"FLOAT,1e-4", "DOUBLE,1e-11"})
  void symmetricEigenReconstructsTheMatrixWithOrthonormalColumns(DataType type, double tol) {
    INDArray x = BlasTest.random(type, 9, 7, 5);
    INDArray a = Nd4j.gemm(x, x, true, false);
    INDArray before = a.dup();
    INDArray[] e = Lapack.symmetricEigen(a);
    assertEquals(before, a, "input unchanged");
    double[] d = e[1].toDoubleVector();
    for (int i = 1; i < d.length; i++) {
      assertEquals(true, d[i - 1] <= d[i], "ascending");
    }
    INDArray q = e[0].castTo(DataType.DOUBLE);
    INDArray rebuilt = Nd4j.gemm(q.mulRowVector(e[1].castTo(DataType.DOUBLE)), q, false, true);
    INDArray identity = Nd4j.gemm(q, q, true, false);
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 7; j++) {
        assertEquals(a.getDouble(i, j), rebuilt.getDouble(i, j), tol * 10);
        assertEquals(i == j ? 1 : 0, identity.getDouble(i, j), tol);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Lapack.symmetricEigen(x));
  }

  @ParameterizedTest
  @CsvSource({"FLOAT", "DOUBLE"})
  void dotAndMultiplyMatchDefinitionsAlsoOnViews(DataType type) {
    INDArray x = BlasTest.random(type, 4, 6, 1);
    INDArray y = BlasTest.random(type, 4, 6, 2);
    INDArray strided = BlasTest.random(type, 8, 6, 3).get(NDArrayIndex.interval(0, 2, 8), NDArrayIndex.all());
    double[][] xx = x.toDoubleMatrix();
    double[][] yy = y.toDoubleMatrix();
    double[][] ss = strided.toDoubleMatrix();
    double dot = 0;
    double dotStrided = 0;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 6; j++) {
        dot += xx[i][j] * yy[i][j];
        dotStrided += xx[i][j] * ss[i][j];
      }
    }
    assertEquals(dot, Elementwise.dot(x, y), 1e-5);
    assertEquals(dotStrided, Elementwise.dot(x, strided), 1e-5);
    INDArray out = Nd4j.create(type, 4, 6);
    Elementwise.multiply(x, y, out);
    Elementwise.multiply(x, strided, x); // in place, fallback path
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 6; j++) {
        assertEquals(xx[i][j] * yy[i][j], out.getDouble(i, j), 1e-6);
        assertEquals(xx[i][j] * ss[i][j], x.getDouble(i, j), 1e-6);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Elementwise.dot(x, Nd4j.create(type, 6, 4)));
  }

  @ParameterizedTest
  @CsvSource({"FLOAT,true", "FLOAT,false", "DOUBLE,true", "DOUBLE,false"})
  void heavyBallMatchesDefinition(DataType type, boolean dense) {
    INDArray v = BlasTest.random(type, 3, 5, 1);
    INDArray d = dense ? BlasTest.random(type, 3, 5, 2)
        : BlasTest.random(type, 5, 3, 2).transpose(); // a transposed view: the fallback path
    INDArray p = BlasTest.random(type, 3, 5, 3);
    double[][] vv = v.toDoubleMatrix();
    double[][] dd = d.toDoubleMatrix();
    double[][] pp = p.toDoubleMatrix();
    INDArray next = Nd4j.create(type, 3, 5);
    INDArray update = Nd4j.create(type, 3, 5);
    Elementwise.heavyBall(v, 0.9, d, 0.5, p, 0.01, next, 0.1, update);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 5; j++) {
        double want = 0.9 * vv[i][j] + 0.5 * dd[i][j] + 0.01 * pp[i][j];
        assertEquals(want, next.getDouble(i, j), 1e-6);
        assertEquals(-0.1 * want, update.getDouble(i, j), 1e-6);
      }
    }
    Elementwise.heavyBall(null, 0, d, 1, null, 0, next, 0, null); // no momentum, no decay, no update
    assertEquals(dd[2][4], next.getDouble(2, 4), 1e-6);
  }

  @ParameterizedTest
  @CsvSource({"FLOAT", "DOUBLE"})
  void adamMatchesDefinition(DataType type) {
    INDArray p = BlasTest.random(type, 2, 3, 1);
    INDArray g = BlasTest.random(type, 2, 3, 2);
    INDArray m = BlasTest.random(type, 2, 3, 3);
    INDArray v = BlasTest.random(type, 2, 3, 4).mul(BlasTest.random(type, 2, 3, 4)); // non-negative
    double[][] pp = p.toDoubleMatrix();
    double[][] gg = g.toDoubleMatrix();
    double[][] mm = m.toDoubleMatrix();
    double[][] vv = v.toDoubleMatrix();
    double c1 = 1 - Math.pow(0.9, 3);
    double c2 = 1 - Math.pow(0.999, 3);
    INDArray po = Nd4j.create(type, 2, 3);
    INDArray mo = Nd4j.create(type, 2, 3);
    INDArray vo = Nd4j.create(type, 2, 3);
    Elementwise.adam(p, g, m, v, 0.9, 0.999, c1, c2, 1e-8, 0.01, po, mo, vo);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        double mi = 0.9 * mm[i][j] + 0.1 * gg[i][j];
        double vi = 0.999 * vv[i][j] + 0.001 * gg[i][j] * gg[i][j];
        assertEquals(mi, mo.getDouble(i, j), 1e-6);
        assertEquals(vi, vo.getDouble(i, j), 1e-6);
        assertEquals(pp[i][j] - 0.01 * (mi / c1) / (Math.sqrt(vi / c2) + 1e-8), po.getDouble(i, j), 1e-5);
      }
    }
  }
}
