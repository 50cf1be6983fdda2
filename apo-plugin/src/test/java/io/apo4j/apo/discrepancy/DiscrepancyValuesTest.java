package io.apo4j.apo.discrepancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Hand-computed values of each discrepancy, so a formula slip cannot hide behind its own gradient. */
class DiscrepancyValuesTest {
  @Test
  void klIsOldToNewBetweenSoftmaxes() {
    double[] pOld = softmax(1, 0);
    double[] pNew = softmax(0, 2);
    double expected = pOld[0] * Math.log(pOld[0] / pNew[0]) + pOld[1] * Math.log(pOld[1] / pNew[1]);
    double value = new KlDiscrepancy().evaluate(Nd4j.create(new double[][] {{0, 2}}),
        Nd4j.create(new double[][] {{1, 0}})).value();
    assertEquals(expected, value, 1e-14);
  }

  @Test
  void squaredErrorIsHalfTheSquaredDistanceMeanOverRows() {
    double value = new SquaredErrorDiscrepancy().evaluate(Nd4j.create(new double[][] {{1, 2}, {0, 0}}),
        Nd4j.create(new double[][] {{0, 0}, {0, 3}})).value();
    assertEquals(0.5 * (1 + 4 + 9) / 2, value, 1e-14);
  }

  @Test
  void bernoulliKlSumsOverOutputs() {
    double p = 1 / (1 + Math.exp(-0.5));
    double q = 1 / (1 + Math.exp(1.5));
    double expected = p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    double value = new BernoulliKlDiscrepancy().evaluate(Nd4j.create(new double[][] {{-1.5, 0}}),
        Nd4j.create(new double[][] {{0.5, 0}})).value();
    assertEquals(expected, value, 1e-14);
  }

  private static double[] softmax(double a, double b) {
    double z = Math.exp(a) + Math.exp(b);
    return new double[] {Math.exp(a) / z, Math.exp(b) / z};
  }
}
