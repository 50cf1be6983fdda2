package io.apo4j.host.registry;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.Provider;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads providers from the application module path and from plugin units, each unit in its own
 * child {@link ModuleLayer}. Every step is guarded on its own, so a broken jar (or one broken
 * provider in a jar) is reported and everything else still loads.
 */
final class PluginLoader {
  private final List<LoadedProvider> loaded = new ArrayList<>();
  private final List<PluginProblem> problems = new ArrayList<>();

  List<LoadedProvider> loaded() {
    return loaded;
  }

  List<PluginProblem> problems() {
    return problems;
  }

  /** Providers visible in the boot layer (the application module path). */
  void loadApplication() {
    for (ProviderKind kind : ProviderKind.values()) {
      ServiceLoader.load(ModuleLayer.boot(), kind.service()).stream()
          .forEach(p -> instantiate(kind, p, null));
    }
  }

  /** Providers of one plugin unit (a jar, or a folder of jars). */
  void loadUnit(Path unit) {
    ModuleLayer layer;
    try {
      layer = defineLayer(unit);
    } catch (Exception | LinkageError e) {
      problems.add(new PluginProblem(unit, "cannot be loaded as a module layer: " + describe(e)));
      return;
    }
    for (ProviderKind kind : ProviderKind.values()) {
      try {
        ServiceLoader.load(layer, kind.service()).stream()
            .filter(p -> p.type().getModule().getLayer() == layer)
            .forEach(p -> instantiate(kind, p, unit));
      } catch (java.util.ServiceConfigurationError e) {
        problems.add(new PluginProblem(unit, "bad " + kind.label() + " service declaration: " + describe(e)));
      }
    }
  }

  private static ModuleLayer defineLayer(Path unit) throws java.io.IOException {
    ModuleFinder finder = ModuleFinder.of(PluginUnits.jars(unit));
    Set<String> roots = finder.findAll().stream()
        .map(ModuleReference::descriptor)
        .map(d -> d.name())
        .collect(Collectors.toSet());
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("no jar with a module in it");
    }
    ModuleLayer parent = ModuleLayer.boot();
    Configuration cf = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
    return parent.defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
  }

  private void instantiate(ProviderKind kind, ServiceLoader.Provider<? extends Provider> p, Path unit) {
    String className = p.type().getName();
    Provider provider;
    try {
      provider = p.get();
    } catch (Throwable e) {
      problems.add(new PluginProblem(unit, kind.label() + " provider " + className + " failed to start: " + describe(e)));
      return;
    }
    try {
      ApiVersion required = provider.apiVersion();
      if (!ApiVersion.CURRENT.satisfies(required)) {
        problems.add(new PluginProblem(unit, kind.label() + " provider '" + provider.id() + "' (" + className
            + ") requires API " + required + "; this host provides API " + ApiVersion.CURRENT
            + " (compatible: same major, minor <= " + ApiVersion.MINOR + ")"));
        return;
      }
      Module module = p.type().getModule();
      loaded.add(new LoadedProvider(provider, kind, versionOf(p.type()), module.getName(), unit));
    } catch (Throwable e) {
      problems.add(new PluginProblem(unit, kind.label() + " provider " + className + " failed: " + describe(e)));
    }
  }

  private static String versionOf(Class<?> type) {
    String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
    if (v == null) {
      v = type.getModule().getDescriptor() == null ? null
          : type.getModule().getDescriptor().rawVersion().orElse(null);
    }
    return v == null ? "unknown" : v;
  }

  /** The root cause, as class name and message, for one-line reports. */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage();
    String top = t == e ? "" : " (" + e.getClass().getSimpleName() + ")";
    return t.getClass().getName() + (msg == null ? "" : ": " + msg) + top;
  }
}
