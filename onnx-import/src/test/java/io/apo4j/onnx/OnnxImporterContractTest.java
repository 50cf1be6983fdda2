package io.apo4j.onnx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.testkit.ReferenceFiles;
import io.apo4j.testkit.model.ModelImporterContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The testkit's importer contract (gradients, taps, export round trip, errors) on the reference models. */
class OnnxImporterContractTest {
  static Path reference(String name) {
    var dir = ReferenceFiles.sharedFolder("reference/torch/models");
    assumeTrue(dir.isPresent(), "PyTorch reference corpus absent (expected <repo>/../shared/reference/torch)");
    return dir.get().resolve(name + ".onnx");
  }

  @Nested
  class MlpFmnist extends ModelImporterContract {
    @Override
    protected ModelImporterProvider provider() {
      return new OnnxImporterProvider();
    }

    @Override
    protected Path modelFile() {
      return reference("mlp_fmnist");
    }
  }

  @Nested
  class Lenet5 extends ModelImporterContract {
    @Override
    protected ModelImporterProvider provider() {
      return new OnnxImporterProvider();
    }

    @Override
    protected Path modelFile() {
      return reference("lenet5_fmnist");
    }
  }
}
