package io.apo4j.testkit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.data.Batch;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.Mode;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.LayerStatistics;
import io.apo4j.api.runtime.ModelStepContext;
import io.apo4j.api.runtime.TargetSampler;
import io.apo4j.testkit.model.TinyNet;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class ModelStepContextTest {
  private final TinyNet model = TestFunctions.tinyMlp(false);
  private final Batch batch = TestFunctions.batch(8, 6, 3, DataType.DOUBLE, 2);

  private ModelStepContext context(Set<BackwardOption> options) {
    var params = model.parameters();
    ForwardPass pass = model.forward(params, model.buffers(), batch.inputs(), Mode.TRAIN, 0);
    var loss = TestFunctions.crossEntropy().evaluate(pass.output(), batch.targets());
    Gradients g = model.backward(pass, loss.gradient(), options);
    return ModelStepContext.builder(model, TestFunctions.crossEntropy()).step(4)
        .state(params, model.buffers()).pass(batch, pass, g, loss.value()).build();
  }

  @Test
  void layerStatisticsAreTheTapsOfTheStepsBackwardPass() {
    ModelStepContext ctx = context(EnumSet.of(BackwardOption.LAYER_TAPS));
    int backwardBefore = model.backwardCalls();
    LayerStatistics stats = ctx.layerStatistics();
    assertEquals(8, stats.batchSize());
    assertEquals(2, stats.layers().size());
    INDArray logits = model.forward(ctx.params(), model.buffers(), batch.inputs(), Mode.TRAIN, 0).output();
    INDArray expected = TestFunctions.crossEntropy().evaluate(logits, batch.targets()).gradient();
    assertEquals(0, expected.sub(stats.tap("fc2").outputGradient()).amaxNumber().doubleValue(), 1e-15);
    assertEquals(backwardBefore, model.backwardCalls());
    assertEquals(0, ctx.extraPasses().backwards());
  }

  @Test
  void withoutTapsLayerStatisticsAreNotOffered() {
    ModelStepContext ctx = context(Set.of());
    assertFalse(ctx.capabilities().contains(Capability.LAYER_STATISTICS));
    Apo4jException e = assertThrows(Apo4jException.class, ctx::layerStatistics);
    assertEquals("step 4: capability LAYER_STATISTICS is not offered by this step context; offered "
        + "[SAMPLED_FISHER]. To offer it, run the step's backward pass with LAYER_TAPS", e.getMessage());
    assertThrows(Apo4jException.class, ctx::lookahead);
  }

  @Test
  void sampledFisherBackpropagatesOneHotTargetsDrawnFromTheSoftmax() {
    ModelStepContext ctx = context(Set.of());
    LayerStatistics a = ctx.sampledFisherStatistics(11);
    assertEquals(1, ctx.extraPasses().backwards());
    assertEquals(0, ctx.extraPasses().forwards());
    INDArray logits = model.forward(ctx.params(), model.buffers(), batch.inputs(), Mode.TRAIN, 0).output();
    // softmax - N * g must be a one-hot row for each example: the gradient of CE at a sampled label
    INDArray oneHot = Transforms.softmax(logits, true).sub(a.tap("fc2").outputGradient().mul(8));
    for (int i = 0; i < 8; i++) {
      INDArray row = oneHot.getRow(i);
      assertEquals(1, row.sumNumber().doubleValue(), 1e-12);
      assertEquals(1, row.maxNumber().doubleValue(), 1e-12);
      assertEquals(0, row.minNumber().doubleValue(), 1e-12);
    }
    INDArray again = ctx.sampledFisherStatistics(11).tap("fc2").outputGradient();
    assertEquals(a.tap("fc2").outputGradient(), again);
  }

  @Test
  void sampledFisherDependsOnTheSeed() {
    ModelStepContext ctx = context(Set.of());
    boolean differs = false;
    INDArray base = ctx.sampledFisherStatistics(1).tap("fc2").outputGradient();
    for (long seed = 2; seed < 6 && !differs; seed++) {
      differs = !base.equals(ctx.sampledFisherStatistics(seed).tap("fc2").outputGradient());
    }
    assertTrue(differs);
  }

  @Test
  void categoricalSamplerFollowsTheSoftmax() {
    INDArray logits = Nd4j.create(new double[] {0.5, -1.0, 2.0}, new long[] {1, 3});
    INDArray p = Transforms.softmax(logits, true);
    int draws = 20000;
    INDArray labels = TargetSampler.categorical().sample(logits.repeat(0, draws), new SplittableRandom(3));
    assertEquals(draws, labels.length());
    int[] counts = new int[3];
    for (int i = 0; i < draws; i++) {
      counts[labels.getInt(i)]++;
    }
    for (int c = 0; c < 3; c++) {
      assertEquals(p.getDouble(0, c), counts[c] / (double) draws, 0.015, "class " + c);
    }
  }

  @Test
  void bernoulliAndGaussianSamplersKeepTheOutputShape() {
    INDArray out = Nd4j.create(new double[] {-30, 30, 0, 0}, new long[] {2, 2});
    INDArray b = TargetSampler.bernoulli().sample(out, new SplittableRandom(1));
    assertEquals(0, b.getDouble(0, 0));
    assertEquals(1, b.getDouble(0, 1));
    INDArray g = TargetSampler.gaussian().sample(out, new SplittableRandom(1));
    assertEquals(2, g.rank());
    assertNotEquals(out, g);
  }
}
