package io.apo4j.onnx.export;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.apo4j.testkit.ReferenceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The shared PyTorch reference corpus, found beside the repository (tests skip when it is absent). */
final class Reference {
  static final List<String> MODELS = List.of("mlp_digits", "mlp_fmnist", "lenet5_fmnist");

  private Reference() {}

  static Path torch() {
    Optional<Path> dir = ReferenceFiles.sharedFolder("reference/torch");
    assumeTrue(dir.isPresent(), "PyTorch reference corpus absent: expected shared/reference/torch beside an ancestor"
        + " of the working directory (CI: <repo>/../shared)");
    return dir.get();
  }

  static Path model(String name) {
    return torch().resolve("models").resolve(name + ".onnx");
  }

  /** Reference input batch {@code k} (sizes 16, 5, 1) as float32. */
  static INDArray input(String name, int k) throws IOException {
    return ReferenceFiles.readNpy(torch().resolve("forward").resolve(name + "__input_" + k + ".npy"))
        .castTo(DataType.FLOAT);
  }
}
