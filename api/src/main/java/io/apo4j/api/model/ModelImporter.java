package io.apo4j.api.model;

import io.apo4j.api.Stable;
import java.nio.file.Path;

/** Turns a model file into a {@link TrainableModel}. */
@Stable
public interface ModelImporter {
  /**
   * Imports {@code file}.
   *
   * @throws ModelImportException naming the file and the cause, for every bad input
   */
  TrainableModel load(Path file);
}
