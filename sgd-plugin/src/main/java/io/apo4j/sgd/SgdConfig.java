package io.apo4j.sgd;

import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigException;

/**
 * Hyperparameters of {@code sgd} (PyTorch names: lr, momentum, dampening, nesterov, weight_decay).
 */
record SgdConfig(LearningRate lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
  /** Reads a bound config, checking what single keys cannot: momentum below 1 and Nesterov's needs. */
  static SgdConfig from(Config c) {
    double momentum = Checks.belowOne(c, "momentum");
    double dampening = c.decimal("dampening");
    boolean nesterov = c.flag("nesterov");
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      // torch.optim.SGD: "Nesterov momentum requires a momentum and zero dampening"
      throw new ConfigException(c.owner() + ": nesterov requires a momentum and zero dampening; expected momentum > 0"
          + " and dampening = 0, found momentum " + momentum + ", dampening " + dampening);
    }
    return new SgdConfig(Checks.learningRate(c), momentum, dampening, nesterov, c.decimal("weight-decay"));
  }
}
