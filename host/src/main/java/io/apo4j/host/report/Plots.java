package io.apo4j.host.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of a run (XChart): loss, test accuracy, and the learning rate actually used. */
public final class Plots {
  private Plots() {}

  /** Writes loss.png, accuracy.png (when evaluated) and lr.png into {@code dir}; returns the files. */
  public static List<Path> write(List<Map<String, Object>> steps, List<Map<String, Object>> evals, Path dir,
      String title) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> written = new ArrayList<>();
    XYChart loss = chart(title + ": loss", "loss");
    add(loss, "train loss (batch)", steps, "loss", false);
    if (add(loss, "test loss", evals, "eval-loss", true)) {
      loss.getStyler().setLegendVisible(true);
    }
    written.add(save(loss, dir.resolve("loss.png")));
    XYChart accuracy = chart(title + ": test accuracy", "accuracy");
    if (add(accuracy, "test accuracy", evals, "eval-accuracy", true)) {
      written.add(save(accuracy, dir.resolve("accuracy.png")));
    }
    XYChart lr = chart(title + ": learning rate", "learning rate");
    add(lr, "learning rate", steps, "lr", false);
    written.add(save(lr, dir.resolve("lr.png")));
    return written;
  }

  private static XYChart chart(String title, String yLabel) {
    XYChart c = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step").yAxisTitle(yLabel).build();
    c.getStyler().setLegendVisible(false);
    c.getStyler().setMarkerSize(4);
    return c;
  }

  /** Adds the series {@code key} over {@code step}; false when no record has a finite value. */
  private static boolean add(XYChart chart, String name, List<Map<String, Object>> records, String key,
      boolean markers) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (Map<String, Object> r : records) {
      if (r.get(key) instanceof Number v && Double.isFinite(v.doubleValue())) {
        x.add(((Number) r.get("step")).doubleValue());
        y.add(v.doubleValue());
      }
    }
    if (x.isEmpty()) {
      return false;
    }
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    return true;
  }

  private static Path save(XYChart chart, Path file) throws IOException {
    String base = file.toString().replaceFirst("\\.png$", "");
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
