package io.apo4j.host.train;

import io.apo4j.api.loss.Loss;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.runtime.TrainingStep;
import io.apo4j.host.data.BatchOrder;
import io.apo4j.host.data.Dataset;
import io.apo4j.host.data.IndependentBatches;
import io.apo4j.host.runconfig.RunConfig;
import java.util.Map;

/**
 * Everything a run needs, loaded and cross-checked: model, loss, optimizer, data, batch orders.
 *
 * @param inputName the model input the features feed
 * @param inputShape per-example shape fed to it (the data's own or flattened)
 * @param test test-split evaluator, or null without a test split
 * @param steps total number of updates
 * @param provenance what produced the run (written to provenance.json)
 */
record PreparedRun(RunConfig config, TrainableModel model, Loss loss, Optimizer optimizer, Dataset train,
    String inputName, long[] inputShape, BatchOrder order, IndependentBatches independent, TrainingStep step,
    Evaluator test, long steps, String modelSha256, Map<String, Object> provenance) implements AutoCloseable {

  @Override
  public void close() {
    model.close();
  }
}
