/**
 * APO (Amortized Proximal Optimization): the optimizers {@code apo-lr} (learns the learning rate of
 * a base optimizer) and {@code apo-p} (learns a Kronecker-structured preconditioner per layer), and
 * the function-space discrepancies {@code kl}, {@code squared-error} and {@code bernoulli-kl}.
 * Exports nothing: the host finds the providers through {@link java.util.ServiceLoader}.
 */
module io.apo4j.apo {
  requires io.apo4j.api;

  provides io.apo4j.api.optim.OptimizerProvider with
      io.apo4j.apo.lr.ApoLrProvider,
      io.apo4j.apo.p.ApoPProvider;
  provides io.apo4j.api.discrepancy.DiscrepancyProvider with
      io.apo4j.apo.discrepancy.KlDiscrepancyProvider,
      io.apo4j.apo.discrepancy.SquaredErrorDiscrepancyProvider,
      io.apo4j.apo.discrepancy.BernoulliKlDiscrepancyProvider;
}
