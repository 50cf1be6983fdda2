package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What follows preconditioning: the KL clip, weight decay, momentum, and plain steps for other parameters. */
class StepRuleTest {
  private final Random rnd = new Random(23);
  private final TinyDense layer = TinyDense.random(3, 4, rnd);
  private final double[][] x = TinyDense.randomInputs(6, 4, rnd);
  private final double[][] og = layer.crossEntropyGradient(x, new int[] {0, 1, 2, 2, 1, 0});

  @Test
  void klClipScalesThePreconditionedStepToKappa() {
    double lr = 0.5;
    double[][] p = Kfacs.firstDirection(Kfacs.create(Kfacs.with(Kfacs.bare(1e-3), "lr", lr)), layer, x, og);
    double[][] grad = TinyDense.gradientMatrix(x, og);
    double vg = 0;
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < p[0].length; j++) {
        vg += p[i][j] * grad[i][j];
      }
    }
    double kappa = lr * lr * vg / 16; // the clip must scale by exactly 1/4
    var raw = Kfacs.with(Kfacs.with(Kfacs.with(Kfacs.bare(1e-3), "lr", lr), "kl-clip", true), "kl-clip-kappa", kappa);
    KfacOptimizer opt = Kfacs.create(raw);
    double[][] clipped = Kfacs.firstDirection(opt, layer, x, og);
    ClosedFormTest.assertClose(Mat.scale(p, 0.25), clipped, 1e-10);

    Step step = opt.update(layer.grads(x, og), opt.init(layer.params(), List.of(layer.layer())), context());
    assertEquals(0.25, step.metrics().get("kfac/kl-scale"), 1e-10);
    var loose = Kfacs.with(raw, "kl-clip-kappa", kappa * 100);
    ClosedFormTest.assertClose(p, Kfacs.firstDirection(Kfacs.create(loose), layer, x, og), 1e-12);
  }

  @Test
  void momentumAndWeightDecayFollowThePreconditioner() {
    double mu = 0.7;
    double wd = 0.1;
    double[][] p = Kfacs.firstDirection(Kfacs.create(Kfacs.bare(1e-3)), layer, x, og);
    var raw = Kfacs.with(Kfacs.with(Kfacs.bare(1e-3), "momentum", mu), "weight-decay", wd);
    KfacOptimizer opt = Kfacs.create(raw);
    OptimizerState s = opt.init(layer.params(), List.of(layer.layer()));
    double[][] theta = Mat.of(layer.layer().toMatrix(layer.params().get(TinyDense.WEIGHT),
        layer.params().get(TinyDense.BIAS)));
    double[][] v1 = Mat.add(p, Mat.scale(theta, wd));
    // same batch twice with factor-decay 0: the same preconditioned gradient each time
    Step first = opt.update(layer.grads(x, og), s, context());
    Step second = opt.update(layer.grads(x, og), first.state(), context());
    ClosedFormTest.assertClose(Mat.scale(v1, -1), Kfacs.matrix(layer.layer(), first.updates()), 1e-10);
    double[][] v2 = Mat.add(Mat.scale(v1, mu), v1);
    ClosedFormTest.assertClose(Mat.scale(v2, -1), Kfacs.matrix(layer.layer(), second.updates()), 1e-10);
  }

  @Test
  void parametersOutsideKroneckerLayersTakePlainSgdMomentum() {
    INDArray scale = Nd4j.create(new double[] {1.0, 2.0}).castTo(DataType.DOUBLE);
    INDArray scaleGrad = Nd4j.create(new double[] {0.3, -0.4}).castTo(DataType.DOUBLE);
    TensorMap params = layer.params().with("norm.scale", scale);
    TensorMap grads = layer.grads(x, og).with("norm.scale", scaleGrad);
    var raw = Kfacs.with(Kfacs.with(Kfacs.with(Kfacs.bare(1e-3), "momentum", 0.5), "weight-decay", 0.1), "lr", 0.2);
    KfacOptimizer opt = Kfacs.create(raw);
    TapContext ctx = new TapContext(0, params, List.of(layer.layer()), Kfacs.taps(x, og), x.length);
    Step s1 = opt.update(grads, opt.init(params, List.of(layer.layer())), ctx);
    Step s2 = opt.update(grads, s1.state(), ctx);
    double[] v1 = {0.3 + 0.1 * 1.0, -0.4 + 0.1 * 2.0};
    double[] v2 = {0.5 * v1[0] + v1[0], 0.5 * v1[1] + v1[1]};
    assertEquals(-0.2 * v1[0], s1.updates().get("norm.scale").getDouble(0), 1e-12);
    assertEquals(-0.2 * v2[1], s2.updates().get("norm.scale").getDouble(1), 1e-12);
    assertEquals(0.2, s1.learningRate(), 0.0);
  }

  @Test
  void updateIsMinusLearningRateTimesDirectionAndCommitsNothing() {
    var raw = Kfacs.with(Kfacs.with(Kfacs.bare(1e-3), "lr", 0.3), "schedule", Map.of("type", "step", "step-size", 1,
        "gamma", 0.5));
    KfacOptimizer opt = Kfacs.create(raw);
    OptimizerState s0 = opt.init(layer.params(), List.of(layer.layer()));
    Step a = opt.update(layer.grads(x, og), s0, context());
    var d = opt.direction(layer.grads(x, og), s0, context());
    assertEquals(0.3, d.learningRate(), 1e-15);
    double[][] dm = Kfacs.matrix(layer.layer(), d.direction());
    ClosedFormTest.assertClose(Mat.scale(dm, -0.3), Kfacs.matrix(layer.layer(), a.updates()), 1e-12);
    assertEquals(0L, ((KfacState) s0).step(), "the old state is untouched");
    Step b = opt.update(layer.grads(x, og), a.state(), context());
    assertEquals(0.15, b.learningRate(), 1e-15, "the schedule halves lr at step 1");
    assertTrue(((KfacState) b.state()).step() == 2);
  }

  private TapContext context() {
    return new TapContext(0, layer.params(), List.of(layer.layer()), Kfacs.taps(x, og), x.length);
  }
}
