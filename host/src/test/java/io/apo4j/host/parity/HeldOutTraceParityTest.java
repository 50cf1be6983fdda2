package io.apo4j.host.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PyTorch training parity on four held-out models that are not in the shared corpus, committed in
 * {@code src/test/resources/heldout-traces} (written by onnx-import's
 * {@code src/test/python/make_heldout_traces.py}; {@code models/NAME.json} describes each model and
 * its data): a BatchNorm CNN (conv-BN-ReLU, max pool, residual block, global average pool) on
 * Fashion-MNIST, a dense autoencoder (BCE with logits, target = input), a regression MLP on
 * scikit-learn's diabetes data (MSE, scaled features, standardised target) and a small pre-LN
 * transformer on Fashion-MNIST images read as 16 tokens. Each trace runs through {@code apo train}
 * exactly as {@link TorchParityTest} runs the shared ones: 200 steps, per-step loss within 1e-4
 * relative, final parameters and BatchNorm running statistics within 1e-3 relative, test evaluations
 * every 50 steps (1e-4 loss, 1.5e-3 accuracy).
 *
 * <p>All traces meet that over all 200 steps (worst loss 2.3e-7, final tensors 3.3e-6; 2026-11-28)
 * except two BatchNorm CNN traces, where a ReLU after BatchNorm puts the activation threshold in the
 * middle of the normalised distribution, so every step some of its ~80K pre-activations lie within
 * float32 round-off of zero and two float32 implementations can send one the other way; the runs
 * then drift apart. The generator reruns every trace in float64 torch from the same file and batches
 * ({@code train_loss_f64}, {@code f32_vs_f64} in each trace JSON) to show which traces are that
 * sensitive: torch's own float32 and float64 runs part (first step over 1e-4) at 178 (sgd) and 53
 * (sgd_wd), worst 2.7e-3 and 3.6e-3, final parameters 2.1e-2 and 6.4e-2. Ours against the float32
 * trace: sgd first over at 178 (worst 2.7e-3, final 2.1e-2; 117 and 3.5e-2 with main's convolution
 * kernels of an hour earlier, whose summation order differed); sgd_wd at 53 (worst 3.6e-3, final
 * 6.3e-2: the same event as torch's float64 run, which it follows). So sgd is held to 1e-4 for 100
 * steps and sgd_wd for 50, then 2e-2 per step and 0.2 for the final tensors; a wrong BatchNorm,
 * update rule, loss or batch order misses the strict window by orders of magnitude (sgd_momentum
 * and adam on the same model meet 1e-4 over all 200 steps). {@link BatchNormFloat64TraceTest} replays
 * those two traces in float64 against torch's float64 rerun: 3e-11 per step over all 200 steps and
 * 1.3e-8 for the final tensors, i.e. the float32 gap is round-off, not a different computation.
 */
class HeldOutTraceParityTest {
  static final Path ROOT = Path.of("src", "test", "resources", "heldout-traces").toAbsolutePath();

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{0} with {1} (1e-4 for {2} steps)")
  @CsvSource({
      "bn_cnn_fmnist, sgd, 100, 2e-2, 0.2", "bn_cnn_fmnist, sgd_momentum, 200, 0, 0",
      "bn_cnn_fmnist, sgd_wd, 50, 2e-2, 0.2", "bn_cnn_fmnist, adam, 200, 0, 0",
      "autoencoder_fmnist, sgd, 200, 0, 0", "autoencoder_fmnist, sgd_momentum, 200, 0, 0",
      "autoencoder_fmnist, sgd_wd, 200, 0, 0", "autoencoder_fmnist, adam, 200, 0, 0",
      "mlp_diabetes, sgd, 200, 0, 0", "mlp_diabetes, sgd_momentum, 200, 0, 0", "mlp_diabetes, sgd_wd, 200, 0, 0",
      "mlp_diabetes, adam, 200, 0, 0",
      "tiny_transformer_fmnist, sgd, 200, 0, 0", "tiny_transformer_fmnist, sgd_momentum, 200, 0, 0",
      "tiny_transformer_fmnist, sgd_wd, 200, 0, 0", "tiny_transformer_fmnist, adam, 200, 0, 0"})
  void trainingMatchesTheHeldOutTorchTrace(String model, String optimizer, int strictSteps, double looseBound,
      double looseFinal)
      throws Exception {
    JsonNode about = new ObjectMapper().readTree(ROOT.resolve("models/" + model + ".json").toFile());
    TorchTrace trace = TorchTrace.read(ROOT, model, optimizer);
    TraceComparison.Outcome outcome = TraceComparison.train(tmp, trace, ROOT.resolve(about.get("file").asText()),
        dataYaml(about.get("data")), about.get("loss").asText(),
        ROOT.resolve(trace.json().get("batch_order_file").asText()));
    TraceComparison.assertWithin(outcome, strictSteps, looseBound, looseFinal);
    TraceComparison.compareEvaluations(trace, outcome.out().resolve("eval.jsonl"), strictSteps, looseBound);
  }

  /** The model JSON's data section (JSON is YAML) with its file paths made absolute. */
  private static String dataYaml(JsonNode data) {
    ObjectNode copy = data.deepCopy();
    copy.fields().forEachRemaining(split -> {
      if (split.getValue().has("path")) {
        ((ObjectNode) split.getValue()).put("path", ROOT.resolve(split.getValue().get("path").asText()).toString());
      }
    });
    return copy.toString();
  }
}
