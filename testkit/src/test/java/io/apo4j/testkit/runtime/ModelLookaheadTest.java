package io.apo4j.testkit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Mode;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.Lookahead;
import io.apo4j.api.optim.ProximalGradient;
import io.apo4j.api.runtime.BatchSource;
import io.apo4j.api.runtime.ModelLookahead;
import io.apo4j.api.runtime.PassCounter;
import io.apo4j.api.runtime.StepOptions;
import io.apo4j.api.runtime.StepOutcome;
import io.apo4j.api.runtime.TrainingStep;
import io.apo4j.testkit.model.TinyNet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelLookaheadTest {
  private static final double LAMBDA = 0.7;
  private final Loss loss = TestFunctions.crossEntropy();
  private final Discrepancy fsd = TestFunctions.squaredError();
  private final Batch b = TestFunctions.batch(8, 6, 3, DataType.DOUBLE, 2);
  private final Batch bPrime = TestFunctions.batch(5, 6, 3, DataType.DOUBLE, 3);

  /** theta' = theta + small perturbation, as after a candidate step. */
  private static TensorMap candidate(TensorMap params) {
    return params.map((n, p) -> p.add(p.mul(0.05).addi(0.01)));
  }

  /** J_B + lambda D computed with separate passes, as the reference. */
  private TensorMap reference(TinyNet model, TensorMap params, TensorMap buffers, INDArray old) {
    ForwardPass onB = model.forward(params, buffers, b.inputs(), Mode.TRAIN, 0);
    TensorMap gl = model.backward(onB, loss.evaluate(onB.output(), b.targets()).gradient(), Set.of()).parameters();
    ForwardPass onF = model.forward(params, buffers, bPrime.inputs(), Mode.TRAIN, 0);
    INDArray dGrad = fsd.evaluate(onF.output(), old).gradient().mul(LAMBDA);
    TensorMap gd = model.backward(onF, dGrad, Set.of()).parameters();
    return gl.map((n, g) -> g.add(gd.get(n)));
  }

  private ModelLookahead lookahead(TinyNet model, TensorMap buffers, PassCounter counter) {
    return new ModelLookahead(model, loss, buffers, BatchSource.cycling(List.of(bPrime)), 9, counter);
  }

  @Test
  void proximalGradientTakesOneForwardAndOneBackwardOnTheJoinedBatch() {
    TinyNet model = TestFunctions.tinyMlp(false);
    PassCounter counter = new PassCounter();
    ModelLookahead la = lookahead(model, model.buffers(), counter);
    TensorMap theta = model.parameters();
    INDArray old = la.outputs(theta, bPrime);
    TensorMap thetaPrime = candidate(theta);
    int forwards = model.forwardCalls();
    ProximalGradient pg = la.proximalGradient(thetaPrime, b, bPrime, old, fsd, LAMBDA);
    assertEquals(forwards + 1, model.forwardCalls());
    assertEquals(2, counter.forwards());
    assertEquals(1, counter.backwards());

    TensorMap expected = reference(model, thetaPrime, model.buffers(), old);
    expected.forEach(e -> assertEquals(0,
        e.getValue().sub(pg.gradient().get(e.getKey())).amaxNumber().doubleValue(), 1e-14, e.getKey()));
    assertTrue(pg.discrepancy() > 0);
  }

  @Test
  void proximalGradientMatchesFiniteDifferences() {
    TinyNet model = TestFunctions.tinyMlp(false);
    ModelLookahead la = lookahead(model, model.buffers(), new PassCounter());
    TensorMap theta = model.parameters();
    INDArray old = la.outputs(theta, bPrime);
    TensorMap thetaPrime = candidate(theta);
    ProximalGradient pg = la.proximalGradient(thetaPrime, b, bPrime, old, fsd, LAMBDA);
    double h = 1e-6;
    for (String name : thetaPrime.names()) {
      INDArray p = thetaPrime.get(name);
      for (int i = 0; i < p.length(); i += 3) {
        double v = p.getDouble(i);
        p.putScalar(i, v + h);
        double plus = objective(la, thetaPrime, old);
        p.putScalar(i, v - h);
        double minus = objective(la, thetaPrime, old);
        p.putScalar(i, v);
        assertEquals((plus - minus) / (2 * h), pg.gradient().get(name).getDouble(i), 1e-7, name + "[" + i + "]");
      }
    }
  }

  private double objective(ModelLookahead la, TensorMap params, INDArray old) {
    ProximalGradient pg = la.proximalGradient(params, b, bPrime, old, fsd, LAMBDA);
    return pg.loss() + LAMBDA * pg.discrepancy();
  }

  @Test
  void withBatchStatisticsTheBatchesTakeSeparatePassesAndBuffersStay() {
    TinyNet model = TestFunctions.tinyMlp(true);
    TensorMap buffers = model.buffers().map((n, v) -> v.add(0.3));
    TensorMap buffersBefore = buffers.deepCopy();
    PassCounter counter = new PassCounter();
    ModelLookahead la = lookahead(model, buffers, counter);
    TensorMap theta = model.parameters();
    TensorMap thetaBefore = theta.deepCopy();
    INDArray old = la.outputs(theta, bPrime);
    ProximalGradient pg = la.proximalGradient(candidate(theta), b, bPrime, old, fsd, LAMBDA);
    assertEquals(3, counter.forwards());
    assertEquals(2, counter.backwards());
    TensorMap expected = reference(model, candidate(theta), buffers, old);
    expected.forEach(e -> assertEquals(0,
        e.getValue().sub(pg.gradient().get(e.getKey())).amaxNumber().doubleValue(), 1e-14, e.getKey()));
    buffersBefore.forEach(e -> assertEquals(e.getValue(), buffers.get(e.getKey())));
    thetaBefore.forEach(e -> assertEquals(e.getValue(), theta.get(e.getKey())));
  }

  @Test
  void independentBatchComesFromTheGivenSource() {
    TinyNet model = TestFunctions.tinyMlp(false);
    ModelLookahead la = lookahead(model, model.buffers(), new PassCounter());
    assertSame(bPrime, la.independentBatch());
    assertSame(bPrime, la.independentBatch());
  }

  @Test
  void oldOutputsOfAnotherBatchAreRejected() {
    TinyNet model = TestFunctions.tinyMlp(false);
    ModelLookahead la = lookahead(model, model.buffers(), new PassCounter());
    INDArray wrong = la.outputs(model.parameters(), b);
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> la.proximalGradient(model.parameters(), b, bPrime, wrong, fsd, LAMBDA));
    assertTrue(e.getMessage().startsWith("look-ahead: old outputs do not fit the batch B'; expected shape [5, 3], found [8, 3]"),
        e.getMessage());
  }

  @Test
  void aTrainingStepOffersLookaheadWhenGivenASourceAndCountsItsPasses() {
    TinyNet model = TestFunctions.tinyMlp(false);
    var optimizer = TestFunctions.sgd(0.1, Set.of(Capability.LOOKAHEAD, Capability.LAYER_STATISTICS), ctx -> {
      Lookahead la = ctx.lookahead();
      Batch other = la.independentBatch();
      INDArray old = la.outputs(ctx.params(), other);
      la.proximalGradient(candidate(ctx.params()), ctx.batch(), other, old, fsd, LAMBDA);
      assertEquals(2, ctx.layerStatistics().layers().size());
    });
    TrainingStep step = new TrainingStep(model, loss, optimizer,
        StepOptions.of("apo-lr", 1).withLookahead(BatchSource.cycling(List.of(bPrime))));
    StepOutcome o = step.run(step.initialState(), b);
    assertEquals(2, o.extraForwards());
    assertEquals(1, o.extraBackwards());
  }
}
