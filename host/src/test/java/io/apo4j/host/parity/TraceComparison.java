package io.apo4j.host.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apo4j.api.TensorMap;
import io.apo4j.host.checkpoint.Checkpoint;
import io.apo4j.host.checkpoint.CheckpointFile;
import io.apo4j.host.cli.Main;
import io.apo4j.host.testutil.TestPlugins;
import io.apo4j.testkit.drift.Margin;
import io.apo4j.testkit.drift.TorchDrift;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a torch reference trace through {@code apo train} (the parity contract's run config) and
 * compares the run directory with it: per-step loss, final parameters and buffers, test evaluations.
 */
final class TraceComparison {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a run gave against its trace: our per-step losses, their relative errors against the trace's
   * float32 losses and the worst final tensor error.
   */
  record Outcome(double[] losses, double[] lossRel, double worstFinal, double medianStepMs, Path out) {
    /** First step whose loss differs by more than 1e-4 relative, or -1. */
    int firstOver() {
      for (int t = 0; t < lossRel.length; t++) {
        if (lossRel[t] > 1e-4) {
          return t;
        }
      }
      return -1;
    }
  }

  private TraceComparison() {}

  /**
   * Writes the run config (model, data section, loss, the trace's optimizer, batch size and batch
   * order, 200 steps, evaluation every 50) into {@code tmp}, runs {@code apo train} on it and compares.
   */
  static Outcome train(Path tmp, TorchTrace trace, Path model, String dataYaml, String loss, Path batchOrder)
      throws Exception {
    Path out = tmp.resolve("run");
    Path config = tmp.resolve("parity.yaml");
    Files.writeString(config, """
        model: %s
        data: %s
        loss: %s
        optimizer: %s
        batch-size: %d
        steps: %d
        batch-order: %s
        eval-every: 50
        out: %s
        """.formatted(model, dataYaml, loss, trace.optimizerYaml(), trace.json().get("batch_size").asInt(),
        trace.trainLoss().length, batchOrder, out));
    int code = Main.run("train", config.toString(), "--quiet", "--plugins-dir", TestPlugins.dir().toString());
    assertEquals(0, code, "apo train exit code");
    Path metrics = out.resolve("metrics.jsonl");
    double[] losses = losses(metrics);
    Outcome outcome = new Outcome(losses, relative(losses, trace.trainLoss()),
        worstFinalTensor(trace, out.resolve("checkpoint.apock")), medianStepMs(metrics), out);
    report(trace.model() + "/" + trace.optimizer(), outcome);
    return outcome;
  }

  /** The training loss of every step of a run's {@code metrics.jsonl}. */
  static double[] losses(Path metrics) throws Exception {
    List<String> lines = Files.readAllLines(metrics);
    double[] losses = new double[lines.size()];
    for (int t = 0; t < losses.length; t++) {
      JsonNode n = JSON.readTree(lines.get(t));
      assertEquals(t, n.get("step").asInt());
      losses[t] = n.get("loss").asDouble();
    }
    return losses;
  }

  /** |ours - reference| / |reference| at every step (lengths must agree). */
  static double[] relative(double[] ours, double[] reference) {
    assertEquals(reference.length, ours.length, "steps");
    double[] rel = new double[ours.length];
    for (int t = 0; t < rel.length; t++) {
      rel[t] = Math.abs(ours[t] - reference[t]) / Math.abs(reference[t]);
    }
    return rel;
  }

  /**
   * Holds a float32 run to {@link TorchDrift}'s error model: the per-step loss and the test loss of
   * every evaluation against torch's float64 rerun, the test accuracy against it in whole examples,
   * and the final parameters against the trace's float32 end state. Prints one margin line for each
   * (all of them before the first assertion, so a failing run still reports every margin).
   */
  static void assertWithinDrift(String label, Outcome o, TorchDrift drift) throws Exception {
    List<Margin> margins = new ArrayList<>();
    margins.add(Margin.of(label + " loss vs torch float64", relative(o.losses(), drift.trainLossFloat64()),
        drift.float32LossTolerance()));
    List<String> lines = Files.readAllLines(o.out().resolve("eval.jsonl"));
    List<TorchDrift.Evaluation> expected = drift.evaluationsFloat64();
    assertEquals(expected.size(), lines.size(), "evaluations");
    int[] steps = new int[lines.size()];
    double[] loss = new double[lines.size()];
    double[] accuracy = new double[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      JsonNode got = JSON.readTree(lines.get(i));
      steps[i] = expected.get(i).step();
      assertEquals(steps[i], got.get("step").asInt(), "evaluation step");
      loss[i] = Math.abs(got.get("eval-loss").asDouble() - expected.get(i).loss()) / expected.get(i).loss();
      accuracy[i] = Math.abs(got.get("eval-accuracy").asDouble() - expected.get(i).accuracy());
    }
    margins.add(Margin.of(label + " eval loss vs torch float64", steps, loss, drift.float32EvaluationLossTolerance()));
    margins.add(Margin.of(label + " eval accuracy vs torch float64", steps, accuracy,
        drift.float32AccuracyTolerance()));
    margins.add(Margin.of(label + " final parameters vs torch float32", new int[] {o.losses().length},
        new double[] {o.worstFinal()}, new double[] {drift.float32FinalParameterTolerance()}));
    margins.forEach(Margin::print);
    margins.forEach(Margin::assertWithin);
  }

  /**
   * The same error model for a trace that carries its own float64 rerun ({@code train_loss_f64},
   * {@code f32_vs_f64}: the held-out traces), with torch's one float32 run (the trace) as the
   * envelope: the loss of every step against torch float64; each evaluation's test loss and
   * accuracy against the trace's float32 evaluation, within K + 1 times the envelope at that step
   * (ours within K of float64, the trace within 1: the triangle inequality; at least one example of
   * accuracy); the final tensors against the trace's float32 state within K + 1 times torch's own
   * final drift.
   */
  static void assertWithinOwnDrift(String label, Outcome o, TorchTrace trace) throws Exception {
    double[] float64 = doubles(trace.json().get("train_loss_f64"));
    double[] allowed = TorchDrift.float32LossTolerance(float64, List.of(trace.trainLoss()));
    List<Margin> margins = new ArrayList<>();
    margins.add(Margin.of(label + " loss vs torch float64", relative(o.losses(), float64), allowed));
    List<String> lines = Files.readAllLines(o.out().resolve("eval.jsonl"));
    JsonNode expected = trace.json().get("eval");
    assertEquals(expected.size(), lines.size(), "evaluations");
    int n = lines.size();
    int[] steps = new int[n];
    double[] loss = new double[n];
    double[] lossAllowed = new double[n];
    double[] accuracy = new double[n];
    double[] accuracyAllowed = new double[n];
    boolean hasAccuracy = expected.get(0).has("test_accuracy");
    // the split's size from the first evaluation's count of correct examples and its accuracy
    int examples = hasAccuracy ? (int) Math.round(expected.get(0).get("test_correct").asDouble()
        / expected.get(0).get("test_accuracy").asDouble()) : 0;
    for (int i = 0; i < n; i++) {
      JsonNode got = JSON.readTree(lines.get(i));
      JsonNode ref = expected.get(i);
      steps[i] = ref.get("step").asInt();
      assertEquals(steps[i], got.get("step").asInt(), "evaluation step");
      double envelope = allowed[Math.min(steps[i], allowed.length - 1)] / TorchDrift.K;
      double bound = (TorchDrift.K + 1) * envelope;
      loss[i] = Math.abs(got.get("eval-loss").asDouble() - ref.get("test_loss").asDouble())
          / Math.abs(ref.get("test_loss").asDouble());
      lossAllowed[i] = bound;
      if (hasAccuracy) {
        accuracy[i] = Math.abs(got.get("eval-accuracy").asDouble() - ref.get("test_accuracy").asDouble());
        accuracyAllowed[i] = Math.max(1.0 / examples, bound);
      }
    }
    margins.add(Margin.of(label + " eval loss vs torch float32", steps, loss, lossAllowed));
    if (hasAccuracy) {
      margins.add(Margin.of(label + " eval accuracy vs torch float32", steps, accuracy, accuracyAllowed));
    }
    double finalDrift = trace.json().get("f32_vs_f64").get("worst_final_param_rel").asDouble();
    margins.add(Margin.of(label + " final tensors vs torch float32", new int[] {o.losses().length},
        new double[] {o.worstFinal()}, new double[] {(TorchDrift.K + 1) * Math.max(TorchDrift.FLOOR, finalDrift)}));
    margins.forEach(Margin::print);
    margins.forEach(Margin::assertWithin);
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  /** The median of the run's {@code step-time-ms}. */
  static double medianStepMs(Path metrics) throws Exception {
    List<String> lines = Files.readAllLines(metrics);
    double[] ms = new double[lines.size()];
    for (int t = 0; t < ms.length; t++) {
      ms[t] = JSON.readTree(lines.get(t)).get("step-time-ms").asDouble();
    }
    java.util.Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  /**
   * The worst over the trace's final tensors (parameters, and BatchNorm running statistics where
   * the trace has them) of max|ours - torch| / max|torch| after the last update.
   */
  static double worstFinalTensor(TorchTrace trace, Path checkpoint) throws Exception {
    Checkpoint saved = CheckpointFile.read(checkpoint);
    TensorMap params = saved.params();
    TensorMap buffers = saved.buffers();
    double worst = 0;
    for (Map.Entry<String, float[]> e : trace.finalState().entrySet()) {
      String name = e.getKey();
      assertTrue(params.contains(name) || buffers.contains(name), "checkpoint lacks tensor " + name);
      double[] got = (params.contains(name) ? params.get(name) : buffers.get(name)).dup('c').data().asDouble();
      float[] ref = e.getValue();
      double[] expected = new double[ref.length];
      for (int i = 0; i < ref.length; i++) {
        expected[i] = ref[i];
      }
      worst = Math.max(worst, relativeMaxDifference(name, expected, got));
    }
    return worst;
  }

  /** max |got - expected| / max |expected| of one tensor (sizes must agree). */
  static double relativeMaxDifference(String name, double[] expected, double[] got) {
    assertEquals(expected.length, got.length, "size of " + name);
    double maxRef = 0;
    double maxDiff = 0;
    for (int i = 0; i < got.length; i++) {
      maxRef = Math.max(maxRef, Math.abs(expected[i]));
      maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
    }
    return maxDiff / maxRef;
  }

  static void report(String run, Outcome o) {
    double[] rel = o.lossRel();
    double worst = 0;
    double worstFirst100 = 0;
    for (int t = 0; t < rel.length; t++) {
      worst = Math.max(worst, rel[t]);
      worstFirst100 = t < 100 ? Math.max(worstFirst100, rel[t]) : worstFirst100;
    }
    int first = o.firstOver();
    System.out.printf("parity %s: worst loss rel %.2e (steps 0-99: %.2e; first step over 1e-4: %s),"
        + " worst final param rel %.2e; median step %.1f ms%n", run, worst, worstFirst100, first < 0 ? "none" : first,
        o.worstFinal(), o.medianStepMs());
  }
}
