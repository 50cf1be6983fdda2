package io.apo4j.sgd;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and restores the per-parameter buffers of an optimizer state by name: buffer group
 * {@code exp-avg} of parameter {@code fc1.weight} is stored as {@code exp-avg/fc1.weight}, and the
 * update counter as the scalar {@code step}.
 */
final class StateTensors {
  static final String STEP = "step";

  private StateTensors() {}

  /** A state dict holding {@code step} and every group's tensors under {@code group/name}. */
  static StateDict save(long step, Map<String, TensorMap> groups) {
    TensorMap.Builder tensors = TensorMap.builder();
    groups.forEach((group, buffers) -> tensors.putAll(buffers.withPrefix(group + "/")));
    return new StateDict(tensors.build(), Map.of(STEP, (double) step));
  }

  /** The update counter of a saved state; fails naming the optimizer when it is absent or invalid. */
  static long step(String owner, StateDict saved) {
    Double step = saved.scalars().get(STEP);
    if (step == null || step < 0 || step != Math.rint(step)) {
      throw new Apo4jException(owner + ": state scalar '" + STEP + "' is missing or invalid; expected a"
          + " non-negative whole number, found " + step);
    }
    return step.longValue();
  }

  /**
   * Checks that {@code saved} holds exactly one tensor per group and parameter, shaped like the
   * parameter, and returns each group's tensors as fresh copies in the parameters' data type.
   */
  static Map<String, TensorMap> restore(String owner, StateDict saved, Set<String> groups, TensorMap params) {
    Set<String> expected = new LinkedHashSet<>();
    for (String group : groups) {
      params.names().forEach(name -> expected.add(group + "/" + name));
    }
    saved.requireTensorNames(owner, expected);
    Map<String, TensorMap> result = new LinkedHashMap<>();
    for (String group : groups) {
      result.put(group, params.map((name, p) -> {
        INDArray buffer = saved.tensors().get(group + "/" + name);
        if (!Arrays.equals(buffer.shape(), p.shape())) {
          throw new Apo4jException(owner + ": state tensor '" + group + "/" + name + "' does not fit parameter '"
              + name + "'; expected shape " + Arrays.toString(p.shape()) + ", found " + Arrays.toString(buffer.shape()));
        }
        return buffer.castTo(p.dataType()).dup('c');
      }));
    }
    return result;
  }
}
