package io.apo4j.host.train;

import java.nio.file.Path;

/**
 * The files of a run directory.
 *
 * @param root the directory
 */
public record RunDirectory(Path root) {
  /** The resolved run config; {@code apo resume} reads it back. */
  public Path config() {
    return root.resolve("config.yaml");
  }

  /** Plugin ids and versions, file hashes, seeds, Java / ND4J / ONNX Runtime versions. */
  public Path provenance() {
    return root.resolve("provenance.json");
  }

  /** One JSON object per training step. */
  public Path metrics() {
    return root.resolve("metrics.jsonl");
  }

  public Path metricsCsv() {
    return root.resolve("metrics.csv");
  }

  /** One JSON object per evaluation on the test split (including the final one). */
  public Path evals() {
    return root.resolve("eval.jsonl");
  }

  /** The last good checkpoint (replaced atomically). */
  public Path checkpoint() {
    return root.resolve("checkpoint.apock");
  }

  /** The trained model, exported as ONNX. */
  public Path finalModel() {
    return root.resolve("model.onnx");
  }

  /** Final figures: test metrics of the trained model in ND4J and in ONNX Runtime, timing. */
  public Path summary() {
    return root.resolve("summary.json");
  }

  public Path plots() {
    return root.resolve("plots");
  }
}
