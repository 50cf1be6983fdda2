package io.apo4j.sgd;

import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.testkit.optim.InvalidConfig;
import io.apo4j.testkit.optim.OptimizerContract;
import java.util.List;
import java.util.Map;

class SgdContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new SgdProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("lr", 0.1, "momentum", 0.9, "nesterov", true, "weight-decay", 1e-5);
  }

  @Override
  protected List<InvalidConfig> invalidConfigs() {
    return List.of(
        InvalidConfig.of("lr", -0.1, "optimizer 'sgd': key 'lr' is out of range; expected a number in [0, inf], found -0.1"),
        InvalidConfig.of("momentum", 1.0, "optimizer 'sgd': key 'momentum' is out of range; expected a number in [0, 1), found 1.0"),
        InvalidConfig.of("momentum", -0.5, "optimizer 'sgd': key 'momentum' is out of range; expected a number in [0, 1], found -0.5"),
        InvalidConfig.of("weight-decay", -1e-4, "optimizer 'sgd': key 'weight-decay' is out of range; expected a number in [0, inf], found -1.0E-4"),
        InvalidConfig.of("nesterov", true, "optimizer 'sgd': nesterov requires a momentum and zero dampening; expected momentum > 0 and dampening = 0, found momentum 0.0, dampening 0.0"),
        new InvalidConfig(Map.of("nesterov", true, "momentum", 0.9, "dampening", 0.1), "optimizer 'sgd': nesterov requires a momentum and zero dampening; expected momentum > 0 and dampening = 0, found momentum 0.9, dampening 0.1"),
        InvalidConfig.of("betas", 0.9, "optimizer 'sgd': unknown key 'betas'; expected one of [lr, momentum, dampening, nesterov, weight-decay, schedule]"),
        InvalidConfig.of("schedule", Map.of("type", "exponential"), "optimizer 'sgd' schedule: key 'type': 'exponential' is not a valid choice; expected one of [constant, step, cosine]"));
  }
}
