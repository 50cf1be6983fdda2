package io.apo4j.apo.p;

import io.apo4j.apo.meta.ApoSettings;
import io.apo4j.apo.meta.MetaMethod;
import io.apo4j.apo.meta.MetaOptimizer;
import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;
import io.apo4j.api.schedule.Schedule;

/**
 * Provides {@code apo-p}: SGD with momentum on a learned Kronecker-structured preconditioner per
 * dense and conv layer, e.g. {@code {id: apo-p, lr: 0.01, momentum: 0.9, fsd: kl}}.
 */
public final class ApoPProvider implements OptimizerProvider {
  static final String ID = "apo-p";
  private static final String OWNER = "optimizer '" + ID + "'";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "APO-P: SGD momentum on a per-layer preconditioner B (S.*S.*(B^T G A)) A^T learned on the proximal objective.";
  }

  @Override
  public ConfigSpec configSpec() {
    ConfigSpec.Builder b = ConfigSpec.builder(OWNER)
        .decimal("lr", 0.01, "learning rate eta (times the schedule)", Double.MIN_VALUE, Double.MAX_VALUE)
        .decimal("momentum", 0.9, "heavy-ball momentum mu: v <- mu v + P(g)", 0, 0.999999)
        .decimal("weight-decay", 0.0, "L2 term added to the gradient before preconditioning", 0, Double.MAX_VALUE)
        .section("schedule", "learning-rate schedule, e.g. {type: cosine, total-steps: 1000} (default constant)");
    return ApoSettings.declare(b, 1e-3)
        .flag("adapt-lr", false, "also learn eta by APO-LR at the same meta-steps")
        .decimal("lr-meta-lr", 0.1, "adapt-lr: meta learning rate of log eta (Adam)", 0, Double.MAX_VALUE)
        .decimal("eta-min", 1e-6, "adapt-lr: lower bound of eta", Double.MIN_VALUE, Double.MAX_VALUE)
        .decimal("eta-max", 10.0, "adapt-lr: upper bound of eta", Double.MIN_VALUE, Double.MAX_VALUE)
        .choice("precision", Precision.FLOAT32.id(), "precision phi and P(G) are kept in", Precision.ids())
        .build();
  }

  @Override
  public Optimizer create(Config c, PluginServices services) {
    double etaMin = c.decimal("eta-min");
    double etaMax = c.decimal("eta-max");
    if (etaMin >= etaMax) {
      throw new ConfigException(OWNER + ": key 'eta-min' must be below 'eta-max'; found eta-min " + etaMin
          + ", eta-max " + etaMax);
    }
    ApoP.Hyper hyper = new ApoP.Hyper(c.decimal("lr"), c.decimal("momentum"), c.decimal("weight-decay"),
        Schedule.parse(OWNER, c.section("schedule")), c.flag("adapt-lr"),
        new MetaOptimizer(MetaMethod.ADAM, c.decimal("lr-meta-lr")), etaMin, etaMax,
        Precision.of(c.text("precision")));
    return new ApoP(hyper, ApoSettings.from(c, services));
  }
}
