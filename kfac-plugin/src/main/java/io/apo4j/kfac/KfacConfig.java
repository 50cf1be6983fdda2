package io.apo4j.kfac;

import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.schedule.Schedule;

/**
 * The validated settings of one K-FAC optimizer. Every key but {@code lr} has a default; the
 * defaults follow kfac-pytorch and the apo4j spec (section 6).
 *
 * @param lr base learning rate eta
 * @param lrSchedule factor on {@code lr} per step (key {@code schedule})
 * @param momentum SGD momentum mu on the preconditioned gradient
 * @param weightDecay L2 coefficient added to the preconditioned gradient (all parameters)
 * @param damping base damping lambda
 * @param dampingSchedule factor on {@code damping} per step (key {@code damping-schedule})
 * @param factorDecay weight of the old factor in the running average
 * @param factorUpdateInterval refresh A and G every this many steps (T_cov)
 * @param inverseUpdateInterval recompute decompositions every this many steps (T_inv)
 * @param inverseMethod eigen form or damped inverses
 * @param piCorrection split the damping between A and G by the pi rule (inverse method only)
 * @param klClip scale the step so that its predicted KL change is at most {@code klClipKappa}
 * @param klClipKappa kappa of the KL clip
 * @param fisherType empirical (data labels) or sampled labels
 * @param seed seed of the label draws for the sampled Fisher
 * @param precision arithmetic of factors and decompositions
 */
public record KfacConfig(double lr, Schedule lrSchedule, double momentum, double weightDecay,
    double damping, Schedule dampingSchedule, double factorDecay, long factorUpdateInterval,
    long inverseUpdateInterval, InverseMethod inverseMethod, boolean piCorrection, boolean klClip,
    double klClipKappa, FisherType fisherType, long seed, FactorPrecision precision) {

  static final String OWNER = "optimizer 'kfac'";
  private static final long MAX_INTERVAL = 1_000_000_000L;

  /** The keys of a {@code kfac} section, in documentation order. */
  static ConfigSpec spec() {
    double inf = Double.POSITIVE_INFINITY;
    return ConfigSpec.builder(OWNER)
        .decimal("lr", null, "learning rate eta", 0, inf)
        .section("schedule", "learning-rate schedule (see Schedule); constant when absent")
        .decimal("momentum", 0.9, "SGD momentum on the preconditioned gradient", 0, 1)
        .decimal("weight-decay", 0.0, "L2 coefficient added after preconditioning", 0, inf)
        .decimal("damping", 1e-3, "damping lambda added to the Kronecker eigenvalue products", 1e-12, inf)
        .section("damping-schedule", "schedule (same keys as schedule) multiplying damping; constant when absent")
        .decimal("factor-decay", 0.95, "running-average weight of the old A and G", 0, 1)
        .integer("factor-update-interval", 10L, "steps between factor updates (T_cov)", 1, MAX_INTERVAL)
        .integer("inverse-update-interval", 100L, "steps between decompositions (T_inv)", 1, MAX_INTERVAL)
        .choice("inverse-method", InverseMethod.EIGEN.key(), "eigen form or Tikhonov-damped inverses",
            InverseMethod.keys())
        .flag("pi-correction", false, "inverse method: split damping between A and G by the pi rule")
        .flag("kl-clip", true, "scale steps whose predicted KL change exceeds kl-clip-kappa")
        .decimal("kl-clip-kappa", 1e-3, "kappa of the KL clip", 1e-12, inf)
        .choice("fisher-type", FisherType.EMPIRICAL.key(), "labels of the G factor's gradients",
            FisherType.keys())
        .integer("seed", 0L, "seed of the sampled-Fisher label draws", Long.MIN_VALUE, Long.MAX_VALUE)
        .choice("precision", FactorPrecision.FLOAT32.key(), "arithmetic of factors and decompositions",
            FactorPrecision.keys())
        .build();
  }

  /** Reads a config bound by {@link #spec()}, checking what the key bounds alone cannot. */
  static KfacConfig from(Config c) {
    if (c.decimal("momentum") >= 1) {
      throw new ConfigException(OWNER + ": key 'momentum' is out of range; expected a number in [0, 1), found "
          + c.decimal("momentum"));
    }
    if (c.flag("pi-correction") && !c.text("inverse-method").equals(InverseMethod.INVERSE.key())) {
      throw new ConfigException(OWNER + ": pi-correction applies to the inverse method only; expected inverse-method: "
          + InverseMethod.INVERSE.key() + ", found " + c.text("inverse-method"));
    }
    return new KfacConfig(c.decimal("lr"), Schedule.parse(OWNER, c.section("schedule")),
        c.decimal("momentum"), c.decimal("weight-decay"), c.decimal("damping"),
        Schedule.parse(OWNER + " damping", c.section("damping-schedule")), c.decimal("factor-decay"),
        c.integer("factor-update-interval"), c.integer("inverse-update-interval"),
        InverseMethod.of(c.text("inverse-method")), c.flag("pi-correction"), c.flag("kl-clip"),
        c.decimal("kl-clip-kappa"), FisherType.of(c.text("fisher-type")), c.integer("seed"),
        FactorPrecision.of(c.text("precision")));
  }
}
