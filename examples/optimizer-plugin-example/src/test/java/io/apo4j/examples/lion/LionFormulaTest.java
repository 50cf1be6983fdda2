package io.apo4j.examples.lion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import io.apo4j.testkit.optim.QuadraticStepContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Three Lion steps against the paper's update written out as a plain Java loop. */
class LionFormulaTest {
  @Test
  public void followsThePapersUpdateRule() {
    double lr = 0.1;
    double beta1 = 0.8;
    double beta2 = 0.95;
    double wd = 0.01;
    LionProvider provider = new LionProvider();
    Optimizer lion = provider.create(provider.configSpec().bind(
        Map.of("lr", lr, "beta1", beta1, "beta2", beta2, "weight-decay", wd)), null);
    double[] p = {0.5, -1.0, 2.0, 0.0};
    double[] m = new double[p.length];
    double[][] grads = {{0.3, -0.2, 0.0, 1.0}, {-0.5, -0.1, 0.4, -2.0}, {0.1, 0.3, -0.6, 0.05}};
    TensorMap params = TensorMap.of(Map.of("w", Nd4j.createFromArray(p.clone())));
    OptimizerState state = lion.init(params, List.of());
    for (int t = 0; t < grads.length; t++) {
      double[] g = grads[t];
      for (int i = 0; i < p.length; i++) {
        double c = beta1 * m[i] + (1 - beta1) * g[i];
        p[i] -= lr * (Math.signum(c) + wd * p[i]);
        m[i] = beta2 * m[i] + (1 - beta2) * g[i];
      }
      Step step = lion.update(TensorMap.of(Map.of("w", Nd4j.createFromArray(g))), state,
          new QuadraticStepContext(t, params, 0.0));
      TensorMap before = params;
      params = before.map((name, v) -> v.add(step.updates().get(name)));
      state = step.state();
      assertEquals(lr, step.learningRate());
    }
    assertArrayEquals(p, params.get("w").castTo(DataType.DOUBLE).toDoubleVector(), 1e-15, "parameters after 3 steps");
    assertArrayEquals(m, state.toStateDict().tensors().get("momentum/w").toDoubleVector(), 1e-15, "momentum");
    assertEquals(3.0, state.toStateDict().scalar("step"));
  }
}
