package io.apo4j.sgd;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.kernels.Arith;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.Direction;
import io.apo4j.api.optim.DirectionalOptimizer;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.StepContext;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent exactly as {@code torch.optim.SGD} (1.13), per parameter p with
 * gradient g at update t (1-based), learning rate lr_t = lr * schedule(t - 1):
 * <pre>
 * g   = g + weight_decay * p                      (if weight_decay != 0)
 * b_1 = g                                          (first update: no dampening)
 * b_t = momentum * b_{t-1} + (1 - dampening) * g   (t > 1)
 * d   = nesterov ? g + momentum * b_t : b_t        (d = g without momentum)
 * p   = p - lr_t * d
 * </pre>
 * The direction reported to APO is d; the arrays it returns may be shared with the next state and
 * must not be written into.
 */
final class Sgd implements DirectionalOptimizer {
  private final String owner;
  private final SgdConfig config;

  Sgd(String owner, SgdConfig config) {
    this.owner = owner;
    this.config = config;
  }

  @Override
  public OptimizerState init(TensorMap params, List<KroneckerLayer> layers) {
    return new SgdState(0, config.momentum() != 0 ? params.zerosLike() : TensorMap.empty());
  }

  @Override
  public Direction direction(TensorMap grads, OptimizerState state, StepContext ctx) {
    SgdState s = Checks.state(owner, state, SgdState.class);
    double mu = config.momentum();
    TensorMap.Builder directions = TensorMap.builder();
    TensorMap.Builder buffers = TensorMap.builder();
    for (String name : grads.names()) {
      INDArray d = grads.get(name);
      if (config.weightDecay() != 0) {
        d = Arith.combine(d, 1, ctx.params().get(name), config.weightDecay());
      }
      if (mu != 0) {
        INDArray buffer = s.step() == 0 ? d.dup()
            : Arith.combine(s.momentumBuffer().get(name), mu, d, 1 - config.dampening());
        buffers.put(name, buffer);
        d = config.nesterov() ? Arith.combine(d, 1, buffer, mu) : buffer;
      }
      directions.put(name, d);
    }
    SgdState next = new SgdState(s.step() + 1, mu != 0 ? buffers.build() : TensorMap.empty());
    return new Direction(directions.build(), next, config.lr().at(s.step()));
  }

  @Override
  public OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers) {
    long step = StateTensors.step(owner, saved);
    boolean momentum = config.momentum() != 0;
    var groups = StateTensors.restore(owner, saved, momentum ? Set.of(SgdState.MOMENTUM_BUFFER) : Set.of(), params);
    return new SgdState(step, momentum ? groups.get(SgdState.MOMENTUM_BUFFER) : TensorMap.empty());
  }

  @Override
  public String toString() {
    return owner + config;
  }
}
