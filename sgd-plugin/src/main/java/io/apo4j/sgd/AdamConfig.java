package io.apo4j.sgd;

import io.apo4j.api.config.Config;

/** Hyperparameters of {@code adam} and {@code adamw} (PyTorch: lr, betas, eps, weight_decay, amsgrad). */
record AdamConfig(LearningRate lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
    WeightDecayMode decay) {
  static AdamConfig from(Config c, WeightDecayMode decay) {
    return new AdamConfig(Checks.learningRate(c), Checks.belowOne(c, "beta1"), Checks.belowOne(c, "beta2"),
        c.decimal("eps"), c.decimal("weight-decay"), c.flag("amsgrad"), decay);
  }
}
