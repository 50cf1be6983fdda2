package io.apo4j.host.registry;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Provider;
import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.api.loss.LossProvider;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The providers available to this host, by kind and id. An instance, never a static: tests build
 * their own with {@link #of}; the application uses {@link #discover}.
 */
public final class PluginRegistry {
  private final Map<ProviderKind, Map<String, LoadedProvider>> byKind = new LinkedHashMap<>();
  private final List<PluginProblem> problems = new ArrayList<>();

  private PluginRegistry(Collection<LoadedProvider> candidates, Collection<PluginProblem> earlier) {
    problems.addAll(earlier);
    for (ProviderKind k : ProviderKind.values()) {
      byKind.put(k, new LinkedHashMap<>());
    }
    for (LoadedProvider p : candidates) {
      Map<String, LoadedProvider> ids = byKind.get(p.kind());
      LoadedProvider first = ids.get(p.id());
      if (first != null) {
        problems.add(new PluginProblem(p.jar(), "duplicate " + p.kind().label() + " id '" + p.id()
            + "': provided by both " + first.source() + " (kept) and " + p.source() + " (rejected)"));
      } else {
        ids.put(p.id(), p);
      }
    }
  }

  /**
   * Providers on the application module path, then those of every plugin unit (jar or folder of
   * jars) in each of {@code pluginDirs}, in name order.
   */
  public static PluginRegistry discover(List<Path> pluginDirs) {
    PluginLoader loader = new PluginLoader();
    loader.loadApplication();
    for (Path dir : pluginDirs) {
      for (Path unit : PluginUnits.of(dir)) {
        loader.loadUnit(unit);
      }
    }
    return new PluginRegistry(loader.loaded(), loader.problems());
  }

  /** A registry of exactly these providers (for tests and embedding). */
  public static PluginRegistry of(Provider... providers) {
    List<LoadedProvider> list = new ArrayList<>();
    for (Provider p : providers) {
      list.add(new LoadedProvider(p, ProviderKind.of(p), "unknown", p.getClass().getModule().getName(), null));
    }
    return new PluginRegistry(list, List.of());
  }

  /** Every accepted provider, grouped by kind, each kind in discovery order. */
  public List<LoadedProvider> providers() {
    List<LoadedProvider> all = new ArrayList<>();
    byKind.values().forEach(m -> all.addAll(m.values()));
    return all;
  }

  /** Everything that could not be loaded, with the jar and the reason. */
  public List<PluginProblem> problems() {
    return List.copyOf(problems);
  }

  public OptimizerProvider optimizerProvider(String id) {
    return (OptimizerProvider) find(ProviderKind.OPTIMIZER, id).provider();
  }

  public DiscrepancyProvider discrepancyProvider(String id) {
    return (DiscrepancyProvider) find(ProviderKind.DISCREPANCY, id).provider();
  }

  public LossProvider lossProvider(String id) {
    return (LossProvider) find(ProviderKind.LOSS, id).provider();
  }

  /** The loaded provider of {@code kind} called {@code id}; fails listing the available ids. */
  public LoadedProvider find(ProviderKind kind, String id) {
    LoadedProvider p = byKind.get(kind).get(id);
    if (p == null) {
      throw new Apo4jException("unknown " + kind.label().replace('-', ' ') + " '" + id + "'; available: " + ids(kind));
    }
    return p;
  }

  /** Sorted ids of one kind. */
  public TreeSet<String> ids(ProviderKind kind) {
    return new TreeSet<>(byKind.get(kind).keySet());
  }

  /** The importer that reads {@code file}, chosen by its extension. */
  public ModelImporterProvider importerFor(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<String> known = new ArrayList<>();
    for (LoadedProvider p : byKind.get(ProviderKind.MODEL_IMPORTER).values()) {
      ModelImporterProvider m = (ModelImporterProvider) p.provider();
      for (String ext : m.fileExtensions()) {
        known.add("." + ext + " (" + m.id() + ")");
        if (name.endsWith("." + ext.toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
    }
    throw new Apo4jException(file + ": no model importer reads this file; known extensions: " + known
        + (known.isEmpty() ? ". Is the onnx-import plugin in the plugins directory?" : ""));
  }

  /** Lookups by id for providers that compose others (APO's base optimizer and discrepancy). */
  public PluginServices services() {
    return new RegistryServices(this);
  }
}
