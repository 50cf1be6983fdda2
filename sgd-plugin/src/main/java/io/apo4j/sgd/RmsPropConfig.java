package io.apo4j.sgd;

import io.apo4j.api.config.Config;

/** Hyperparameters of {@code rmsprop} (PyTorch: lr, alpha, eps, weight_decay, momentum, centered). */
record RmsPropConfig(LearningRate lr, double alpha, double eps, double weightDecay, double momentum,
    boolean centered) {
  static RmsPropConfig from(Config c) {
    return new RmsPropConfig(Checks.learningRate(c), c.decimal("alpha"), c.decimal("eps"), c.decimal("weight-decay"),
        Checks.belowOne(c, "momentum"), c.flag("centered"));
  }
}
