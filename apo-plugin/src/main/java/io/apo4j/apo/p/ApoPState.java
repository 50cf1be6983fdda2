package io.apo4j.apo.p;

import io.apo4j.apo.meta.MetaState;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.OptimizerState;
import java.util.List;
import java.util.Map;

/**
 * APO-P's state.
 *
 * @param step index of the next update ({@code step mod k} decides the meta-steps)
 * @param layers the Kronecker layers APO-P preconditions (structure, not saved)
 * @param phi per layer {@code <layer>/A}, {@code /B}, {@code /S}
 * @param meta the meta-optimizer's state for phi
 * @param logEtaScale with adapt-lr, {@code log-eta-scale} = log(eta / lr); empty otherwise
 * @param lrMeta the meta-optimizer's state for the learning rate (unused without adapt-lr)
 * @param velocity momentum buffer per parameter; empty without momentum
 */
record ApoPState(long step, List<KroneckerLayer> layers, TensorMap phi, MetaState meta, TensorMap logEtaScale,
    MetaState lrMeta, TensorMap velocity) implements OptimizerState {
  ApoPState {
    layers = List.copyOf(layers);
  }

  /**
   * Names: scalar {@code step}; {@code phi/<layer>/A|B|S}, {@code phi/log-eta-scale}; meta-optimizers
   * under {@code meta/} and {@code lr-meta/}; {@code velocity/<param>}.
   */
  @Override
  public StateDict toStateDict() {
    TensorMap tensors = TensorMap.builder().putAll(phi.withPrefix("phi/")).putAll(logEtaScale.withPrefix("phi/"))
        .putAll(velocity.withPrefix("velocity/")).build();
    return new StateDict(tensors, Map.of("step", (double) step)).merge(meta.toStateDict().prefixed("meta/"))
        .merge(lrMeta.toStateDict().prefixed("lr-meta/"));
  }
}
