/**
 * An example function-space discrepancy plugin: the Jensen-Shannon divergence between softmax
 * outputs ({@code js}). Like every apo4j plugin it reads only the API, exports nothing, and
 * offers its provider as a service.
 */
module io.apo4j.examples.js {
  requires io.apo4j.api;

  provides io.apo4j.api.discrepancy.DiscrepancyProvider with io.apo4j.examples.js.JensenShannonProvider;
}
