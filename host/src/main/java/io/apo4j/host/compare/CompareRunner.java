package io.apo4j.host.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a comparison: every planned run that has not completed yet (so an interrupted comparison
 * resumes where it stopped), {@code jobs} at a time, then the report from every completed run.
 */
public final class CompareRunner {
  private final TrainProcess process;
  private final PrintWriter progress;
  private final int jobs;

  public CompareRunner(List<Path> pluginDirs, PrintWriter progress, int jobs) {
    this.process = new TrainProcess(pluginDirs);
    this.progress = progress;
    this.jobs = jobs;
  }

  /** Runs what is missing and writes the report; returns the number of runs that failed. */
  public int run(CompareSpec spec, Path outDir, boolean reportOnly) throws Exception {
    List<RunPlan> plans = ComparePlanner.plan(spec, outDir);
    Files.createDirectories(outDir);
    if (!reportOnly) {
      execute(plans);
    }
    return report(spec, outDir, plans);
  }

  private void execute(List<RunPlan> plans) throws Exception {
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (RunPlan plan : plans) {
        futures.add(pool.submit(() -> {
          runOne(plan, done, plans.size());
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private void runOne(RunPlan plan, AtomicInteger done, int total) throws IOException, InterruptedException {
    if (RunStatus.read(plan.statusFile()).map(RunStatus::completed).orElse(false)) {
      say("[%d/%d] %s: already completed, reused", done.incrementAndGet(), total, plan.label());
      return;
    }
    Files.createDirectories(plan.dir());
    new ObjectMapper(new YAMLFactory()).writeValue(plan.configFile().toFile(), plan.config());
    say("[start] %s -> %s", plan.label(), plan.dir());
    RunStatus status = process.run(plan);
    status.write(plan.statusFile());
    say("[%d/%d] %s: %s in %.1f s (peak %.0f MiB)%s", done.incrementAndGet(), total, plan.label(),
        status.completed() ? "done" : "FAILED (exit " + status.exitCode() + ")", status.wallSeconds(),
        status.peakRssMiB(), status.completed() ? "" : "; see " + plan.dir().resolve("train.log"));
  }

  private int report(CompareSpec spec, Path outDir, List<RunPlan> plans) throws IOException {
    Map<String, List<VariantSummary.Run>> byVariant = new LinkedHashMap<>();
    Map<String, Integer> failed = new LinkedHashMap<>();
    List<VariantSummary.Run> all = new ArrayList<>();
    for (RunPlan p : plans) {
      byVariant.putIfAbsent(p.variant(), new ArrayList<>());
      failed.putIfAbsent(p.variant(), 0);
      var status = RunStatus.read(p.statusFile());
      if (status.isPresent() && status.get().completed() && Files.exists(p.metricsFile())) {
        VariantSummary.Run r = new VariantSummary.Run(p, RunMetrics.read(p.metricsFile()), status.get());
        byVariant.get(p.variant()).add(r);
        all.add(r);
      } else {
        failed.merge(p.variant(), 1, Integer::sum);
      }
    }
    List<VariantSummary> rows = new ArrayList<>();
    byVariant.forEach((v, runs) -> rows.add(VariantSummary.of(v, runs, failed.get(v))));
    byVariant.values().removeIf(List::isEmpty);
    Map<String, String> plots = ComparePlots.write(outDir, byVariant);
    CompareReport.write(outDir, spec, rows, plots, all);
    say("report: %s", outDir.resolve("index.html").toAbsolutePath());
    progress.print(CompareReport.markdown(rows));
    progress.flush();
    return failed.values().stream().mapToInt(Integer::intValue).sum();
  }

  private synchronized void say(String format, Object... args) {
    progress.println(String.format(Locale.ROOT, format, args));
    progress.flush();
  }
}
