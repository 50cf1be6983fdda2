package io.apo4j.onnx.model;

import io.apo4j.api.TensorMap;
import java.nio.file.Path;

/** Writes a model with new parameter and buffer values back to an ONNX file. */
@FunctionalInterface
public interface ModelExporter {
  void export(OnnxModel model, TensorMap params, TensorMap buffers, Path target);
}
