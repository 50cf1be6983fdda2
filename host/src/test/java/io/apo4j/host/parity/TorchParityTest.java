package io.apo4j.host.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apo4j.api.TensorMap;
import io.apo4j.host.checkpoint.CheckpointFile;
import io.apo4j.host.cli.Main;
import io.apo4j.host.testutil.TestPlugins;
import io.apo4j.host.testutil.TorchReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  private static final ObjectMapper JSON = new ObjectMapper();

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
    Path out = tmp.resolve("run");
    Path config = tmp.resolve("parity.yaml");
    Files.writeString(config, """
        model: %s
        data: %s
        loss: cross-entropy
        optimizer: %s
        batch-size: %d
        steps: 200
        batch-order: %s
        eval-every: 50
        out: %s
        """.formatted(torch.resolve("models/" + model + ".onnx"), data(torch, model), trace.optimizerYaml(),
        trace.json().get("batch_size").asInt(), torch.resolve("traces/" + model + "__batches.npy"), out));
    int code = Main.run("train", config.toString(), "--quiet", "--plugins-dir", TestPlugins.dir().toString());
    assertEquals(0, code, "apo train exit code");

    double[] rel = lossDifferences(trace.trainLoss(), out.resolve("metrics.jsonl"));
    double worstParam = worstFinalParameter(trace, out.resolve("checkpoint.apock"));
    report(model + "/" + optimizer, rel, worstParam);
    for (int t = 0; t < rel.length; t++) {
      double bound = t < strictSteps ? 1e-4 : looseBound;
      assertTrue(rel[t] <= bound, "step " + t + ": loss relative difference " + rel[t] + " > " + bound);
    }
    if (strictSteps == rel.length) {
      assertTrue(worstParam <= 1e-3, "final parameters: worst max|diff|/max|ref| " + worstParam);
    }
    compareEvaluations(trace, out.resolve("eval.jsonl"), strictSteps, looseBound);
  }

  /** |ours - torch| / |torch| of the training loss at every step. */
  private static double[] lossDifferences(double[] expected, Path metrics) throws Exception {
    List<String> lines = Files.readAllLines(metrics);
    assertEquals(expected.length, lines.size());
    double[] rel = new double[lines.size()];
    for (int t = 0; t < rel.length; t++) {
      JsonNode n = JSON.readTree(lines.get(t));
      assertEquals(t, n.get("step").asInt());
      rel[t] = Math.abs(n.get("loss").asDouble() - expected[t]) / Math.abs(expected[t]);
    }
    return rel;
  }

  /** The worst over parameters of max|ours - torch| / max|torch| after the last update. */
  private static double worstFinalParameter(TorchTrace trace, Path checkpoint) throws Exception {
    TensorMap params = CheckpointFile.read(checkpoint).params();
    double worst = 0;
    for (Map.Entry<String, float[]> e : trace.finalState().entrySet()) {
      float[] got = params.get(e.getKey()).dup('c').data().asFloat();
      double maxRef = 0;
      double maxDiff = 0;
      for (int i = 0; i < got.length; i++) {
        maxRef = Math.max(maxRef, Math.abs(e.getValue()[i]));
        maxDiff = Math.max(maxDiff, Math.abs(got[i] - e.getValue()[i]));
      }
      worst = Math.max(worst, maxDiff / maxRef);
    }
    return worst;
  }

  private static void report(String run, double[] rel, double worstParam) {
    int firstOver = -1;
    double worst = 0;
    double worstFirst100 = 0;
    for (int t = 0; t < rel.length; t++) {
      worst = Math.max(worst, rel[t]);
      worstFirst100 = t < 100 ? Math.max(worstFirst100, rel[t]) : worstFirst100;
      firstOver = firstOver < 0 && rel[t] > 1e-4 ? t : firstOver;
    }
    System.out.printf("parity %s: worst loss rel %.2e (steps 0-99: %.2e; first step over 1e-4: %s),"
        + " worst final param rel %.2e%n", run, worst, worstFirst100, firstOver < 0 ? "none" : firstOver, worstParam);
  }

  /**
   * The test-split evaluations (every 50 updates): 1e-4 relative for the loss and 1.5e-3 for the
   * accuracy (one example of 1024 whose two top logits tie may flip) while the run is held to the
   * strict bound, {@code looseBound} for both afterwards.
   */
  private static void compareEvaluations(TorchTrace trace, Path evals, int strictSteps, double looseBound)
      throws Exception {
    List<String> lines = Files.readAllLines(evals);
    JsonNode expected = trace.json().get("eval");
    assertEquals(expected.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode got = JSON.readTree(lines.get(i));
      JsonNode ref = expected.get(i);
      int step = ref.get("step").asInt();
      assertEquals(step, got.get("step").asInt());
      boolean strict = step < strictSteps || strictSteps == trace.trainLoss().length;
      assertEquals(ref.get("test_loss").asDouble(), got.get("eval-loss").asDouble(),
          (strict ? 1e-4 : looseBound) * ref.get("test_loss").asDouble(), "test loss at step " + step);
      assertEquals(ref.get("test_accuracy").asDouble(), got.get("eval-accuracy").asDouble(),
          strict ? 1.5e-3 : looseBound, "test accuracy at step " + step);
    }
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
