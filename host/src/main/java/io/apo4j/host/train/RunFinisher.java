package io.apo4j.host.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.apo4j.api.runtime.TrainState;
import io.apo4j.host.report.MetricsCsv;
import io.apo4j.host.report.MetricsLog;
import io.apo4j.host.report.OrtEvaluation;
import io.apo4j.host.report.Plots;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a run: final test evaluation, final checkpoint, metrics.csv, plots, the trained model
 * exported as ONNX and evaluated once by ONNX Runtime, summary.json and the printed summary.
 */
final class RunFinisher {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunFinisher() {}

  static RunResult finish(PreparedRun run, RunDirectory dir, Trainer trainer, TrainState state, MetricsLog metrics,
      MetricsLog evals, StepTimes times, Console console) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("steps", state.step());
    List<Map<String, Object>> records = metrics.records();
    double lastLoss = records.isEmpty() ? Double.NaN : ((Number) records.get(records.size() - 1).get("loss")).doubleValue();
    summary.put("last-train-loss", lastLoss);
    double testLoss = Double.NaN;
    double testAccuracy = Double.NaN;
    if (run.test() != null) {
      Map<String, Object> finalEval = new LinkedHashMap<>();
      trainer.evaluate(state, state.step(), finalEval, evals);
      testLoss = ((Number) finalEval.get("eval-loss")).doubleValue();
      testAccuracy = finalEval.get("eval-accuracy") instanceof Number a ? a.doubleValue() : Double.NaN;
      summary.put("test", finalEval);
    }
    trainer.checkpoint(state, metrics, evals);
    MetricsCsv.write(records, dir.metricsCsv());
    Files.createDirectories(dir.plots());
    List<java.nio.file.Path> plots = Plots.write(records, evals.records(), dir.plots(), run.model().name() + " / "
        + run.config().optimizerId());
    double ortLoss = Double.NaN;
    double ortAccuracy = Double.NaN;
    if (run.config().exportOnnx()) {
      run.model().export(state.params(), state.buffers(), dir.finalModel());
      summary.put("model", dir.finalModel().toString());
      if (run.test() != null) {
        OrtEvaluation.Result ort = OrtEvaluation.evaluate(dir.finalModel(), run.test().all(), run.loss(),
            run.test().classTargets());
        ortLoss = ort.loss();
        ortAccuracy = ort.accuracy();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("examples", ort.examples());
        o.put("eval-loss", ort.loss());
        if (run.test().classTargets()) {
          o.put("eval-accuracy", ort.accuracy());
        }
        o.put("onnxruntime-version", ort.runtimeVersion());
        summary.put("onnx-runtime", o);
      }
    }
    Map<String, Object> time = new LinkedHashMap<>();
    time.put("steps-run-by-this-process", times.count());
    time.put("seconds", times.total() / 1000);
    time.put("median-step-ms", times.median());
    summary.put("time", time);
    summary.put("plots", plots.stream().map(Object::toString).toList());
    Files.writeString(dir.summary(), JSON.writeValueAsString(clean(summary)));
    RunResult result = new RunResult(dir.root(), state.step(), lastLoss, testLoss, testAccuracy, ortLoss, ortAccuracy,
        times.total() / 1000, plots);
    print(run, result, times, console);
    return result;
  }

  private static void print(PreparedRun run, RunResult r, StepTimes times, Console console) {
    var out = console.out();
    out.printf(Locale.ROOT, "apo: trained %s with %s for %d steps (%.1f s of steps here, median %.1f ms/step)%n",
        run.model().name(), run.config().optimizerId(), r.steps(), r.seconds(), times.median());
    out.printf(Locale.ROOT, "  last training loss %.4f%n", r.lastLoss());
    if (!Double.isNaN(r.testLoss())) {
      out.printf(Locale.ROOT, "  test split: loss %.4f%s%n", r.testLoss(),
          Double.isNaN(r.testAccuracy()) ? "" : String.format(Locale.ROOT, ", accuracy %.4f", r.testAccuracy()));
    }
    if (!Double.isNaN(r.ortLoss())) {
      out.printf(Locale.ROOT, "  exported model in ONNX Runtime: loss %.4f%s%n", r.ortLoss(),
          Double.isNaN(r.ortAccuracy()) ? "" : String.format(Locale.ROOT, ", accuracy %.4f", r.ortAccuracy()));
    }
    out.println("  run directory: " + r.dir());
    out.println("  plots: " + String.join(", ", r.plots().stream().map(Object::toString).toList()));
  }

  /** JSON has no NaN: such figures become null. */
  private static Map<String, Object> clean(Map<String, Object> m) {
    Map<String, Object> c = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (v instanceof Map<?, ?> nested) {
        @SuppressWarnings("unchecked")
        Map<String, Object> n = (Map<String, Object>) nested;
        c.put(k, clean(n));
      } else {
        c.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v);
      }
    });
    return c;
  }
}
