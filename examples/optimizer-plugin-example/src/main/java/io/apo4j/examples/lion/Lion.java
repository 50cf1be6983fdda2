package io.apo4j.examples.lion;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.Direction;
import io.apo4j.api.optim.DirectionalOptimizer;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.StepContext;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Lion (Chen et al. 2023), per parameter p with gradient g, lr_t = lr * schedule(t):
 * <pre>
 * c = beta1 * m + (1 - beta1) * g
 * d = sign(c) + weight_decay * p        (the direction)
 * p = p - lr_t * d
 * m = beta2 * m + (1 - beta2) * g
 * </pre>
 * A {@link DirectionalOptimizer}: {@link #direction} reports d and the next state without
 * committing anything, so APO-LR can wrap Lion and learn its learning rate
 * ({@code optimizer: {id: apo-lr, base: {id: lion, lr: 1e-4}}}).
 */
final class Lion implements DirectionalOptimizer {
  private final LionConfig config;

  Lion(LionConfig config) {
    this.config = config;
  }

  /**
   * Lion needs nothing beyond the gradient. An optimizer that needs more declares it here, e.g.
   * {@code Set.of(Capability.LAYER_STATISTICS)} for KFAC-like factors: the host then refuses to
   * start a run that cannot offer it, instead of failing at the first step.
   */
  @Override
  public Set<Capability> requiredCapabilities() {
    return Set.of();
  }

  @Override
  public OptimizerState init(TensorMap params, List<KroneckerLayer> layers) {
    return new LionState(0, params.zerosLike());
  }

  @Override
  public Direction direction(TensorMap grads, OptimizerState state, StepContext ctx) {
    LionState s = lionState(state);
    TensorMap.Builder directions = TensorMap.builder();
    TensorMap.Builder momentum = TensorMap.builder();
    for (String name : grads.names()) {
      INDArray g = grads.get(name);
      INDArray m = s.momentum().get(name);
      INDArray d = Transforms.sign(m.mul(config.beta1()).addi(g.mul(1 - config.beta1())), false);
      if (config.weightDecay() != 0) {
        d.addi(ctx.params().get(name).mul(config.weightDecay()));
      }
      directions.put(name, d);
      momentum.put(name, m.mul(config.beta2()).addi(g.mul(1 - config.beta2())));
    }
    return new Direction(directions.build(), new LionState(s.step() + 1, momentum.build()), config.lrAt(s.step()));
  }

  @Override
  public OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers) {
    Double step = saved.scalars().get(LionState.STEP);
    if (step == null || step < 0 || step != Math.rint(step)) {
      throw new Apo4jException(LionProvider.OWNER + ": state scalar '" + LionState.STEP
          + "' is missing or invalid; expected a non-negative whole number, found " + step);
    }
    Set<String> expected = new LinkedHashSet<>();
    params.names().forEach(name -> expected.add(LionState.MOMENTUM + name));
    saved.requireTensorNames(LionProvider.OWNER, expected);
    TensorMap momentum = params.map((name, p) -> {
      INDArray m = saved.tensors().get(LionState.MOMENTUM + name);
      if (!Arrays.equals(m.shape(), p.shape())) {
        throw new Apo4jException(LionProvider.OWNER + ": state tensor '" + LionState.MOMENTUM + name
            + "' does not fit its parameter; expected shape " + Arrays.toString(p.shape()) + ", found "
            + Arrays.toString(m.shape()));
      }
      return m.castTo(p.dataType()).dup('c');
    });
    return new LionState(step.longValue(), momentum);
  }

  private static LionState lionState(OptimizerState state) {
    if (state instanceof LionState s) {
      return s;
    }
    throw new Apo4jException(LionProvider.OWNER + ": state of another optimizer; expected LionState, found "
        + (state == null ? "null" : state.getClass().getName()));
  }

  @Override
  public String toString() {
    return LionProvider.OWNER + config;
  }
}
