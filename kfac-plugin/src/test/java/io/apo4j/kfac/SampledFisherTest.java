package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.apo4j.api.model.LayerTap;
import io.apo4j.api.optim.OptimizerState;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The "true" Fisher: G from an extra pass with labels drawn from the model's softmax, seeded reproducibly. */
class SampledFisherTest {
  private final Random rnd = new Random(37);
  private final TinyDense layer = TinyDense.random(3, 4, rnd);
  private final double[][] x = TinyDense.randomInputs(16, 4, rnd);
  private final int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
  private final double[][] og = layer.crossEntropyGradient(x, labels);

  @Test
  void gFactorComesFromSampledLabelsAndTheStepFromTheDataGradient() {
    var raw = Kfacs.with(Kfacs.with(Kfacs.bare(1e-2), "fisher-type", "sampled"), "seed", 42);
    KfacOptimizer opt = Kfacs.create(raw);
    TapContext ctx = context();
    var step = opt.update(layer.grads(x, og), opt.init(layer.params(), List.of(layer.layer())), ctx);
    assertEquals(0, ctx.statisticsCalls, "the empirical taps are not read");
    assertEquals(List.of(KfacOptimizer.drawSeed(42, 0)), ctx.seedsAsked);

    double[][] sampledOg = sampledGradient(ctx.seedsAsked.get(0));
    double[][][] f = ClosedFormTest.factors(x, sampledOg);
    LayerCurvature c = ((KfacState) step.state()).curvature().get("fc");
    ClosedFormTest.assertClose(f[1], Mat.of(c.g()), 1e-12);
    double[][] empiricalG = ClosedFormTest.factors(x, og)[1];
    assertNotEquals(0.0, Mat.relativeError(empiricalG, Mat.of(c.g())), 1e-3);

    double[][] fisher = Mat.kron(f[0], f[1]);
    double[][] grad = TinyDense.gradientMatrix(x, og);
    double[][] expected = Mat.unvec(Mat.solve(Mat.add(fisher, Mat.identity(fisher.length, 1e-2)), Mat.vec(grad)), 3, 5);
    ClosedFormTest.assertClose(Mat.scale(expected, -1), Kfacs.matrix(layer.layer(), step.updates()), 1e-6);
  }

  @Test
  void drawSeedsAdvanceWithTheStateAndRepeatUnderTheSameSeed() {
    var raw = Kfacs.with(Kfacs.with(Kfacs.bare(1e-2), "fisher-type", "sampled"), "seed", 7);
    raw.put("factor-update-interval", 2);
    List<Long> first = seeds(Kfacs.create(raw), 5);
    List<Long> again = seeds(Kfacs.create(raw), 5);
    assertEquals(3, first.size(), "draws on factor steps 0, 2, 4 only");
    assertEquals(first, again);
    assertEquals(3, first.stream().distinct().count());
    assertNotEquals(first, seeds(Kfacs.create(Kfacs.with(raw, "seed", 8)), 5));
  }

  private List<Long> seeds(KfacOptimizer opt, int steps) {
    OptimizerState s = opt.init(layer.params(), List.of(layer.layer()));
    TapContext ctx = context();
    for (int t = 0; t < steps; t++) {
      s = opt.update(layer.grads(x, og), s, ctx).state();
    }
    assertEquals(ctx.seedsAsked.size(), ((KfacState) s).fisherDraws());
    return ctx.seedsAsked;
  }

  private TapContext context() {
    return new TapContext(0, layer.params(), List.of(layer.layer()), Kfacs.taps(x, og), x.length,
        seed -> Map.of("fc", new LayerTap(Mat.nd(x), Mat.nd(sampledGradient(seed)))));
  }

  /** The mean cross-entropy output gradient with labels drawn from the layer's own softmax. */
  private double[][] sampledGradient(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] z = layer.logits(x);
    int[] drawn = new int[x.length];
    for (int e = 0; e < x.length; e++) {
      double[] p = TinyDense.softmax(z[e]);
      double u = r.nextDouble();
      int k = 0;
      for (double acc = p[0]; u > acc && k < p.length - 1; acc += p[++k]) {
        // walk the cumulative distribution
      }
      drawn[e] = k;
    }
    return layer.crossEntropyGradient(x, drawn);
  }
}
