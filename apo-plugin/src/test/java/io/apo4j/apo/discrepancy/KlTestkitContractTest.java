package io.apo4j.apo.discrepancy;

import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.testkit.discrepancy.DiscrepancyContract;

/** The testkit's discrepancy contract for {@link KlDiscrepancyProvider}. */
class KlTestkitContractTest extends DiscrepancyContract {
  @Override
  protected DiscrepancyProvider provider() {
    return new KlDiscrepancyProvider();
  }
}
