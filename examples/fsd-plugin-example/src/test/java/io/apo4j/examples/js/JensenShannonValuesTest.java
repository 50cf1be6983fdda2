package io.apo4j.examples.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Values against the textbook definition, and the properties that make JS what it is. */
class JensenShannonValuesTest {
  private final JensenShannonProvider provider = new JensenShannonProvider();

  private Discrepancy js(Map<String, ?> raw) {
    return provider.create(provider.configSpec().bind(raw));
  }

  private static INDArray logits(double[][] rows) {
    return Nd4j.createFromArray(rows).castTo(DataType.DOUBLE);
  }

  /** JS straight from the definition with naive softmax and logs (fine for small logits). */
  private static double textbook(double[] a, double[] b, double temperature) {
    double[] p = softmax(a, temperature);
    double[] q = softmax(b, temperature);
    double js = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      js += 0.5 * p[i] * Math.log(p[i] / m) + 0.5 * q[i] * Math.log(q[i] / m);
    }
    return js;
  }

  private static double[] softmax(double[] y, double temperature) {
    double z = 0;
    double[] e = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      e[i] = Math.exp(y[i] / temperature);
      z += e[i];
    }
    for (int i = 0; i < y.length; i++) {
      e[i] /= z;
    }
    return e;
  }

  @Test
  public void matchesTheTextbookDefinitionAsABatchMean() {
    double[][] yNew = {{0.3, -1.2, 2.0, 0.0}, {1.5, 1.4, -0.7, 0.2}, {-2.0, 0.5, 0.5, 3.1}};
    double[][] yOld = {{0.1, -0.2, 1.0, 0.4}, {-1.0, 2.4, 0.3, 0.0}, {0.0, 0.0, 0.0, 0.0}};
    for (double t : new double[] {1.0, 0.5, 3.0}) {
      double expected = 0;
      for (int i = 0; i < yNew.length; i++) {
        expected += textbook(yNew[i], yOld[i], t) / yNew.length;
      }
      DiscrepancyValue v = js(Map.of("temperature", t)).evaluate(logits(yNew), logits(yOld));
      assertEquals(expected, v.value(), 1e-14, "JS at temperature " + t);
    }
  }

  @Test
  public void isSymmetric() {
    INDArray a = logits(new double[][] {{0.3, -1.2, 2.0}, {4.0, 1.0, -3.0}});
    INDArray b = logits(new double[][] {{-0.5, 0.2, 0.0}, {1.0, 1.0, 1.0}});
    Discrepancy d = js(Map.of());
    assertEquals(d.evaluate(a, b).value(), d.evaluate(b, a).value(), 1e-15);
  }

  @Test
  public void approachesLn2ForDisjointDistributions() {
    INDArray a = logits(new double[][] {{800, 0}});
    INDArray b = logits(new double[][] {{0, 800}});
    DiscrepancyValue v = js(Map.of()).evaluate(a, b);
    assertEquals(Math.log(2), v.value(), 1e-15);
    // saturated softmax: the gradient vanishes instead of overflowing
    assertEquals(0, v.gradient().amaxNumber().doubleValue(), 1e-300);
  }

  @Test
  public void refusesATemperatureOutOfRange() {
    Apo4jException e = assertThrows(Apo4jException.class, () -> js(Map.of("temperature", 0)));
    assertEquals("discrepancy 'js': key 'temperature' is out of range; expected a number in [0.001, 1000], found 0.0",
        e.getMessage());
  }

  @Test
  public void namesMismatchedShapes() {
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> js(Map.of()).evaluate(Nd4j.zeros(2, 3), Nd4j.zeros(2, 4)));
    assertEquals("discrepancy 'js': new and old outputs differ in shape; expected [2, 4], found [2, 3]", e.getMessage());
  }
}
