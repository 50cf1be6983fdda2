package io.apo4j.examples.js;

import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.testkit.discrepancy.DiscrepancyContract;
import java.util.Map;

/** The same contract with a temperature, which scales the gradient by 1/T. */
class JensenShannonTemperatureContractTest extends DiscrepancyContract {
  @Override
  protected DiscrepancyProvider provider() {
    return new JensenShannonProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("temperature", 2.5);
  }
}
