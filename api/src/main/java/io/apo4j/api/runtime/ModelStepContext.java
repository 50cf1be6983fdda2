package io.apo4j.api.runtime;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Experimental;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.LayerStatistics;
import io.apo4j.api.optim.Lookahead;
import io.apo4j.api.optim.StepContext;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The step context of one training step over a {@link TrainableModel}: the batch, the parameters
 * before the update, and the capabilities an optimizer may use.
 *
 * <ul>
 *   <li>{@link Capability#LAYER_STATISTICS}: offered when the step's single backward pass recorded
 *       layer taps; read from them, no extra pass.</li>
 *   <li>{@link Capability#SAMPLED_FISHER}: one extra backward pass through the step's forward
 *       pass, with targets drawn by a {@link TargetSampler} (categorical over softmax(output) for
 *       class-index losses, Gaussian around the output for value losses unless the host passes
 *       another sampler) from a {@code SplittableRandom} seeded by the caller. The model must
 *       allow more than one backward pass over one {@link ForwardPass}.</li>
 *   <li>{@link Capability#LOOKAHEAD}: offered when a {@link BatchSource} for B' is given; see
 *       {@link ModelLookahead} for its costs and modes.</li>
 * </ul>
 * Every extra pass is counted in {@link #extraPasses()}.
 */
@Experimental
public final class ModelStepContext implements StepContext {
  private final TrainableModel model;
  private final Loss loss;
  private final long step;
  private final TensorMap params;
  private final TensorMap buffers;
  private final Batch batch;
  private final ForwardPass pass;
  private final Gradients gradients;
  private final double lossValue;
  private final BatchSource independent;
  private final TargetSampler sampler;
  private final long lookaheadSeed;
  private final PassCounter counter = new PassCounter();
  private final Set<Capability> capabilities;
  private Lookahead lookahead;

  private ModelStepContext(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.loss = Objects.requireNonNull(b.loss, "loss");
    this.step = b.step;
    this.params = Objects.requireNonNull(b.params, "params");
    this.buffers = Objects.requireNonNull(b.buffers, "buffers");
    this.batch = Objects.requireNonNull(b.batch, "batch");
    this.pass = Objects.requireNonNull(b.pass, "forward pass");
    this.gradients = Objects.requireNonNull(b.gradients, "gradients");
    this.lossValue = b.lossValue;
    this.independent = b.independent;
    this.sampler = b.sampler != null ? b.sampler : TargetSampler.defaultFor(loss.targetKind());
    this.lookaheadSeed = b.lookaheadSeed;
    EnumSet<Capability> offered = EnumSet.of(Capability.SAMPLED_FISHER);
    if (!gradients.taps().isEmpty() || model.kroneckerLayers().isEmpty()) {
      offered.add(Capability.LAYER_STATISTICS);
    }
    if (independent != null) {
      offered.add(Capability.LOOKAHEAD);
    }
    this.capabilities = Set.copyOf(offered);
  }

  /** A builder for the context of a step of {@code model} trained with {@code loss}. */
  public static Builder builder(TrainableModel model, Loss loss) {
    return new Builder(model, loss);
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
    return batch;
  }

  @Override
  public double loss() {
    return lossValue;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public LayerStatistics layerStatistics() {
    require(Capability.LAYER_STATISTICS, "run the step's backward pass with LAYER_TAPS");
    return new TapStatistics(model.kroneckerLayers(), gradients.taps(), batch.size());
  }

  @Override
  public LayerStatistics sampledFisherStatistics(long seed) {
    require(Capability.SAMPLED_FISHER, "");
    LossValue sampled = loss.evaluate(pass.output(), sampler.sample(pass.output(), new SplittableRandom(seed)));
    Gradients g = model.backward(pass, sampled.gradient(), EnumSet.of(BackwardOption.LAYER_TAPS));
    counter.backward();
    return new TapStatistics(model.kroneckerLayers(), g.taps(), batch.size());
  }

  @Override
  public Lookahead lookahead() {
    require(Capability.LOOKAHEAD, "give the step a BatchSource for the second batch B'");
    if (lookahead == null) {
      lookahead = new ModelLookahead(model, loss, buffers, independent, lookaheadSeed, counter);
    }
    return lookahead;
  }

  /** Forward and backward passes run through this context beyond the step's own. */
  public PassCounter extraPasses() {
    return counter;
  }

  private void require(Capability capability, String hint) {
    if (!capabilities.contains(capability)) {
      throw new Apo4jException("step " + step + ": capability " + capability
          + " is not offered by this step context; offered " + new java.util.TreeSet<>(capabilities)
          + (hint.isEmpty() ? "" : ". To offer it, " + hint));
    }
  }

  /** Collects the parts of a step context. */
  public static final class Builder {
    private final TrainableModel model;
    private final Loss loss;
    private long step;
    private TensorMap params;
    private TensorMap buffers = TensorMap.empty();
    private Batch batch;
    private ForwardPass pass;
    private Gradients gradients;
    private double lossValue = Double.NaN;
    private BatchSource independent;
    private TargetSampler sampler;
    private long lookaheadSeed;

    private Builder(TrainableModel model, Loss loss) {
      this.model = model;
      this.loss = loss;
    }

    public Builder step(long value) {
      step = value;
      return this;
    }

    /** The parameters and committed buffers the step's forward pass ran with. */
    public Builder state(TensorMap parameters, TensorMap bufferValues) {
      params = parameters;
      buffers = bufferValues;
      return this;
    }

    /** The step's batch, its forward and backward pass and the loss value. */
    public Builder pass(Batch stepBatch, ForwardPass forward, Gradients backward, double lossOfBatch) {
      batch = stepBatch;
      pass = forward;
      gradients = backward;
      lossValue = lossOfBatch;
      return this;
    }

    /** Offers LOOKAHEAD, drawing B' from {@code source}; its passes use dropout seed {@code seed}. */
    public Builder lookahead(BatchSource source, long seed) {
      independent = source;
      lookaheadSeed = seed;
      return this;
    }

    /** The target distribution of the sampled Fisher (default: {@link TargetSampler#defaultFor}). */
    public Builder fisherSampler(TargetSampler value) {
      sampler = value;
      return this;
    }

    public ModelStepContext build() {
      return new ModelStepContext(this);
    }
  }
}
