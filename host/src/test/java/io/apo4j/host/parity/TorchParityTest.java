package io.apo4j.host.parity;

import io.apo4j.host.testutil.TorchReference;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PyTorch parity: the run config of the parity contract, run through {@code apo train}
 * with the reference's initial weights, batch order and hyperparameters, must reproduce torch's
 * per-step training loss and final parameters.
 *
 * <p>What is asserted, and why not more: in float32 two correct implementations agree to ~1e-7
 * until some ReLU pre-activation of a batch lies within float32 summation error of zero (a "tie":
 * kernels with different summation orders put it on different sides). The tie changes one
 * example's share of a gradient, and the runs then drift apart chaotically. Traces without a tie
 * (every MLP trace but sgd_wd) meet the bounds over all 200 steps: 1e-4 per step and 1e-3
 * for the final parameters (worst 8.3e-7 and 3.2e-5). For the others, {@code strictSteps} leading
 * steps must meet 1e-4 (a wrong update rule, loss, batch order or preprocessing misses that by
 * orders of magnitude) and every step {@code looseBound}. Measured (2026-11-28, with torch 1.13
 * rerun on this machine from the same files for comparison):
 * <ul>
 *   <li>mlp_fmnist sgd_wd: at update 18 the fc1 pre-activation of unit 141 for batch row 12
 *       (training example 918) is -4.3e-8 computed exactly from torch's float32 parameters and
 *       -4.7e-8 from ours, with sum |w_i x_i| = 2.78 (float32 round-off 1.7e-7): ReLU off in both,
 *       on in the reference (which a float64 run follows, +1.2e-8). Our loss first passes 1e-4 at
 *       step 89, worst 1.5e-3; torch 1.13 float32 rerun here gives the same curve (first at 89,
 *       worst 1.50e-3), with the update written unfused as we compute it too. sgd-plugin's
 *       TorchTraceParityTest runs this trace in float64, where it meets 1e-4 over 200 steps.</li>
 *   <li>lenet5_fmnist: ours first passes 1e-4 at step 165 (sgd), 146 (sgd_momentum), 119
 *       (adam), worst loss over steps 0-99 up to 1.6e-7, 1.5e-7, 2.1e-6 (2026-11-28, after the conv1
 *       weight gradient became one GEMM per example summed in double; before: 165, 134, 130);
 *       torch's own float32 rerun passes 1e-4 at 144, 143, 130 and a float64 torch run at 166,
 *       113, 103. Only the summation order of onnx-import's convolution kernels changed between
 *       our measurements and moved adam's step between 119, 139 and 130: the LeNet traces are
 *       chaotic after ~100 steps (the sgd run's loss spikes near step 170), so no float32
 *       implementation with other kernels follows them to the end.</li>
 * </ul>
 */
class TorchParityTest {
  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{0} with {1} (1e-4 for {2} steps)")
  @CsvSource({
      "mlp_fmnist, sgd, 200, 0", "mlp_fmnist, sgd_momentum, 200, 0", "mlp_fmnist, sgd_wd, 50, 1e-2",
      "mlp_fmnist, adam, 200, 0", "mlp_digits, sgd, 200, 0", "mlp_digits, sgd_momentum, 200, 0",
      "mlp_digits, adam, 200, 0", "lenet5_fmnist, sgd, 100, 1e-1", "lenet5_fmnist, sgd_momentum, 100, 1e-1",
      "lenet5_fmnist, adam, 100, 1e-1"})
  void trainingMatchesTheTorchTrace(String model, String optimizer, int strictSteps, double looseBound)
      throws Exception {
    Path torch = TorchReference.root();
    TorchTrace trace = TorchTrace.read(torch, model, optimizer);
    TraceComparison.Outcome outcome = TraceComparison.train(tmp, trace, torch.resolve("models/" + model + ".onnx"),
        data(torch, model), "cross-entropy", torch.resolve("traces/" + model + "__batches.npy"));
    TraceComparison.assertWithin(outcome, strictSteps, looseBound);
    TraceComparison.compareEvaluations(trace, outcome.out().resolve("eval.jsonl"), strictSteps, looseBound);
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
