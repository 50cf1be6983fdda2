package io.apo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImporter;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.testkit.ReferenceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mutates the reference models (seeded) and requires that each variant either fails with a typed
 * {@link ModelImportException} or imports into a graph that runs a forward pass: no other
 * exception, no error, no hang.
 */
class ImportFuzzTest {
  static final long SEED = 20261128L;
  static final int BYTE_VARIANTS = 450;
  static final int FIELD_VARIANTS = 750;
  /** Import plus one forward pass of a small model takes milliseconds; this only catches hangs. */
  static final Duration PER_VARIANT = Duration.ofSeconds(10);

  @TempDir
  Path tmp;

  @Test
  void everyVariantIsATypedImportErrorOrARunnableGraph() throws Exception {
    Path models = ReferenceFiles.sharedFolder("reference/torch/models").orElse(null);
    assumeTrue(models != null, "shared/reference/torch/models not found beside an ancestor of the working directory");
    // the small models get most variants: the fuzzer explores structure, not file size
    String[] pool = {"mlp_digits", "mlp_digits", "mlp_digits", "lenet5_fmnist", "lenet5_fmnist", "mlp_fmnist"};
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    Map<String, ModelProto> protos = new LinkedHashMap<>();
    for (String name : List.of("mlp_digits", "lenet5_fmnist", "mlp_fmnist")) {
      bytes.put(name, Files.readAllBytes(models.resolve(name + ".onnx")));
      protos.put(name, ModelProto.parseFrom(bytes.get(name)));
    }
    ModelMutator mutator = new ModelMutator(SEED);
    java.util.Random pick = new java.util.Random(SEED + 1);
    ModelImporter importer = new OnnxImporterProvider().create(new OnnxImporterProvider().configSpec().bind(Map.of()));
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> findings = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < BYTE_VARIANTS + FIELD_VARIANTS; i++) {
      String name = pool[pick.nextInt(pool.length)];
      ModelMutator.Variant v = i < BYTE_VARIANTS ? mutator.bytes(bytes.get(name)) : mutator.fields(protos.get(name));
      Path file = tmp.resolve("v" + i + ".onnx");
      Files.write(file, v.bytes());
      String label = "variant " + i + " of " + name + " (" + v.description() + ")";
      try {
        String outcome = assertTimeoutPreemptively(PER_VARIANT, () -> importAndRun(importer, file), label + " hung");
        outcomes.merge(outcome, 1, Integer::sum);
      } catch (Throwable t) {
        outcomes.merge("FINDING", 1, Integer::sum);
        findings.add(label + ": " + t);
      }
      Files.delete(file);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("import fuzz: %d variants in %.1f s: %s%n", BYTE_VARIANTS + FIELD_VARIANTS, seconds, outcomes);
    findings.stream().limit(30).forEach(f -> System.out.println("  " + f));
    assertTrue(findings.isEmpty(), findings.size() + " variants ended in something other than a typed import error "
        + "or a runnable graph; first: " + findings.subList(0, Math.min(5, findings.size())));
  }

  /** "imported" or "rejected: REASON"; any other exception propagates. */
  private static String importAndRun(ModelImporter importer, Path file) {
    TrainableModel model;
    try {
      model = importer.load(file);
    } catch (ModelImportException e) {
      if (e.getMessage() == null || !e.getMessage().contains(file.getFileName().toString())) {
        throw new AssertionError("import error does not name the file: " + e.getMessage(), e);
      }
      return "rejected: " + e.reason();
    }
    try (model) {
      Map<String, INDArray> feed = new LinkedHashMap<>();
      for (TensorSpec spec : model.inputs()) {
        feed.put(spec.name(), input(spec));
      }
      INDArray out = model.forward(model.parameters(), model.buffers(), feed, Mode.EVAL, 0).output();
      if (out == null) {
        throw new AssertionError("forward pass gave no output");
      }
      return "imported";
    }
  }

  private static INDArray input(TensorSpec spec) {
    long[] shape = spec.shape().clone();
    long n = 1;
    for (int d = 0; d < shape.length; d++) {
      shape[d] = shape[d] < 0 ? 2 : shape[d];
      n *= shape[d];
    }
    if (n > 10_000_000) {
      throw new AssertionError("accepted an absurd input shape " + spec);
    }
    return switch (spec.elementType()) {
      case "float32" -> Nd4j.randn(DataType.FLOAT, shape);
      case "float64" -> Nd4j.randn(DataType.DOUBLE, shape);
      default -> Nd4j.zeros(DataType.LONG, shape);
    };
  }
}
