package io.apo4j.host.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Final and best figures of one variant over its seeds (mean and sample standard deviation).
 * "Final training loss" is the mean of the last 5% of steps' batch losses, a less noisy figure than
 * the very last batch.
 */
public record VariantSummary(String variant, int runs, int failed, Figure finalTrainLoss, Figure finalEvalLoss,
    Figure bestEvalLoss, Figure finalEvalAccuracy, Figure bestEvalAccuracy, Figure stepTimeMs, Figure peakRssMiB,
    Figure finalLr) {

  /** Mean and standard deviation over seeds. */
  public record Figure(double mean, double std) {
    static Figure of(double[] values) {
      return new Figure(Stats.mean(values), Stats.std(values));
    }

    public boolean present() {
      return !Double.isNaN(mean);
    }
  }

  /** A completed run's metrics and status. */
  public record Run(RunPlan plan, RunMetrics metrics, RunStatus status) {}

  static VariantSummary of(String variant, List<Run> runs, int failed) {
    List<double[]> cols = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      cols.add(new double[runs.size()]);
    }
    for (int r = 0; r < runs.size(); r++) {
      RunMetrics m = runs.get(r).metrics();
      cols.get(0)[r] = Stats.tailMean(m.loss(), 0.05);
      cols.get(1)[r] = Stats.last(m.evalLoss());
      cols.get(2)[r] = Stats.min(m.evalLoss());
      cols.get(3)[r] = Stats.last(m.evalAccuracy());
      cols.get(4)[r] = Stats.max(m.evalAccuracy());
      // the first steps include JIT warm-up: the median is the steady-state step time
      cols.get(5)[r] = Stats.median(m.stepSeconds()) * 1000;
      cols.get(6)[r] = runs.get(r).status().peakRssMiB();
      cols.get(7)[r] = Stats.last(m.lr());
      cols.get(8)[r] = runs.get(r).status().wallSeconds();
    }
    return new VariantSummary(variant, runs.size(), failed, Figure.of(cols.get(0)), Figure.of(cols.get(1)),
        Figure.of(cols.get(2)), Figure.of(cols.get(3)), Figure.of(cols.get(4)), Figure.of(cols.get(5)),
        Figure.of(cols.get(6)), Figure.of(cols.get(7)));
  }
}
