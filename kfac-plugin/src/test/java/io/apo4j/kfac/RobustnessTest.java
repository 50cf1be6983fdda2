package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.ConvGeometry;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.WeightLayout;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Failed decompositions, non-finite taps, and the 16-bit mode. */
class RobustnessTest {
  private final Random rnd = new Random(31);

  @Test
  void failedDecompositionKeepsThePreviousOneAndNamesTheLayer() {
    FactorDecomposer eigen = new FactorDecomposer(InverseMethod.EIGEN, false, FactorPrecision.FLOAT64);
    INDArray a = Nd4j.eye(3).castTo(DataType.DOUBLE);
    INDArray g = Nd4j.eye(2).castTo(DataType.DOUBLE).muli(2);
    FactorDecomposer.Outcome good = eigen.decompose("/fc1/Gemm", a, g, 1e-3, null);
    assertNull(good.warning());
    INDArray broken = a.dup();
    broken.putScalar(1, 1, Double.NaN);
    for (FactorDecomposer d : List.of(eigen, new FactorDecomposer(InverseMethod.INVERSE, true, FactorPrecision.FLOAT32))) {
      FactorDecomposer.Outcome bad = d.decompose("/fc1/Gemm", broken, g, 1e-3, good.preconditioner());
      assertSame(good.preconditioner(), bad.preconditioner());
      assertTrue(bad.warning().startsWith("optimizer 'kfac': layer '/fc1/Gemm': "), bad.warning());
      assertTrue(bad.warning().contains("keeping the previous one"), bad.warning());
    }
  }

  @Test
  void eigenvaluesAreClampedAtZero() {
    INDArray indefinite = Nd4j.create(new double[][] {{1, 2}, {2, 1}}).castTo(DataType.DOUBLE); // eigenvalues -1, 3
    var o = new FactorDecomposer(InverseMethod.EIGEN, false, FactorPrecision.FLOAT64)
        .decompose("fc", indefinite, indefinite, 1e-3, null);
    EigenBasis e = (EigenBasis) o.preconditioner();
    assertEquals(0.0, e.dA().minNumber().doubleValue(), 0.0);
    assertEquals(3.0, e.dA().maxNumber().doubleValue(), 1e-12);
  }

  @Test
  void nonFiniteTapsLeaveTheFactorsAlone() {
    TinyDense layer = TinyDense.random(3, 2, rnd);
    KfacOptimizer opt = Kfacs.create(Kfacs.with(Kfacs.bare(1e-3), "factor-decay", 0.5));
    double[][] x = TinyDense.randomInputs(4, 2, rnd);
    double[][] og = layer.crossEntropyGradient(x, new int[] {0, 1, 2, 1});
    OptimizerState s = opt.update(layer.grads(x, og), opt.init(layer.params(), List.of(layer.layer())),
        new TapContext(0, layer.params(), List.of(layer.layer()), Kfacs.taps(x, og), 4)).state();
    double[][] nanX = x.clone();
    nanX[0] = new double[] {Double.NaN, 0};
    Step next = opt.update(layer.grads(x, og), s,
        new TapContext(1, layer.params(), List.of(layer.layer()), Kfacs.taps(nanX, og), 4));
    LayerCurvature before = ((KfacState) s).curvature().get("fc");
    LayerCurvature after = ((KfacState) next.state()).curvature().get("fc");
    assertSame(before.a(), after.a());
    assertTrue(Double.isFinite(next.updates().get(TinyDense.WEIGHT).sumNumber().doubleValue()));
  }

  @Test
  void bfloat16RoundsToNearestEven() {
    float one = 1.0f;
    float ulp = (float) Math.pow(2, -7);
    assertEquals(one, FactorPrecision.roundToBfloat16(one + ulp / 2)); // tie: stays even
    assertEquals(one + 2 * ulp, FactorPrecision.roundToBfloat16(one + 3 * ulp / 2)); // tie: goes to even
    assertEquals(one + ulp, FactorPrecision.roundToBfloat16(one + 0.6f * ulp));
    assertTrue(Float.isNaN(FactorPrecision.roundToBfloat16(Float.NaN)));
    assertEquals(Float.POSITIVE_INFINITY, FactorPrecision.roundToBfloat16(Float.POSITIVE_INFINITY));
  }

  /** 16-bit factors on a dense and a conv layer for 25 steps: never throws; factors lie on the bfloat16 grid. */
  @Test
  void bfloat16RunsWithoutThrowing() {
    KroneckerLayer dense = new KroneckerLayer("fc", LayerKind.DENSE, "fc.w", "fc.b", 4, 8, WeightLayout.OUT_IN, null);
    KroneckerLayer conv = new KroneckerLayer("conv", LayerKind.CONV, "conv.w", null, 2, 9, WeightLayout.CONV_OIHW,
        new ConvGeometry(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}));
    TensorMap params = TensorMap.builder().put("conv.w", Nd4j.rand(DataType.FLOAT, 2, 1, 3, 3))
        .put("fc.w", Nd4j.rand(DataType.FLOAT, 4, 8)).put("fc.b", Nd4j.zeros(DataType.FLOAT, 4)).build();
    var raw = Kfacs.with(Kfacs.with(Kfacs.bare(1e-3), "precision", "bfloat16"), "inverse-update-interval", 3);
    raw.put("factor-decay", 0.95);
    raw.put("lr", 0.1);
    KfacOptimizer opt = Kfacs.create(raw);
    OptimizerState s = opt.init(params, List.of(conv, dense));
    for (int t = 0; t < 25; t++) {
      Map<String, LayerTap> taps = Map.of(
          "conv", new LayerTap(Nd4j.randn(DataType.FLOAT, 6, 1, 4, 4), Nd4j.randn(DataType.FLOAT, 6, 2, 4, 4)),
          "fc", new LayerTap(Nd4j.randn(DataType.FLOAT, 6, 8), Nd4j.randn(DataType.FLOAT, 6, 4).muli(1e-3)));
      TensorMap grads = params.map((n, p) -> Nd4j.randn(DataType.FLOAT, p.shape()));
      OptimizerState current = s;
      int step = t;
      Step out = assertDoesNotThrow(() -> opt.update(grads, current, new TapContext(step, params, List.of(conv, dense),
          taps, 6)));
      s = out.state();
      assertEquals(DataType.FLOAT, out.updates().get("fc.w").dataType());
    }
    INDArray a = ((KfacState) s).curvature().get("fc").a();
    float[] values = a.data().asFloat();
    for (float v : values) {
      assertEquals(FactorPrecision.roundToBfloat16(v), v, 0f);
    }
  }
}
