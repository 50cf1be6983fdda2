package io.apo4j.apo.run;

import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.runtime.BatchSource;
import io.apo4j.api.runtime.StepOptions;
import io.apo4j.api.runtime.TrainState;
import io.apo4j.api.runtime.TrainingStep;
import io.apo4j.apo.fixtures.Models;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.testkit.model.TinyNet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A benchmark, not a test (run with {@code -Dapo.bench=true}): training-step time of APO-LR and APO-P
 * relative to SGD with momentum on a 784-256-10 MLP at batch 128 in float32, medians of interleaved
 * rounds after warm-up. On a shared machine the minimum over many short rounds is the figure that
 * least depends on the other load; both are printed.
 */
@EnabledIfSystemProperty(named = "apo.bench", matches = "true")
class StepTimeBenchmark {

  @Test
  void stepTimeRelativeToTheBase() {
    TestServices services = TestServices.installed();
    Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
    configs.put("sgd", Map.of("id", "sgd", "lr", 0.01, "momentum", 0.9));
    configs.put("apo-lr", Map.of("id", "apo-lr", "base", Map.of("id", "sgd", "lr", 0.01, "momentum", 0.9)));
    configs.put("apo-p", Map.of("id", "apo-p", "lr", 0.01, "momentum", 0.9));
    TinyNet model = Models.mlp(784, 256, 10, false, DataType.FLOAT, 1);
    List<Batch> batches = Runs.batches(10, 128, 784, 10, DataType.FLOAT, 1);
    List<Batch> second = Runs.batches(3, 128, 784, 10, DataType.FLOAT, 50);
    Map<String, TrainingStep> steps = new LinkedHashMap<>();
    Map<String, TrainState> states = new LinkedHashMap<>();
    configs.forEach((name, c) -> {
      TrainingStep s = new TrainingStep(model, Losses.crossEntropy(), services.create(c),
          StepOptions.of(name, 1).withLookahead(BatchSource.cycling(second)));
      steps.put(name, s);
      states.put(name, s.initialState());
    });
    int rounds = 15;
    int perRound = 20;
    Map<String, double[]> millis = new LinkedHashMap<>();
    configs.keySet().forEach(n -> millis.put(n, new double[rounds]));
    for (int round = -2; round < rounds; round++) {
      for (String name : configs.keySet()) {
        TrainState state = states.get(name);
        long start = System.nanoTime();
        for (int i = 0; i < perRound; i++) {
          state = steps.get(name).run(state, batches.get(i % batches.size())).next();
        }
        long elapsed = System.nanoTime() - start;
        states.put(name, state);
        if (round >= 0) {
          millis.get(name)[round] = elapsed / 1e6 / perRound;
        }
      }
    }
    double base = median(millis.get("sgd"));
    double baseMin = Arrays.stream(millis.get("sgd")).min().orElseThrow();
    millis.forEach((name, m) -> {
      double min = Arrays.stream(m).min().orElseThrow();
      System.out.printf("BENCH %-7s median %.2f ms/step (x%.2f of sgd), min %.2f ms/step (x%.2f)%n", name, median(m),
          median(m) / base, min, min / baseMin);
    });
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }
}
