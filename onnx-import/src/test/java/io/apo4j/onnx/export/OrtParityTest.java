package io.apo4j.onnx.export;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.apo4j.api.TensorMap;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.onnx.OnnxImporterProvider;
import io.apo4j.testkit.ReferenceFiles;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Our engine against ONNX Runtime Java on every reference model: the forward pass at the
 * original weights, and the exported model after a few SGD steps taken with our own
 * forward and backward passes.
 */
class OrtParityTest {
  /** Relative to max(1, max |ORT output|). */
  static final double TOLERANCE = 1e-5;
  static final int STEPS = 3;
  static final double LEARNING_RATE = 0.05;

  @TempDir
  Path tmp;

  static Stream<String> models() {
    return Reference.MODELS.stream();
  }

  /** The model; the test is skipped (not passed) while one of its operators is not implemented yet. */
  static TrainableModel load(Path file) {
    OnnxImporterProvider p = new OnnxImporterProvider();
    try {
      return p.create(p.configSpec().bind(Map.of())).load(file);
    } catch (ModelImportException e) {
      assumeFalse(e.reason() == ModelImportException.Reason.UNSUPPORTED, "not yet supported: " + e.getMessage());
      throw e;
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void ourForwardEqualsOrtOnTheReferenceInputs(String name) throws Exception {
    Path file = Reference.model(name);
    try (TrainableModel model = load(file)) {
      for (int k = 0; k < 3; k++) {
        INDArray x = Reference.input(name, k);
        assertClose(Ort.run(file, x), forward(model, model.parameters(), x), name + " batch " + k);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void exportAfterSgdStepsRunsInOrtWithOurOutputs(String name) throws Exception {
    Path file = Reference.model(name);
    try (TrainableModel model = load(file)) {
      INDArray x = Reference.input(name, 0);
      INDArray y = ReferenceFiles.readNpy(Reference.torch().resolve("forward/" + name + "__target_0.npy"));
      Loss loss = Losses.crossEntropy();
      TensorMap params = model.parameters();
      double first = Double.NaN;
      double last = Double.NaN;
      for (int step = 0; step < STEPS; step++) {
        ForwardPass pass = model.forward(params, model.buffers(), Map.of(model.inputs().get(0).name(), x), Mode.TRAIN, step);
        LossValue l = loss.evaluate(pass.output(), y);
        first = step == 0 ? l.value() : first;
        last = l.value();
        Gradients g = model.backward(pass, l.gradient(), EnumSet.noneOf(io.apo4j.api.model.BackwardOption.class));
        params = params.map((n, p) -> p.sub(g.parameters().get(n).mul(LEARNING_RATE)));
      }
      assertTrue(last < first, name + ": SGD steps must lower the loss; first " + first + ", last " + last);
      Path exported = tmp.resolve(name + "_trained.onnx");
      model.export(params, model.buffers(), exported);
      for (int k = 0; k < 3; k++) {
        INDArray xk = Reference.input(name, k);
        INDArray ours = forward(model, params, xk);
        assertClose(Ort.run(exported, xk), ours, name + " trained, batch " + k);
        assertTrue(Transforms.abs(Ort.run(file, xk).sub(ours), true).maxNumber().doubleValue() > 1e-4,
            name + ": the trained outputs must differ from the original ones");
      }
    }
  }

  private static INDArray forward(TrainableModel model, TensorMap params, INDArray x) {
    return model.forward(params, model.buffers(), Map.of(model.inputs().get(0).name(), x), Mode.EVAL, 0).output();
  }

  static void assertClose(INDArray expected, INDArray actual, String what) {
    double scale = Math.max(1, Transforms.abs(expected, true).maxNumber().doubleValue());
    double diff = Transforms.abs(expected.sub(actual.castTo(expected.dataType())), true).maxNumber().doubleValue();
    System.out.printf("ORT parity %s: max |diff| %.3g, relative %.3g%n", what, diff, diff / scale);
    assertTrue(diff <= TOLERANCE * scale, what + ": max |ours - ORT| = " + diff + "; expected <= " + TOLERANCE * scale);
  }
}
