package io.apo4j.sgd;

import static io.apo4j.sgd.OptimizerTestSupport.create;
import static io.apo4j.sgd.OptimizerTestSupport.step;
import static io.apo4j.sgd.OptimizerTestSupport.w;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.Optimizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Checkpoint names are the contract: restore names what is missing, unexpected or misshapen. */
class StateRestoreTest {
  private final TensorMap params = TensorMap.of(Map.of("fc.weight", Nd4j.ones(DataType.DOUBLE, 2, 3)));

  private StateDict savedAdam() {
    Optimizer adam = create(new AdamProvider(), Map.of());
    var grads = TensorMap.of(Map.of("fc.weight", Nd4j.ones(DataType.DOUBLE, 2, 3)));
    return adam.update(grads, adam.init(params, List.of()), new io.apo4j.testkit.optim.QuadraticStepContext(0, params,
        Double.NaN)).state().toStateDict();
  }

  @Test
  void stateDictKeysFollowTorchBufferNamesAndCountSteps() {
    StateDict saved = savedAdam();
    assertEquals(List.of("exp-avg/fc.weight", "exp-avg-sq/fc.weight"), List.copyOf(saved.tensors().names()));
    assertEquals(Map.of("step", 1.0), saved.scalars());
  }

  @Test
  void restoreNamesTheMissingParameterBuffer() {
    StateDict saved = savedAdam();
    TensorMap bigger = params.with("fc.bias", Nd4j.zeros(DataType.DOUBLE, 2));
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> create(new AdamProvider(), Map.of()).restore(saved, bigger, List.of()));
    assertEquals("optimizer 'adam': state tensors do not match; missing [exp-avg-sq/fc.bias, exp-avg/fc.bias],"
        + " unexpected []; expected 4 names, found 2", e.getMessage());
  }

  @Test
  void restoreRefusesAStateOfAnotherConfiguration() {
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> create(new AdamProvider(), Map.of("amsgrad", true)).restore(savedAdam(), params, List.of()));
    assertEquals("optimizer 'adam': state tensors do not match; missing [max-exp-avg-sq/fc.weight], unexpected [];"
        + " expected 3 names, found 2", e.getMessage());
  }

  @Test
  void restoreNamesAMisshapenBuffer() {
    StateDict saved = savedAdam();
    TensorMap other = TensorMap.of(Map.of("fc.weight", Nd4j.ones(DataType.DOUBLE, 3, 2)));
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> create(new AdamProvider(), Map.of()).restore(saved, other, List.of()));
    assertEquals("optimizer 'adam': state tensor 'exp-avg/fc.weight' does not fit parameter 'fc.weight';"
        + " expected shape [3, 2], found [2, 3]", e.getMessage());
  }

  @Test
  void restoreNeedsTheStepCounter() {
    StateDict saved = savedAdam();
    StateDict noStep = new StateDict(saved.tensors(), Map.of());
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> create(new AdamProvider(), Map.of()).restore(noStep, params, List.of()));
    assertEquals("optimizer 'adam': state scalar 'step' is missing or invalid; expected a non-negative whole number,"
        + " found null", e.getMessage());
  }

  @Test
  void updateRefusesTheStateOfAnotherOptimizer() {
    Optimizer sgd = create(new SgdProvider(), Map.of("momentum", 0.9));
    Optimizer rms = create(new RmsPropProvider(), Map.of());
    var wParams = w(1, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> step(sgd, wParams, rms.init(wParams, List.of()), 0, 1, 1));
    assertEquals("optimizer 'sgd': state of the wrong optimizer; expected SgdState (from init or restore of this"
        + " optimizer), found io.apo4j.sgd.RmsPropState", e.getMessage());
  }
}
