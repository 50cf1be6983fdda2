package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.runtime.StepOptions;
import io.apo4j.api.runtime.StepOutcome;
import io.apo4j.api.runtime.TrainState;
import io.apo4j.api.runtime.TrainingStep;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * K-FAC trains the reference corpus's Fashion-MNIST models, imported from ONNX, on the reference
 * batch order: dense layers (mlp_fmnist) and conv layers through im2col (lenet5_fmnist) with
 * the taps of real backward passes, and the sampled Fisher through the runtime's extra
 * sampled-label pass. Skipped when the corpus is absent.
 */
class OnnxTrainingTest {
  static final int STEPS = 30;

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({"mlp_fmnist, eigen, empirical", "lenet5_fmnist, eigen, empirical", "mlp_fmnist, inverse, empirical",
      "mlp_fmnist, eigen, sampled"})
  void lossFallsOverThirtySteps(String model, String method, String fisher) throws Exception {
    Path ref = ReferenceRuns.torchReference().orElse(null);
    assumeTrue(ref != null, "reference corpus ../shared/reference/torch not found; skipping");
    FashionMnist data = FashionMnist.trainSlice(ref);
    long[][] order = ReferenceRuns.batchOrder(ref, model);
    double[] losses = new double[STEPS];
    try (TrainableModel m = ReferenceRuns.loadModel(ref, model)) {
      var opt = ReferenceRuns.optimizer("kfac", Map.of("lr", 0.2, "momentum", 0.9, "damping", 0.01,
          "inverse-method", method, "fisher-type", fisher));
      TrainingStep step = new TrainingStep(m, Losses.crossEntropy(), opt, StepOptions.of("kfac", 1));
      TrainState s = step.initialState();
      for (int t = 0; t < STEPS; t++) {
        StepOutcome o = step.run(s, data.batch(order[t]));
        losses[t] = o.loss();
        s = o.next();
      }
    }
    double last = 0;
    for (int t = STEPS - 5; t < STEPS; t++) {
      last += losses[t] / 5;
    }
    System.out.printf("%s %s %s: loss %.4f at step 0, mean %.4f over steps %d-%d%n", model, method, fisher, losses[0], last,
        STEPS - 5, STEPS - 1);
    assertTrue(last < 0.75 * losses[0], model + ": loss went from " + losses[0] + " to " + last
        + " (mean of the last 5 of " + STEPS + " steps); expected below 75% of the start");
  }
}
