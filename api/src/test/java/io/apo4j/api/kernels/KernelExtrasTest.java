package io.apo4j.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** axpy and the fused softmax cross-entropy against their definitions. */
class KernelExtrasTest {
  @ParameterizedTest
  @CsvSource({"FLOAT", "DOUBLE"})
  void axpyAddsScaledValuesDenseAndStrided(DataType type) {
    INDArray x = BlasTest.random(type, 4, 3, 1);
    INDArray y = BlasTest.random(type, 4, 3, 2);
    INDArray want = y.add(x.mul(-0.25));
    Blas.axpy(-0.25, x, y);
    BlasTest.assertClose(want, y, type);
    INDArray yf = BlasTest.random(type, 4, 3, 3).dup('f'); // fallback path
    INDArray wantF = yf.add(x.mul(2));
    Blas.axpy(2, x, yf);
    BlasTest.assertClose(wantF, yf, type);
    assertThrows(IllegalArgumentException.class, () -> Blas.axpy(1, x, Nd4j.create(type, 3, 4)));
  }

  @ParameterizedTest
  @CsvSource({"FLOAT", "DOUBLE"})
  void softmaxCrossEntropyMatchesDefinitionAndFiniteDifferences(DataType type) {
    INDArray logits = BlasTest.random(type, 5, 4, 4).muli(6);
    INDArray labels = Nd4j.createFromArray(new double[] {0, 3, 1, 1, 2}).castTo(DataType.FLOAT);
    INDArray grad = Nd4j.create(type, 5, 4);
    double loss = Fused.softmaxCrossEntropy(logits, labels, grad);
    assertEquals(definition(logits.toDoubleMatrix(), labels.toDoubleVector()), loss, 1e-6);
    double[][] l = logits.toDoubleMatrix();
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 4; j++) {
        double h = 1e-6;
        l[i][j] += h;
        double up = definition(l, labels.toDoubleVector());
        l[i][j] -= 2 * h;
        double down = definition(l, labels.toDoubleVector());
        l[i][j] += h;
        assertEquals((up - down) / (2 * h), grad.getDouble(i, j), type == DataType.FLOAT ? 1e-6 : 1e-8);
      }
    }
    var e = assertThrows(IllegalArgumentException.class,
        () -> Fused.softmaxCrossEntropy(logits, Nd4j.createFromArray(new float[] {0, 4, 0, 0, 0}), grad));
    assertEquals(true, e.getMessage().contains("row 1"), e.getMessage());
  }

  private static double definition(double[][] logits, double[] labels) {
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double z = 0;
      for (double v : logits[i]) {
        z += Math.exp(v);
      }
      sum += Math.log(z) - logits[i][(int) labels[i]];
    }
    return sum / logits.length;
  }
}
