package io.apo4j.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import io.apo4j.api.model.ModelImporter;
import io.apo4j.onnx.graph.Graph;
import io.apo4j.onnx.graph.GraphBuilder;
import io.apo4j.onnx.load.ModelReader;
import io.apo4j.onnx.model.OnnxModel;
import io.apo4j.onnx.model.Models;
import java.nio.file.Path;

/**
 * Imports ONNX files. This is also the entry point for tools inside this module (inspection,
 * conformance runs, export): {@link #importModel} gives the {@link OnnxModel} with its
 * {@link Graph}, {@link io.apo4j.onnx.exec.Executor} runs it.
 */
public final class OnnxImporter implements ModelImporter {
  private final OnnxImportOptions options;

  public OnnxImporter(OnnxImportOptions options) {
    this.options = options;
  }

  @Override
  public OnnxModel load(Path file) {
    return importModel(file, options);
  }

  /**
   * Reads, checks and prepares {@code file}.
   *
   * @throws ModelImportException naming the file and the cause for every bad input
   */
  public static OnnxModel importModel(Path file, OnnxImportOptions options) {
    ModelProto proto = ModelReader.read(file);
    try {
      Graph graph = new GraphBuilder(file, options.frozen()).build(proto);
      return Models.create(file, proto, graph, options.probe());
    } catch (ModelImportException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelImportException(Reason.CORRUPT, file + ": cannot import: " + e, e);
    } catch (StackOverflowError | OutOfMemoryError e) {
      throw new ModelImportException(Reason.REFUSED, file + ": model too large or too deep to import: " + e, e);
    }
  }

  /** Only the protobuf form, for tools that rewrite files (export). */
  public static ModelProto readProto(Path file) {
    return ModelReader.read(file);
  }
}
