package io.apo4j.host.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The comparison's PNG figures: one line per variant, averaged over its seeds. */
final class ComparePlots {
  private ComparePlots() {}

  /** Writes every figure that has data into {@code dir}; returns file name -> caption. */
  static Map<String, String> write(Path dir, Map<String, List<VariantSummary.Run>> byVariant) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    line(dir, files, "loss-vs-step.png", "Training loss (batch, smoothed) vs step", "step", "training loss", true,
        byVariant, RunMetrics::steps, m -> Stats.smooth(m.loss(), Math.max(1, m.loss().length / 50)));
    line(dir, files, "loss-vs-time.png", "Training loss (batch, smoothed) vs training time", "seconds", "training loss",
        true, byVariant, RunMetrics::wallSeconds, m -> Stats.smooth(m.loss(), Math.max(1, m.loss().length / 50)));
    boolean accuracy = byVariant.values().stream().flatMap(List::stream).anyMatch(r -> r.metrics().hasAccuracy());
    if (accuracy) {
      line(dir, files, "eval-accuracy.png", "Test accuracy vs step", "step", "accuracy", false, byVariant,
          RunMetrics::evalSteps, RunMetrics::evalAccuracy);
    }
    line(dir, files, "eval-loss.png", "Test loss vs step", "step", "test loss", true, byVariant,
        RunMetrics::evalSteps, RunMetrics::evalLoss);
    line(dir, files, "learning-rate.png", "Learning rate used vs step", "step", "learning rate", true, byVariant,
        RunMetrics::steps, RunMetrics::lr);
    stepTimes(dir, files, byVariant);
    return files;
  }

  private static void line(Path dir, Map<String, String> files, String file, String title, String x, String y,
      boolean logY, Map<String, List<VariantSummary.Run>> byVariant, Function<RunMetrics, double[]> xs,
      Function<RunMetrics, double[]> ys) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(x).yAxisTitle(y).build();
    chart.getStyler().setMarkerSize(0);
    boolean any = false;
    boolean positive = true;
    for (Map.Entry<String, List<VariantSummary.Run>> e : byVariant.entrySet()) {
      List<double[]> xss = new ArrayList<>();
      List<double[]> yss = new ArrayList<>();
      for (VariantSummary.Run r : e.getValue()) {
        xss.add(xs.apply(r.metrics()));
        yss.add(ys.apply(r.metrics()));
      }
      double[] mx = Stats.meanSeries(xss);
      double[] my = Stats.meanSeries(yss);
      if (mx.length == 0 || java.util.Arrays.stream(my).allMatch(Double::isNaN)) {
        continue;
      }
      positive &= java.util.Arrays.stream(my).filter(v -> !Double.isNaN(v)).allMatch(v -> v > 0);
      XYSeries s = chart.addSeries(e.getKey(), mx, my);
      s.setMarker(mx.length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      any = true;
    }
    if (!any) {
      return;
    }
    chart.getStyler().setYAxisLogarithmic(logY && positive);
    BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
    files.put(file, title);
  }

  private static void stepTimes(Path dir, Map<String, String> files, Map<String, List<VariantSummary.Run>> byVariant)
      throws IOException {
    List<String> names = new ArrayList<>();
    List<Double> ms = new ArrayList<>();
    byVariant.forEach((name, runs) -> {
      double[] medians = runs.stream().mapToDouble(r -> Stats.median(r.metrics().stepSeconds()) * 1000).toArray();
      double m = Stats.mean(medians);
      if (!Double.isNaN(m)) {
        names.add(name);
        ms.add(m);
      }
    });
    if (names.isEmpty()) {
      return;
    }
    CategoryChart chart = new CategoryChartBuilder().width(900).height(420).title("Median time per training step")
        .xAxisTitle("run").yAxisTitle("ms per step").build();
    chart.getStyler().setLegendVisible(false);
    chart.addSeries("ms per step", names, ms);
    BitmapEncoder.saveBitmap(chart, dir.resolve("step-time.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    files.put("step-time.png", "Median time per training step");
  }
}
