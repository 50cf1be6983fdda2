package io.apo4j.examples.lion;

import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.testkit.optim.InvalidConfig;
import io.apo4j.testkit.optim.OptimizerContract;
import java.util.List;
import java.util.Map;

/**
 * The testkit's optimizer contract, run against {@code lion}. Sign steps have a fixed length, so
 * Lion only settles on the quadratic as its learning rate decays: the config uses a cosine schedule.
 */
class LionContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new LionProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("lr", 0.1, "weight-decay", 1e-4, "schedule", Map.of("type", "cosine", "total-steps", 300));
  }

  @Override
  protected List<InvalidConfig> invalidConfigs() {
    return List.of(
        InvalidConfig.of("lr", -1e-3, "optimizer 'lion': key 'lr' is out of range; expected a number in [0, inf], found -0.001"),
        InvalidConfig.of("beta1", 1.0, "optimizer 'lion': key 'beta1' is out of range; expected a number in [0, 1), found 1.0"),
        InvalidConfig.of("beta2", 1.5, "optimizer 'lion': key 'beta2' is out of range; expected a number in [0, 1], found 1.5"),
        InvalidConfig.of("betas", 0.9, "optimizer 'lion': unknown key 'betas'; expected one of [lr, beta1, beta2, weight-decay, schedule]"),
        InvalidConfig.of("lr", "fast", "optimizer 'lion': key 'lr' must be a number; found 'fast'"));
  }
}
