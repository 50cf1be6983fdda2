package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole state survives a checkpoint by name, for both preconditioner forms. */
class StateTest {
  private final Random rnd = new Random(29);
  private final TinyDense layer = TinyDense.random(3, 4, rnd);

  @ParameterizedTest
  @ValueSource(strings = {"eigen", "inverse"})
  void stateRoundTripsThroughStateDict(String method) {
    var raw = Kfacs.with(Kfacs.with(Kfacs.with(Kfacs.bare(1e-2), "inverse-method", method), "momentum", 0.9),
        "inverse-update-interval", 2);
    raw.put("factor-decay", 0.9);
    KfacOptimizer opt = Kfacs.create(raw);
    OptimizerState s = opt.init(layer.params(), List.of(layer.layer()));
    for (int t = 0; t < 3; t++) {
      s = step(opt, s, t).state();
    }
    StateDict saved = s.toStateDict();
    assertEquals(3.0, saved.scalar("step"));
    assertTrue(saved.tensors().contains("curvature/fc/A"));
    assertTrue(saved.tensors().contains("momentum/" + TinyDense.WEIGHT));
    OptimizerState restored = Kfacs.create(raw).restore(saved, layer.params(), List.of(layer.layer()));
    // steps 3 (reuse) and 4 (recompute) must agree exactly
    Random replay = new Random(99);
    Random replay2 = new Random(99);
    for (int t = 3; t < 5; t++) {
      Step a = step(opt, s, t, replay);
      Step b = step(opt, restored, t, replay2);
      assertEquals(0.0, Mat.relativeError(Kfacs.matrix(layer.layer(), a.updates()),
          Kfacs.matrix(layer.layer(), b.updates())));
      s = a.state();
      restored = b.state();
    }
    assertEquals(names(s.toStateDict()), names(restored.toStateDict()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"momentum/fc.bias", "curvature/fc/QA", "curvature/fc/G"})
  void restoreNamesAMissingTensor(String dropped) {
    KfacOptimizer opt = Kfacs.create(Kfacs.bare(1e-2));
    StateDict saved = opt.init(layer.params(), List.of(layer.layer())).toStateDict();
    TensorMap.Builder kept = TensorMap.builder();
    saved.tensors().forEach(e -> {
      if (!e.getKey().equals(dropped)) {
        kept.put(e.getKey(), e.getValue());
      }
    });
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> opt.restore(new StateDict(kept.build(), saved.scalars()), layer.params(), List.of(layer.layer())));
    assertTrue(e.getMessage().contains("optimizer 'kfac'") && e.getMessage().contains("missing [" + dropped + "]"),
        e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void restoreRejectsAStateOfTheOtherMethod() {
    StateDict eigen = Kfacs.create(Kfacs.bare(1e-2)).init(layer.params(), List.of(layer.layer())).toStateDict();
    KfacOptimizer inverse = Kfacs.create(Kfacs.with(Kfacs.bare(1e-2), "inverse-method", "inverse"));
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> inverse.restore(eigen, layer.params(), List.of(layer.layer())));
    assertTrue(e.getMessage().contains("unexpected [curvature/fc/QA, curvature/fc/QG, curvature/fc/dA, curvature/fc/dG]"),
        e.getMessage());
  }

  private static java.util.Set<String> names(StateDict d) {
    return d.tensors().names();
  }

  private Step step(KfacOptimizer opt, OptimizerState s, int t) {
    return step(opt, s, t, rnd);
  }

  private Step step(KfacOptimizer opt, OptimizerState s, int t, Random r) {
    double[][] x = TinyDense.randomInputs(5, 4, r);
    double[][] og = layer.crossEntropyGradient(x, new int[] {0, 1, 2, t % 3, 1});
    return opt.update(layer.grads(x, og), s,
        new TapContext(t, layer.params(), List.of(layer.layer()), Map.of("fc", TinyDense.tap(x, og)), 5));
  }
}
