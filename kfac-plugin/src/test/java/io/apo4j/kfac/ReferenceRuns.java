package io.apo4j.kfac;

import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.testkit.ReferenceFiles;
import io.apo4j.testkit.optim.NoPluginServices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Real models and data for K-FAC runs: the reference corpus's ONNX files through the ONNX import
 * plugin, its Fashion-MNIST slice and its batch orders, and other optimizer plugins by id. Every
 * plugin is reached through {@link ServiceLoader}, as the host does (the plugins export nothing).
 */
final class ReferenceRuns {
  private ReferenceRuns() {}

  /** {@code <repo>/../shared/reference/torch}, if present. */
  static Optional<Path> torchReference() {
    return ReferenceFiles.sharedFolder("reference/torch");
  }

  static TrainableModel loadModel(Path torchReference, String name) {
    ReferenceRuns.class.getModule().addUses(ModelImporterProvider.class);
    for (ModelImporterProvider p : ServiceLoader.load(ModelImporterProvider.class)) {
      if (p.fileExtensions().contains("onnx")) {
        return p.create(p.configSpec().bind(Map.of())).load(torchReference.resolve("models/" + name + ".onnx"));
      }
    }
    throw new IllegalStateException("no ModelImporterProvider for 'onnx' on the module path");
  }

  static Optimizer optimizer(String id, Map<String, ?> raw) {
    ReferenceRuns.class.getModule().addUses(OptimizerProvider.class);
    for (OptimizerProvider p : ServiceLoader.load(OptimizerProvider.class)) {
      if (p.id().equals(id)) {
        return p.create(p.configSpec().bind(raw), new NoPluginServices());
      }
    }
    throw new IllegalStateException("no optimizer '" + id + "' on the module path");
  }

  /** Row t of {@code traces/<model>__batches.npy}: the training-slice indices of step t. */
  static long[][] batchOrder(Path torchReference, String model) throws IOException {
    INDArray order = ReferenceFiles.readNpy(torchReference.resolve("traces/" + model + "__batches.npy"));
    long[][] rows = new long[(int) order.size(0)][];
    for (int t = 0; t < rows.length; t++) {
      rows[t] = order.getRow(t).toLongVector();
    }
    return rows;
  }
}
