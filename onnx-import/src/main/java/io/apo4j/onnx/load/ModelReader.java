package io.apo4j.onnx.load;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an ONNX file into its protobuf form, turning every way a file can be unreadable into a
 * typed {@link ModelImportException} that names the file.
 */
public final class ModelReader {
  /** Protobuf messages cannot exceed 2 GiB; larger weights must live in external data files. */
  static final long MAX_MODEL_BYTES = Integer.MAX_VALUE;
  /** Deep nesting only appears in hostile files; ONNX graphs nest a few levels. */
  private static final int RECURSION_LIMIT = 64;

  private ModelReader() {}

  /** Parses {@code file}; checks only what the protobuf layer can tell. */
  public static ModelProto read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelImportException(Reason.CORRUPT, file + ": not a readable file");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ModelImportException(Reason.CORRUPT, file + ": cannot read size: " + e.getMessage(), e);
    }
    if (size > MAX_MODEL_BYTES) {
      throw new ModelImportException(Reason.REFUSED, file + ": file is " + size
          + " bytes; expected at most " + MAX_MODEL_BYTES + " (put large weights in external data)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      coded.setSizeLimit(Integer.MAX_VALUE);
      coded.setRecursionLimit(RECURSION_LIMIT);
      ModelProto model = ModelProto.parseFrom(coded);
      coded.checkLastTagWas(0);
      return check(file, model);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelImportException(Reason.CORRUPT, file + ": not a valid ONNX protobuf (truncated or corrupt): "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelImportException(Reason.CORRUPT, file + ": cannot read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ModelImportException(Reason.CORRUPT, file + ": not a valid ONNX protobuf: " + e, e);
    }
  }

  private static ModelProto check(Path file, ModelProto model) {
    if (model.getIrVersion() < 3) {
      throw new ModelImportException(Reason.CORRUPT, file + ": ir_version " + model.getIrVersion()
          + " is not an ONNX model this importer reads; expected ir_version >= 3");
    }
    if (!model.hasGraph() || model.getGraph().getOutputCount() == 0) {
      throw new ModelImportException(Reason.CORRUPT, file + ": model has no graph outputs; expected a graph with"
          + " at least one output, found " + (model.hasGraph() ? "none" : "no graph"));
    }
    return model;
  }
}
