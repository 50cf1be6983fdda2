package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.TensorMap;
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
import org.nd4j.linalg.factory.Nd4j;

/** Factor shapes, running averages and the two refresh intervals. */
class FactorTest {
  private final Random rnd = new Random(3);

  @Test
  void factorShapesAreColumnsAndOutputs() {
    TinyDense layer = TinyDense.random(3, 5, rnd);
    KroneckerLayer noBias = new KroneckerLayer("nb", LayerKind.DENSE, "nb.w", null, 2, 4, WeightLayout.IN_OUT, null);
    TensorMap params = layer.params().with("nb.w", Nd4j.zeros(DataType.DOUBLE, 4, 2));
    KfacState s = (KfacState) Kfacs.create(Kfacs.bare(1e-3)).init(params, List.of(layer.layer(), noBias));
    assertArrayEquals(new long[] {6, 6}, s.curvature().get("fc").a().shape());
    assertArrayEquals(new long[] {3, 3}, s.curvature().get("fc").g().shape());
    assertArrayEquals(new long[] {4, 4}, s.curvature().get("nb").a().shape());
    assertArrayEquals(new long[] {2, 2}, s.curvature().get("nb").g().shape());
    assertEquals(Nd4j.eye(6).castTo(DataType.DOUBLE), s.curvature().get("fc").a(), "identity initialisation");
  }

  @Test
  void runningAverageFoldsBatchFactorsWithDecay() {
    TinyDense layer = TinyDense.random(3, 2, rnd);
    double decay = 0.8;
    KfacOptimizer opt = Kfacs.create(Kfacs.with(Kfacs.bare(1e-3), "factor-decay", decay));
    OptimizerState s = opt.init(layer.params(), List.of(layer.layer()));
    double[][] expectedA = Mat.identity(3, 1);
    double[][] expectedG = Mat.identity(3, 1);
    for (int t = 0; t < 3; t++) {
      double[][] x = TinyDense.randomInputs(4, 2, rnd);
      double[][] og = layer.crossEntropyGradient(x, new int[] {t % 3, 1, 2, 0});
      double[][][] batch = ClosedFormTest.factors(x, og);
      expectedA = Mat.add(Mat.scale(expectedA, decay), Mat.scale(batch[0], 1 - decay));
      expectedG = Mat.add(Mat.scale(expectedG, decay), Mat.scale(batch[1], 1 - decay));
      s = opt.update(layer.grads(x, og), s, context(t, layer, x, og)).state();
    }
    LayerCurvature c = ((KfacState) s).curvature().get("fc");
    ClosedFormTest.assertClose(expectedA, Mat.of(c.a()), 1e-12);
    ClosedFormTest.assertClose(expectedG, Mat.of(c.g()), 1e-12);
  }

  @Test
  void decompositionsRefreshOnlyEveryInverseInterval() {
    TinyDense layer = TinyDense.random(3, 2, rnd);
    KfacOptimizer opt = Kfacs.create(Kfacs.with(Kfacs.bare(1e-3), "inverse-update-interval", 3));
    OptimizerState s = opt.init(layer.params(), List.of(layer.layer()));
    Preconditioner[] seen = new Preconditioner[5];
    for (int t = 0; t < 5; t++) {
      double[][] x = TinyDense.randomInputs(4, 2, rnd);
      double[][] og = layer.crossEntropyGradient(x, new int[] {0, 1, 2, t % 3});
      s = opt.update(layer.grads(x, og), s, context(t, layer, x, og)).state();
      seen[t] = ((KfacState) s).curvature().get("fc").preconditioner();
    }
    assertSame(seen[0], seen[1]);
    assertSame(seen[0], seen[2]);
    assertTrue(seen[3] != seen[2], "step 3 recomputes");
    assertSame(seen[3], seen[4]);
  }

  @Test
  void factorsRefreshOnlyEveryFactorInterval() {
    TinyDense layer = TinyDense.random(3, 2, rnd);
    KfacOptimizer opt = Kfacs.create(Kfacs.with(Kfacs.bare(1e-3), "factor-update-interval", 2));
    OptimizerState s = opt.init(layer.params(), List.of(layer.layer()));
    int[] calls = new int[3];
    LayerCurvature[] seen = new LayerCurvature[3];
    for (int t = 0; t < 3; t++) {
      double[][] x = TinyDense.randomInputs(4, 2, rnd);
      double[][] og = layer.crossEntropyGradient(x, new int[] {0, 1, 2, 1});
      TapContext ctx = context(t, layer, x, og);
      s = opt.update(layer.grads(x, og), s, ctx).state();
      calls[t] = ctx.statisticsCalls;
      seen[t] = ((KfacState) s).curvature().get("fc");
    }
    // the taps are read at every step (they factor the gradient, FactoredGradient); the factors
    // change on factor steps only
    assertArrayEquals(new int[] {1, 1, 1}, calls, "the step's taps read once per step");
    assertSame(seen[0].a(), seen[1].a());
    assertTrue(seen[2].a() != seen[1].a());
  }

  /** A MatMul-style IN_OUT weight (n x m) gets the same step as the equivalent OUT_IN one. */
  @Test
  void inOutLayoutGetsTheTransposedStep() {
    TinyDense layer = TinyDense.random(3, 4, rnd);
    double[][] x = TinyDense.randomInputs(5, 4, rnd);
    double[][] og = layer.crossEntropyGradient(x, new int[] {0, 1, 2, 1, 0});
    double[][] expected = Kfacs.firstDirection(Kfacs.create(Kfacs.bare(1e-2)), layer, x, og);

    KroneckerLayer t = new KroneckerLayer("fc", LayerKind.DENSE, "w", "b", 3, 4, WeightLayout.IN_OUT, null);
    TensorMap g = layer.grads(x, og);
    TensorMap grads = TensorMap.builder().put("w", g.get(TinyDense.WEIGHT).transpose().dup('c'))
        .put("b", g.get(TinyDense.BIAS)).build();
    TensorMap params = TensorMap.builder().put("w", Nd4j.zeros(DataType.DOUBLE, 4, 3))
        .put("b", Nd4j.zeros(DataType.DOUBLE, 3)).build();
    KfacOptimizer opt = Kfacs.create(Kfacs.bare(1e-2));
    Map<String, LayerTap> taps = Kfacs.taps(x, og);
    Step step = opt.update(grads, opt.init(params, List.of(t)), new TapContext(0, params, List.of(t), taps, 5));
    double[][] actual = Mat.of(t.toMatrix(step.updates().get("w"), step.updates().get("b")).neg());
    ClosedFormTest.assertClose(expected, actual, 1e-12);
  }

  private static TapContext context(long t, TinyDense layer, double[][] x, double[][] og) {
    return new TapContext(t, layer.params(), List.of(layer.layer()), Kfacs.taps(x, og), x.length);
  }
}
