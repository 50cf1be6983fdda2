package io.apo4j.host.train;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.host.data.BatchOrder;
import io.apo4j.host.data.Dataset;
import io.apo4j.host.registry.LoadedProvider;
import io.apo4j.host.registry.PluginRegistry;
import io.apo4j.host.registry.ProviderKind;
import io.apo4j.host.runconfig.RunConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What produced a run, so it can be replayed and compared: plugins (id, version, module, jar),
 * file hashes, seeds and the versions of Java, ND4J and ONNX Runtime.
 */
final class Provenance {
  private Provenance() {}

  static Map<String, Object> of(RunConfig cfg, PluginRegistry registry, ModelImporterProvider importer,
      Dataset train, Dataset test, BatchOrder order, String modelSha, long independentSeed) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("created", Instant.now().toString());
    p.put("apo4j", version(Provenance.class.getPackage().getImplementationVersion()));
    p.put("plugin-api", ApiVersion.CURRENT.toString());
    Map<String, Object> plugins = new LinkedHashMap<>();
    plugins.put("optimizer", plugin(registry.find(ProviderKind.OPTIMIZER, cfg.optimizerId())));
    plugins.put("loss", plugin(registry.find(ProviderKind.LOSS, cfg.loss())));
    plugins.put("model-importer", plugin(registry.find(ProviderKind.MODEL_IMPORTER, importer.id())));
    nestedIds(cfg.optimizer(), registry, plugins);
    p.put("plugins", plugins);
    p.put("model", Map.of("file", cfg.model().toString(), "sha256", modelSha));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("train", Map.of("examples", train.size(), "sha256", train.digests()));
    if (test != null) {
      data.put("test", Map.of("examples", test.size(), "sha256", test.digests()));
    }
    data.put("batch-order", order.describe());
    p.put("data", data);
    p.put("seeds", Map.of("run", cfg.seed(), "second-batch-stream", independentSeed));
    Map<String, Object> runtime = new LinkedHashMap<>();
    runtime.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
        + System.getProperty("java.vendor") + ")");
    runtime.put("nd4j", nd4jVersion());
    runtime.put("nd4j-backend", Nd4j.getBackend().getClass().getSimpleName());
    runtime.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    runtime.put("cpus", Runtime.getRuntime().availableProcessors());
    p.put("runtime", runtime);
    return p;
  }

  /** The discrepancy and base optimizer a composed optimizer (APO) names, when they are registered. */
  @SuppressWarnings("unchecked")
  private static void nestedIds(Map<String, Object> spec, PluginRegistry registry, Map<String, Object> plugins) {
    if (spec.get("fsd") != null && registry.ids(ProviderKind.DISCREPANCY).contains(spec.get("fsd").toString())) {
      plugins.put("discrepancy", plugin(registry.find(ProviderKind.DISCREPANCY, spec.get("fsd").toString())));
    }
    Object base = spec.get("base");
    String baseId = base instanceof Map<?, ?> m ? String.valueOf(m.get("id")) : base == null ? null : base.toString();
    if (baseId != null && registry.ids(ProviderKind.OPTIMIZER).contains(baseId)) {
      plugins.put("base-optimizer", plugin(registry.find(ProviderKind.OPTIMIZER, baseId)));
      if (base instanceof Map<?, ?> m) {
        nestedIds((Map<String, Object>) m, registry, plugins);
      }
    }
  }

  private static Map<String, Object> plugin(LoadedProvider p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("version", p.version());
    m.put("api-version", p.provider().apiVersion().toString());
    m.put("module", p.module());
    m.put("jar", p.source());
    return m;
  }

  static String nd4jVersion() {
    String v = Nd4j.class.getPackage().getImplementationVersion();
    if (v == null) {
      v = Nd4j.class.getModule().getDescriptor() == null ? null
          : Nd4j.class.getModule().getDescriptor().rawVersion().orElse(null);
    }
    return v == null ? "1.0.0-M2.1 (repacked as " + Nd4j.class.getModule().getName() + ")" : v;
  }

  private static String version(String v) {
    return v == null ? "development build" : v;
  }
}
