package io.apo4j.host.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.apo4j.api.Apo4jException;
import io.apo4j.api.runtime.TrainState;
import io.apo4j.host.registry.PluginRegistry;
import io.apo4j.host.report.MetricsCsv;
import io.apo4j.host.report.MetricsLog;
import io.apo4j.host.report.Plots;
import io.apo4j.host.runconfig.ConfigTree;
import io.apo4j.host.runconfig.RunConfig;
import io.apo4j.host.runconfig.RunConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts a new run or resumes one from its run directory. */
public final class TrainingSession {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainingSession() {}

  /** Trains {@code cfg} from step 0 into {@code cfg.out()} (files of an earlier run there are replaced). */
  public static RunResult start(RunConfig cfg, PluginRegistry registry, Console console) throws IOException {
    try (PreparedRun run = RunSetup.prepare(cfg, registry)) {
      RunDirectory dir = new RunDirectory(cfg.out());
      Files.createDirectories(dir.root());
      Files.deleteIfExists(dir.checkpoint());
      Files.writeString(dir.config(), ConfigTree.toYaml(cfg.resolved()));
      Files.writeString(dir.provenance(), JSON.writeValueAsString(run.provenance()));
      console.info("apo: training " + run.model().name() + " with " + cfg.optimizerId() + " for " + run.steps()
          + " steps; run directory " + dir.root());
      try (MetricsLog metrics = MetricsLog.create(dir.metrics()); MetricsLog evals = MetricsLog.create(dir.evals())) {
        return trainAndFinish(run, dir, run.step().initialState(), metrics, evals, console);
      }
    }
  }

  /** Continues the run in {@code runDir} from its checkpoint, with its recorded config. */
  public static RunResult resume(Path runDir, PluginRegistry registry, Console console) throws IOException {
    RunDirectory dir = new RunDirectory(runDir.toAbsolutePath().normalize());
    if (!Files.isRegularFile(dir.config())) {
      throw new Apo4jException(runDir + ": not a run directory; expected " + dir.config().getFileName()
          + " written by 'apo train'");
    }
    if (!Files.isRegularFile(dir.checkpoint())) {
      throw new Apo4jException(runDir + ": no checkpoint to resume from; expected " + dir.checkpoint().getFileName()
          + " (the run stopped before its first checkpoint: start it again with 'apo train')");
    }
    RunConfig cfg = RunConfigParser.parse(ConfigTree.read(dir.config()), dir.root());
    removeStaleTemporaries(dir);
    try (PreparedRun run = RunSetup.prepare(cfg, registry)) {
      TrainState state = StateCheckpoints.restore(run, dir.checkpoint());
      console.info("apo: resuming " + run.model().name() + " with " + cfg.optimizerId() + " at step " + state.step()
          + " of " + run.steps() + "; run directory " + dir.root());
      try (MetricsLog metrics = MetricsLog.resumeAt(dir.metrics(), state.step());
           MetricsLog evals = MetricsLog.resumeAt(dir.evals(), state.step())) {
        return trainAndFinish(run, dir, state, metrics, evals, console);
      }
    }
  }

  /** Temporary checkpoint files of killed processes (the checkpoint itself is never torn). */
  private static void removeStaleTemporaries(RunDirectory dir) throws IOException {
    String prefix = "." + dir.checkpoint().getFileName() + ".tmp-";
    try (var files = Files.list(dir.root())) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  private static RunResult trainAndFinish(PreparedRun run, RunDirectory dir, TrainState state, MetricsLog metrics,
      MetricsLog evals, Console console) throws IOException {
    Trainer trainer = new Trainer(run, dir, console);
    StepTimes times = new StepTimes();
    TrainState last;
    try {
      last = trainer.train(state, metrics, evals, times);
    } catch (Apo4jException e) {
      // keep what the run got to: the table and plots of the steps before the failure
      MetricsCsv.write(metrics.records(), dir.metricsCsv());
      Files.createDirectories(dir.plots());
      Plots.write(metrics.records(), evals.records(), dir.plots(), run.model().name() + " / "
          + run.config().optimizerId());
      throw e;
    }
    return RunFinisher.finish(run, dir, trainer, last, metrics, evals, times, console);
  }
}
