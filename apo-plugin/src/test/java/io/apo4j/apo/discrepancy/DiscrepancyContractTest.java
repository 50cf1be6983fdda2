package io.apo4j.apo.discrepancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.config.Config;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every built-in discrepancy: zero at equality, exact gradient, batch mean, finite at extremes. */
class DiscrepancyContractTest {
  static Stream<DiscrepancyProvider> providers() {
    return Stream.of(new KlDiscrepancyProvider(), new SquaredErrorDiscrepancyProvider(),
        new BernoulliKlDiscrepancyProvider());
  }

  private static Discrepancy create(DiscrepancyProvider p) {
    Config c = p.configSpec().bind(Map.of("id", p.id()));
    return p.create(c);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void isZeroWithZeroGradientWhenOutputsAreEqual(DiscrepancyProvider p) {
    Nd4j.getRandom().setSeed(1);
    INDArray y = Nd4j.randn(DataType.DOUBLE, 5, 4).muli(3);
    DiscrepancyValue v = create(p).evaluate(y.dup(), y.dup());
    assertEquals(0.0, v.value(), 0.0);
    assertEquals(0.0, v.gradient().amaxNumber().doubleValue(), 0.0);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void gradientEqualsFiniteDifferences(DiscrepancyProvider p) {
    Nd4j.getRandom().setSeed(2);
    INDArray yNew = Nd4j.randn(DataType.DOUBLE, 3, 4).muli(2);
    INDArray yOld = Nd4j.randn(DataType.DOUBLE, 3, 4).muli(2);
    Discrepancy d = create(p);
    DiscrepancyValue v = d.evaluate(yNew, yOld);
    assertTrue(v.value() > 0, p.id() + " must be positive for different outputs; found " + v.value());
    double h = 1e-6;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        INDArray plus = yNew.dup();
        plus.putScalar(i, j, yNew.getDouble(i, j) + h);
        INDArray minus = yNew.dup();
        minus.putScalar(i, j, yNew.getDouble(i, j) - h);
        double fd = (d.evaluate(plus, yOld).value() - d.evaluate(minus, yOld).value()) / (2 * h);
        assertEquals(fd, v.gradient().getDouble(i, j), 1e-8, p.id() + " gradient at (" + i + "," + j + ")");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void isAMeanOverTheBatchAndLeavesItsInputsAlone(DiscrepancyProvider p) {
    Nd4j.getRandom().setSeed(3);
    INDArray yNew = Nd4j.randn(DataType.DOUBLE, 2, 3);
    INDArray yOld = Nd4j.randn(DataType.DOUBLE, 2, 3);
    INDArray newCopy = yNew.dup();
    Discrepancy d = create(p);
    double once = d.evaluate(yNew, yOld).value();
    double twice = d.evaluate(Nd4j.concat(0, yNew, yNew), Nd4j.concat(0, yOld, yOld)).value();
    assertEquals(once, twice, 1e-12);
    assertEquals(newCopy, yNew);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void staysFiniteForExtremeOutputsInFloat32(DiscrepancyProvider p) {
    INDArray yNew = Nd4j.create(new float[] {1000f, -1000f, 0f, 80f}, new long[] {2, 2});
    INDArray yOld = Nd4j.create(new float[] {-1000f, 1000f, 50f, -80f}, new long[] {2, 2});
    DiscrepancyValue v = create(p).evaluate(yNew, yOld);
    assertTrue(Double.isFinite(v.value()), p.id() + " value " + v.value());
    assertEquals(DataType.FLOAT, v.gradient().dataType());
    assertTrue(Double.isFinite(v.gradient().amaxNumber().doubleValue()));
  }

  @ParameterizedTest
  @MethodSource("providers")
  void rejectsOutputsOfDifferentShapesNamingTheDiscrepancy(DiscrepancyProvider p) {
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> create(p).evaluate(Nd4j.zeros(DataType.DOUBLE, 2, 3), Nd4j.zeros(DataType.DOUBLE, 2, 4)));
    assertTrue(e.getMessage().contains("'" + p.id() + "'") && e.getMessage().contains("[2, 4]"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("providers")
  void idsAreTheDocumentedOnes(DiscrepancyProvider p) {
    assertTrue(List.of("kl", "squared-error", "bernoulli-kl").contains(p.id()));
  }
}
