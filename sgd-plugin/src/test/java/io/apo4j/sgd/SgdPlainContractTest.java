package io.apo4j.sgd;

import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.testkit.optim.OptimizerContract;
import java.util.Map;

/** Plain SGD keeps no state tensors: the contract must hold for an empty state too. */
class SgdPlainContractTest extends OptimizerContract {
  @Override
  protected OptimizerProvider provider() {
    return new SgdProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("lr", 0.2);
  }
}
