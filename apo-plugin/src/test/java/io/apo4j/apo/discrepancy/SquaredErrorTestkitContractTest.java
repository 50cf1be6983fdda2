package io.apo4j.apo.discrepancy;

import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.testkit.discrepancy.DiscrepancyContract;

/** The testkit's discrepancy contract for {@link SquaredErrorDiscrepancyProvider}. */
class SquaredErrorTestkitContractTest extends DiscrepancyContract {
  @Override
  protected DiscrepancyProvider provider() {
    return new SquaredErrorDiscrepancyProvider();
  }
}
