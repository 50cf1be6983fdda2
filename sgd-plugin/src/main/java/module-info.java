/**
 * The SGD family of optimizers with PyTorch 1.13's exact update rules: {@code sgd}, {@code adam},
 * {@code adamw} and {@code rmsprop}. Exports nothing; the host finds the providers as services.
 */
module io.apo4j.sgd {
  requires io.apo4j.api;

  provides io.apo4j.api.optim.OptimizerProvider with
      io.apo4j.sgd.SgdProvider,
      io.apo4j.sgd.AdamProvider,
      io.apo4j.sgd.AdamWProvider,
      io.apo4j.sgd.RmsPropProvider;
}
