package io.apo4j.host.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the comparison's tables (CSV, Markdown) and its HTML page. */
final class CompareReport {
  static final List<String> HEADER = List.of("run", "seeds", "failed", "final train loss", "final test loss",
      "best test loss", "final test acc", "best test acc", "step ms", "peak RSS MiB", "final lr");

  private CompareReport() {}

  static void write(Path dir, CompareSpec spec, List<VariantSummary> rows, Map<String, String> plots,
      List<VariantSummary.Run> runs) throws IOException {
    Files.writeString(dir.resolve("summary.csv"), csv(rows));
    Files.writeString(dir.resolve("summary.md"), markdown(rows));
    Files.writeString(dir.resolve("index.html"), html(spec, rows, plots, runs));
  }

  static List<String> cells(VariantSummary s, boolean plain) {
    return List.of(s.variant(), Integer.toString(s.runs()), Integer.toString(s.failed()), f(s.finalTrainLoss(), plain),
        f(s.finalEvalLoss(), plain), f(s.bestEvalLoss(), plain), f(s.finalEvalAccuracy(), plain),
        f(s.bestEvalAccuracy(), plain), f(s.stepTimeMs(), plain), f(s.peakRssMiB(), plain), f(s.finalLr(), plain));
  }

  static String csv(List<VariantSummary> rows) {
    StringBuilder b = new StringBuilder("run,seeds,failed");
    for (String h : HEADER.subList(3, HEADER.size())) {
      String k = h.replace(' ', '_');
      b.append(',').append(k).append("_mean,").append(k).append("_std");
    }
    b.append('\n');
    for (VariantSummary s : rows) {
      b.append(s.variant()).append(',').append(s.runs()).append(',').append(s.failed());
      for (VariantSummary.Figure fig : List.of(s.finalTrainLoss(), s.finalEvalLoss(), s.bestEvalLoss(),
          s.finalEvalAccuracy(), s.bestEvalAccuracy(), s.stepTimeMs(), s.peakRssMiB(), s.finalLr())) {
        b.append(',').append(num(fig.mean())).append(',').append(num(fig.std()));
      }
      b.append('\n');
    }
    return b.toString();
  }

  static String markdown(List<VariantSummary> rows) {
    StringBuilder b = new StringBuilder("| " + String.join(" | ", HEADER) + " |\n|");
    HEADER.forEach(h -> b.append("---|"));
    b.append('\n');
    for (VariantSummary s : rows) {
      b.append("| ").append(String.join(" | ", cells(s, false))).append(" |\n");
    }
    return b.append("\nmean ± sample std over seeds; final train loss = mean batch loss over the last 5% of steps;")
        .append(" step ms = median step time; n/a = not measured for this task.\n").toString();
  }

  private static String html(CompareSpec spec, List<VariantSummary> rows, Map<String, String> plots,
      List<VariantSummary.Run> runs) {
    StringBuilder b = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
        .append(esc(spec.name())).append(" - apo4j comparison</title><style>")
        .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
        .append("td:first-child,th:first-child{text-align:left}img{max-width:100%}</style></head><body>")
        .append("<h1>").append(esc(spec.name())).append("</h1><p>Spec: <code>").append(esc(spec.file().toString()))
        .append("</code>, seeds ").append(spec.seeds()).append(", generated ").append(Instant.now())
        .append(".</p><h2>Summary</h2><table><tr>");
    HEADER.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
    b.append("</tr>");
    for (VariantSummary s : rows) {
      b.append("<tr>");
      cells(s, false).forEach(c -> b.append("<td>").append(esc(c)).append("</td>"));
      b.append("</tr>");
    }
    b.append("</table><p>Mean ± sample standard deviation over seeds. Tables: <a href=\"summary.csv\">CSV</a>, ")
        .append("<a href=\"summary.md\">Markdown</a>.</p>");
    plots.forEach((file, caption) -> b.append("<h2>").append(esc(caption)).append("</h2><img src=\"")
        .append(file).append("\" alt=\"").append(esc(caption)).append("\">"));
    b.append("<h2>Runs</h2><table><tr><th>run</th><th>seed</th><th>exit</th><th>wall s</th><th>metrics</th></tr>");
    for (VariantSummary.Run r : runs) {
      b.append("<tr><td>").append(esc(r.plan().variant())).append("</td><td>").append(r.plan().seed())
          .append("</td><td>").append(r.status().exitCode()).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", r.status().wallSeconds())).append("</td><td><a href=\"runs/")
          .append(esc(r.plan().variant())).append("/seed-").append(r.plan().seed()).append("/metrics.jsonl\">")
          .append(esc(r.plan().dir().getFileName().toString())).append("</a></td></tr>");
    }
    return b.append("</table></body></html>\n").toString();
  }

  private static String f(VariantSummary.Figure fig, boolean plain) {
    if (!fig.present()) {
      return "n/a";
    }
    return plain ? num(fig.mean()) : fmt(fig.mean()) + " ± " + fmt(fig.std());
  }

  static String fmt(double v) {
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a != 0 && (a < 1e-3 || a >= 1e5) ? "%.3e" : "%.4g", v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
