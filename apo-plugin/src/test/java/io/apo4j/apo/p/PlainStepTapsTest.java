package io.apo4j.apo.p;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.TensorMap;
import io.apo4j.api.kernels.KroneckerBlocks;
import io.apo4j.api.kernels.TapFactors;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.WeightLayout;
import io.apo4j.api.optim.LayerStatistics;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * APO-P's plain step through the layer taps ({@code api.kernels.TapFactors}: B^T [W b] A computed
 * as (g B)^T ([a 1] A)) gives the same velocity and update as through the gradient, to 1e-12 in
 * float64, with and without a bias, for a random phi and momentum.
 */
class PlainStepTapsTest {
  private static final int M = 12;
  private static final int N_IN = 20;
  private static final int ROWS = 4;

  @ParameterizedTest(name = "bias {0}")
  @ValueSource(booleans = {true, false})
  void stepThroughTheTapsEqualsTheStepThroughTheGradient(boolean bias) {
    KroneckerLayer layer = new KroneckerLayer("fc", LayerKind.DENSE, "fc.w", bias ? "fc.b" : null, M, N_IN,
        WeightLayout.OUT_IN, null);
    int n1 = N_IN + (bias ? 1 : 0);
    INDArray a = random(ROWS, N_IN, 1);
    INDArray go = random(ROWS, M, 2);
    TensorMap.Builder grads = TensorMap.builder().put("fc.w", go.transpose().mmul(a).dup('c'));
    TensorMap.Builder velocity = TensorMap.builder().put("fc.w", random(M, N_IN, 3));
    if (bias) {
      grads.put("fc.b", go.sum(0));
      velocity.put("fc.b", random(1, M, 4).reshape(M));
    }
    TensorMap.Builder phi = TensorMap.builder();
    new LayerPhi(random(n1, n1, 5), random(M, M, 6), random(M, n1, 7)).putInto(phi, layer);
    LayerStatistics taps = new LayerStatistics() {
      @Override
      public List<KroneckerLayer> layers() {
        return List.of(layer);
      }

      @Override
      public LayerTap tap(String name) {
        return new LayerTap(a, go);
      }

      @Override
      public int batchSize() {
        return ROWS;
      }
    };
    TensorMap g = grads.build();
    TensorMap v = velocity.build();
    // the taps pay and reproduce the gradient here, so the second run really takes them
    assertNotNull(TapFactors.of(layer, new LayerTap(a, go), KroneckerBlocks.weightMatrix(layer, g.get("fc.w")),
        bias ? KroneckerBlocks.biasColumn(layer, g.get("fc.b")) : null, DataType.DOUBLE));
    PlainStep.Result full = new PlainStep().run(g, phi.build(), List.of(layer), v, 0.9, 0.1, null);
    PlainStep.Result thin = new PlainStep().run(g, phi.build(), List.of(layer), v, 0.9, 0.1, taps);
    for (String name : g.names()) {
      assertClose(full.update().get(name), thin.update().get(name), name + " update");
      assertClose(full.velocity().get(name), thin.velocity().get(name), name + " velocity");
    }
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    double scale = expected.norm2Number().doubleValue();
    double diff = expected.sub(actual).norm2Number().doubleValue();
    assertTrue(diff <= 1e-12 * scale, what + ": |diff| " + diff + " against " + scale);
  }

  private static INDArray random(int rows, int cols, long seed) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.rand(DataType.DOUBLE, rows, cols).subi(0.5);
  }
}
