package io.apo4j.bench;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Provider;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.LossProvider;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The providers on the bench's module path, found with ServiceLoader, by id. */
final class Plugins implements PluginServices {
  final Map<String, OptimizerProvider> optimizers = load(OptimizerProvider.class);
  final Map<String, DiscrepancyProvider> discrepancies = load(DiscrepancyProvider.class);
  final Map<String, LossProvider> losses = load(LossProvider.class);
  final Map<String, ModelImporterProvider> importers = load(ModelImporterProvider.class);

  @Override
  public Optimizer optimizer(Map<String, ?> spec) {
    OptimizerProvider p = find("optimizer", optimizers, spec);
    return p.create(p.configSpec().bind(withoutId(spec)), this);
  }

  @Override
  public Discrepancy discrepancy(Map<String, ?> spec) {
    DiscrepancyProvider p = find("discrepancy", discrepancies, spec);
    return p.create(p.configSpec().bind(withoutId(spec)));
  }

  Loss loss(String id) {
    LossProvider p = find("loss", losses, Map.of("id", id));
    return p.create(p.configSpec().bind(Map.of()));
  }

  @Override
  public Set<String> optimizerIds() {
    return optimizers.keySet();
  }

  @Override
  public Set<String> discrepancyIds() {
    return discrepancies.keySet();
  }

  private static <P extends Provider> P find(String kind, Map<String, P> providers, Map<String, ?> spec) {
    Object id = spec.get("id");
    P p = providers.get(String.valueOf(id));
    if (p == null) {
      throw new Apo4jException("bench: unknown " + kind + " '" + id + "'; expected one of " + providers.keySet());
    }
    return p;
  }

  private static Map<String, Object> withoutId(Map<String, ?> spec) {
    Map<String, Object> m = new LinkedHashMap<>(spec);
    m.remove("id");
    return m;
  }

  private static <P extends Provider> Map<String, P> load(Class<P> type) {
    Map<String, P> m = new TreeMap<>();
    for (P p : ServiceLoader.load(type)) {
      m.putIfAbsent(p.id(), p);
    }
    return m;
  }
}
