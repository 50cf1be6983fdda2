package io.apo4j.sgd;

import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.schedule.Schedule;

/** Validation shared by the providers and optimizers of this plugin. */
final class Checks {
  private Checks() {}

  /** The value of {@code key}, which must lie in [0, 1) (ConfigSpec bounds are inclusive). */
  static double belowOne(Config c, String key) {
    double v = c.decimal(key);
    if (v >= 1) {
      throw new ConfigException(c.owner() + ": key '" + key + "' is out of range; expected a number in [0, 1), found " + v);
    }
    return v;
  }

  /** The base learning rate and the {@code schedule} section. */
  static LearningRate learningRate(Config c) {
    return new LearningRate(c.decimal("lr"), Schedule.parse(c.owner(), c.section("schedule")));
  }

  /** {@code state} as this optimizer's state type; anything else is a wiring mistake worth naming. */
  static <S extends OptimizerState> S state(String owner, OptimizerState state, Class<S> type) {
    if (!type.isInstance(state)) {
      throw new IllegalArgumentException(owner + ": state of the wrong optimizer; expected " + type.getSimpleName()
          + " (from init or restore of this optimizer), found " + (state == null ? "null" : state.getClass().getName()));
    }
    return type.cast(state);
  }
}
