package io.apo4j.host.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.apo4j.api.Apo4jException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Converts between ONNX {@code TensorProto} (the {@code .pb} files of ONNX's backend tests) and
 * ND4J arrays. Reads both {@code raw_data} and the typed repeated fields; writes {@code raw_data}.
 */
public final class TensorProtos {
  private TensorProtos() {}

  /** The ONNX name of an ND4J data type as model specs write it: float32, float64, int64, bool, ... */
  public static String typeName(DataType type) {
    return ElementType.of(type).label();
  }

  /** Reads a serialized TensorProto file. */
  public static INDArray read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return toArray(TensorProto.parseFrom(in), file.toString());
    } catch (IOException e) {
      throw new Apo4jException(file + ": not a readable TensorProto: " + e.getMessage(), e);
    }
  }

  /** Writes {@code value} as a serialized TensorProto named {@code name}, creating folders. */
  public static void write(INDArray value, String name, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      try (OutputStream out = Files.newOutputStream(file)) {
        toProto(value, name).writeTo(out);
      }
    } catch (IOException e) {
      throw new Apo4jException(file + ": cannot write TensorProto: " + e.getMessage(), e);
    }
  }

  /** The array a TensorProto holds; {@code where} names it in errors. */
  public static INDArray toArray(TensorProto t, String where) {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new Apo4jException(where + ": tensor '" + t.getName() + "' uses external data; expected inline data");
    }
    ElementType type = ElementType.of(t.getDataType(), where);
    long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new Apo4jException(where + ": negative dimension in " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    if (n > Integer.MAX_VALUE / 8) {
      throw new Apo4jException(where + ": " + n + " elements is too large; expected at most " + Integer.MAX_VALUE / 8);
    }
    double[] values = t.getRawData().isEmpty() ? TypedFields.read(t, type, (int) n, where)
        : RawData.read(t.getRawData(), type, (int) n, where);
    return type.create(values, shape);
  }

  /** A TensorProto holding {@code value} in {@code raw_data}. */
  public static TensorProto toProto(INDArray value, String name) {
    ElementType type = ElementType.of(value.dataType());
    TensorProto.Builder b = TensorProto.newBuilder().setDataType(type.onnx());
    if (name != null) {
      b.setName(name);
    }
    for (long d : value.shape()) {
      b.addDims(d);
    }
    return b.setRawData(RawData.write(value, type)).build();
  }

  /** Reads little-endian raw bytes. */
  static final class RawData {
    private RawData() {}

    static double[] read(ByteString raw, ElementType type, int n, String where) {
      if ((long) raw.size() != (long) n * type.bytes()) {
        throw new Apo4jException(where + ": raw_data has " + raw.size() + " bytes; expected " + n + " x "
            + type.bytes() + " for " + type);
      }
      ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = type.get(b);
      }
      return v;
    }

    static ByteString write(INDArray value, ElementType type) {
      INDArray flat = value.dup('c');
      int n = (int) flat.length();
      ByteBuffer b = ByteBuffer.allocate(n * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        type.put(b, type == ElementType.INT64 ? flat.getLong(i) : 0L, flat.getDouble(i));
      }
      return ByteString.copyFrom(b.array());
    }
  }
}
