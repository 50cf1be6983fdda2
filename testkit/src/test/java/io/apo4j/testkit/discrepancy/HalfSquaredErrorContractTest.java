package io.apo4j.testkit.discrepancy;

import io.apo4j.api.discrepancy.DiscrepancyProvider;

/** A sound discrepancy passes the whole contract. */
class HalfSquaredErrorContractTest extends DiscrepancyContract {
  @Override
  protected DiscrepancyProvider provider() {
    return new HalfSquaredError(HalfSquaredError.Bug.NONE);
  }
}
