package io.apo4j.kfac;

import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.testkit.optim.InvalidConfig;
import io.apo4j.testkit.optim.OptimizerContract;
import io.apo4j.testkit.optim.QuadraticStepContext;
import io.apo4j.testkit.optim.StepContextFactory;
import java.util.List;
import java.util.Map;

/**
 * The shared optimizer contract. Its quadratic has no Kronecker layers (init gets an empty layer
 * list), so this exercises K-FAC's plain-momentum path, state handling and determinism; the
 * contexts offer LAYER_STATISTICS (over no layers) because K-FAC declares it.
 */
class KfacContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new KfacProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("lr", 0.1, "momentum", 0.9, "weight-decay", 1e-5);
  }

  @Override
  protected StepContextFactory stepContexts() {
    return (step, params, problem) -> new TapContext(step, params, List.of(), Map.of(), 1) {
      private final QuadraticStepContext quadratic = new QuadraticStepContext(step, params, problem);

      @Override
      public double loss() {
        return quadratic.loss();
      }
    };
  }

  @Override
  protected List<InvalidConfig> invalidConfigs() {
    return List.of(
        new InvalidConfig(Map.of(), "optimizer 'kfac': key 'lr' is required (learning rate eta)"),
        InvalidConfig.of("lr", -0.1, "optimizer 'kfac': key 'lr' is out of range; expected a number in [0, inf], found -0.1"),
        new InvalidConfig(Map.of("lr", 0.1, "momentum", 1.0),
            "optimizer 'kfac': key 'momentum' is out of range; expected a number in [0, 1), found 1.0"),
        new InvalidConfig(Map.of("lr", 0.1, "damping", -1),
            "optimizer 'kfac': key 'damping' is out of range; expected a number in [1.0E-12, inf], found -1.0"),
        new InvalidConfig(Map.of("lr", 0.1, "inverse-method", "svd"),
            "optimizer 'kfac': key 'inverse-method': 'svd' is not a valid choice; expected one of [eigen, inverse]"),
        new InvalidConfig(Map.of("lr", 0.1, "pi-correction", true),
            "optimizer 'kfac': pi-correction applies to the inverse method only; expected inverse-method: inverse, found eigen"),
        new InvalidConfig(Map.of("lr", 0.1, "damping-schedule", Map.of("type", "linear")),
            "optimizer 'kfac' damping schedule: key 'type': 'linear' is not a valid choice; expected one of [constant, step, cosine]"));
  }
}
