package io.apo4j.examples.lion;

import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.schedule.Schedule;

/**
 * Lion's hyperparameters, read once from a validated config.
 *
 * @param lr base learning rate
 * @param schedule factor on {@code lr} at each 0-based step
 */
record LionConfig(double lr, double beta1, double beta2, double weightDecay, Schedule schedule) {
  /** Reads a bound config, checking what one key's bounds cannot: betas strictly below 1. */
  static LionConfig from(Config c) {
    return new LionConfig(c.decimal("lr"), belowOne(c, "beta1"), belowOne(c, "beta2"), c.decimal("weight-decay"),
        Schedule.parse(c.owner(), c.section("schedule")));
  }

  private static double belowOne(Config c, String key) {
    double v = c.decimal(key);
    if (v >= 1) {
      throw new ConfigException(c.owner() + ": key '" + key + "' is out of range; expected a number in [0, 1), found " + v);
    }
    return v;
  }

  double lrAt(long step) {
    return lr * schedule.factor(step);
  }
}
