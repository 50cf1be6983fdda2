package io.apo4j.kfac;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.api.kernels.Elementwise;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.Direction;
import io.apo4j.api.optim.DirectionalOptimizer;
import io.apo4j.api.optim.LayerStatistics;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import io.apo4j.api.optim.StepContext;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * K-FAC (apo4j spec section 6): per Kronecker layer, the gradient's m x n' matrix view is
 * preconditioned by running Kronecker factors, all preconditioned layers are scaled together by
 * the KL clip, weight decay is added, and SGD momentum follows. Other parameters take the plain
 * SGD-momentum step. The direction is the new momentum buffer; the update is {@code -lr * direction}.
 */
final class KfacOptimizer implements DirectionalOptimizer {
  private final KfacConfig config;
  private final CurvatureTracker tracker;
  private final Workspace workspace = new Workspace();

  KfacOptimizer(KfacConfig config) {
    this.config = config;
    this.tracker = new CurvatureTracker(config);
  }

  KfacConfig config() {
    return config;
  }

  /** The taps of the step's own pass (empirical Fisher), or of the extra sampled-label pass. */
  @Override
  public Set<Capability> requiredCapabilities() {
    return config.fisherType() == FisherType.SAMPLED ? EnumSet.of(Capability.SAMPLED_FISHER)
        : EnumSet.of(Capability.LAYER_STATISTICS);
  }

  @Override
  public OptimizerState init(TensorMap params, List<KroneckerLayer> layers) {
    requireLayerParams(params, layers);
    return new KfacState(0, 0, params.zerosLike(), layers, tracker.initial(layers, damping(0)));
  }

  @Override
  public OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers) {
    requireLayerParams(params, layers);
    return KfacStateCodec.restore(saved, params, layers, config);
  }

  @Override
  public Direction direction(TensorMap grads, OptimizerState state, StepContext ctx) {
    Computed c = compute(grads, state, ctx, false);
    return new Direction(c.direction(), c.next(), c.learningRate());
  }

  @Override
  public Step update(TensorMap grads, OptimizerState state, StepContext ctx) {
    Computed c = compute(grads, state, ctx, true);
    return new Step(c.update(), c.next(), c.learningRate(), c.metrics());
  }

  private record Computed(TensorMap direction, TensorMap update, KfacState next, double learningRate,
      Map<String, Double> metrics) {}

  /** The step; {@code withUpdate} also computes {@code -lr * direction} in the same pass. */
  private synchronized Computed compute(TensorMap grads, OptimizerState raw, StepContext ctx, boolean withUpdate) {
    KfacState state = KfacStateCodec.cast(raw);
    long step = state.step();
    double lr = config.lr() * config.lrSchedule().factor(step);
    double damping = damping(step);
    Map<String, LayerCurvature> curvature = state.curvature();
    long draws = state.fisherDraws();
    int failures = 0;
    // the step's own taps (empirical Fisher): the factors' statistics on factor steps, and at every
    // step the factors of the gradient itself (TapFactors); a sampled-label run records none
    LayerStatistics taps = config.fisherType() == FisherType.EMPIRICAL && !state.layers().isEmpty()
        && ctx.capabilities().contains(Capability.LAYER_STATISTICS) ? ctx.layerStatistics() : null;
    if (!state.layers().isEmpty() && step % config.factorUpdateInterval() == 0) {
      LayerStatistics stats = taps != null ? taps : statistics(ctx, draws);
      draws += config.fisherType() == FisherType.SAMPLED ? 1 : 0;
      curvature = tracker.updateFactors(curvature, state.layers(), stats);
    }
    if (!state.layers().isEmpty() && step % config.inverseUpdateInterval() == 0) {
      CurvatureTracker.Refreshed r = tracker.decompose(curvature, damping);
      curvature = r.curvature();
      failures = r.failures();
    }
    Preconditioned pre = Preconditioned.of(grads, state.layers(), curvature, damping, config.precision(), workspace,
        taps);
    double scale = klScale(pre.gradientDotProduct(), lr);
    TensorMap params = ctx.params();
    TensorMap.Builder direction = TensorMap.builder();
    TensorMap.Builder update = TensorMap.builder();
    for (Map.Entry<String, INDArray> e : state.momentum()) {
      String name = e.getKey();
      INDArray v = e.getValue();
      boolean preconditioned = pre.contains(name);
      INDArray next = ArrayPool.uninitialized(v.dataType(), v.shape());
      INDArray change = withUpdate ? ArrayPool.uninitialized(v.dataType(), v.shape()) : null;
      Elementwise.heavyBall(v, config.momentum(), preconditioned ? pre.get(name) : grads.get(name),
          preconditioned ? scale : 1, params.get(name), config.weightDecay(), next, lr, change);
      direction.put(name, next);
      if (withUpdate) {
        update.put(name, change);
      }
    }
    TensorMap v = direction.build();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("kfac/kl-scale", scale);
    metrics.put("kfac/damping", damping);
    metrics.put("kfac/decomposition-failures", (double) failures);
    return new Computed(v, withUpdate ? update.build() : null, new KfacState(step + 1, draws, v, state.layers(), curvature), lr, metrics);
  }

  /** min(1, sqrt(kappa / (lr^2 sum_l <P(g_l), g_l>))), or 1 when the clip is off or undefined. */
  double klScale(double gradientDotProduct, double lr) {
    if (!config.klClip() || !(gradientDotProduct > 0) || lr == 0) {
      return 1.0;
    }
    double scale = Math.sqrt(config.klClipKappa() / (lr * lr * gradientDotProduct));
    return Double.isFinite(scale) ? Math.min(1.0, scale) : 1.0;
  }

  private LayerStatistics statistics(StepContext ctx, long draws) {
    if (config.fisherType() == FisherType.SAMPLED) {
      return ctx.sampledFisherStatistics(drawSeed(config.seed(), draws));
    }
    return ctx.layerStatistics();
  }

  /** The seed of label draw number {@code draw}: a SplitMix64 stream keyed by the configured seed. */
  static long drawSeed(long seed, long draw) {
    return new SplittableRandom(seed + draw * 0x9E3779B97F4A7C15L).nextLong();
  }

  private double damping(long step) {
    return config.damping() * config.dampingSchedule().factor(step);
  }

  private static void requireLayerParams(TensorMap params, List<KroneckerLayer> layers) {
    for (KroneckerLayer layer : layers) {
      for (String p : layer.hasBias() ? List.of(layer.weight(), layer.bias()) : List.of(layer.weight())) {
        if (!params.contains(p)) {
          throw new Apo4jException(KfacConfig.OWNER + ": layer '" + layer.name() + "' names parameter '" + p
              + "', which is not trainable; expected one of " + params.names());
        }
      }
    }
  }
}
