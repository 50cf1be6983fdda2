package io.apo4j.host.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.apo4j.host.registry.LoadedProvider;
import io.apo4j.host.registry.PluginRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code apo plugins}: what was discovered, and what could not be loaded. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    description = "List discovered plugins (id, kind, version, module, jar); problems go to stderr.")
final class PluginsCommand implements Callable<Integer> {
  @Mixin
  PluginOptions plugins;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PluginRegistry registry = plugins.registryReportingProblems(spec.commandLine().getErr());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (LoadedProvider p : registry.providers()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", p.id());
      row.put("kind", p.kind().label());
      row.put("version", p.version());
      row.put("apiVersion", p.provider().apiVersion().toString());
      row.put("module", p.module());
      row.put("jar", p.jar() == null ? null : p.jar().toAbsolutePath().toString());
      row.put("description", p.provider().description());
      rows.add(row);
    }
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("providers", rows);
      doc.put("problems", registry.problems().stream()
          .map(pr -> Map.of("jar", pr.source() == null ? "" : pr.source().toString(), "reason", pr.reason()))
          .toList());
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    } else {
      out.print(Table.render(List.of("ID", "KIND", "VERSION", "MODULE", "JAR"), rows.stream()
          .map(r -> List.of(str(r.get("id")), str(r.get("kind")), str(r.get("version")), str(r.get("module")),
              r.get("jar") == null ? "(application)" : str(r.get("jar"))))
          .toList()));
    }
    out.flush();
    return 0;
  }

  private static String str(Object o) {
    return String.valueOf(o);
  }
}
