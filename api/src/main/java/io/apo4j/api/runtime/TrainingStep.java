package io.apo4j.api.runtime;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Experimental;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.kernels.Arith;
import io.apo4j.api.kernels.Fused;
import io.apo4j.api.kernels.Release;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training step, independent of any trainer: forward in {@link Mode#TRAIN}, loss, one
 * backward pass (with layer taps when the optimizer asks for layer statistics), the optimizer's
 * update through a {@link ModelStepContext}, {@code params + updates}, and the buffers the forward
 * pass returned committed. The host's training loop and the plugins' tests share it.
 *
 * <p>Capabilities are checked once, in the constructor, so a missing one fails before step 0. A
 * NaN or infinite loss or gradient throws {@link DivergenceException} before anything is applied.
 */
@Experimental
public final class TrainingStep {
  private final TrainableModel model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final StepOptions options;
  private final Set<BackwardOption> backwardOptions;

  public TrainingStep(TrainableModel model, Loss loss, Optimizer optimizer, StepOptions options) {
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
    this.options = options;
    Set<Capability> required = optimizer.requiredCapabilities();
    EnumSet<Capability> offered = EnumSet.of(Capability.LAYER_STATISTICS, Capability.SAMPLED_FISHER);
    if (options.lookaheadSource() != null) {
      offered.add(Capability.LOOKAHEAD);
    }
    for (Capability c : required) {
      if (!offered.contains(c)) {
        throw new Apo4jException("optimizer '" + options.optimizerName() + "': needs capability " + c
            + ", which this run does not offer; offered " + new TreeSet<>(offered)
            + (c == Capability.LOOKAHEAD ? ". Give the run a source for the second batch B'" : ""));
      }
    }
    boolean taps = required.contains(Capability.LAYER_STATISTICS)
        || optimizer.usefulCapabilities().contains(Capability.LAYER_STATISTICS);
    this.backwardOptions = taps ? EnumSet.of(BackwardOption.LAYER_TAPS) : EnumSet.noneOf(BackwardOption.class);
  }

  /** Step 0: the model's initial parameters and buffers and a fresh optimizer state. */
  public TrainState initialState() {
    TensorMap params = model.parameters();
    return new TrainState(0, params, model.buffers(), optimizer.init(params, model.kroneckerLayers()));
  }

  /** Runs step {@code state.step()} on {@code batch}. */
  public StepOutcome run(TrainState state, Batch batch) {
    long t = state.step();
    ForwardPass pass = model.forward(state.params(), state.buffers(), batch.inputs(), Mode.TRAIN,
        options.dropoutSeed(t));
    LossValue lossValue = loss.evaluate(pass.output(), batch.targets());
    requireFinite(t, "loss", lossValue.value());
    Gradients gradients = model.backward(pass, lossValue.gradient(), backwardOptions);
    double norm = globalNorm(gradients.parameters());
    requireFinite(t, "gradient norm", norm);
    ModelStepContext.Builder context = ModelStepContext.builder(model, loss).step(t)
        .state(state.params(), state.buffers())
        .pass(batch, pass, gradients, lossValue.value())
        .fisherSampler(options.fisherSampler());
    if (options.lookaheadSource() != null) {
      context.lookahead(options.lookaheadSource(), options.lookaheadSeed(t));
    }
    ModelStepContext ctx = context.build();
    Step step = optimizer.update(gradients.parameters(), state.optimizer(), ctx);
    TensorMap params = apply(options.optimizerName(), t, state.params(), step.updates());
    TensorMap buffers = state.buffers().isEmpty() ? state.buffers() : pass.updatedBuffers();
    pass.release(); // everything the step needed from the pass has been read
    return new StepOutcome(new TrainState(t + 1, params, buffers, step.state()), lossValue.value(), norm,
        gradients.parameters(), step, ctx.extraPasses().forwards(), ctx.extraPasses().backwards());
  }

  /**
   * Frees the memory a finished step leaves behind, now instead of at some later garbage
   * collection: {@code previous}'s parameters, buffers and optimizer-state tensors, and the
   * gradients and updates of {@code outcome}, except every array whose memory
   * {@code outcome.next()} still uses (its parameters, buffers and
   * {@link OptimizerState#toStateDict()} tensors). Call it only when nothing else holds those
   * arrays: the host's training loop does, a test that compares old states must not.
   */
  public static void releaseSpent(TrainState previous, StepOutcome outcome) {
    TrainState next = outcome.next();
    List<INDArray> keep = new ArrayList<>();
    next.params().forEach(e -> keep.add(e.getValue()));
    next.buffers().forEach(e -> keep.add(e.getValue()));
    next.optimizer().toStateDict().tensors().forEach(e -> keep.add(e.getValue()));
    List<INDArray> spent = new ArrayList<>();
    previous.params().forEach(e -> spent.add(e.getValue()));
    previous.buffers().forEach(e -> spent.add(e.getValue()));
    previous.optimizer().toStateDict().tensors().forEach(e -> spent.add(e.getValue()));
    outcome.gradients().forEach(e -> spent.add(e.getValue()));
    outcome.step().updates().forEach(e -> spent.add(e.getValue()));
    Release.unshared(spent, keep);
  }

  /** {@code params + updates}, as new arrays; every parameter needs exactly one update. */
  public static TensorMap apply(String optimizerName, long step, TensorMap params, TensorMap updates) {
    if (!updates.names().equals(params.names())) {
      Set<String> missing = new TreeSet<>(params.names());
      missing.removeAll(updates.names());
      Set<String> extra = new TreeSet<>(updates.names());
      extra.removeAll(params.names());
      throw new Apo4jException("optimizer '" + optimizerName + "', step " + step
          + ": updates do not match the parameters; missing " + missing + ", unexpected " + extra);
    }
    return params.map((name, p) -> Arith.sum(p, updates.get(name)));
  }

  /** The L2 norm over every tensor of {@code tensors}, summed in double. */
  public static double globalNorm(TensorMap tensors) {
    double sum = 0;
    for (var e : tensors) {
      sum += Fused.sumOfSquares(e.getValue());
    }
    return Math.sqrt(sum);
  }

  private void requireFinite(long step, String what, double value) {
    if (!Double.isFinite(value)) {
      throw new DivergenceException(step, "step " + step + ": training diverged with optimizer '"
          + options.optimizerName() + "': " + what + " is " + value + "; expected a finite number."
          + " Lower the learning rate or check the data");
    }
  }
}
