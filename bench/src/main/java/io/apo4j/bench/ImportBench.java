package io.apo4j.bench;

import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.model.TrainableModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Import time of a >= 10 M-parameter ONNX file, first import in this (already warm) JVM and repeats. */
final class ImportBench {
  private ImportBench() {}

  static Map<String, Object> run(Plugins plugins, Path file, int repeats) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      BigOnnx.write(file);
    }
    out.put("file", file.toString());
    out.put("bytes", Files.size(file));
    out.put("parameters_written", BigOnnx.parameterCount());
    ModelImporterProvider importer = plugins.importers.get("onnx");
    if (importer == null) {
      out.put("skipped", "no ONNX importer on the module path; found " + plugins.importers.keySet());
      return out;
    }
    double[] ms = new double[repeats];
    try {
      for (int i = 0; i < repeats; i++) {
        long t0 = System.nanoTime();
        try (TrainableModel model = importer.create(importer.configSpec().bind(Map.of())).load(file)) {
          ms[i] = (System.nanoTime() - t0) / 1e6;
          long params = 0;
          for (var e : model.parameters()) {
            params += e.getValue().length();
          }
          out.put("parameters", params);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      out.put("skipped", "import failed: " + e);
      return out;
    }
    out.put("first_ms", ms[0]);
    double[] rest = Arrays.copyOfRange(ms, 1, repeats);
    Arrays.sort(rest);
    out.put("median_repeat_ms", Timing.median(rest));
    System.out.printf("ours  import of %d parameters: first %.0f ms, median of repeats %.0f ms%n",
        out.get("parameters"), ms[0], Timing.median(rest));
    return out;
  }
}
