package io.apo4j.api.schedule;

import io.apo4j.api.Stable;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import java.util.List;
import java.util.Map;

/**
 * A learning-rate schedule: a factor that multiplies an optimizer's base learning rate at each
 * step. Any optimizer accepts it under its {@code schedule} key:
 * <pre>
 * schedule: {type: step, step-size: 100, gamma: 0.1, warmup-steps: 20}
 * schedule: {type: cosine, total-steps: 1000, min-factor: 0.0}
 * </pre>
 * Linear warm-up (as PyTorch's {@code LinearLR} from {@code warmup-start} to 1) multiplies any type.
 */
@Stable
@FunctionalInterface
public interface Schedule {
  /** The factor at 0-based step {@code step}. */
  double factor(long step);

  /** The schedule that keeps the learning rate fixed. */
  static Schedule constant() {
    return step -> 1.0;
  }

  /** The keys of a schedule section. */
  static ConfigSpec spec(String owner) {
    return ConfigSpec.builder(owner + " schedule")
        .choice("type", "constant", "shape of the schedule", List.of("constant", "step", "cosine"))
        .integer("step-size", 1L, "step: multiply by gamma every step-size steps", 1, Long.MAX_VALUE)
        .decimal("gamma", 0.1, "step: decay factor", 0, 1)
        .integer("total-steps", 1L, "cosine: steps from factor 1 to min-factor", 1, Long.MAX_VALUE)
        .decimal("min-factor", 0.0, "cosine: final factor", 0, 1)
        .integer("warmup-steps", 0L, "linear warm-up steps (0 = none)", 0, Long.MAX_VALUE)
        .decimal("warmup-start", 1.0 / 3.0, "warm-up: factor at step 0 (PyTorch LinearLR default)", 0, 1)
        .build();
  }

  /** Builds a schedule from a {@code schedule} section; an empty map is {@link #constant()}. */
  static Schedule parse(String owner, Map<String, ?> section) {
    Config c = spec(owner).bind(section);
    Schedule base = switch (c.text("type")) {
      case "step" -> {
        long size = c.integer("step-size");
        double gamma = c.decimal("gamma");
        yield step -> Math.pow(gamma, Math.floorDiv(step, size));
      }
      case "cosine" -> {
        long total = c.integer("total-steps");
        double min = c.decimal("min-factor");
        yield step -> min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, total) / total));
      }
      default -> constant();
    };
    long warmup = c.integer("warmup-steps");
    if (warmup == 0) {
      return base;
    }
    double start = c.decimal("warmup-start");
    return step -> base.factor(step) * (step >= warmup ? 1.0 : start + (1 - start) * step / warmup);
  }
}
