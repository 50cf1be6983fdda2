package io.apo4j.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The fused loops against element-by-element definitions, dense and fallback layouts. */
class FusedTest {
  @ParameterizedTest
  @CsvSource({"FLOAT,true", "FLOAT,false", "DOUBLE,true", "DOUBLE,false"})
  void biasActivationMatchesDefinitionAlsoInPlace(DataType type, boolean relu) {
    INDArray z = BlasTest.random(type, 6, 5, 1);
    INDArray bias = BlasTest.random(type, 1, 5, 2).reshape(5);
    double[][] zz = z.toDoubleMatrix();
    double[] bb = bias.toDoubleVector();
    INDArray out = Nd4j.create(type, 6, 5);
    Fused.biasActivation(z, bias, relu, out);
    Fused.biasActivation(z, bias, relu, z); // in place
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 5; j++) {
        double v = zz[i][j] + bb[j];
        double want = relu ? Math.max(0, v) : v;
        assertEquals(want, out.getDouble(i, j), 1e-6);
        assertEquals(want, z.getDouble(i, j), 1e-6);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"FLOAT", "DOUBLE"})
  void fallbackLayoutsGiveTheSameResults(DataType type) {
    INDArray big = BlasTest.random(type, 8, 10, 3);
    INDArray view = big.get(NDArrayIndex.interval(0, 2, 8), NDArrayIndex.all()); // rows 0,2,4,6: not dense
    INDArray bias = BlasTest.random(type, 1, 10, 4).reshape(10);
    INDArray dense = view.dup('c');
    INDArray a = Nd4j.create(type, 4, 10);
    INDArray b = Nd4j.create(type, 4, 10);
    Fused.biasActivation(view, bias, true, a);
    Fused.biasActivation(dense, bias, true, b);
    assertEquals(b, a);

    INDArray act = BlasTest.random(type, 4, 10, 5);
    INDArray ga = Nd4j.create(type, 4, 10);
    INDArray gb = Nd4j.create(type, 4, 10);
    Fused.reluBackward(view, act.dup('f'), ga);
    Fused.reluBackward(dense, act, gb);
    assertEquals(gb, ga);

    INDArray sa = Nd4j.create(type, 10);
    INDArray sb = Nd4j.create(type, 10);
    Fused.columnSums(view, sa);
    Fused.columnSums(dense, sb);
    for (int j = 0; j < 10; j++) {
      assertEquals(sb.getDouble(j), sa.getDouble(j), 1e-6);
    }
    assertEquals(Fused.sumOfSquares(dense), Fused.sumOfSquares(view), 1e-6);
  }

  @ParameterizedTest
  @CsvSource({"FLOAT", "DOUBLE"})
  void reluBackwardColumnSumsAndSumOfSquaresMatchDefinitions(DataType type) {
    INDArray g = BlasTest.random(type, 7, 3, 6);
    INDArray act = BlasTest.random(type, 7, 3, 7);
    double[][] gg = g.toDoubleMatrix();
    double[][] aa = act.toDoubleMatrix();
    INDArray sums = Nd4j.create(type, 3);
    Fused.columnSums(g, sums);
    double squares = 0;
    for (int j = 0; j < 3; j++) {
      double s = 0;
      for (int i = 0; i < 7; i++) {
        s += gg[i][j];
        squares += gg[i][j] * gg[i][j];
      }
      assertEquals(s, sums.getDouble(j), 1e-6);
    }
    assertEquals(squares, Fused.sumOfSquares(g), 1e-6);
    Fused.reluBackward(g, act, g); // in place
    for (int i = 0; i < 7; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(aa[i][j] > 0 ? gg[i][j] : 0, g.getDouble(i, j), 1e-7);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"FLOAT"})
  void wrongShapesAreNamed(DataType type) {
    INDArray z = Nd4j.create(type, 2, 3);
    var e = assertThrows(IllegalArgumentException.class, () -> Fused.biasActivation(z, Nd4j.create(type, 4), true, z));
    assertEquals(true, e.getMessage().contains("expected 3 elements, found 4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Fused.reluBackward(z, Nd4j.create(type, 3, 2), z));
  }
}
