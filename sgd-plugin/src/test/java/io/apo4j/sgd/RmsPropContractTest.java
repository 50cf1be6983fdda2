package io.apo4j.sgd;

import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.testkit.optim.InvalidConfig;
import io.apo4j.testkit.optim.OptimizerContract;
import java.util.List;
import java.util.Map;

class RmsPropContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new RmsPropProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("lr", 0.02, "momentum", 0.5, "centered", true,
        "schedule", Map.of("type", "cosine", "total-steps", 300, "warmup-steps", 10));
  }

  @Override
  protected List<InvalidConfig> invalidConfigs() {
    return List.of(
        InvalidConfig.of("lr", -0.01, "optimizer 'rmsprop': key 'lr' is out of range; expected a number in [0, inf], found -0.01"),
        InvalidConfig.of("alpha", 1.2, "optimizer 'rmsprop': key 'alpha' is out of range; expected a number in [0, 1], found 1.2"),
        InvalidConfig.of("momentum", 1.0, "optimizer 'rmsprop': key 'momentum' is out of range; expected a number in [0, 1), found 1.0"),
        InvalidConfig.of("eps", -1.0, "optimizer 'rmsprop': key 'eps' is out of range; expected a number in [0, inf], found -1.0"));
  }
}
