package io.apo4j.host.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Expands a spec into one {@link RunPlan} per variant and seed. */
final class ComparePlanner {
  /** Run-config keys that hold file paths (they are made absolute, since each run's config lives elsewhere). */
  private static final Set<String> PATH_KEYS = Set.of("model", "batch-order", "images", "labels", "path");

  private ComparePlanner() {}

  static List<RunPlan> plan(CompareSpec spec, Path outDir) {
    Path specDir = spec.file().toAbsolutePath().getParent();
    List<RunPlan> plans = new ArrayList<>();
    for (CompareSpec.Variant v : spec.variants()) {
      for (long seed : spec.seeds()) {
        Path dir = outDir.resolve("runs").resolve(v.name()).resolve("seed-" + seed).toAbsolutePath();
        Map<String, Object> config = absolutePaths(Overrides.merge(spec.base(), v.overrides()), specDir);
        config.put("seed", seed);
        config.put("out", dir.toString());
        plans.add(new RunPlan(v.name(), seed, config, dir));
      }
    }
    return plans;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> absolutePaths(Map<String, Object> tree, Path specDir) {
    Map<String, Object> out = new LinkedHashMap<>();
    tree.forEach((k, v) -> {
      if (v instanceof Map<?, ?> m) {
        out.put(k, absolutePaths((Map<String, Object>) m, specDir));
      } else if (v instanceof String s && PATH_KEYS.contains(k) && !s.isBlank() && !Path.of(s).isAbsolute()) {
        Path here = Path.of(s).toAbsolutePath();
        out.put(k, Files.exists(here) ? here.toString() : specDir.resolve(s).normalize().toString());
      } else {
        out.put(k, v);
      }
    });
    return out;
  }
}
