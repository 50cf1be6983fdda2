package io.apo4j.apo.lr;

import io.apo4j.apo.meta.ApoSettings;
import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.optim.DirectionalOptimizer;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Provides {@code apo-lr}: APO that learns the learning rate of a base optimizer chosen by id,
 * e.g. {@code {id: apo-lr, base: {id: sgd, lr: 0.001, momentum: 0.9}, fsd: kl, k: 10}}.
 */
public final class ApoLrProvider implements OptimizerProvider {
  static final String ID = "apo-lr";
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
    return "APO-LR: learns the (log) learning rate of a base optimizer on the proximal objective.";
  }

  @Override
  public ConfigSpec configSpec() {
    ConfigSpec.Builder b = ConfigSpec.builder(OWNER)
        .section("base", "the base optimizer whose direction is scaled, e.g. {id: sgd, lr: 0.001} (default {id: sgd});"
            + " its learning rate is the initial eta");
    return ApoSettings.declare(b, 0.1)
        .flag("per-parameter", false, "one learning rate per parameter tensor instead of one in all")
        .decimal("eta-min", 1e-6, "lower bound of the learned learning rate", Double.MIN_VALUE, Double.MAX_VALUE)
        .decimal("eta-max", 10.0, "upper bound of the learned learning rate", Double.MIN_VALUE, Double.MAX_VALUE)
        .build();
  }

  @Override
  public Optimizer create(Config c, PluginServices services) {
    Map<String, Object> baseSpec = c.section("base").isEmpty() ? Map.of("id", "sgd") : c.section("base");
    String baseId = String.valueOf(baseSpec.get("id"));
    if (baseId.equals(ID) || baseId.equals("apo-p")) {
      throw new ConfigException(OWNER + ": base optimizer '" + baseId + "' cannot be nested; expected one of "
          + directionalIds(services));
    }
    Optimizer base = services.optimizer(baseSpec);
    if (!(base instanceof DirectionalOptimizer directional)) {
      throw new ConfigException(OWNER + ": base optimizer '" + baseId + "' cannot expose a direction; expected one of "
          + directionalIds(services));
    }
    double etaMin = c.decimal("eta-min");
    double etaMax = c.decimal("eta-max");
    if (etaMin >= etaMax) {
      throw new ConfigException(OWNER + ": key 'eta-min' must be below 'eta-max'; found eta-min " + etaMin
          + ", eta-max " + etaMax);
    }
    return new ApoLr(directional, ApoSettings.from(c, services), c.flag("per-parameter"), etaMin, etaMax);
  }

  /** Registered optimizers that can serve as a base, found by creating each with its defaults. */
  private static Set<String> directionalIds(PluginServices services) {
    Set<String> ids = new TreeSet<>();
    for (String id : services.optimizerIds()) {
      if (id.equals(ID) || id.equals("apo-p")) {
        continue;
      }
      for (Map<String, Object> spec : java.util.List.<Map<String, Object>>of(Map.of("id", id),
          Map.of("id", id, "lr", 0.01))) {
        try {
          if (services.optimizer(spec) instanceof DirectionalOptimizer) {
            ids.add(id);
          }
          break;
        } catch (RuntimeException notWithThisSpec) {
          // a base that needs more keys is tried again with a learning rate, then skipped
        }
      }
    }
    return ids;
  }
}
