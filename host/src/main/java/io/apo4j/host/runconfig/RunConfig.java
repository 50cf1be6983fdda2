package io.apo4j.host.runconfig;

import io.apo4j.host.data.DataSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * A validated run configuration. Paths are absolute; {@link #resolved} is the same configuration
 * as a tree with every default filled in, which the run directory records and {@code resume}
 * reads back.
 *
 * @param model the model file
 * @param train training split
 * @param test test split for evaluation, or null
 * @param loss loss id
 * @param optimizer optimizer spec: {@code id} plus the optimizer's own keys
 * @param batchSize examples per step
 * @param steps number of updates, or 0 when given as epochs
 * @param epochs number of epochs, or 0 when given as steps
 * @param batchOrder a batch order to replay, or null for seeded shuffling
 * @param seed seeds shuffling, dropout and APO's second-batch stream
 * @param evalEvery evaluate on the test split every this many steps (0: only at the end)
 * @param checkpointEvery checkpoint every this many steps (0: only at the end)
 * @param out the run directory
 * @param exportOnnx whether to export the final model and evaluate it with ONNX Runtime
 * @param resolved the configuration as a tree, defaults filled in
 */
public record RunConfig(Path model, DataSpec train, DataSpec test, String loss, Map<String, Object> optimizer,
    int batchSize, long steps, long epochs, Path batchOrder, long seed, long evalEvery, long checkpointEvery, Path out,
    boolean exportOnnx, Map<String, Object> resolved) {

  /** Updates to run, given {@code stepsPerEpoch} of the training order. */
  public long totalSteps(long stepsPerEpoch) {
    return steps > 0 ? steps : epochs * stepsPerEpoch;
  }

  /** The optimizer's id. */
  public String optimizerId() {
    return String.valueOf(optimizer.get("id"));
  }
}
