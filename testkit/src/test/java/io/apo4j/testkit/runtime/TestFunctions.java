package io.apo4j.testkit.runtime;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.loss.TargetKind;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import io.apo4j.api.optim.StepContext;
import io.apo4j.testkit.model.TinyNet.Activation;
import io.apo4j.testkit.model.TinyNet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Small, exact loss, discrepancy and optimizer for the runtime tests. */
final class TestFunctions {
  private TestFunctions() {}

  /**
   * The runtime tests' model: y = W2 relu(W1 xc + b1) + b2 on 6 inputs, 5 hidden units, 3 logits,
   * float64; with {@code centred}, xc = x - batch mean in TRAIN mode (a batch-statistics op with a
   * running-mean buffer) and x - running mean in EVAL mode.
   */
  static TinyNet tinyMlp(boolean centred) {
    var b = TinyNet.builder("tiny-mlp", DataType.DOUBLE, 1).input(6);
    if (centred) {
      b.centred();
    }
    return b.dense("fc1", 5, Activation.RELU).dense("fc2", 3, Activation.NONE).build();
  }

  /** Cross-entropy on logits with class-index targets, mean over the batch. */
  static Loss crossEntropy() {
    return new Loss() {
      @Override
      public LossValue evaluate(INDArray logits, INDArray targets) {
        INDArray p = Transforms.softmax(logits, true);
        long n = logits.size(0);
        INDArray onehot = Nd4j.zeros(logits.dataType(), logits.shape());
        double sum = 0;
        for (int i = 0; i < n; i++) {
          int c = targets.getInt(i);
          onehot.putScalar(i, c, 1.0);
          sum -= Math.log(p.getDouble(i, c));
        }
        return new LossValue(sum / n, p.sub(onehot).divi(n));
      }

      @Override
      public TargetKind targetKind() {
        return TargetKind.CLASS_INDEX;
      }
    };
  }

  /** 0.5 * ||y_new - y_old||^2 per example, mean over the batch. */
  static Discrepancy squaredError() {
    return (newOutputs, oldOutputs) -> {
      INDArray diff = newOutputs.sub(oldOutputs);
      long n = newOutputs.size(0);
      return new DiscrepancyValue(0.5 * diff.mul(diff).sumNumber().doubleValue() / n, diff.divi(n));
    };
  }

  /** A random classification batch of {@code n} examples. */
  static Batch batch(int n, int inputs, int classes, DataType type, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(type, n, inputs);
    INDArray y = Nd4j.create(type, n);
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, r.nextInt(classes));
    }
    long[] idx = new long[n];
    return new Batch(Map.of("input", x), y, idx);
  }

  record NoState() implements OptimizerState {
    @Override
    public StateDict toStateDict() {
      return StateDict.empty();
    }
  }

  /** Plain gradient descent that lets a test look at the context before it steps. */
  static Optimizer sgd(double lr, Set<Capability> needs, Consumer<StepContext> probe) {
    return new Optimizer() {
      @Override
      public Set<Capability> requiredCapabilities() {
        return needs;
      }

      @Override
      public OptimizerState init(TensorMap params, List<KroneckerLayer> layers) {
        return new NoState();
      }

      @Override
      public Step update(TensorMap grads, OptimizerState state, StepContext ctx) {
        probe.accept(ctx);
        return new Step(grads.map((n, g) -> g.mul(-lr)), state, lr, Map.of());
      }

      @Override
      public OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers) {
        return new NoState();
      }
    };
  }
}
