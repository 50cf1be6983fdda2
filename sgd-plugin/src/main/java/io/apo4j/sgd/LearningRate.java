package io.apo4j.sgd;

import io.apo4j.api.schedule.Schedule;

/**
 * A base learning rate and the schedule that scales it: {@code lr_t = base * schedule.factor(t)},
 * where t is the number of updates already taken (kept in each optimizer's state).
 */
record LearningRate(double base, Schedule schedule) {
  double at(long step) {
    return base * schedule.factor(step);
  }
}
