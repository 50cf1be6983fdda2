package io.apo4j.kfac;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.OptimizerState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything K-FAC carries between steps. Checkpoint names: scalars {@code step} and
 * {@code fisher-draws}; tensors {@code momentum/<param>} and {@code curvature/<layer>/<piece>}
 * with pieces {@code A}, {@code G} and the preconditioner's ({@code QA dA QG dG} or
 * {@code Ainv Ginv}).
 *
 * @param step updates committed so far (drives intervals and schedules)
 * @param fisherDraws sampled-Fisher label draws so far (the position of the label RNG)
 * @param momentum per parameter, the momentum buffer v
 * @param layers the Kronecker layers, in model order (not saved: the host passes them on restore)
 * @param curvature per layer name, factors and decomposition
 */
record KfacState(long step, long fisherDraws, TensorMap momentum, List<KroneckerLayer> layers,
    Map<String, LayerCurvature> curvature) implements OptimizerState {
  static final String MOMENTUM = "momentum/";
  static final String CURVATURE = "curvature/";

  KfacState {
    layers = List.copyOf(layers);
    curvature = Collections.unmodifiableMap(new LinkedHashMap<>(curvature));
  }

  @Override
  public StateDict toStateDict() {
    TensorMap.Builder tensors = TensorMap.builder().putAll(momentum.withPrefix(MOMENTUM));
    curvature.forEach((layer, c) -> {
      tensors.put(CURVATURE + layer + "/A", c.a());
      tensors.put(CURVATURE + layer + "/G", c.g());
      c.preconditioner().tensors().forEach((piece, t) -> tensors.put(CURVATURE + layer + "/" + piece, t));
    });
    Map<String, Double> scalars = new LinkedHashMap<>();
    scalars.put("step", (double) step);
    scalars.put("fisher-draws", (double) fisherDraws);
    return new StateDict(tensors.build(), scalars);
  }
}
