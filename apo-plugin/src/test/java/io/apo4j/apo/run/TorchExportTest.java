package io.apo4j.apo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.apo4j.apo.fixtures.OnnxModels;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.api.StateDict;
import io.apo4j.api.data.Batch;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.testkit.ReferenceFiles;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * APO-P on LeNet-5 as PyTorch exported it (two Conv and three Gemm Kronecker layers), with the
 * reference corpus' inputs and labels: meta-steps move every layer's phi and training lowers the loss.
 * Skipped when {@code ../shared/reference/torch} is absent.
 */
class TorchExportTest {
  @Test
  void apoPTrainsTheTorchExportedLenet() throws Exception {
    Optional<Path> torch = ReferenceFiles.sharedFolder("reference/torch");
    assumeTrue(torch.isPresent(), "../shared/reference/torch is absent; the PyTorch reference corpus is not here");
    TrainableModel model = OnnxModels.load(torch.get().resolve("models/lenet5_fmnist.onnx"));
    assertEquals(5, model.kroneckerLayers().size(), model.kroneckerLayers().toString());
    Batch b = batch(torch.get(), 0);
    Batch second = batch(torch.get(), 1);
    // step 0's loss is the reference's torch loss of this batch at the exported weights
    Runs.Result r = Runs.run(model, TestServices.installed().create(Map.of("id", "apo-p", "lr", 0.05,
        "momentum", 0.9, "k", 2, "meta-lr", 0.01)), Collections.nCopies(10, b), List.of(second), null);
    assertEquals(2.3061659066038707, r.steps().get(0).loss(), 1e-5, "loss at the exported weights (torch, float64)");
    assertTrue(r.steps().get(9).loss() < 0.97 * r.steps().get(0).loss(),
        "loss " + r.steps().get(0).loss() + " -> " + r.steps().get(9).loss());
    StateDict state = r.last().optimizer().toStateDict();
    for (var layer : model.kroneckerLayers()) {
      INDArray s = state.tensors().get("phi/" + layer.name() + "/S");
      assertEquals(layer.outputs(), s.size(0));
      assertEquals(layer.columns(), s.size(1));
      assertNotEquals(0.0, s.sub(1).amaxNumber().doubleValue(), "phi of layer '" + layer.name() + "' moved");
    }
    assertEquals(5.0, r.steps().stream().filter(o -> o.step().metrics().containsKey("q-before")).count());
  }

  private static Batch batch(Path torch, int index) throws Exception {
    INDArray x = ReferenceFiles.readNpy(torch.resolve("forward/lenet5_fmnist__input_" + index + ".npy"));
    INDArray y = ReferenceFiles.readNpy(torch.resolve("forward/lenet5_fmnist__target_" + index + ".npy"));
    return new Batch(Map.of("input", x.castTo(DataType.FLOAT)), y.castTo(DataType.FLOAT).reshape(y.length()),
        new long[(int) y.length()]);
  }
}
