package io.apo4j.host.cli;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.host.onnx.ModelSummary;
import io.apo4j.host.onnx.TensorProtos;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apo inspect model.onnx}: what a model declares and what the importer makes of it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Show a model's inputs, outputs, op histogram, parameters (shapes and count), Kronecker layers,",
        "and, when it cannot be imported, why (e.g. the unsupported ops). Exit 0 only if the import succeeds."})
final class InspectCommand implements Callable<Integer> {
  @Mixin
  PluginOptions plugins;

  @Parameters(index = "0", paramLabel = "MODEL", description = "an .onnx file")
  Path file;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelSummary s = ModelSummary.read(file);
    out.println("model: " + file + " (IR " + s.irVersion() + ", opsets " + s.opsets()
        + (s.producer().isEmpty() ? "" : ", producer " + s.producer()) + ")");
    section(out, "inputs", s.inputs());
    section(out, "outputs", s.outputs());
    int nodes = s.opHistogram().values().stream().mapToInt(Integer::intValue).sum();
    out.println("ops (" + nodes + " nodes, " + s.opHistogram().size() + " types):");
    out.print(indent(Table.render(List.of("OP", "COUNT"), s.opHistogram().entrySet().stream()
        .map(e -> List.of(e.getKey(), e.getValue().toString())).toList())));
    out.flush();
    ModelImporterProvider importer = plugins.registryReportingProblems(spec.commandLine().getErr()).importerFor(file);
    try (TrainableModel model = importer.create(importer.configSpec().bind(Map.of())).load(file)) {
      tensors(out, "parameters", model.parameters());
      tensors(out, "buffers", model.buffers());
      layers(out, model.kroneckerLayers());
      out.println("unsupported ops: none");
      out.flush();
      return 0;
    } catch (ModelImportException e) {
      if (e.reason() == ModelImportException.Reason.UNSUPPORTED) {
        List<String> missing = UnsupportedOps.among(s.opHistogram().keySet(), e.getMessage());
        out.println("unsupported ops: " + (missing.isEmpty() ? "none by name (an attribute or type is not supported, see below)" : String.join(", ", missing)));
      }
      out.println("import failed (" + e.reason() + "): " + e.getMessage());
      out.flush();
      return ErrorHandler.USER_ERROR;
    }
  }

  private static void section(PrintWriter out, String title, List<String> items) {
    out.println(title + " (" + items.size() + "):");
    items.forEach(i -> out.println("  " + i));
  }

  private static void tensors(PrintWriter out, String title, TensorMap map) {
    long total = 0;
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : map) {
      total += e.getValue().length();
      rows.add(List.of(e.getKey(), Arrays.toString(e.getValue().shape()), Long.toString(e.getValue().length()),
          TensorProtos.typeName(e.getValue().dataType())));
    }
    out.println(title + " (" + map.size() + " tensors, " + total + " values):");
    if (!rows.isEmpty()) {
      out.print(indent(Table.render(List.of("NAME", "SHAPE", "COUNT", "TYPE"), rows)));
    }
  }

  private static void layers(PrintWriter out, List<KroneckerLayer> layers) {
    out.println("kronecker layers (" + layers.size() + "):");
    if (!layers.isEmpty()) {
      out.print(indent(Table.render(List.of("NODE", "KIND", "WEIGHT", "BIAS", "MATRIX", "LAYOUT"), layers.stream()
          .map(l -> List.of(l.name(), l.kind().name().toLowerCase(java.util.Locale.ROOT), l.weight(),
              l.hasBias() ? l.bias() : "-", l.outputs() + " x " + l.columns(), l.layout().name()))
          .toList())));
    }
  }

  private static String indent(String table) {
    return table.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
  }
}
