package io.apo4j.host.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.host.checkpoint.CheckpointFile;
import io.apo4j.host.runconfig.ConfigTree;
import io.apo4j.host.testutil.DenseReluImporter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training process with SIGKILL at random moments while it writes a large checkpoint
 * after every step, at least 20 times, resuming after each kill: the checkpoint on disk is always
 * valid, and the finished run's metrics equal those of an uninterrupted run.
 */
class CheckpointKillTest {
  private static final int KILLS = 20;
  private static final long STEPS = 60;

  @TempDir
  Path tmp;

  @Test
  void everyKillLeavesAValidCheckpointAndResumingReproducesTheRun() throws Exception {
    Path model = DenseReluImporter.write(tmp.resolve("net.dense"), 784, 256, 10, 5);
    Path baselineDir = tmp.resolve("baseline");
    TrainingSession.start(RunFixtures.config(tree(model, baselineDir)), DenseReluImporter.registry(), RunFixtures.QUIET);

    Random random = new Random(11);
    int kills = 0;
    int killsDuringWrite = 0;
    int rounds = 0;
    // A fast machine can finish a run before 20 kills landed: then the finished run is checked and
    // a fresh one is killed, until 20 kills were made in all.
    while (kills < KILLS) {
      Path runDir = tmp.resolve("killed-" + rounds++);
      Path config = tmp.resolve("run-" + rounds + ".yaml");
      Files.writeString(config, ConfigTree.toYaml(tree(model, runDir)));
      RunDirectory dir = new RunDirectory(runDir);
      long lastStep = 0;
      while (kills < KILLS) {
        Process p = launch(Files.exists(dir.checkpoint()) ? List.of("resume", runDir.toString())
            : List.of("start", config.toString()));
        waitForProgress(p, dir, lastStep);
        Thread.sleep(random.nextInt(150));
        if (!p.isAlive()) {
          break;
        }
        p.destroyForcibly().waitFor();
        kills++;
        if (Files.exists(runDir.resolve(".checkpoint.apock.tmp-" + p.pid()))) {
          killsDuringWrite++;
        }
        long step = (long) CheckpointFile.read(dir.checkpoint()).run("step");
        assertTrue(step >= lastStep, "checkpoint went back from step " + lastStep + " to " + step);
        lastStep = step;
      }
      Process last = launch(List.of("resume", runDir.toString()));
      assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the final resume did not finish");
      assertEquals(0, last.exitValue(), new String(last.getInputStream().readAllBytes()));
      assertEquals(RunFixtures.metricsWithoutTime(baselineDir.resolve("metrics.jsonl")),
          RunFixtures.metricsWithoutTime(dir.metrics()), "round " + rounds);
      assertEquals(Files.readAllLines(baselineDir.resolve("eval.jsonl")), Files.readAllLines(dir.evals()));
      assertTrue(rounds <= 10, "runs finish before they can be killed: " + kills + " kills in " + rounds + " runs");
    }
    System.out.printf("checkpoint kill test: %d kills in %d runs, %d of them during a checkpoint write%n", kills, rounds,
        killsDuringWrite);
  }

  private static Map<String, Object> tree(Path model, Path out) throws IOException {
    return ConfigTree.parse("kill", """
        model: %s
        data: fashion-mnist-subset
        optimizer: {id: sgd, lr: 0.05, momentum: 0.9}
        batch-size: 32
        steps: %d
        eval-every: 20
        checkpoint-every: 1
        export-onnx: false
        out: %s
        """.formatted(model, STEPS, out));
  }

  /** Waits until the process has checkpointed past {@code step} (or ended). */
  private static void waitForProgress(Process p, RunDirectory dir, long step) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (Files.exists(dir.checkpoint())) {
        try {
          if (CheckpointFile.read(dir.checkpoint()).run("step") > step) {
            return;
          }
        } catch (RuntimeException racingWithTheWriter) {
          // the file was replaced while it was read; look again
        }
      }
      Thread.sleep(20);
    }
  }

  private static Process launch(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-m");
    cmd.add("io.apo4j.host/" + KillableRun.class.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }
}
