package io.apo4j.host.train;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.LossProvider;
import io.apo4j.api.loss.TargetKind;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.runtime.StepOptions;
import io.apo4j.api.runtime.TargetSampler;
import io.apo4j.api.runtime.TrainingStep;
import io.apo4j.host.data.BatchOrder;
import io.apo4j.host.data.Dataset;
import io.apo4j.host.data.DatasetLoader;
import io.apo4j.host.data.Digests;
import io.apo4j.host.data.IndependentBatches;
import io.apo4j.host.data.InputLayout;
import io.apo4j.host.data.ReplayOrder;
import io.apo4j.host.data.ShuffledOrder;
import io.apo4j.host.registry.PluginRegistry;
import io.apo4j.host.runconfig.RunConfig;
import java.io.IOException;
import java.util.Map;

/**
 * Turns a validated {@link RunConfig} into a {@link PreparedRun}: finds the plugins, imports the
 * model, loads the data, and checks that they fit together (input shape, label range, loss and
 * target kind, batch order) before step 0.
 */
final class RunSetup {
  private RunSetup() {}

  static PreparedRun prepare(RunConfig cfg, PluginRegistry registry) {
    LossProvider lossProvider = registry.lossProvider(cfg.loss());
    Loss loss = lossProvider.create(lossProvider.configSpec().bind(Map.of()));
    OptimizerProvider optimizerProvider = registry.optimizerProvider(cfg.optimizerId());
    Optimizer optimizer = optimizerProvider.create(optimizerProvider.configSpec().bind(cfg.optimizer()),
        registry.services());
    Dataset train = DatasetLoader.load("data.train", cfg.train());
    Dataset testData = cfg.test() == null ? null : DatasetLoader.load("data.test", cfg.test());
    ModelImporterProvider importer = registry.importerFor(cfg.model());
    TrainableModel model = importer.create(importer.configSpec().bind(Map.of())).load(cfg.model());
    try {
      TensorSpec input = model.inputs().get(0);
      long[] shape = InputLayout.exampleShape("data.train", train, input);
      checkTargets("data.train", train, loss, cfg.loss(), model.outputs().get(0));
      Evaluator test = null;
      if (testData != null) {
        checkTargets("data.test", testData, loss, cfg.loss(), model.outputs().get(0));
        test = new Evaluator(model, loss, testData, input.name(), InputLayout.exampleShape("data.test", testData, input));
      }
      BatchOrder order = order(cfg, train);
      long steps = cfg.totalSteps(order.stepsPerEpoch());
      if (steps > order.availableSteps()) {
        throw new ConfigException("steps: " + steps + " exceeds the batch order; expected at most "
            + order.availableSteps() + " (" + order.describe() + ")");
      }
      IndependentBatches independent = new IndependentBatches(train,
          new ShuffledOrder(train.size(), order.batchSize(), independentSeed(cfg.seed())), input.name(), shape);
      StepOptions options = StepOptions.of(cfg.optimizerId(), cfg.seed()).withLookahead(independent)
          .withFisherSampler(cfg.loss().equals("bce-with-logits") ? TargetSampler.bernoulli() : null);
      TrainingStep step = new TrainingStep(model, loss, optimizer, options);
      String sha = Digests.sha256(cfg.model());
      Map<String, Object> provenance = Provenance.of(cfg, registry, importer, train, testData, order, sha,
          independentSeed(cfg.seed()));
      return new PreparedRun(cfg, model, loss, optimizer, train, input.name(), shape, order, independent, step, test,
          steps, sha, provenance);
    } catch (RuntimeException | IOException e) {
      model.close();
      if (e instanceof IOException io) {
        throw new Apo4jException(cfg.model() + ": cannot hash the model file; " + io, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** The seed of APO's second-batch stream: derived from the run seed, distinct from the training order's. */
  static long independentSeed(long seed) {
    return seed ^ 0x2545F4914F6CDD1DL;
  }

  private static BatchOrder order(RunConfig cfg, Dataset train) {
    if (cfg.batchOrder() == null) {
      return new ShuffledOrder(train.size(), cfg.batchSize(), cfg.seed());
    }
    ReplayOrder replay = ReplayOrder.read("batch-order", cfg.batchOrder(), train.size());
    if (replay.batchSize() != cfg.batchSize()) {
      throw new ConfigException("batch-size: " + cfg.batchSize() + " does not match the batch order "
          + cfg.batchOrder().getFileName() + "; expected " + replay.batchSize() + " (its indices per step)");
    }
    return replay;
  }

  private static void checkTargets(String key, Dataset data, Loss loss, String lossId, TensorSpec output) {
    boolean wantsClasses = loss.targetKind() == TargetKind.CLASS_INDEX;
    if (wantsClasses != data.classTargets()) {
      throw new ConfigException(key + ": loss '" + lossId + "' needs " + (wantsClasses ? "class-index" : "float")
          + " targets; expected target-type: " + (wantsClasses ? "class" : "float") + ", found "
          + (data.classTargets() ? "class indices" : "float targets"));
    }
    long classes = output.shape()[output.shape().length - 1];
    if (!wantsClasses || classes <= 0) {
      return;
    }
    float[] t = data.targets();
    for (int i = 0; i < t.length; i++) {
      if (t[i] < 0 || t[i] >= classes || t[i] != Math.rint(t[i])) {
        throw new ConfigException(key + ": label " + fmt(t[i]) + " at row " + i + " is out of range; expected class "
            + "indices in [0, " + (classes - 1) + "] (model output '" + output.name() + "' has " + classes + " classes)");
      }
    }
  }

  private static String fmt(float v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v);
  }
}
