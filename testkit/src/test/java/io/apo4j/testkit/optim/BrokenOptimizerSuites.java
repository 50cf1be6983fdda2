package io.apo4j.testkit.optim;

import io.apo4j.api.optim.OptimizerProvider;
import java.util.List;

/** Contract runs over deliberately broken optimizers (run by {@link OptimizerContractCatchesBugsTest}). */
final class BrokenOptimizerSuites {
  private BrokenOptimizerSuites() {}

  static class MutatesGradients extends OptimizerContract {
    @Override
    protected OptimizerProvider provider() {
      return new GradientDescent.Provider(GradientDescent.Bug.MUTATES_GRADIENTS);
    }
  }

  static class ForgetsStateOnRestore extends OptimizerContract {
    @Override
    protected OptimizerProvider provider() {
      return new GradientDescent.Provider(GradientDescent.Bug.FORGETS_STATE_ON_RESTORE);
    }
  }

  static class AcceptsNegativeLr extends OptimizerContract {
    @Override
    protected OptimizerProvider provider() {
      return new GradientDescent.Provider(GradientDescent.Bug.ACCEPTS_NEGATIVE_LR);
    }

    @Override
    protected List<InvalidConfig> invalidConfigs() {
      return List.of(InvalidConfig.of("lr", -1, "optimizer 'test-gd': key 'lr' is out of range"));
    }
  }

  static class CrawlsWithTinyLr extends OptimizerContract {
    @Override
    protected OptimizerProvider provider() {
      return new GradientDescent.Provider(GradientDescent.Bug.NONE);
    }

    @Override
    protected java.util.Map<String, Object> config() {
      return java.util.Map.of("lr", 1e-4);
    }
  }
}
