package io.apo4j.apo.lr;

import io.apo4j.apo.fixtures.QuadraticLookaheadContext;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;
import io.apo4j.testkit.optim.InvalidConfig;
import io.apo4j.testkit.optim.OptimizerContract;
import io.apo4j.testkit.optim.StepContextFactory;
import java.util.List;
import java.util.Map;

/** The testkit's optimizer contract for {@code apo-lr} over the real sgd plugin, with look-ahead on the quadratic. */
class ApoLrContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new ApoLrProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("base", Map.of("id", "sgd", "lr", 0.1, "momentum", 0.9), "fsd", "squared-error", "k", 5);
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
        new InvalidConfig(Map.of("base", Map.of("id", "non-directional")), "optimizer 'apo-lr': base optimizer"
            + " 'non-directional' cannot expose a direction; expected one of [adam, adamw, kfac, rmsprop, sgd]"),
        new InvalidConfig(Map.of("base", Map.of("id", "apo-p")), "optimizer 'apo-lr': base optimizer 'apo-p'"
            + " cannot be nested; expected one of [adam, adamw, kfac, rmsprop, sgd]"),
        new InvalidConfig(Map.of("eta-min", 1.0, "eta-max", 0.5),
            "optimizer 'apo-lr': key 'eta-min' must be below 'eta-max'; found eta-min 1.0, eta-max 0.5"),
        InvalidConfig.of("meta-optimizer", "lbfgs",
            "optimizer 'apo-lr': key 'meta-optimizer': 'lbfgs' is not a valid choice; expected one of [adam, sgd]"),
        InvalidConfig.of("lambda-fsd", -1, "optimizer 'apo-lr': key 'lambda-fsd' is out of range; expected a number in"
            + " [0, 1.7976931348623157E308], found -1.0"),
        InvalidConfig.of("lr", 0.1, "optimizer 'apo-lr': unknown key 'lr'; expected one of [base, fsd, lambda-fsd,"
            + " lambda-wsd, k, warmup-steps, meta-optimizer, meta-lr, second-batch, per-parameter, eta-min, eta-max]"));
  }
}
