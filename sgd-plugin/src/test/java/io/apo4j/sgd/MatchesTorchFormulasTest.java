package io.apo4j.sgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import io.apo4j.api.schedule.Schedule;
import io.apo4j.testkit.optim.NoPluginServices;
import io.apo4j.testkit.optim.QuadraticStepContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Every optimizer in float64 follows the independent torch transcription step by step on random tensors. */
class MatchesTorchFormulasTest {
  private static final Map<String, OptimizerProvider> PROVIDERS = Map.of("sgd", new SgdProvider(),
      "adam", new AdamProvider(), "adamw", new AdamWProvider(), "rmsprop", new RmsPropProvider());

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("sgd", Map.of("lr", 0.1)),
        Arguments.of("sgd", Map.of("lr", 0.05, "momentum", 0.9)),
        Arguments.of("sgd", Map.of("lr", 0.05, "momentum", 0.8, "dampening", 0.3, "weight-decay", 0.01)),
        Arguments.of("sgd", Map.of("lr", 0.05, "momentum", 0.9, "nesterov", 1.0, "weight-decay", 5e-4)),
        Arguments.of("adam", Map.of("lr", 0.01)),
        Arguments.of("adam", Map.of("lr", 0.02, "beta1", 0.8, "beta2", 0.99, "eps", 1e-3, "weight-decay", 0.1)),
        Arguments.of("adam", Map.of("lr", 0.01, "amsgrad", 1.0, "weight-decay", 0.01)),
        Arguments.of("adamw", Map.of("lr", 0.01)),
        Arguments.of("adamw", Map.of("lr", 0.05, "weight-decay", 0.3, "amsgrad", 1.0)),
        Arguments.of("rmsprop", Map.of("lr", 0.01)),
        Arguments.of("rmsprop", Map.of("lr", 0.01, "alpha", 0.9, "eps", 1e-4, "weight-decay", 0.05)),
        Arguments.of("rmsprop", Map.of("lr", 0.005, "momentum", 0.9, "centered", 1.0)),
        Arguments.of("rmsprop", Map.of("lr", 0.005, "momentum", 0.5, "centered", 1.0, "weight-decay", 0.01)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("configs")
  void followsTorchSingleTensorLoopForSixStepsInFloat64(String id, Map<String, Double> hyper) {
    follow(id, hyper, DataType.DOUBLE, 1e-12);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("configs")
  void staysWithinFloat32RoundingOfTheFloat64Loop(String id, Map<String, Double> hyper) {
    follow(id, hyper, DataType.FLOAT, 2e-6);
  }

  private void follow(String id, Map<String, Double> hyper, DataType type, double tolerance) {
    Map<String, Object> raw = new HashMap<>();
    hyper.forEach((k, v) -> raw.put(k, List.of("nesterov", "amsgrad", "centered").contains(k) ? v != 0 : v));
    raw.put("schedule", Map.of("type", "step", "step-size", 2, "gamma", 0.5));
    OptimizerProvider provider = PROVIDERS.get(id);
    Optimizer optimizer = provider.create(provider.configSpec().bind(raw), new NoPluginServices());
    Schedule schedule = Schedule.parse("test", Map.of("type", "step", "step-size", 2, "gamma", 0.5));
    Random random = new Random(id.hashCode() + hyper.hashCode());
    double[] start = gaussian(random, 12, type);
    TorchOptimizerReference torch = new TorchOptimizerReference(id, hyper, start);
    TensorMap params = TensorMap.of(Map.of("w", Nd4j.create(start, new long[] {3, 4}, DataType.DOUBLE).castTo(type)));
    OptimizerState state = optimizer.init(params, List.of());
    for (int t = 0; t < 6; t++) {
      double[] grad = gaussian(random, 12, type);
      Step step = optimizer.update(TensorMap.of(Map.of("w", Nd4j.create(grad, new long[] {3, 4}, DataType.DOUBLE).castTo(type))),
          state, new QuadraticStepContext(t, params, Double.NaN));
      double lr = hyper.get("lr") * schedule.factor(t);
      torch.step(grad, lr);
      assertEquals(lr, step.learningRate(), 1e-15, "learning rate at step " + t);
      TensorMap before = params;
      params = before.map((name, p) -> p.add(step.updates().get(name)));
      state = step.state();
      assertEquals(type, params.get("w").dataType(), "parameter data type");
      assertArrayEquals(torch.params(), params.get("w").dup('c').data().asDouble(), tolerance, id + " step " + t);
    }
  }

  /** Standard normals, rounded to float32 when the optimizer runs in float32 so both sides start equal. */
  private static double[] gaussian(Random random, int n, DataType type) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = type == DataType.FLOAT ? (float) random.nextGaussian() : random.nextGaussian();
    }
    return v;
  }
}
