package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.StateDict;

/**
 * An optimizer's explicit state (momentum buffers, step counters, factors). Implementations are
 * immutable records: {@link Optimizer#update} returns a new state and never changes the old one.
 */
@Stable
public interface OptimizerState {
  /**
   * Everything needed to resume, by name: the arrays the state holds, not copies (the training
   * loop frees arrays of finished steps that no live state names; see
   * {@code TrainingStep.releaseSpent}).
   */
  StateDict toStateDict();
}
