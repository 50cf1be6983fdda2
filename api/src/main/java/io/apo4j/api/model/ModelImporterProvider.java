package io.apo4j.api.model;

import io.apo4j.api.Provider;
import io.apo4j.api.Stable;
import io.apo4j.api.config.Config;
import java.util.List;

/** Entry point of a model-importer plugin (e.g. {@code onnx}). */
@Stable
public interface ModelImporterProvider extends Provider {
  /** File name extensions this importer reads, without the dot (e.g. {@code "onnx"}). */
  List<String> fileExtensions();

  ModelImporter create(Config config);
}
