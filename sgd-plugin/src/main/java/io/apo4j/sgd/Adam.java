package io.apo4j.sgd;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.kernels.Arith;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.Direction;
import io.apo4j.api.optim.DirectionalOptimizer;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.StepContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adam exactly as {@code torch.optim.Adam} and, with decoupled decay, {@code torch.optim.AdamW}
 * (1.13). Per parameter p with gradient g at update t (1-based), lr_t = lr * schedule(t - 1):
 * <pre>
 * g     = g + wd * p                                   (adam only, if wd != 0)
 * m_t   = beta1 * m_{t-1} + (1 - beta1) * g
 * v_t   = beta2 * v_{t-1} + (1 - beta2) * g * g
 * vmax  = amsgrad ? max(vmax_{t-1}, v_t) : v_t
 * denom = sqrt(vmax) / sqrt(1 - beta2^t) + eps
 * d     = m_t / (1 - beta1^t) / denom  (+ wd * p for adamw)
 * p     = p - lr_t * d
 * </pre>
 * For adamw, {@code -lr_t * (wd * p)} is PyTorch's {@code p *= 1 - lr_t * wd} before the Adam step,
 * so {@code -lr_t * d} is the whole update.
 */
final class Adam implements DirectionalOptimizer {
  private final String owner;
  private final AdamConfig config;

  Adam(String owner, AdamConfig config) {
    this.owner = owner;
    this.config = config;
  }

  @Override
  public OptimizerState init(TensorMap params, List<KroneckerLayer> layers) {
    return new AdamState(0, params.zerosLike(), params.zerosLike(),
        config.amsgrad() ? params.zerosLike() : TensorMap.empty());
  }

  @Override
  public Direction direction(TensorMap grads, OptimizerState state, StepContext ctx) {
    AdamState s = Checks.state(owner, state, AdamState.class);
    long t = s.step() + 1;
    double b1 = config.beta1();
    double b2 = config.beta2();
    double wd = config.weightDecay();
    double biasCorrection1 = 1 - Math.pow(b1, t);
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
    TensorMap.Builder directions = TensorMap.builder();
    TensorMap.Builder m = TensorMap.builder();
    TensorMap.Builder v = TensorMap.builder();
    TensorMap.Builder vmax = TensorMap.builder();
    boolean l2 = wd != 0 && config.decay() == WeightDecayMode.L2;
    boolean decoupled = wd != 0 && config.decay() == WeightDecayMode.DECOUPLED;
    for (String name : grads.names()) {
      // one pass per parameter, rounded exactly as the formula above written as ND4J ops
      Arith.AdamArrays a = Arith.adam(grads.get(name), ctx.params().get(name), s.expAvg().get(name),
          s.expAvgSq().get(name), config.amsgrad() ? s.maxExpAvgSq().get(name) : null, b1, b2, biasCorrection1,
          biasCorrection2Sqrt, config.eps(), l2 ? wd : 0, decoupled ? wd : 0);
      directions.put(name, a.direction());
      m.put(name, a.m());
      v.put(name, a.v());
      if (config.amsgrad()) {
        vmax.put(name, a.vmax());
      }
    }
    AdamState next = new AdamState(t, m.build(), v.build(), vmax.build());
    return new Direction(directions.build(), next, config.lr().at(s.step()));
  }

  @Override
  public OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers) {
    long step = StateTensors.step(owner, saved);
    Set<String> names = new LinkedHashSet<>(List.of(AdamState.EXP_AVG, AdamState.EXP_AVG_SQ));
    if (config.amsgrad()) {
      names.add(AdamState.MAX_EXP_AVG_SQ);
    }
    Map<String, TensorMap> groups = StateTensors.restore(owner, saved, names, params);
    return new AdamState(step, groups.get(AdamState.EXP_AVG), groups.get(AdamState.EXP_AVG_SQ),
        groups.getOrDefault(AdamState.MAX_EXP_AVG_SQ, TensorMap.empty()));
  }

  @Override
  public String toString() {
    return owner + config;
  }
}
