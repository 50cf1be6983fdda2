package io.apo4j.api.runtime;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Experimental;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Lookahead;
import io.apo4j.api.optim.ProximalGradient;
import java.util.Arrays;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Look-ahead evaluations over a {@link TrainableModel}, free of side effects on the run.
 *
 * <p>Every pass runs in {@link Mode#TRAIN}, the mode of the training loss J_B, with the step's
 * committed buffers; the buffers a pass would leave are discarded, so BatchNorm running statistics
 * never change. All passes of one context use the same dropout seed, so f(B'; theta) and
 * f(B'; theta') differ only through the weights.
 *
 * <p>{@link #proximalGradient} costs one forward and one backward pass: B and B' are concatenated
 * along the batch axis, the output is split, and the output gradient is the loss gradient on the B
 * rows next to lambda times the discrepancy gradient on the B' rows (each already a mean over its
 * own rows). That is exact only when no operator mixes examples; a model with buffers has batch
 * statistics (BatchNormalization), so for it the two batches take separate passes (two forward,
 * two backward), each normalised over its own batch as in training.
 */
@Experimental
public final class ModelLookahead implements Lookahead {
  private final TrainableModel model;
  private final Loss loss;
  private final TensorMap buffers;
  private final BatchSource independent;
  private final long seed;
  private final PassCounter counter;

  /**
   * @param buffers the committed buffers of the step (read, never replaced)
   * @param independent where B' comes from
   * @param seed dropout seed of every look-ahead pass
   * @param counter receives every extra pass
   */
  public ModelLookahead(TrainableModel model, Loss loss, TensorMap buffers, BatchSource independent,
      long seed, PassCounter counter) {
    this.model = model;
    this.loss = loss;
    this.buffers = buffers;
    this.independent = independent;
    this.seed = seed;
    this.counter = counter;
  }

  @Override
  public Batch independentBatch() {
    return independent.next();
  }

  @Override
  public INDArray outputs(TensorMap params, Batch batch) {
    counter.forward();
    ForwardPass pass = forward(params, batch);
    pass.release(); // the output stays valid
    return pass.output();
  }

  @Override
  public ProximalGradient proximalGradient(TensorMap params, Batch batch, Batch fsdBatch, INDArray oldOutputs,
      Discrepancy discrepancy, double lambdaFsd) {
    return buffers.isEmpty()
        ? concatenated(params, batch, fsdBatch, oldOutputs, discrepancy, lambdaFsd)
        : separate(params, batch, fsdBatch, oldOutputs, discrepancy, lambdaFsd);
  }

  private ProximalGradient concatenated(TensorMap params, Batch batch, Batch fsdBatch, INDArray oldOutputs,
      Discrepancy discrepancy, double lambdaFsd) {
    ForwardPass pass = model.forward(params, buffers, Batches.concatInputs(batch, fsdBatch), Mode.TRAIN, seed);
    counter.forward();
    INDArray output = pass.output();
    long n = Batches.examples(batch);
    LossValue lossValue = loss.evaluate(Batches.rows(output, 0, n), batch.targets());
    DiscrepancyValue d = evaluate(discrepancy, Batches.rows(output, n, output.size(0)), oldOutputs);
    INDArray outputGradient = Nd4j.concat(0, lossValue.gradient(), d.gradient().mul(lambdaFsd));
    Gradients g = model.backward(pass, outputGradient, Set.of());
    pass.release();
    counter.backward();
    return new ProximalGradient(lossValue.value(), d.value(), g.parameters());
  }

  private ProximalGradient separate(TensorMap params, Batch batch, Batch fsdBatch, INDArray oldOutputs,
      Discrepancy discrepancy, double lambdaFsd) {
    ForwardPass onB = forward(params, batch);
    counter.forward();
    LossValue lossValue = loss.evaluate(onB.output(), batch.targets());
    TensorMap lossGradient = model.backward(onB, lossValue.gradient(), Set.of()).parameters();
    onB.release();
    counter.backward();
    ForwardPass onFsd = forward(params, fsdBatch);
    counter.forward();
    DiscrepancyValue d = evaluate(discrepancy, onFsd.output(), oldOutputs);
    TensorMap fsdGradient = model.backward(onFsd, d.gradient().mul(lambdaFsd), Set.of()).parameters();
    onFsd.release();
    counter.backward();
    TensorMap sum = lossGradient.map((name, g) -> g.add(fsdGradient.get(name)));
    return new ProximalGradient(lossValue.value(), d.value(), sum);
  }

  private ForwardPass forward(TensorMap params, Batch batch) {
    return model.forward(params, buffers, batch.inputs(), Mode.TRAIN, seed);
  }

  private static DiscrepancyValue evaluate(Discrepancy discrepancy, INDArray newOutputs, INDArray oldOutputs) {
    if (!Arrays.equals(newOutputs.shape(), oldOutputs.shape())) {
      throw new Apo4jException("look-ahead: old outputs do not fit the batch B'; expected shape "
          + Arrays.toString(newOutputs.shape()) + ", found " + Arrays.toString(oldOutputs.shape())
          + ". Pass the outputs(theta, B') of the same B'.");
    }
    return discrepancy.evaluate(newOutputs, oldOutputs);
  }
}
