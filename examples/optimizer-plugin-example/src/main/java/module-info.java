/**
 * An example optimizer plugin: Lion ({@code lion}), a sign-of-momentum optimizer written as an
 * optax-style pair of pure functions with an immutable state record. It reads only the API,
 * exports nothing, and offers its provider as a service.
 */
module io.apo4j.examples.lion {
  requires io.apo4j.api;

  provides io.apo4j.api.optim.OptimizerProvider with io.apo4j.examples.lion.LionProvider;
}
