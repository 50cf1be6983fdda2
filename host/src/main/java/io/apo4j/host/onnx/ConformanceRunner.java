package io.apo4j.host.onnx;

import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.host.registry.PluginRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs ONNX backend-test cases through the model importer: feeds each data set's inputs, writes
 * our outputs as TensorProto files under {@code out/<case>/test_data_set_N/} and compares them with
 * the expected ones. A failing case never stops the run.
 */
public final class ConformanceRunner implements AutoCloseable {
  /** The outcome of one case. */
  public record CaseResult(String name, boolean passed, String detail) {}

  private final PluginRegistry registry;
  private final Path out;
  private final Tolerance tolerance;
  private final Duration timeout;
  private ExecutorService worker = newWorker();

  public ConformanceRunner(PluginRegistry registry, Path out, Tolerance tolerance, Duration timeout) {
    this.registry = registry;
    this.out = out;
    this.tolerance = tolerance;
    this.timeout = timeout;
  }

  /** Runs one case within the time limit. */
  public CaseResult run(ConformanceCase c) {
    Future<CaseResult> f = worker.submit(() -> runNow(c));
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      worker.shutdownNow();
      worker = newWorker(); // the stuck thread is a daemon and is abandoned
      return new CaseResult(c.name(), false, "timed out after " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      return new CaseResult(c.name(), false, "internal error: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CaseResult(c.name(), false, "interrupted");
    }
  }

  private CaseResult runNow(ConformanceCase c) {
    ModelImporterProvider importer;
    TrainableModel model;
    try {
      importer = registry.importerFor(c.model());
      model = importer.create(importer.configSpec().bind(Map.of())).load(c.model());
    } catch (ModelImportException e) {
      return new CaseResult(c.name(), false, "import failed (" + e.reason() + "): " + e.getMessage());
    } catch (RuntimeException e) {
      return new CaseResult(c.name(), false, "import failed: " + e);
    }
    try (model) {
      List<String> notes = new ArrayList<>();
      for (Path dataSet : c.dataSets()) {
        String failure = runDataSet(c, model, dataSet, notes);
        if (failure != null) {
          return new CaseResult(c.name(), false, dataSet.getFileName() + ": " + failure);
        }
      }
      return new CaseResult(c.name(), true, notes.isEmpty() ? "no data sets" : String.join("; ", notes));
    } catch (RuntimeException e) {
      return new CaseResult(c.name(), false, "run failed: " + e);
    }
  }

  /** Null when every expected output matches, else why not. */
  private String runDataSet(ConformanceCase c, TrainableModel model, Path dataSet, List<String> notes) {
    List<Path> inputFiles = ConformanceCase.files(dataSet, "input");
    List<TensorSpec> specs = model.inputs();
    if (inputFiles.size() != specs.size()) {
      return inputFiles.size() + " input files; expected one per model input " + specs;
    }
    Map<String, INDArray> feed = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      feed.put(specs.get(i).name(), TensorProtos.read(inputFiles.get(i)));
    }
    ForwardPass pass = model.forward(model.parameters(), model.buffers(), feed, Mode.EVAL, 0L);
    List<TensorSpec> outputs = model.outputs();
    Path target = out.resolve(c.name()).resolve(dataSet.getFileName().toString());
    for (int k = 0; k < outputs.size(); k++) {
      INDArray y = pass.outputs().get(outputs.get(k).name());
      if (y != null) {
        TensorProtos.write(y, outputs.get(k).name(), target.resolve("output_" + k + ".pb"));
      }
    }
    for (Path expectedFile : ConformanceCase.files(dataSet, "output")) {
      int k = ConformanceCase.index(expectedFile);
      if (k >= outputs.size()) {
        return "expected output_" + k + " but the model has " + outputs.size() + " outputs";
      }
      INDArray actual = pass.outputs().get(outputs.get(k).name());
      if (actual == null) {
        return "output '" + outputs.get(k).name() + "' missing from the forward pass";
      }
      Tolerance.Verdict v = tolerance.compare(TensorProtos.read(expectedFile), actual);
      if (!v.passed()) {
        return "output_" + k + " ('" + outputs.get(k).name() + "'): " + v.detail();
      }
      notes.add("output_" + k + " " + v.detail());
    }
    return null;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(null, r, "conformance-case", 16L << 20);
      t.setDaemon(true);
      return t;
    });
  }
}
