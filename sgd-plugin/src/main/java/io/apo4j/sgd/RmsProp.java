package io.apo4j.sgd;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.Direction;
import io.apo4j.api.optim.DirectionalOptimizer;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.StepContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSprop exactly as {@code torch.optim.RMSprop} (1.13). Per parameter p with gradient g at update
 * t (1-based), lr_t = lr * schedule(t - 1); every buffer starts at zero:
 * <pre>
 * g    = g + weight_decay * p                     (if weight_decay != 0)
 * s_t  = alpha * s_{t-1} + (1 - alpha) * g * g
 * a_t  = alpha * a_{t-1} + (1 - alpha) * g        (centered only)
 * avg  = sqrt(s_t - a_t * a_t) + eps              (centered; else sqrt(s_t) + eps: eps outside the root)
 * b_t  = momentum * b_{t-1} + g / avg             (if momentum > 0)
 * d    = momentum > 0 ? b_t : g / avg
 * p    = p - lr_t * d
 * </pre>
 */
final class RmsProp implements DirectionalOptimizer {
  private final String owner;
  private final RmsPropConfig config;

  RmsProp(String owner, RmsPropConfig config) {
    this.owner = owner;
    this.config = config;
  }

  @Override
  public OptimizerState init(TensorMap params, List<KroneckerLayer> layers) {
    return new RmsPropState(0, params.zerosLike(), config.centered() ? params.zerosLike() : TensorMap.empty(),
        config.momentum() > 0 ? params.zerosLike() : TensorMap.empty());
  }

  @Override
  public Direction direction(TensorMap grads, OptimizerState state, StepContext ctx) {
    RmsPropState s = Checks.state(owner, state, RmsPropState.class);
    double alpha = config.alpha();
    TensorMap.Builder directions = TensorMap.builder();
    TensorMap.Builder squares = TensorMap.builder();
    TensorMap.Builder means = TensorMap.builder();
    TensorMap.Builder buffers = TensorMap.builder();
    for (String name : grads.names()) {
      INDArray g = grads.get(name);
      if (config.weightDecay() != 0) {
        g = g.add(ctx.params().get(name).mul(config.weightDecay()));
      }
      INDArray square = s.squareAvg().get(name).mul(alpha).addi(g.mul(g).muli(1 - alpha));
      squares.put(name, square);
      INDArray avg;
      if (config.centered()) {
        INDArray mean = s.gradAvg().get(name).mul(alpha).addi(g.mul(1 - alpha));
        means.put(name, mean);
        avg = Transforms.sqrt(square.sub(mean.mul(mean)), false);
      } else {
        avg = Transforms.sqrt(square, true);
      }
      INDArray d = g.div(avg.addi(config.eps()));
      if (config.momentum() > 0) {
        d = s.momentumBuffer().get(name).mul(config.momentum()).addi(d);
        buffers.put(name, d);
      }
      directions.put(name, d);
    }
    RmsPropState next = new RmsPropState(s.step() + 1, squares.build(), means.build(), buffers.build());
    return new Direction(directions.build(), next, config.lr().at(s.step()));
  }

  @Override
  public OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers) {
    long step = StateTensors.step(owner, saved);
    Set<String> names = new LinkedHashSet<>(List.of(RmsPropState.SQUARE_AVG));
    if (config.centered()) {
      names.add(RmsPropState.GRAD_AVG);
    }
    if (config.momentum() > 0) {
      names.add(RmsPropState.MOMENTUM_BUFFER);
    }
    Map<String, TensorMap> groups = StateTensors.restore(owner, saved, names, params);
    return new RmsPropState(step, groups.get(RmsPropState.SQUARE_AVG),
        groups.getOrDefault(RmsPropState.GRAD_AVG, TensorMap.empty()),
        groups.getOrDefault(RmsPropState.MOMENTUM_BUFFER, TensorMap.empty()));
  }

  @Override
  public String toString() {
    return owner + config;
  }
}
