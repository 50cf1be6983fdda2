package io.apo4j.testkit.optim;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.Direction;
import io.apo4j.api.optim.DirectionalOptimizer;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.PluginServices;
import io.apo4j.api.optim.StepContext;
import java.util.List;
import java.util.Map;

/**
 * A minimal real optimizer for the testkit's own tests: gradient descent with an exponential
 * moving average of the gradient (so it has state to round-trip). {@code bug} switches on one
 * deliberate defect that the contract must catch.
 */
final class GradientDescent {
  enum Bug { NONE, MUTATES_GRADIENTS, FORGETS_STATE_ON_RESTORE, ACCEPTS_NEGATIVE_LR }

  record State(long step, TensorMap average) implements OptimizerState {
    @Override
    public StateDict toStateDict() {
      return new StateDict(average.withPrefix("avg/"), Map.of("step", (double) step));
    }
  }

  static final class Provider implements OptimizerProvider {
    private final Bug bug;

    Provider(Bug bug) {
      this.bug = bug;
    }

    @Override
    public String id() {
      return "test-gd";
    }

    @Override
    public ApiVersion apiVersion() {
      return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
    }

    @Override
    public ConfigSpec configSpec() {
      double low = bug == Bug.ACCEPTS_NEGATIVE_LR ? Double.NEGATIVE_INFINITY : 0;
      return ConfigSpec.builder("optimizer 'test-gd'").decimal("lr", 0.3, "learning rate", low, 10)
          .decimal("beta", 0.5, "averaging factor", 0, 0.99).build();
    }

    @Override
    public Optimizer create(Config config, PluginServices services) {
      double lr = config.decimal("lr");
      double beta = config.decimal("beta");
      return new DirectionalOptimizer() {
        @Override
        public OptimizerState init(TensorMap params, List<KroneckerLayer> layers) {
          return new State(0, params.zerosLike());
        }

        @Override
        public Direction direction(TensorMap grads, OptimizerState state, StepContext ctx) {
          State s = (State) state;
          TensorMap avg = grads.map((name, g) -> {
            var scaled = bug == Bug.MUTATES_GRADIENTS ? g.muli(1 - beta) : g.mul(1 - beta);
            return s.average().get(name).mul(beta).addi(scaled);
          });
          return new Direction(avg, new State(s.step() + 1, avg), lr);
        }

        @Override
        public OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers) {
          saved.requireTensorNames("optimizer 'test-gd'", params.withPrefix("avg/").names());
          TensorMap avg = bug == Bug.FORGETS_STATE_ON_RESTORE ? params.zerosLike()
              : saved.tensors().withPrefixRemoved("avg/").deepCopy();
          return new State((long) saved.scalar("step"), avg);
        }
      };
    }
  }

  private GradientDescent() {}
}
