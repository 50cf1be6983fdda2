package io.apo4j.testkit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.model.Mode;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.runtime.DivergenceException;
import io.apo4j.api.runtime.StepOptions;
import io.apo4j.api.runtime.StepOutcome;
import io.apo4j.api.runtime.TrainState;
import io.apo4j.api.runtime.TrainingStep;
import io.apo4j.testkit.model.TinyNet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainingStepTest {
  private final TinyNet model = TestFunctions.tinyMlp(false);
  private final Batch batch = TestFunctions.batch(8, 6, 3, DataType.DOUBLE, 2);

  @Test
  void appliesTheOptimizerUpdateAndReportsTheLossBeforeIt() {
    TrainingStep step = new TrainingStep(model, TestFunctions.crossEntropy(),
        TestFunctions.sgd(0.1, Set.of(), ctx -> {}), StepOptions.of("sgd", 7));
    TrainState s0 = step.initialState();
    INDArray out = model.forward(s0.params(), s0.buffers(), batch.inputs(), Mode.TRAIN, 0).output();
    double expectedLoss = TestFunctions.crossEntropy().evaluate(out, batch.targets()).value();

    StepOutcome o = step.run(s0, batch);

    assertEquals(expectedLoss, o.loss(), 1e-12);
    assertEquals(1, o.next().step());
    for (String name : s0.params().names()) {
      INDArray expected = s0.params().get(name).sub(o.gradients().get(name).mul(0.1));
      assertEquals(0, expected.sub(o.next().params().get(name)).amaxNumber().doubleValue(), 1e-15, name);
    }
    assertTrue(o.gradientNorm() > 0);
    assertEquals(0, o.extraForwards() + o.extraBackwards());
  }

  @Test
  void lowersTheLossOverRepeatedSteps() {
    TrainingStep step = new TrainingStep(model, TestFunctions.crossEntropy(),
        TestFunctions.sgd(0.2, Set.of(), ctx -> {}), StepOptions.of("sgd", 7));
    TrainState s = step.initialState();
    double first = step.run(s, batch).loss();
    for (int i = 0; i < 60; i++) {
      s = step.run(s, batch).next();
    }
    assertTrue(step.run(s, batch).loss() < 0.5 * first, "loss should fall on a fixed batch");
  }

  @Test
  void leavesTheGivenStateUntouched() {
    TrainingStep step = new TrainingStep(model, TestFunctions.crossEntropy(),
        TestFunctions.sgd(0.1, Set.of(), ctx -> {}), StepOptions.of("sgd", 7));
    TrainState s0 = step.initialState();
    TensorMap before = s0.params().deepCopy();
    step.run(s0, batch);
    before.forEach(e -> assertEquals(e.getValue(), s0.params().get(e.getKey())));
  }

  @Test
  void commitsTheBuffersOfTheTrainingForwardPass() {
    TinyNet centred = TestFunctions.tinyMlp(true);
    TrainingStep step = new TrainingStep(centred, TestFunctions.crossEntropy(),
        TestFunctions.sgd(0.1, Set.of(), ctx -> {}), StepOptions.of("sgd", 7));
    TrainState s0 = step.initialState();
    TrainState s1 = step.run(s0, batch).next();
    INDArray expected = batch.inputs().get("input").mean(0).mul(0.1);
    assertEquals(0, expected.sub(s1.buffers().get("centre.running_mean")).amaxNumber().doubleValue(), 1e-15);
    assertEquals(0, s0.buffers().get("centre.running_mean").amaxNumber().doubleValue());
  }

  @Test
  void refusesAnOptimizerWhoseCapabilityIsNotOffered() {
    Apo4jException e = assertThrows(Apo4jException.class, () -> new TrainingStep(model,
        TestFunctions.crossEntropy(), TestFunctions.sgd(0.1, Set.of(Capability.LOOKAHEAD), ctx -> {}),
        StepOptions.of("apo-lr", 7)));
    assertEquals("optimizer 'apo-lr': needs capability LOOKAHEAD, which this run does not offer; offered "
        + "[LAYER_STATISTICS, SAMPLED_FISHER]. Give the run a source for the second batch B'", e.getMessage());
  }

  @Test
  void stopsWithTheStepAndOptimizerWhenTheLossIsNotFinite() {
    TrainingStep step = new TrainingStep(model, TestFunctions.crossEntropy(),
        TestFunctions.sgd(0.1, Set.of(), ctx -> {}), StepOptions.of("adam", 7));
    TrainState s0 = step.initialState();
    TensorMap broken = s0.params().map((n, p) -> n.equals("fc2.bias") ? p.dup().putScalar(0, Double.NaN) : p);
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> step.run(new TrainState(41, broken, s0.buffers(), s0.optimizer()), batch));
    assertEquals(41, e.step());
    assertTrue(e.getMessage().startsWith("step 41: training diverged with optimizer 'adam': loss is NaN"),
        e.getMessage());
  }

  @Test
  void refusesUpdatesThatDoNotMatchTheParameters() {
    TensorMap params = model.parameters();
    TensorMap partial = TensorMap.of(java.util.Map.of("fc1.bias", params.get("fc1.bias")));
    Apo4jException e = assertThrows(Apo4jException.class, () -> TrainingStep.apply("sgd", 3, params, partial));
    assertEquals("optimizer 'sgd', step 3: updates do not match the parameters; missing "
        + "[fc1.weight, fc2.bias, fc2.weight], unexpected []", e.getMessage());
  }

  @Test
  void derivesDifferentSeedsPerStepAndForTheLookahead() {
    StepOptions o = StepOptions.of("sgd", 5);
    assertNotEquals(o.dropoutSeed(0), o.dropoutSeed(1));
    assertNotEquals(o.dropoutSeed(3), o.lookaheadSeed(3));
    assertEquals(o.dropoutSeed(9), StepOptions.of("x", 5).dropoutSeed(9));
    assertSame(o, o);
  }
}
