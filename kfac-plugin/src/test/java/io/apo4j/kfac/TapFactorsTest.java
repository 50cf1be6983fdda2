package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.kernels.KroneckerBlocks;
import io.apo4j.api.kernels.TapFactors;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.WeightLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link TapFactors} in K-FAC: preconditioning a dense layer's gradient through its taps (g^T [a 1])
 * gives the same result as rotating the full gradient, for the eigen form and the damped
 * inverses, with and without a bias (float64, 1e-12); and taps that are not this gradient's
 * factors, conv taps, or batches too large to pay are refused, so the full path runs.
 */
class TapFactorsTest {
  private static final int M = 12;
  private static final int N_IN = 20;
  private static final int ROWS = 4;

  @ParameterizedTest(name = "bias {0}")
  @ValueSource(booleans = {true, false})
  void eigenFormThroughTheTapsEqualsTheFullRotation(boolean bias) {
    KroneckerLayer layer = layer(bias, WeightLayout.OUT_IN);
    int n1 = N_IN + (bias ? 1 : 0);
    EigenBasis basis = new EigenBasis(random(n1, n1, 1), positive(n1, 2), random(M, M, 3), positive(M, 4));
    assertSame(layer, basis, 5);
  }

  @ParameterizedTest(name = "bias {0}")
  @ValueSource(booleans = {true, false})
  void dampedInversesThroughTheTapsEqualTheFullProduct(boolean bias) {
    KroneckerLayer layer = layer(bias, WeightLayout.IN_OUT);
    int n1 = N_IN + (bias ? 1 : 0);
    INDArray g = random(M, M, 6);
    DampedInverses inverses = new DampedInverses(random(n1, n1, 7), g.add(g.transpose())); // Ginv is symmetric
    assertSame(layer, inverses, 8);
  }

  @Test
  void refusesTapsThatAreNotThisGradientsFactors() {
    KroneckerLayer layer = layer(true, WeightLayout.OUT_IN);
    INDArray a = random(ROWS, N_IN, 9);
    INDArray go = random(ROWS, M, 10);
    LayerGradient g = gradient(layer, a, go);
    assertNotNull(TapFactors.of(layer, new LayerTap(a, go), g.weight(), g.bias(), DataType.DOUBLE));
    assertNull(TapFactors.of(layer, new LayerTap(random(ROWS, N_IN, 11), go), g.weight(), g.bias(), DataType.DOUBLE),
        "other inputs");
    assertNull(TapFactors.of(layer, new LayerTap(a, random(ROWS, M, 12)), g.weight(), g.bias(), DataType.DOUBLE),
        "other output gradients");
    INDArray many = random(64, N_IN, 13);
    INDArray manyG = random(64, M, 14);
    assertNull(TapFactors.of(layer, new LayerTap(many, manyG), gradient(layer, many, manyG).weight(),
        gradient(layer, many, manyG).bias(), DataType.DOUBLE), "64 rows: rotating the 12 x 21 gradient is cheaper");
    KroneckerLayer conv = new KroneckerLayer("conv", LayerKind.CONV, "conv.w", null, 2, 9, WeightLayout.CONV_OIHW,
        null);
    assertNull(TapFactors.of(conv, new LayerTap(random(ROWS, 9, 15), random(ROWS, 2, 16)), g.weight(),
        g.bias(), DataType.DOUBLE));
  }

  private static void assertSame(KroneckerLayer layer, Preconditioner p, long seed) {
    INDArray a = random(ROWS, N_IN, seed);
    INDArray go = random(ROWS, M, seed + 100);
    LayerGradient g = gradient(layer, a, go);
    Workspace ws = new Workspace();
    TapFactors f = TapFactors.of(layer, new LayerTap(a, go), g.weight(), g.bias(), DataType.DOUBLE);
    assertNotNull(f, "4 rows against a 12 x " + (N_IN + 1) + " layer: the taps pay");
    INDArray[] full = apply(layer, p, g, ws);
    INDArray[] thin = apply(layer, p, g.withFactors(f), ws);
    for (int i = 0; i < full.length; i++) {
      if (full[i] != null) {
        double scale = full[i].norm2Number().doubleValue();
        double diff = full[i].sub(thin[i]).norm2Number().doubleValue();
        assertTrue(diff <= 1e-12 * scale, "block " + i + ": |diff| " + diff + " against " + scale);
      }
    }
    assertEquals(full.length, thin.length);
  }

  private static INDArray[] apply(KroneckerLayer layer, Preconditioner p, LayerGradient g, Workspace ws) {
    INDArray pw = Nd4j.zeros(DataType.DOUBLE, layer.layout() == WeightLayout.IN_OUT
        ? new long[] {layer.inputs(), layer.outputs()} : new long[] {layer.outputs(), layer.inputs()});
    INDArray pb = layer.hasBias() ? Nd4j.zeros(DataType.DOUBLE, layer.outputs()) : null;
    p.applyInto(layer.name(), g, 1e-2, ws, KroneckerBlocks.weightMatrix(layer, pw),
        KroneckerBlocks.biasColumn(layer, pb));
    return new INDArray[] {pw, pb};
  }

  /** [dW db] = g^T [a 1], stored in the layer's own layout. */
  private static LayerGradient gradient(KroneckerLayer layer, INDArray a, INDArray go) {
    INDArray w = go.transpose().mmul(a); // m x n
    INDArray stored = layer.layout() == WeightLayout.IN_OUT ? w.transpose().dup('c') : w.dup('c');
    INDArray b = layer.hasBias() ? go.sum(0) : null;
    return LayerGradient.of(layer, stored, b, DataType.DOUBLE);
  }

  private static KroneckerLayer layer(boolean bias, WeightLayout layout) {
    return new KroneckerLayer("fc", LayerKind.DENSE, "fc.w", bias ? "fc.b" : null, M, N_IN, layout, null);
  }

  private static INDArray random(int rows, int cols, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, rows, cols).subi(0.5);
  }

  private static INDArray positive(int n, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, n).addi(0.1);
  }
}
