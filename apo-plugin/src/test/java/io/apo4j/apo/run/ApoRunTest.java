package io.apo4j.apo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.runtime.StepOutcome;
import io.apo4j.apo.fixtures.Models;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.testkit.model.TinyNet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * APO inside real training steps: no side effects of the look-ahead, its cost, the base-step
 * equivalence of APO-P at initialisation, and checkpoints that resume in phase.
 */
class ApoRunTest {
  private static final TestServices SERVICES = TestServices.installed();
  private static final List<Batch> TRAINING = Runs.batches(9, 16, 6, 4, DataType.FLOAT, 100);
  private static final List<Batch> SECOND = Runs.batches(3, 16, 6, 4, DataType.FLOAT, 200);

  private static Map<String, Object> config(String id, Map<String, Object> extra) {
    Map<String, Object> c = new HashMap<>(id.equals("apo-lr")
        ? Map.of("id", id, "base", Map.of("id", "sgd", "lr", 0.05, "momentum", 0.9, "weight-decay", 1e-3))
        : Map.of("id", id, "lr", 0.05, "momentum", 0.9, "weight-decay", 1e-3));
    c.putAll(extra);
    return c;
  }

  private static Optimizer create(Map<String, Object> config) {
    return SERVICES.create(config);
  }

  @ParameterizedTest
  @ValueSource(strings = {"apo-lr", "apo-p"})
  void metaStepsWithPhiHeldFixedLeaveParametersBuffersStateAndDataUntouched(String id) {
    TinyNet model = Models.mlp(6, 8, 4, true, DataType.FLOAT, 3);
    Runs.Result withMeta = Runs.run(model, create(config(id, Map.of("k", 1, "meta-lr", 0.0))), TRAINING, SECOND, null);
    Runs.Result without = Runs.run(model, create(config(id, Map.of("warmup-steps", 1_000_000))), TRAINING, SECOND, null);

    assertEquals(TRAINING.size(), withMeta.secondBatchesDrawn(), "one B' per meta-step");
    assertEquals(0, without.secondBatchesDrawn());
    withMeta.steps().forEach(o -> assertTrue(o.step().metrics().containsKey("q-before"), "a meta-step ran"));
    assertIdentical(without.last().params(), withMeta.last().params(), "parameters");
    assertIdentical(without.last().buffers(), withMeta.last().buffers(), "BatchNorm-like running statistics");
    StateDict a = without.last().optimizer().toStateDict();
    StateDict b = withMeta.last().optimizer().toStateDict();
    assertIdentical(withoutMetaState(a.tensors()), withoutMetaState(b.tensors()), "optimizer state (base, phi, velocity)");
    assertTrue(b.tensors().names().stream().anyMatch(n -> n.startsWith("meta/m/")), "the meta-optimizer's own state");
    assertNotEquals(0.0, without.last().buffers().get("centre.running_mean").amaxNumber().doubleValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"apo-lr", "apo-p"})
  void eachMetaStepCostsOneForwardAtThetaAndOneForwardBackwardAtThetaPrime(String id) {
    TinyNet model = Models.mlp(6, 8, 4, false, DataType.FLOAT, 3);
    Runs.Result r = Runs.run(model, create(config(id, Map.of("k", 3))), TRAINING, SECOND, null);
    for (int t = 0; t < r.steps().size(); t++) {
      StepOutcome o = r.steps().get(t);
      boolean meta = t % 3 == 0;
      assertEquals(meta ? 2 : 0, o.extraForwards(), "extra forward passes counted by the look-ahead at step " + t);
      assertEquals(meta ? 1 : 0, o.extraBackwards(), "extra backward passes at step " + t);
      if (meta) {
        assertEquals(2.0, o.step().metrics().get("extra-forward"));
        assertEquals(1.0, o.step().metrics().get("extra-backward"));
        for (String key : List.of("eta", "q-before", "q-after", "q-loss", "q-fsd", "q-wsd", "meta-grad-norm")) {
          assertTrue(Double.isFinite(o.step().metrics().get(key)), key + " at step " + t);
        }
      } else {
        assertTrue(!o.step().metrics().containsKey("q-before"), "no meta-step at step " + t);
      }
      assertEquals(o.step().metrics().get("eta"), o.step().learningRate(), 0.0, "learning rate actually used");
    }
    assertEquals(3, r.secondBatchesDrawn());
  }

  @ParameterizedTest
  @ValueSource(strings = {"apo-lr", "apo-p"})
  void secondBatchCurrentMeasuresTheDiscrepancyOnTheStepsOwnBatch(String id) {
    TinyNet model = Models.mlp(6, 8, 4, false, DataType.FLOAT, 3);
    Runs.Result r = Runs.run(model, create(config(id, Map.of("k", 1, "second-batch", "current"))), TRAINING, SECOND,
        null);
    assertEquals(0, r.secondBatchesDrawn(), "no batch from the independent stream");
    r.steps().forEach(o -> assertTrue(o.step().metrics().get("q-fsd") >= 0, "a meta-step ran"));
  }

  @org.junit.jupiter.api.Test
  void apoPAtInitialisationTakesExactlyTheSgdPluginsStep() {
    TinyNet model = Models.mlp(6, 8, 4, false, DataType.FLOAT, 5);
    Runs.Result apo = Runs.run(model, create(config("apo-p", Map.of("warmup-steps", 1_000_000))), TRAINING, SECOND, null);
    Runs.Result sgd = Runs.run(model, create(Map.of("id", "sgd", "lr", 0.05, "momentum", 0.9, "weight-decay", 1e-3)),
        TRAINING, SECOND, null);
    for (var e : sgd.last().params()) {
      double diff = e.getValue().sub(apo.last().params().get(e.getKey())).amaxNumber().doubleValue();
      assertTrue(diff <= 1e-7, "parameter '" + e.getKey() + "' differs by " + diff);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"apo-lr", "apo-p"})
  void checkpointResumesInPhaseAndIdentically(String id) {
    TinyNet model = Models.mlp(6, 8, 4, false, DataType.FLOAT, 6);
    Map<String, Object> c = config(id, id.equals("apo-p") ? Map.of("k", 3, "adapt-lr", true) : Map.of("k", 3));
    Runs.Result straight = Runs.run(model, create(c), TRAINING, SECOND, null);
    Runs.Result first = Runs.run(model, create(c), TRAINING.subList(0, 4), SECOND, null);
    StateDict saved = first.last().optimizer().toStateDict();
    assertEquals(4.0, saved.scalar("step"));
    Optimizer fresh = create(c);
    var restored = fresh.restore(saved, first.last().params(), model.kroneckerLayers());
    var start = new io.apo4j.api.runtime.TrainState(4, first.last().params(), first.last().buffers(), restored);
    // the B' stream restarts with the resumed run, so it resumes from the same B' position: 2 drawn before
    List<Batch> rotated = List.of(SECOND.get(2), SECOND.get(0), SECOND.get(1));
    Runs.Result second = Runs.run(model, fresh, TRAINING.subList(4, 9), rotated, start);
    assertIdentical(straight.last().params(), second.last().params(), "parameters after resuming");
    for (int t = 4; t < 9; t++) {
      assertEquals(straight.steps().get(t).step().metrics().keySet(), second.steps().get(t - 4).step().metrics().keySet(),
          "metrics at step " + t + " (meta-steps at t mod 3 == 0)");
    }
  }

  /** Only phi and the meta-optimizer's state may change in a meta-step; phi is held fixed here. */
  private static TensorMap withoutMetaState(TensorMap tensors) {
    TensorMap.Builder b = TensorMap.builder();
    tensors.forEach(e -> {
      if (!e.getKey().startsWith("meta/") && !e.getKey().startsWith("lr-meta/")) {
        b.put(e.getKey(), e.getValue());
      }
    });
    return b.build();
  }

  private static void assertIdentical(TensorMap expected, TensorMap actual, String what) {
    assertEquals(expected.names(), actual.names(), what + " names");
    for (var e : expected) {
      assertEquals(e.getValue(), actual.get(e.getKey()), what + ": '" + e.getKey() + "'");
    }
  }
}
