package io.apo4j.sgd;

import static io.apo4j.sgd.OptimizerTestSupport.create;
import static io.apo4j.sgd.OptimizerTestSupport.step;
import static io.apo4j.sgd.OptimizerTestSupport.update;
import static io.apo4j.sgd.OptimizerTestSupport.w;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small cases worked out by hand from the PyTorch formulas, one property each. */
class HandComputedStepsTest {
  private final TensorMap params = w(1.0, -2.0);

  @Test
  void sgdMomentumBufferStartsAsTheGradientWithoutDampening() {
    Optimizer sgd = create(new SgdProvider(), Map.of("lr", 0.1, "momentum", 0.9, "dampening", 0.5));
    Step first = step(sgd, params, sgd.init(params, List.of()), 0, 1.0, 2.0);
    assertArrayEquals(new double[] {-0.1, -0.2}, update(first), 1e-15);
    // b_2 = 0.9 * b_1 + (1 - 0.5) * g_2 = 0.9 * [1, 2] + 0.5 * [4, 4] = [2.9, 3.8]
    Step second = step(sgd, params, first.state(), 1, 4.0, 4.0);
    assertArrayEquals(new double[] {-0.29, -0.38}, update(second), 1e-15);
  }

  @Test
  void sgdNesterovLooksAheadAlongTheBuffer() {
    Optimizer sgd = create(new SgdProvider(), Map.of("lr", 1.0, "momentum", 0.5, "nesterov", true));
    Step first = step(sgd, params, sgd.init(params, List.of()), 0, 2.0, 0.0);
    // b_1 = g = 2; d = g + 0.5 * b_1 = 3
    assertArrayEquals(new double[] {-3.0, 0.0}, update(first), 1e-15);
  }

  @Test
  void sgdWeightDecayAddsTheParametersToTheGradient() {
    Optimizer sgd = create(new SgdProvider(), Map.of("lr", 0.5, "weight-decay", 0.1));
    Step s = step(sgd, params, sgd.init(params, List.of()), 0, 1.0, 1.0);
    assertArrayEquals(new double[] {-0.5 * 1.1, -0.5 * 0.8}, update(s), 1e-15);
  }

  @Test
  void adamFirstStepIsLearningRateTimesSignThanksToBiasCorrection() {
    Optimizer adam = create(new AdamProvider(), Map.of("lr", 0.01));
    Step s = step(adam, params, adam.init(params, List.of()), 0, 3.0, -1e-3);
    // m/(1-b1) = g, sqrt(v/(1-b2)) = |g|: update = -lr * g / (|g| + eps)
    assertArrayEquals(new double[] {-0.01 * 3 / (3 + 1e-8), 0.01 * 1e-3 / (1e-3 + 1e-8)}, update(s), 1e-15);
  }

  @Test
  void adamwDecaysTheParametersByOneMinusLearningRateTimesDecay() {
    Optimizer adamw = create(new AdamWProvider(), Map.of("lr", 0.1, "weight-decay", 0.5));
    Step s = step(adamw, params, adamw.init(params, List.of()), 0, 0.0, 0.0);
    // zero gradient: only p *= 1 - lr * wd = 0.95
    assertArrayEquals(new double[] {1.0 * 0.95 - 1.0, -2.0 * 0.95 + 2.0}, update(s), 1e-15);
  }

  @Test
  void adamWithL2DecayFeedsTheDecayIntoTheMoments() {
    Optimizer adam = create(new AdamProvider(), Map.of("lr", 0.1, "weight-decay", 0.5));
    Step s = step(adam, params, adam.init(params, List.of()), 0, 0.0, 0.0);
    // g = 0.5 * p, so the first step is -lr * sign(p), unlike adamw
    assertArrayEquals(new double[] {-0.1, 0.1}, update(s), 1e-8);
  }

  @Test
  void rmspropKeepsEpsOutsideTheSquareRoot() {
    Optimizer rms = create(new RmsPropProvider(), Map.of("lr", 1.0, "alpha", 0.75, "eps", 0.5));
    Step s = step(rms, params, rms.init(params, List.of()), 0, 2.0, 0.0);
    // s = 0.25 * 4 = 1; update = -g / (sqrt(1) + 0.5) = -4/3 (eps inside the root would give -2/sqrt(1.5))
    assertArrayEquals(new double[] {-2.0 / 1.5, 0.0}, update(s), 1e-15);
  }

  @Test
  void rmspropCenteredSubtractsTheSquaredMeanGradient() {
    Optimizer rms = create(new RmsPropProvider(), Map.of("lr", 1.0, "alpha", 0.5, "eps", 0.0, "centered", true));
    Step s = step(rms, params, rms.init(params, List.of()), 0, 2.0, 2.0);
    // s = 0.5 * 4 = 2, a = 0.5 * 2 = 1, avg = sqrt(2 - 1) = 1
    assertArrayEquals(new double[] {-2.0, -2.0}, update(s), 1e-15);
  }

  @Test
  void scheduleScalesTheLearningRateByTheStepCountInTheState() {
    Optimizer sgd = create(new SgdProvider(), Map.of("lr", 0.4,
        "schedule", Map.of("type", "step", "step-size", 2, "gamma", 0.5, "warmup-steps", 2, "warmup-start", 0.5)));
    var state = sgd.init(params, List.of());
    double[] expected = {0.4 * 0.5, 0.4 * 0.75, 0.4 * 0.5, 0.4 * 0.5, 0.4 * 0.25};
    for (int t = 0; t < expected.length; t++) {
      // the context's step is deliberately wrong: the counter in the state decides
      Step s = step(sgd, params, state, 1000, 1.0, 0.0);
      assertEquals(expected[t], s.learningRate(), 1e-15, "lr at step " + t);
      assertEquals(-expected[t], update(s)[0], 1e-15, "update at step " + t);
      state = s.state();
    }
  }
}
