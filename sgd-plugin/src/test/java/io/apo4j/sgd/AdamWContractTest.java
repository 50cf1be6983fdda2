package io.apo4j.sgd;

import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.testkit.optim.InvalidConfig;
import io.apo4j.testkit.optim.OptimizerContract;
import java.util.List;
import java.util.Map;

class AdamWContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new AdamWProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("lr", 0.1, "weight-decay", 1e-4, "schedule", Map.of("type", "cosine", "total-steps", 300));
  }

  @Override
  protected List<InvalidConfig> invalidConfigs() {
    return List.of(
        InvalidConfig.of("weight-decay", -0.01, "optimizer 'adamw': key 'weight-decay' is out of range; expected a number in [0, inf], found -0.01"),
        InvalidConfig.of("beta2", 1.0, "optimizer 'adamw': key 'beta2' is out of range; expected a number in [0, 1), found 1.0"));
  }
}
