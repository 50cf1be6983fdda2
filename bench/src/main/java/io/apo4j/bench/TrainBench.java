package io.apo4j.bench;

import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.kernels.Release;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.Mode;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.runtime.BatchSource;
import io.apo4j.api.runtime.StepOptions;
import io.apo4j.api.runtime.StepOutcome;
import io.apo4j.api.runtime.TrainState;
import io.apo4j.api.runtime.TrainingStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step (forward, loss, backward, optimizer update, parameters replaced) per batch,
 * through the real path: the ONNX importer found on the module path, the optimizer plugins, and
 * the api's {@link TrainingStep}. Random data of the model's shapes: timing does not depend on it.
 */
final class TrainBench {
  /** One model to time: the file, its batch size, the loss and how to make targets. */
  record Case(String name, Path file, int batch, String loss, Targets targets, int vocabulary) {}

  /** What the loss compares the output with. */
  enum Targets { CLASSES, INPUT_FLATTENED }

  /** The optimizers timed, as plugin specs (PyTorch's hyper-parameters where PyTorch has them). */
  static final Map<String, Map<String, Object>> OPTIMIZERS = optimizers();

  private final Plugins plugins;
  private final Timing.Budget budget;
  private boolean forwardBackward = true;

  /** Times the optimizer steps only (bench/rounds.sh), not also forward+backward alone. */
  TrainBench stepsOnly() {
    forwardBackward = false;
    return this;
  }

  TrainBench(Plugins plugins, Timing.Budget budget) {
    this.plugins = plugins;
    this.budget = budget;
  }

  /** Times {@code c} with every optimizer in {@code optimizerIds}; failures are recorded, not thrown. */
  Map<String, Object> run(Case c, List<String> optimizerIds) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("file", c.file().toString());
    out.put("batch", c.batch());
    if (!Files.isRegularFile(c.file())) {
      out.put("skipped", "model file missing (the PyTorch companion exports it): " + c.file());
      return out;
    }
    ModelImporterProvider importer = plugins.importers.get("onnx");
    if (importer == null) {
      out.put("skipped", "no ONNX importer on the module path; found importers " + plugins.importers.keySet());
      return out;
    }
    try (TrainableModel model = importer.create(importer.configSpec().bind(Map.of())).load(c.file())) {
      long params = 0;
      for (var e : model.parameters()) {
        params += e.getValue().length();
      }
      out.put("parameters", params);
      Batch batch = batch(model, c, 1);
      Batch other = batch(model, c, 2);
      Loss loss = plugins.loss(c.loss());
      Map<String, Object> results = new LinkedHashMap<>();
      // A shared, untimed warm-up before the first row: without it the first optimizer timed on a model
      // (SGD) read ~15% slower than the next (LeNet, full run of session 3: SGD 16.8 ms after its own
      // warm-up, SGD momentum 14.4 ms), while the previous model's off-heap arrays were still being freed.
      System.gc();
      time(model, loss, optimizerIds.get(0), batch, other, c, true);
      for (String id : optimizerIds) {
        results.put(id, time(model, loss, id, batch, other, c, false));
      }
      out.put("optimizers", results);
      // after the training steps, so the JIT has compiled the same forward/backward code for it too
      if (forwardBackward) {
        out.put("forward_backward", timeForwardBackward(model, loss, batch, c));
      }
    } catch (RuntimeException | LinkageError e) {
      out.put("skipped", "import failed: " + e);
    }
    return out;
  }

  /** The budget of one timed configuration: half again as long for the slow convolutional models. */
  private Timing.Budget budgetFor(Case c) {
    boolean heavy = c.name().startsWith("lenet") || c.name().startsWith("resnet");
    return heavy ? budget.scaled(1.5) : budget;
  }

  /** One optimizer's step times ({@code warmUpOnly}: the warm-up alone, nothing timed or printed). */
  private Map<String, Object> time(TrainableModel model, Loss loss, String id, Batch batch, Batch other, Case c,
      boolean warmUpOnly) {
    try {
      Optimizer optimizer = plugins.optimizer(OPTIMIZERS.get(id));
      StepOptions options = StepOptions.of(id, 1).withLookahead(BatchSource.cycling(List.of(other)));
      TrainingStep step = new TrainingStep(model, loss, optimizer, options);
      TrainState[] state = {step.initialState()};
      Timing.Budget b = budgetFor(c);
      Timing t = Timing.measure(warmUpOnly ? b.warmUpOnly() : b, () -> {
        // as the host's training loop does: the finished step's arrays are freed at once
        StepOutcome outcome = step.run(state[0], batch);
        TrainingStep.releaseSpent(state[0], outcome);
        state[0] = outcome.next();
      });
      if (warmUpOnly) {
        return Map.of();
      }
      Map<String, Object> m = t.json();
      m.put("rss_mb", Rss.currentMb());
      System.out.printf("ours  %-20s %-13s %8.3f ms/step (%d steps after %d warm-up)%n", c.name(), id,
          t.medianMs(), t.runs(), t.warmup());
      return m;
    } catch (RuntimeException | LinkageError e) {
      System.out.printf("ours  %-20s %-13s failed: %s%n", c.name(), id, e);
      return Map.of("failed", String.valueOf(e));
    }
  }

  /**
   * Forward in TRAIN mode, loss and one backward pass to every parameter, without an optimizer
   * (issue #3's measure); each pass's arrays are freed at once, as the training step does.
   */
  private Map<String, Object> timeForwardBackward(TrainableModel model, Loss loss, Batch batch, Case c) {
    try {
      TensorMap params = model.parameters();
      TensorMap buffers = model.buffers();
      List<INDArray> keep = new ArrayList<>();
      params.forEach(e -> keep.add(e.getValue()));
      buffers.forEach(e -> keep.add(e.getValue()));
      Timing t = Timing.measure(budgetFor(c), () -> {
        ForwardPass pass = model.forward(params, buffers, batch.inputs(), Mode.TRAIN, 1L);
        LossValue value = loss.evaluate(pass.output(), batch.targets());
        Gradients gradients = model.backward(pass, value.gradient(), EnumSet.noneOf(BackwardOption.class));
        pass.release();
        List<INDArray> spent = new ArrayList<>();
        gradients.parameters().forEach(e -> spent.add(e.getValue()));
        spent.add(value.gradient());
        Release.unshared(spent, keep);
      });
      Map<String, Object> m = t.json();
      System.out.printf("ours  %-20s %-13s %8.3f ms/step (%d steps after %d warm-up)%n", c.name(),
          "fwd+bwd", t.medianMs(), t.runs(), t.warmup());
      return m;
    } catch (RuntimeException | LinkageError e) {
      System.out.printf("ours  %-20s %-13s failed: %s%n", c.name(), "fwd+bwd", e);
      return Map.of("failed", String.valueOf(e));
    }
  }

  private static Batch batch(TrainableModel model, Case c, long seed) {
    TensorSpec input = model.inputs().get(0);
    long[] shape = concreteShape(input, c.batch());
    Random random = new Random(seed);
    INDArray x;
    if (c.vocabulary() > 0) {
      long[] ids = new long[(int) (shape[0] * shape[1])];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = random.nextInt(c.vocabulary());
      }
      x = Nd4j.createFromArray(ids).reshape(shape);
    } else {
      x = Nd4j.rand(DataType.FLOAT, shape);
    }
    INDArray targets;
    if (c.targets() == Targets.CLASSES) {
      float[] y = new float[c.batch()];
      for (int i = 0; i < y.length; i++) {
        y[i] = random.nextInt(10);
      }
      targets = Nd4j.createFromArray(y);
    } else {
      targets = x.reshape(c.batch(), x.length() / c.batch()).dup();
    }
    long[] indices = new long[c.batch()];
    return new Batch(Map.of(input.name(), x), targets, indices);
  }

  /** The input shape with every symbolic dimension (the batch axis) set to {@code batch}. */
  private static long[] concreteShape(TensorSpec spec, int batch) {
    long[] shape = spec.shape().clone();
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) {
        shape[i] = i == 0 ? batch : 16;
      }
    }
    return shape;
  }

  private static Map<String, Map<String, Object>> optimizers() {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>();
    m.put("sgd", Map.of("id", "sgd", "lr", 0.05));
    m.put("sgd-momentum", Map.of("id", "sgd", "lr", 0.01, "momentum", 0.9));
    m.put("adam", Map.of("id", "adam", "lr", 1e-3));
    m.put("kfac", Map.of("id", "kfac", "lr", 0.01)); // default intervals (factors every step, inverses every 10)
    m.put("apo-lr", Map.of("id", "apo-lr", "base", Map.of("id", "sgd", "lr", 0.01, "momentum", 0.9)));
    m.put("apo-p", Map.of("id", "apo-p"));
    return m;
  }
}
