package io.apo4j.api.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Cross-entropy of PyTorch's own float64 logits must be the loss PyTorch recorded for them. */
class CrossEntropyTorchReferenceTest {

  @Test
  void reproducesTorchLossOfReferenceBatch() throws IOException {
    Path root = forwardFolder();
    assumeTrue(root != null, "PyTorch reference not found: expected shared/reference/torch/forward beside an"
        + " ancestor of " + Path.of("").toAbsolutePath() + " (CI: <repo>/../shared)");
    INDArray logits = TestNpy.read(root.resolve("mlp_fmnist__output_0_f64.npy"));
    INDArray targets = TestNpy.read(root.resolve("mlp_fmnist__target_0.npy"));
    // loss_f64 and loss_f32 from mlp_fmnist__meta.json (torch.nn.functional.cross_entropy, mean)
    assertEquals(2.300898321707635, Losses.crossEntropy().evaluate(logits, targets).value(), 1e-14);
    INDArray logits32 = TestNpy.read(root.resolve("mlp_fmnist__output_0.npy")).castTo(DataType.FLOAT);
    assertEquals(2.300898313522339, Losses.crossEntropy().evaluate(logits32, targets).value(), 2e-7);
  }

  /** {@code <repo>/../shared} for a clone, and the same for a worktree nested one level deeper. */
  private static Path forwardFolder() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(Path.of("shared", "reference", "torch", "forward"));
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
