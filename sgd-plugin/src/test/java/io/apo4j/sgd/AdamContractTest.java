package io.apo4j.sgd;

import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.testkit.optim.InvalidConfig;
import io.apo4j.testkit.optim.OptimizerContract;
import java.util.List;
import java.util.Map;

class AdamContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new AdamProvider();
  }

  @Override
  protected Map<String, Object> config() {
    // a cosine decay lets Adam settle instead of hovering at a distance of about lr from the minimum
    return Map.of("lr", 0.1, "amsgrad", true, "schedule", Map.of("type", "cosine", "total-steps", 300));
  }

  @Override
  protected List<InvalidConfig> invalidConfigs() {
    return List.of(
        InvalidConfig.of("lr", -1e-3, "optimizer 'adam': key 'lr' is out of range; expected a number in [0, inf], found -0.001"),
        InvalidConfig.of("beta1", 1.0, "optimizer 'adam': key 'beta1' is out of range; expected a number in [0, 1), found 1.0"),
        InvalidConfig.of("beta2", 1.5, "optimizer 'adam': key 'beta2' is out of range; expected a number in [0, 1], found 1.5"),
        InvalidConfig.of("eps", -1e-8, "optimizer 'adam': key 'eps' is out of range; expected a number in [0, inf], found -1.0E-8"),
        InvalidConfig.of("amsgrad", "maybe", "optimizer 'adam': key 'amsgrad' must be true or false; found maybe"));
  }
}
