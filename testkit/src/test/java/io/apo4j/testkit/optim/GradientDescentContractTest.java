package io.apo4j.testkit.optim;

import io.apo4j.api.optim.OptimizerProvider;
import java.util.List;

/** A sound optimizer passes the whole contract. */
class GradientDescentContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new GradientDescent.Provider(GradientDescent.Bug.NONE);
  }

  @Override
  protected List<InvalidConfig> invalidConfigs() {
    return List.of(InvalidConfig.of("lr", -1, "optimizer 'test-gd': key 'lr' is out of range; expected a number in"
        + " [0, 10], found -1.0"));
  }
}
