package io.apo4j.api.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LossesTest {
  private static INDArray matrix(double[][] rows) {
    return Nd4j.create(rows).castTo(DataType.DOUBLE);
  }

  private static INDArray vector(double... values) {
    return Nd4j.create(values, new long[] {values.length}, DataType.DOUBLE);
  }

  private static void assertTensor(double[][] expected, INDArray actual) {
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual.getRow(i).toDoubleVector(), 1e-8, "row " + i);
    }
  }

  @Test
  void crossEntropyMatchesHandComputedValueAndGradient() {
    INDArray logits = matrix(new double[][] {{1, 2, 3}, {1, 1, 1}, {-2, 0.5, 4}});
    LossValue v = Losses.crossEntropy().evaluate(logits, vector(2, 0, 1));
    assertEquals(1.6794572919318826, v.value(), 1e-14);
    assertTensor(new double[][] {{0.03001019, 0.08157616, -0.11158635}, {-0.22222222, 0.11111111, 0.11111111},
        {0.00080011, -0.32358604, 0.32278594}}, v.gradient());
  }

  @Test
  void mseMatchesHandComputedValueAndGradient() {
    LossValue v = Losses.mse().evaluate(matrix(new double[][] {{0.5, -1}, {2, 3}}),
        matrix(new double[][] {{1, 1}, {0, 3.5}}));
    assertEquals(2.125, v.value(), 1e-15);
    assertTensor(new double[][] {{-0.25, -1}, {1, -0.25}}, v.gradient());
  }

  @Test
  void bceWithLogitsMatchesHandComputedValueAndGradient() {
    LossValue v = Losses.bceWithLogits().evaluate(matrix(new double[][] {{0.5, -1}, {2, 3}}),
        matrix(new double[][] {{1, 0}, {0.25, 1}}));
    assertEquals(0.6157135085787608, v.value(), 1e-14);
    assertTensor(new double[][] {{-0.09438517, 0.06723536}, {0.15769927, -0.01185647}}, v.gradient());
  }

  @Test
  void gradientsMatchFiniteDifferencesInFloat64() {
    INDArray logits = Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5).muli(6);
    LossGradientCheck.assertGradientMatchesFiniteDifferences(Losses.crossEntropy(), logits, vector(0, 3, 1, 1, 2));
    INDArray targets = Nd4j.rand(DataType.DOUBLE, 5, 4);
    LossGradientCheck.assertGradientMatchesFiniteDifferences(Losses.mse(), logits, targets);
    LossGradientCheck.assertGradientMatchesFiniteDifferences(Losses.bceWithLogits(), logits, targets);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e4, -1e4, 1e30})
  void staysFiniteOnExtremeLogits(double scale) {
    INDArray logits = matrix(new double[][] {{scale, 0, -scale}, {-scale, scale, 0}});
    for (Loss loss : List.of(Losses.crossEntropy(), Losses.bceWithLogits())) {
      INDArray targets = loss.targetKind() == TargetKind.CLASS_INDEX ? vector(2, 1)
          : matrix(new double[][] {{0, 1, 0.5}, {1, 0, 0.5}});
      LossValue v = loss.evaluate(logits, targets);
      assertTrue(Double.isFinite(v.value()), loss + " value " + v.value());
      for (double g : v.gradient().dup('c').data().asDouble()) {
        assertTrue(Double.isFinite(g), loss + " gradient " + v.gradient());
      }
    }
  }

  @Test
  void crossEntropyOfLargeLogitsIsTheirMarginWithoutOverflow() {
    LossValue v = Losses.crossEntropy().evaluate(matrix(new double[][] {{1000, 0}}), vector(1));
    assertEquals(1000, v.value(), 1e-9);
  }

  @Test
  void float32OutputsGiveFloat32GradientsAndTheSameValue() {
    INDArray logits = Nd4j.rand(DataType.DOUBLE, 4, 3);
    LossValue d = Losses.crossEntropy().evaluate(logits, vector(0, 1, 2, 0));
    LossValue f = Losses.crossEntropy().evaluate(logits.castTo(DataType.FLOAT), vector(0, 1, 2, 0).castTo(DataType.FLOAT));
    assertEquals(DataType.FLOAT, f.gradient().dataType());
    assertEquals(d.value(), f.value(), 1e-6);
  }

  @Test
  void acceptsViewsAndUnitAxesWithoutCopyingMistakes() {
    INDArray wide = matrix(new double[][] {{1, 9, 2}, {3, 9, 4}});
    INDArray view = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.indices(0, 2));
    LossValue v = Losses.mse().evaluate(view, matrix(new double[][] {{1, 2}, {3, 4}}));
    assertEquals(0.0, v.value());
    LossValue column = Losses.mse().evaluate(matrix(new double[][] {{1}, {2}}), vector(0, 0));
    assertEquals(2.5, column.value(), 1e-15);
    assertArrayEquals(new long[] {2, 1}, column.gradient().shape());
  }

  @Test
  void rejectsMismatchesWithMessagesNamingLossAndShapes() {
    INDArray logits = matrix(new double[][] {{1, 2, 3}, {1, 1, 1}});
    assertEquals("cross-entropy: target 3.0 at row 1 is not a class index; expected a whole number in [0, 2], found 3.0",
        assertThrows(LossException.class, () -> Losses.crossEntropy().evaluate(logits, vector(0, 3))).getMessage());
    assertEquals("cross-entropy: targets must be 2 class indices (one per row of the logits); expected shape [2], found [3]",
        assertThrows(LossException.class, () -> Losses.crossEntropy().evaluate(logits, vector(0, 1, 2))).getMessage());
    assertEquals("mse: targets do not match the outputs; expected shape [2, 3], found [2]",
        assertThrows(LossException.class, () -> Losses.mse().evaluate(logits, vector(0, 1))).getMessage());
    assertEquals("unknown loss 'nll'; expected one of [cross-entropy, mse, bce-with-logits]",
        assertThrows(LossException.class, () -> Losses.byId("nll")).getMessage());
  }

  @Test
  void providersAreDiscoveredByServiceLoaderAndCreateTheLosses() {
    List<String> ids = ServiceLoader.load(LossProvider.class).stream().map(p -> p.get().id()).sorted().toList();
    assertEquals(List.of("bce-with-logits", "cross-entropy", "mse"), ids);
    for (LossProvider p : ServiceLoader.load(LossProvider.class)) {
      assertSame(Losses.byId(p.id()), p.create(p.configSpec().bind(java.util.Map.of())));
    }
  }
}
