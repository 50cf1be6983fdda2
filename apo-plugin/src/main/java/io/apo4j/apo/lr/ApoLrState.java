package io.apo4j.apo.lr;

import io.apo4j.apo.meta.MetaState;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.OptimizerState;
import java.util.Map;

/**
 * APO-LR's state.
 *
 * @param step index of the next update; {@code step mod k} decides the meta-steps, so a resumed run
 *     stays in phase
 * @param logEtaScale phi: per group, psi = log(eta / base learning rate), one-element float64 tensors
 * @param meta the meta-optimizer's state
 * @param base the base optimizer's committed state
 */
public record ApoLrState(long step, TensorMap logEtaScale, MetaState meta, OptimizerState base)
    implements OptimizerState {

  /**
   * Names: scalar {@code step}; {@code phi/<group>}; the meta-optimizer under {@code meta/}; the
   * base optimizer under {@code base/}.
   */
  @Override
  public StateDict toStateDict() {
    StateDict own = new StateDict(logEtaScale.withPrefix("phi/"), Map.of("step", (double) step));
    return own.merge(meta.toStateDict().prefixed("meta/")).merge(base.toStateDict().prefixed("base/"));
  }
}
