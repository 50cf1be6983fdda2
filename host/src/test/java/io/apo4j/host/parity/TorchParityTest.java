package io.apo4j.host.parity;

import io.apo4j.host.testutil.TorchReference;
import io.apo4j.testkit.drift.TorchDrift;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PyTorch parity: the run config of the parity contract, run through {@code apo train}
 * with the reference's initial weights, batch order and hyperparameters, must reproduce torch's
 * training run: the loss of every one of the 200 steps, the test loss and accuracy every 50 steps
 * and the final parameters.
 *
 * <p>The runs are float32, so the tolerance is {@link TorchDrift}'s error model, not a fixed bound:
 * at each step ours may lie from torch's float64 rerun of the trace by at most {@link TorchDrift#K}
 * times the worst drift from float64 that torch's own float32 runs (under OpenBLAS's AVX2 and
 * AVX-512 GEMM kernels) have shown by that step. Over the first steps that is ~1e-7 relative, where a
 * wrong update rule, loss, batch order or preprocessing is off by orders of magnitude; later it grows
 * where float32 itself grows (two correct float32 runs part after a ReLU pre-activation lies within
 * round-off of zero and their kernels put it on different sides: torch's own runs reach 9e-4 on
 * mlp_fmnist sgd_momentum and 4e-2 on the LeNet traces, whose loss spikes near step 170). A fixed
 * float32 bound held on one machine and failed on another (issue #16: 1.25e-4 against 1e-4 at step
 * 95 under OpenBLAS's Haswell kernel). The strict long comparison lives in float64: sgd-plugin's
 * {@code TorchTraceParityTest}. {@code bench/blas-kernels.sh} prints these tests' margins under each
 * OpenBLAS kernel.
 */
class TorchParityTest {
  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
      "mlp_fmnist, sgd", "mlp_fmnist, sgd_momentum", "mlp_fmnist, sgd_wd", "mlp_fmnist, adam",
      "mlp_digits, sgd", "mlp_digits, sgd_momentum", "mlp_digits, adam",
      "lenet5_fmnist, sgd", "lenet5_fmnist, sgd_momentum", "lenet5_fmnist, adam"})
  void trainingMatchesTheTorchTrace(String model, String optimizer) throws Exception {
    Path torch = TorchReference.root();
    TorchTrace trace = TorchTrace.read(torch, model, optimizer);
    TraceComparison.Outcome outcome = TraceComparison.train(tmp, trace, torch.resolve("models/" + model + ".onnx"),
        data(torch, model), "cross-entropy", torch.resolve("traces/" + model + "__batches.npy"));
    TraceComparison.assertWithinDrift("host " + model + " " + optimizer, outcome, TorchDrift.read(model, optimizer));
  }

  private static String data(Path torch, String model) {
    if (model.endsWith("fmnist")) {
      Path d = torch.resolve("data/fmnist");
      return "{train: {format: idx, images: %s, labels: %s}, test: {format: idx, images: %s, labels: %s}}".formatted(
          d.resolve("train-first2048-images-idx3-ubyte.gz"), d.resolve("train-first2048-labels-idx1-ubyte.gz"),
          d.resolve("t10k-first1024-images-idx3-ubyte.gz"), d.resolve("t10k-first1024-labels-idx1-ubyte.gz"));
    }
    return "{train: {format: csv, path: %s, target: label, scale: 0.0625}, test: {format: csv, path: %s, target: label, scale: 0.0625}}"
        .formatted(torch.resolve("data/digits_train.csv"), torch.resolve("data/digits_test.csv"));
  }
}
