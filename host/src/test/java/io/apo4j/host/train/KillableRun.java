package io.apo4j.host.train;

import io.apo4j.host.runconfig.ConfigTree;
import io.apo4j.host.runconfig.RunConfigParser;
import io.apo4j.host.testutil.DenseReluImporter;
import java.nio.file.Path;

/**
 * A training process for {@link CheckpointKillTest} to kill: {@code start CONFIG} or
 * {@code resume RUNDIR}, with the providers of the test path and the dense test network.
 */
public final class KillableRun {
  private KillableRun() {}

  public static void main(String[] args) throws Exception {
    var registry = DenseReluImporter.registry();
    if (args[0].equals("start")) {
      TrainingSession.start(RunConfigParser.parse(ConfigTree.read(Path.of(args[1])), null), registry, RunFixtures.QUIET);
    } else {
      TrainingSession.resume(Path.of(args[1]), registry, RunFixtures.QUIET);
    }
  }
}
