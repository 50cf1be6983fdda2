package io.apo4j.api.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences (float64) of a loss's value against its analytic gradient. */
final class LossGradientCheck {
  private LossGradientCheck() {}

  static void assertGradientMatchesFiniteDifferences(Loss loss, INDArray outputs, INDArray targets) {
    INDArray analytic = loss.evaluate(outputs, targets).gradient();
    double h = 1e-6;
    INDArray x = outputs.dup('c');
    INDArray flat = x.reshape(x.length());
    for (long i = 0; i < x.length(); i++) {
      double original = flat.getDouble(i);
      flat.putScalar(i, original + h);
      double up = loss.evaluate(x, targets).value();
      flat.putScalar(i, original - h);
      double down = loss.evaluate(x, targets).value();
      flat.putScalar(i, original);
      double numeric = (up - down) / (2 * h);
      double exact = analytic.reshape(analytic.length()).getDouble(i);
      long index = i;
      assertEquals(numeric, exact, 1e-8 + 1e-6 * Math.abs(numeric), () -> loss + ": gradient element " + index);
    }
  }
}
