package io.apo4j.onnx.export;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.Apo4jException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the bytes of a tensor stored as ONNX external data, refusing locations outside the
 * model's folder (a model file must not be able to make us read arbitrary files).
 */
public final class ExternalTensorData {
  /** Protobuf messages cannot exceed 2 GiB, so neither can one embedded tensor. */
  static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private ExternalTensorData() {}

  public static boolean isExternal(TensorProto t) {
    return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
  }

  /**
   * The raw little-endian bytes of {@code tensor}, read from its external file.
   *
   * @param modelDir the folder of the model file the tensor belongs to
   * @param where names the model and tensor in error messages
   */
  public static byte[] read(TensorProto tensor, Path modelDir, String where) {
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : tensor.getExternalDataList()) {
      switch (e.getKey()) {
        case "location" -> location = e.getValue();
        case "offset" -> offset = parse(e.getValue(), "offset", where);
        case "length" -> length = parse(e.getValue(), "length", where);
        default -> { } // "checksum" and unknown keys carry no layout information
      }
    }
    if (location == null || location.isEmpty()) {
      throw new Apo4jException(where + ": external data without a location; expected a 'location' entry");
    }
    Path file = resolveInside(modelDir, location, where);
    try (FileChannel ch = FileChannel.open(file)) {
      long size = ch.size();
      long n = length < 0 ? size - offset : length;
      if (offset > size || n < 0 || offset + n > size || n > MAX_BYTES) {
        throw new Apo4jException(where + ": external data range [" + offset + ", " + (offset + n)
            + ") does not fit; expected within the " + size + " bytes of " + location);
      }
      ch.position(offset);
      try (InputStream in = Channels.newInputStream(ch)) {
        return in.readNBytes((int) n);
      }
    } catch (IOException e) {
      throw new Apo4jException(where + ": cannot read external data '" + location + "': " + e, e);
    }
  }

  /** {@code location} resolved against {@code modelDir}; it must stay inside that folder. */
  static Path resolveInside(Path modelDir, String location, String where) {
    Path dir = modelDir.toAbsolutePath().normalize();
    Path file;
    try {
      file = dir.resolve(location).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new Apo4jException(where + ": external data location '" + location + "' is not a valid path", e);
    }
    boolean inside = file.startsWith(dir) && !file.equals(dir) && !Path.of(location).isAbsolute();
    try {
      inside = inside && Files.exists(file) && file.toRealPath().startsWith(dir.toRealPath());
    } catch (IOException e) {
      inside = false;
    }
    if (!inside) {
      throw new Apo4jException(where + ": external data location '" + location
          + "' is refused; expected an existing file inside the model's folder " + dir);
    }
    return file;
  }

  private static long parse(String value, String key, String where) {
    try {
      long v = Long.parseLong(value.trim());
      if (v < 0) {
        throw new NumberFormatException("negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new Apo4jException(where + ": external data " + key + " '" + value + "' is not valid; expected a "
          + "non-negative integer");
    }
  }
}
