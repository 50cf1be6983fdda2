package io.apo4j.host.train;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.runtime.TrainState;
import io.apo4j.host.checkpoint.Checkpoint;
import io.apo4j.host.checkpoint.CheckpointFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves a training state with everything needed to continue it exactly (parameters, buffers,
 * optimizer state, step, the second-batch stream's position, seed), and restores it with every
 * name checked against the model and the config.
 */
final class StateCheckpoints {
  private StateCheckpoints() {}

  static void save(PreparedRun run, TrainState state, Path file) throws IOException {
    Checkpoint c = Checkpoint.of(state.params(), state.buffers(), state.optimizer().toStateDict(),
        Map.of("step", (double) state.step(), "second-batch-position", (double) run.independent().position(),
            "seed", (double) run.config().seed()),
        Map.of("optimizer", run.config().optimizerId(), "model-sha256", run.modelSha256(), "loss", run.config().loss()));
    CheckpointFile.write(c, file);
  }

  /** The state in {@code file}; also moves the second-batch stream to where it was. */
  static TrainState restore(PreparedRun run, Path file) {
    Checkpoint c = CheckpointFile.read(file);
    expect(file, "optimizer", run.config().optimizerId(), c.text("optimizer"));
    expect(file, "model-sha256", run.modelSha256(), c.text("model-sha256"));
    expect(file, "loss", run.config().loss(), c.text("loss"));
    if ((long) c.run("seed") != run.config().seed()) {
      throw new Apo4jException(file + ": checkpoint was written with seed " + (long) c.run("seed")
          + "; expected the config's seed " + run.config().seed());
    }
    TensorMap params = run.model().parameters();
    Checkpoint.requireSameLayout("parameters", params, c.params());
    Checkpoint.requireSameLayout("buffers", run.model().buffers(), c.buffers());
    OptimizerState optimizer = run.optimizer().restore(c.optimizer(), c.params(), run.model().kroneckerLayers());
    run.independent().seek((long) c.run("second-batch-position"));
    return new TrainState((long) c.run("step"), c.params(), c.buffers(), optimizer);
  }

  private static void expect(Path file, String key, String expected, String found) {
    if (!expected.equals(found)) {
      throw new Apo4jException(file + ": checkpoint " + key + " is '" + found + "'; expected '" + expected
          + "' as in the run's config");
    }
  }
}
