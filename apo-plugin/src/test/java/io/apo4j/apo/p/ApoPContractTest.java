package io.apo4j.apo.p;

import io.apo4j.apo.fixtures.QuadraticLookaheadContext;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;
import io.apo4j.testkit.optim.InvalidConfig;
import io.apo4j.testkit.optim.OptimizerContract;
import io.apo4j.testkit.optim.StepContextFactory;
import java.util.List;
import java.util.Map;

/**
 * The testkit's optimizer contract for {@code apo-p}. The quadratic has no Kronecker layers, so this
 * exercises the base-step path, adapt-lr meta-steps, state handling and determinism.
 */
class ApoPContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new ApoPProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("lr", 0.1, "momentum", 0.9, "fsd", "squared-error", "k", 5, "adapt-lr", true);
  }

  @Override
  protected PluginServices services() {
    return TestServices.installed();
  }

  @Override
  protected StepContextFactory stepContexts() {
    return QuadraticLookaheadContext::new;
  }

  @Override
  protected List<InvalidConfig> invalidConfigs() {
    return List.of(
        InvalidConfig.of("precision", "float16",
            "optimizer 'apo-p': key 'precision': 'float16' is not a valid choice; expected one of [float32, bfloat16]"),
        InvalidConfig.of("k", 0, "optimizer 'apo-p': key 'k' is out of range; expected a number in"
            + " [1, 9.223372036854776E18], found 0.0"),
        InvalidConfig.of("momentum", 1.0, "optimizer 'apo-p': key 'momentum' is out of range; expected a number in"
            + " [0, 0.999999], found 1.0"),
        new InvalidConfig(Map.of("adapt-lr", true, "eta-min", 1.0, "eta-max", 0.5),
            "optimizer 'apo-p': key 'eta-min' must be below 'eta-max'; found eta-min 1.0, eta-max 0.5"));
  }
}
