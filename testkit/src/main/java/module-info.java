/**
 * JUnit 5 contract suites for plugin authors: extend {@code OptimizerContract},
 * {@code DiscrepancyContract} or {@code ModelImporterContract} in your plugin's tests, supply your
 * provider, and the suite checks what the host relies on.
 */
module io.apo4j.testkit {
  requires transitive io.apo4j.api;
  requires transitive org.junit.jupiter.api;

  exports io.apo4j.testkit;
  exports io.apo4j.testkit.optim;
  exports io.apo4j.testkit.discrepancy;
  exports io.apo4j.testkit.model;
  exports io.apo4j.testkit.drift;

  // JUnit calls the inherited test methods reflectively.
  opens io.apo4j.testkit.optim to org.junit.platform.commons;
  opens io.apo4j.testkit.discrepancy to org.junit.platform.commons;
  opens io.apo4j.testkit.model to org.junit.platform.commons;
}
