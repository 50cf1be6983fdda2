/** K-FAC: Kronecker-factored natural-gradient optimizer (id {@code kfac}); exports nothing. */
module io.apo4j.kfac {
  requires io.apo4j.api;

  provides io.apo4j.api.optim.OptimizerProvider with io.apo4j.kfac.KfacProvider;
}
