package io.apo4j.apo.meta;

import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.optim.PluginServices;
import java.util.Map;

/**
 * What APO-LR and APO-P share: the proximal objective (discrepancy and its weights), when
 * meta-steps happen, and the meta-optimizer.
 *
 * @param fsdId id of the function-space discrepancy plugin
 * @param fsd the discrepancy D_F
 * @param lambdaFsd weight of D_F in Q
 * @param lambdaWsd weight of (1/2)||theta' - theta||^2 in Q
 * @param interval K: a meta-step at every step t with t mod K == 0
 * @param warmupSteps no meta-step before this step
 * @param meta the meta-optimizer of phi
 * @param secondBatch where B' comes from
 */
public record ApoSettings(String fsdId, Discrepancy fsd, double lambdaFsd, double lambdaWsd, long interval,
    long warmupSteps, MetaOptimizer meta, SecondBatch secondBatch) {

  /** Settings with B' from the independent stream. */
  public ApoSettings(String fsdId, Discrepancy fsd, double lambdaFsd, double lambdaWsd, long interval,
      long warmupSteps, MetaOptimizer meta) {
    this(fsdId, fsd, lambdaFsd, lambdaWsd, interval, warmupSteps, meta, SecondBatch.INDEPENDENT);
  }

  /** Declares the shared keys; {@code metaLr} is the owner's default meta learning rate. */
  public static ConfigSpec.Builder declare(ConfigSpec.Builder b, double metaLr) {
    return b.section("fsd", "function-space discrepancy plugin by id, e.g. 'kl' (default kl)")
        .decimal("lambda-fsd", 1.0, "weight of the function-space discrepancy in Q", 0, Double.MAX_VALUE)
        .decimal("lambda-wsd", 0.0, "weight of (1/2)||theta' - theta||^2 in Q", 0, Double.MAX_VALUE)
        .integer("k", 10L, "meta-step interval: phi is updated at every step t with t mod k == 0", 1, Long.MAX_VALUE)
        .integer("warmup-steps", 0L, "no meta-step before this step", 0, Long.MAX_VALUE)
        .choice("meta-optimizer", MetaMethod.ADAM.id(), "method that updates phi", MetaMethod.ids())
        .decimal("meta-lr", metaLr, "meta learning rate (0 holds phi fixed)", 0, Double.MAX_VALUE)
        .choice("second-batch", SecondBatch.INDEPENDENT.id(), "where B' comes from: the host's independent stream"
            + " of the training set, or the step's own batch", SecondBatch.ids());
  }

  /** Reads the shared keys; the discrepancy comes from {@code services}. */
  public static ApoSettings from(Config c, PluginServices services) {
    Map<String, Object> fsdSpec = c.section("fsd").isEmpty() ? Map.of("id", "kl") : c.section("fsd");
    return new ApoSettings(String.valueOf(fsdSpec.get("id")), services.discrepancy(fsdSpec),
        c.decimal("lambda-fsd"), c.decimal("lambda-wsd"), c.integer("k"), c.integer("warmup-steps"),
        new MetaOptimizer(MetaMethod.of(c.text("meta-optimizer")), c.decimal("meta-lr")),
        SecondBatch.of(c.text("second-batch")));
  }

  /** Whether step {@code t} updates phi before its real step. */
  public boolean isMetaStep(long t) {
    return t >= warmupSteps && t % interval == 0;
  }
}
