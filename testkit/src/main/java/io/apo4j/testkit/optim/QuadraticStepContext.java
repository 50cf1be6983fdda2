package io.apo4j.testkit.optim;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.LayerStatistics;
import io.apo4j.api.optim.Lookahead;
import io.apo4j.api.optim.StepContext;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The step context of a {@link QuadraticProblem}: step, parameters and loss, and no capabilities.
 * The objective has no data, so {@link #batch()} is a placeholder with one example and no inputs;
 * asking for a capability fails with a message naming it.
 */
@Stable
public final class QuadraticStepContext implements StepContext {
  private final long step;
  private final TensorMap params;
  private final DoubleSupplier loss;

  /** The context at {@code params} of {@code problem}; the loss is evaluated only if asked for. */
  public QuadraticStepContext(long step, TensorMap params, QuadraticProblem problem) {
    this(step, params, () -> problem.loss(params));
  }

  /** A context for parameters of any objective, whose loss at {@code params} is {@code loss}. */
  public QuadraticStepContext(long step, TensorMap params, double loss) {
    this(step, params, () -> loss);
  }

  private QuadraticStepContext(long step, TensorMap params, DoubleSupplier loss) {
    this.step = step;
    this.params = params;
    this.loss = loss;
  }

  @Override
  public long step() {
    return step;
  }

  @Override
  public TensorMap params() {
    return params;
  }

  @Override
  public Batch batch() {
    return new Batch(Map.of(), Nd4j.zeros(DataType.FLOAT, 1), new long[] {0});
  }

  @Override
  public double loss() {
    return loss.getAsDouble();
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  @Override
  public LayerStatistics layerStatistics() {
    throw notOffered(Capability.LAYER_STATISTICS);
  }

  @Override
  public LayerStatistics sampledFisherStatistics(long seed) {
    throw notOffered(Capability.SAMPLED_FISHER);
  }

  @Override
  public Lookahead lookahead() {
    throw notOffered(Capability.LOOKAHEAD);
  }

  private static Apo4jException notOffered(Capability capability) {
    return new Apo4jException("quadratic step context: capability " + capability + " is not offered; expected an"
        + " optimizer that needs none of " + Set.of(Capability.values()) + ", or a StepContextFactory that offers it");
  }
}
