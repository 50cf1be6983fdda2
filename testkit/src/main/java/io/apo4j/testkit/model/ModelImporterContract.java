package io.apo4j.testkit.model;

import static io.apo4j.testkit.TensorAssertions.assertClose;
import static io.apo4j.testkit.TensorAssertions.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.model.TrainableModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract of a model importer, checked on a model file the subclass supplies: the imported
 * model describes itself consistently, runs deterministically, and its backward pass (parameter
 * gradients, input gradients, layer taps) agrees with finite differences of its own forward pass
 * in float64. Inputs come from {@link ModelInputs}; override {@link #inputs} for int64 inputs.
 */
public abstract class ModelImporterContract {
  /** The provider under test. */
  protected abstract ModelImporterProvider provider();

  /** A model file the importer must read (skip with an assumption when it is absent). */
  protected abstract Path modelFile();

  /** Raw importer configuration (without {@code id}). */
  protected Map<String, Object> config() {
    return Map.of();
  }

  /** Inputs for {@code batch} examples in {@code type}; by default Gaussian floats for every float input. */
  protected Map<String, INDArray> inputs(TrainableModel model, int batch, long seed, DataType type) {
    return ModelInputs.gaussian(model, batch, seed, type);
  }

  /** The mode of the gradient checks: TRAIN (batch statistics) by default. */
  protected Mode gradientCheckMode() {
    return Mode.TRAIN;
  }

  /** Parameter elements probed by finite differences, per parameter. */
  protected int finiteDifferenceSamples() {
    return 6;
  }

  protected final TrainableModel load(Path file) {
    return provider().create(provider().configSpec().bind(config())).load(file);
  }

  @Test
  public void declaresIdVersionAndTheFileExtension() {
    assertTrue(provider().id().matches("[a-z0-9]+(-[a-z0-9]+)*"), "id '" + provider().id() + "' is not lowercase-kebab");
    assertTrue(ApiVersion.CURRENT.satisfies(provider().apiVersion()), "API " + provider().apiVersion());
    String file = modelFile().getFileName().toString();
    assertTrue(provider().fileExtensions().stream().anyMatch(ext -> file.endsWith("." + ext)),
        file + " does not end with one of " + provider().fileExtensions());
  }

  @Test
  public void describesItselfConsistently() {
    try (TrainableModel model = load(modelFile())) {
      TensorMap params = model.parameters();
      assertFalse(params.isEmpty(), "a trainable model has parameters");
      assertFalse(model.inputs().isEmpty() || model.outputs().isEmpty(), "inputs and outputs");
      for (KroneckerLayer layer : model.kroneckerLayers()) {
        INDArray w = params.get(layer.weight());
        assertEquals((long) layer.outputs() * layer.inputs(), w.length(), "layer '" + layer.name() + "' weight size");
        if (layer.hasBias()) {
          assertEquals(layer.outputs(), params.get(layer.bias()).length(), "layer '" + layer.name() + "' bias size");
        }
      }
      assertIdentical(params, model.parameters(), "parameters() twice (fresh copies of the same values)");
    }
  }

  @Test
  public void forwardIsDeterministicAndLeavesParametersAlone() {
    try (TrainableModel model = load(modelFile())) {
      TensorMap params = model.parameters();
      TensorMap copy = params.deepCopy();
      Map<String, INDArray> x = inputs(model, 4, 1, DataType.FLOAT);
      INDArray first = model.forward(params, model.buffers(), x, Mode.EVAL, 0).output();
      INDArray second = model.forward(params, model.buffers(), x, Mode.EVAL, 0).output();
      assertClose(first, second, 0, 0, "outputs of two identical forward passes");
      assertIdentical(copy, params, "parameters after forward");
      assertEquals(4, first.size(0), "batch axis of the output");
    }
  }

  @Test
  public void evalOutputsOfABatchAreThoseOfItsRows() {
    try (TrainableModel model = load(modelFile())) {
      TensorMap params = toDouble(model.parameters());
      TensorMap buffers = toDouble(model.buffers());
      Map<String, INDArray> a = inputs(model, 3, 2, DataType.DOUBLE);
      Map<String, INDArray> b = inputs(model, 2, 3, DataType.DOUBLE);
      Map<String, INDArray> both = new java.util.HashMap<>();
      a.forEach((name, v) -> both.put(name, Nd4j.concat(0, v, b.get(name))));
      INDArray joint = model.forward(params, buffers, both, Mode.EVAL, 0).output();
      INDArray first = model.forward(params, buffers, a, Mode.EVAL, 0).output();
      INDArray second = model.forward(params, buffers, b, Mode.EVAL, 0).output();
      assertClose(Nd4j.concat(0, first, second), joint, 1e-9, 1e-12, "outputs of batches 3 + 2 vs 5");
    }
  }

  @Test
  public void parameterGradientsMatchFiniteDifferencesInFloat64() {
    try (TrainableModel model = load(modelFile())) {
      GradientCheck check = new GradientCheck(model, toDouble(model.parameters()), toDouble(model.buffers()),
          inputs(model, 3, 4, DataType.DOUBLE), gradientCheckMode());
      Gradients grads = check.backward(Set.of());
      for (String name : check.params().names()) {
        check.assertParameterGradient(name, grads.parameters().get(name), finiteDifferenceSamples());
      }
    }
  }

  @Test
  public void inputGradientsMatchFiniteDifferencesInFloat64() {
    try (TrainableModel model = load(modelFile())) {
      Map<String, INDArray> x = inputs(model, 3, 5, DataType.DOUBLE);
      String floatInput = x.entrySet().stream().filter(e -> e.getValue().dataType().isFPType())
          .map(Map.Entry::getKey).findFirst().orElse(null);
      assumeTrue(floatInput != null, model.name() + " has no float input");
      GradientCheck check = new GradientCheck(model, toDouble(model.parameters()), toDouble(model.buffers()), x,
          gradientCheckMode());
      check.assertInputGradient(floatInput, check.backward(Set.of(BackwardOption.INPUT_GRADIENTS)).inputs().get(floatInput), 12);
    }
  }

  @Test
  public void denseLayerTapsExplainTheWeightGradients() {
    try (TrainableModel model = load(modelFile())) {
      var dense = model.kroneckerLayers().stream().filter(l -> l.kind() == LayerKind.DENSE).toList();
      assumeTrue(!dense.isEmpty(), model.name() + " has no dense Kronecker layer");
      GradientCheck check = new GradientCheck(model, toDouble(model.parameters()), toDouble(model.buffers()),
          inputs(model, 3, 6, DataType.DOUBLE), gradientCheckMode());
      Gradients grads = check.backward(Set.of(BackwardOption.LAYER_TAPS));
      for (KroneckerLayer layer : dense) {
        check.assertTapExplainsGradient(layer, grads);
      }
    }
  }

  @Test
  public void exportedModelReloadsWithTheSameParametersAndOutputs() throws IOException {
    Path temp = Files.createTempDirectory("apo4j-testkit");
    try (TrainableModel model = load(modelFile())) {
      TensorMap changed = model.parameters().map((name, p) -> p.mul(1.25).addi(0.01));
      Path target = temp.resolve("exported." + provider().fileExtensions().get(0));
      model.export(changed, model.buffers(), target);
      try (TrainableModel reloaded = load(target)) {
        assertIdentical(changed, reloaded.parameters(), "parameters of the exported model");
        Map<String, INDArray> x = inputs(model, 2, 7, DataType.FLOAT);
        assertClose(model.forward(changed, model.buffers(), x, Mode.EVAL, 0).output(),
            reloaded.forward(reloaded.parameters(), reloaded.buffers(), x, Mode.EVAL, 0).output(), 1e-5, 1e-6,
            "outputs of the exported model");
      }
    } finally {
      deleteTree(temp);
    }
  }

  @Test
  public void refusesACorruptFileNamingIt() throws IOException {
    Path temp = Files.createTempDirectory("apo4j-testkit");
    try {
      Path bad = temp.resolve("corrupt." + provider().fileExtensions().get(0));
      Files.write(bad, new byte[] {0x08, (byte) 0xff, 0x12, 0x7f, 0x00, 0x42});
      ModelImportException e = assertThrows(ModelImportException.class, () -> load(bad).close());
      assertTrue(e.getMessage().contains(bad.getFileName().toString()), "message should name the file: " + e.getMessage());
    } finally {
      deleteTree(temp);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static TensorMap toDouble(TensorMap map) {
    return map.map((name, v) -> v.dataType().isFPType() ? v.castTo(DataType.DOUBLE) : v);
  }
}
