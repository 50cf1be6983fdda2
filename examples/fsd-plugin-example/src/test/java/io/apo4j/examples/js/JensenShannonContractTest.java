package io.apo4j.examples.js;

import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.testkit.discrepancy.DiscrepancyContract;

/** The testkit's discrepancy contract, run against {@code js} with its default temperature. */
class JensenShannonContractTest extends DiscrepancyContract {
  @Override
  protected DiscrepancyProvider provider() {
    return new JensenShannonProvider();
  }
}
