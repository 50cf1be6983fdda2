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
 * GEMMs with different summation orders, OpenBLAS here and MKL in torch, put it on different
 * sides). The tie changes one example's share of a gradient, and the runs then drift apart
 * chaotically. Measured: mlp_fmnist sgd_wd hits a tie at update 18 (1.5e-3 by step 159); every
 * other case meets the strict bounds (1e-4 per step over all 200 steps, 1e-3 for the final
 * parameters; worst 8.3e-7 and 3.2e-5), and those are asserted. For sgd_wd, the one case with a
 * tie, the first 50 steps must match within 1e-4 (a wrong update rule, loss, batch order or
 * preprocessing misses that by orders of magnitude) and all 200 within 5e-2; sgd-plugin's
 * TorchTraceParityTest runs the same trace in float64, where it meets 1e-4 over 200 steps.
 * LeNet-5 is left out here: 200 conv steps take minutes.
 */
class TorchParityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{0} with {1} (strict: {2})")
  @CsvSource({
      "mlp_fmnist, sgd, true", "mlp_fmnist, sgd_momentum, true", "mlp_fmnist, sgd_wd, false",
      "mlp_fmnist, adam, true", "mlp_digits, sgd, true", "mlp_digits, sgd_momentum, true", "mlp_digits, adam, true"})
  void trainingMatchesTheTorchTrace(String model, String optimizer, boolean strict) throws Exception {
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

    double[] expected = trace.trainLoss();
    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertEquals(200, lines.size());
    double worst = 0;
    for (int t = 0; t < 200; t++) {
      JsonNode n = JSON.readTree(lines.get(t));
      assertEquals(t, n.get("step").asInt());
      double rel = Math.abs(n.get("loss").asDouble() - expected[t]) / Math.abs(expected[t]);
      worst = Math.max(worst, rel);
      assertTrue(rel <= (strict || t < 50 ? 1e-4 : 5e-2), "step " + t + ": loss " + n.get("loss").asDouble() + " vs torch " + expected[t]);
    }
    TensorMap params = CheckpointFile.read(out.resolve("checkpoint.apock")).params();
    double worstParam = 0;
    for (Map.Entry<String, float[]> e : trace.finalState().entrySet()) {
      float[] got = params.get(e.getKey()).dup('c').data().asFloat();
      double maxRef = 0;
      double maxDiff = 0;
      for (int i = 0; i < got.length; i++) {
        maxRef = Math.max(maxRef, Math.abs(e.getValue()[i]));
        maxDiff = Math.max(maxDiff, Math.abs(got[i] - e.getValue()[i]));
      }
      worstParam = Math.max(worstParam, maxDiff / maxRef);
    }
    if (strict) {
      assertTrue(worstParam <= 1e-3, "final parameters: worst max|diff|/max|ref| " + worstParam);
    }
    compareEvaluations(trace, out.resolve("eval.jsonl"));
    System.out.printf("parity %s/%s: worst loss rel %.2e (strict 1e-4: %s), worst final param rel %.2e (strict 1e-3:"
        + " %s)%n", model, optimizer, worst, worst <= 1e-4 ? "met" : "MISSED", worstParam,
        worstParam <= 1e-3 ? "met" : "MISSED");
  }

  private static void compareEvaluations(TorchTrace trace, Path evals) throws Exception {
    List<String> lines = Files.readAllLines(evals);
    JsonNode expected = trace.json().get("eval");
    assertEquals(expected.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode got = JSON.readTree(lines.get(i));
      JsonNode ref = expected.get(i);
      assertEquals(ref.get("step").asInt(), got.get("step").asInt());
      assertEquals(ref.get("test_loss").asDouble(), got.get("eval-loss").asDouble(),
          (ref.get("step").asInt() < 50 ? 1e-4 : 5e-2) * ref.get("test_loss").asDouble(),
          "test loss at step " + ref.get("step"));
      assertEquals(ref.get("test_accuracy").asDouble(), got.get("eval-accuracy").asDouble(),
          ref.get("step").asInt() < 50 ? 1.5e-3 : 5e-2,
          "test accuracy at step " + ref.get("step"));
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
