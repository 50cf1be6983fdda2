package io.apo4j.host.train;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.data.Batch;
import io.apo4j.api.runtime.DivergenceException;
import io.apo4j.api.runtime.StepOutcome;
import io.apo4j.api.runtime.TrainState;
import io.apo4j.api.runtime.TrainingStep;
import io.apo4j.host.report.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training loop of one run: per step an optional test evaluation, the step, one line of
 * {@code metrics.jsonl}, and checkpoints at the configured interval. A resumed run starts from a
 * checkpoint's state and reproduces the uninterrupted run's metrics, because the batch order,
 * dropout seeds and second-batch stream are functions of the step and the saved positions.
 */
final class Trainer {
  private final PreparedRun run;
  private final RunDirectory dir;
  private final Console console;

  Trainer(PreparedRun run, RunDirectory dir, Console console) {
    this.run = run;
    this.dir = dir;
    this.console = console;
  }

  /** Trains from {@code state} to the configured number of steps; returns the final state. */
  TrainState train(TrainState state, MetricsLog metrics, MetricsLog evals, StepTimes times) throws IOException {
    long steps = run.steps();
    long evalEvery = run.config().evalEvery();
    long checkpointEvery = run.config().checkpointEvery();
    try (Progress progress = Progress.open(console.quiet(), console.err(), "train", state.step(), steps)) {
      for (long t = state.step(); t < steps; t++) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("step", t);
        record.put("epoch", run.order().epoch(t));
        if (run.test() != null && evalEvery > 0 && t % evalEvery == 0) {
          evaluate(state, t, record, evals);
        }
        Batch batch = run.train().batch(run.order().rows(t), run.inputName(), run.inputShape());
        long start = System.nanoTime();
        StepOutcome outcome = step(state, batch, metrics, evals);
        double millis = (System.nanoTime() - start) / 1e6;
        times.add(millis);
        record.put("loss", outcome.loss());
        record.put("lr", outcome.step().learningRate());
        record.put("grad-norm", outcome.gradientNorm());
        record.put("step-time-ms", millis);
        if (outcome.extraForwards() + outcome.extraBackwards() > 0) {
          record.put("extra-forwards", outcome.extraForwards());
          record.put("extra-backwards", outcome.extraBackwards());
        }
        new TreeMap<>(outcome.step().metrics()).forEach(record::putIfAbsent);
        metrics.append(record);
        TrainingStep.releaseSpent(state, outcome); // the loop holds no other reference to them
        state = outcome.next();
        progress.step(outcome.loss(), outcome.step().learningRate());
        if (checkpointEvery > 0 && state.step() % checkpointEvery == 0 && state.step() < steps) {
          checkpoint(state, metrics, evals);
        }
      }
    }
    return state;
  }

  private StepOutcome step(TrainState state, Batch batch, MetricsLog metrics, MetricsLog evals) throws IOException {
    try {
      return run.step().run(state, batch);
    } catch (DivergenceException e) {
      metrics.flush();
      evals.flush();
      String kept = Files.exists(dir.checkpoint())
          ? "the last good checkpoint is kept: " + dir.checkpoint()
          : "no checkpoint was written before it";
      throw new Apo4jException(e.getMessage() + ". The run stops; " + kept, e);
    }
  }

  void evaluate(TrainState state, long step, Map<String, Object> record, MetricsLog evals) throws IOException {
    Evaluator.Result r = run.test().evaluate(state.params(), state.buffers());
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("step", step);
    e.put("eval-loss", r.loss());
    if (run.test().classTargets()) {
      e.put("eval-accuracy", r.accuracy());
    }
    evals.append(e);
    if (record != null) {
      record.put("eval-loss", r.loss());
      if (run.test().classTargets()) {
        record.put("eval-accuracy", r.accuracy());
      }
    }
  }

  /** Flushes the logs, then replaces the checkpoint atomically. */
  void checkpoint(TrainState state, MetricsLog metrics, MetricsLog evals) throws IOException {
    metrics.flush();
    evals.flush();
    StateCheckpoints.save(run, state, dir.checkpoint());
  }
}
