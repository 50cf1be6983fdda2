package io.apo4j.onnx.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.TensorMap;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.Mode;
import io.apo4j.onnx.OnnxImportOptions;
import io.apo4j.onnx.OnnxImporter;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward outputs, loss and parameter gradients of the shared PyTorch-exported models match
 * torch's float64 reference (float32 run within the corpus' suggested tolerances, float64 run to
 * near round-off).
 */
class TorchParityTest {

  @ParameterizedTest(name = "{0} batch {1} {2}")
  @CsvSource({"mlp_digits,0,FLOAT", "mlp_digits,1,FLOAT", "mlp_digits,2,FLOAT", "mlp_fmnist,0,FLOAT",
      "mlp_fmnist,1,FLOAT", "mlp_fmnist,2,FLOAT", "lenet5_fmnist,0,FLOAT", "lenet5_fmnist,1,FLOAT",
      "lenet5_fmnist,2,FLOAT", "mlp_fmnist,0,DOUBLE", "lenet5_fmnist,1,DOUBLE"})
  void forwardMatchesTorch(String name, int batch, DataType type) throws Exception {
    try (OnnxModel model = OnnxImporter.importModel(TorchFiles.model(name), OnnxImportOptions.DEFAULTS)) {
      INDArray input = TorchFiles.npy(name + "__input_" + batch + ".npy").castTo(type);
      INDArray ref = TorchFiles.npy(name + "__output_" + batch + "_f64.npy");
      TensorMap params = model.parameters().map((n, p) -> p.castTo(type));
      ForwardPass pass = model.forward(params, model.buffers(), Map.of("input", input), Mode.EVAL, 0);
      assertArrayEquals(ref.shape(), pass.output().shape());
      double diff = pass.output().castTo(DataType.DOUBLE).sub(ref).amaxNumber().doubleValue();
      double scale = Math.max(1, ref.amaxNumber().doubleValue());
      double tol = type == DataType.FLOAT ? 1e-5 : 1e-9;
      assertTrue(diff <= tol * scale, name + " batch " + batch + ": max|diff| " + diff + " > " + tol * scale);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp_digits", "mlp_fmnist", "lenet5_fmnist"})
  void lossAndGradientsMatchTorch(String name) throws Exception {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      try (OnnxModel model = OnnxImporter.importModel(TorchFiles.model(name), OnnxImportOptions.DEFAULTS)) {
        INDArray input = TorchFiles.npy(name + "__input_0.npy").castTo(type);
        INDArray target = TorchFiles.npy(name + "__target_0.npy");
        TensorMap params = model.parameters().map((n, p) -> p.castTo(type));
        ForwardPass pass = model.forward(params, model.buffers(), Map.of("input", input), Mode.TRAIN, 0);
        LossValue loss = Losses.crossEntropy().evaluate(pass.output(), target);
        Gradients g = model.backward(pass, loss.gradient(), EnumSet.of(BackwardOption.LAYER_TAPS));
        Map<String, INDArray> ref = TorchFiles.npz(name + "__grads_0.npz");
        assertEquals(ref.keySet(), g.parameters().names(), "parameter names");
        // grads_0.npz holds torch's float32 gradients (within ~2e-6 of float64), so float64 gets 1e-5
        double tol = type == DataType.FLOAT ? 1e-4 : 1e-5;
        for (var e : ref.entrySet()) {
          INDArray ours = g.parameters().get(e.getKey()).castTo(DataType.DOUBLE);
          assertArrayEquals(e.getValue().shape(), ours.shape(), e.getKey());
          double rel = ours.sub(e.getValue()).amaxNumber().doubleValue() / e.getValue().amaxNumber().doubleValue();
          assertTrue(rel <= tol, name + " " + type + " " + e.getKey() + ": relative gradient error " + rel);
        }
        assertEquals(model.kroneckerLayers().size(), g.taps().size(), "one tap per Kronecker layer");
      }
    }
  }
}
