package io.apo4j.onnx.load;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads tensor bytes stored outside the model file. Locations are resolved against the model's
 * folder and refused when they leave it (after following links), so a model cannot read
 * arbitrary files.
 */
final class ExternalData {
  private ExternalData() {}

  static ByteBuffer read(TensorProto tensor, Path modelFile, long expectedBytes) {
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : tensor.getExternalDataList()) {
      switch (e.getKey()) {
        case "location" -> location = e.getValue();
        case "offset" -> offset = parse(modelFile, tensor, e);
        case "length" -> length = parse(modelFile, tensor, e);
        default -> { } // checksum and future keys do not change where the bytes are
      }
    }
    String where = modelFile + ", tensor '" + tensor.getName() + "'";
    if (location == null || location.isEmpty()) {
      throw new ModelImportException(Reason.CORRUPT, where + ": external data without a location");
    }
    Path folder = modelFile.toAbsolutePath().getParent();
    Path target = folder.resolve(location).normalize();
    try {
      Path realFolder = folder.toRealPath();
      Path real = target.toRealPath();
      if (Path.of(location).isAbsolute() || !real.startsWith(realFolder)) {
        throw refused(where, location);
      }
      long available = Files.size(real) - offset;
      long bytes = length >= 0 ? length : expectedBytes;
      if (offset < 0 || bytes != expectedBytes || bytes > available) {
        throw new ModelImportException(Reason.CORRUPT, where + ": external data '" + location + "' holds "
            + Math.max(available, 0) + " bytes after offset " + offset + "; expected " + expectedBytes);
      }
      try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.allocate((int) bytes);
        while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
          // keep reading until full
        }
        return buf.flip();
      }
    } catch (IOException e) {
      throw new ModelImportException(Reason.CORRUPT, where + ": cannot read external data '" + location + "': "
          + e.getMessage(), e);
    }
  }

  private static ModelImportException refused(String where, String location) {
    return new ModelImportException(Reason.REFUSED, where + ": external data location '" + location
        + "' leaves the model's folder; expected a relative path inside it");
  }

  private static long parse(Path file, TensorProto tensor, StringStringEntryProto e) {
    try {
      return Long.parseLong(e.getValue());
    } catch (NumberFormatException ex) {
      throw new ModelImportException(Reason.CORRUPT, file + ", tensor '" + tensor.getName() + "': external data "
          + e.getKey() + " '" + e.getValue() + "' is not a number", ex);
    }
  }
}
