package io.apo4j.host.checkpoint;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One tensor as data type, shape and elements in C order (big-endian), without any rounding. */
final class TensorCodec {
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private TensorCodec() {}

  static void write(DataOutputStream out, String name, INDArray a) throws IOException {
    INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    long[] shape = a.shape();
    out.writeByte(code(name, a.dataType()));
    out.writeInt(shape.length);
    for (long d : shape) {
      out.writeLong(d);
    }
    switch (a.dataType()) {
      case FLOAT -> { for (float v : c.data().asFloat()) { out.writeFloat(v); } }
      case DOUBLE -> { for (double v : c.data().asDouble()) { out.writeDouble(v); } }
      case LONG -> { for (long v : c.data().asLong()) { out.writeLong(v); } }
      default -> { for (int v : c.data().asInt()) { out.writeInt(v); } }
    }
  }

  static INDArray read(DataInputStream in, String where) throws IOException {
    int code = in.readByte();
    int rank = in.readInt();
    if (rank < 0 || rank > 32) {
      throw new IOException(where + ": rank " + rank + " is out of range; expected 0 to 32");
    }
    long[] shape = new long[rank];
    long n = 1;
    for (int d = 0; d < rank; d++) {
      shape[d] = in.readLong();
      n *= shape[d];
      if (shape[d] < 0 || n > MAX_ELEMENTS) {
        throw new IOException(where + ": dimension " + shape[d] + " is out of range");
      }
    }
    int len = (int) n;
    return switch (code) {
      case 1 -> { float[] v = new float[len]; for (int i = 0; i < len; i++) { v[i] = in.readFloat(); }
        yield Nd4j.create(v, shape, 'c'); }
      case 2 -> { double[] v = new double[len]; for (int i = 0; i < len; i++) { v[i] = in.readDouble(); }
        yield Nd4j.create(v, shape, 'c'); }
      case 3 -> { long[] v = new long[len]; for (int i = 0; i < len; i++) { v[i] = in.readLong(); }
        yield Nd4j.createFromArray(v).reshape('c', shape); }
      case 4 -> { int[] v = new int[len]; for (int i = 0; i < len; i++) { v[i] = in.readInt(); }
        yield Nd4j.createFromArray(v).reshape('c', shape); }
      default -> throw new IOException(where + ": data type code " + code + "; expected 1 (float32), 2 (float64),"
          + " 3 (int64) or 4 (int32)");
    };
  }

  private static int code(String name, DataType type) {
    return switch (type) {
      case FLOAT -> 1;
      case DOUBLE -> 2;
      case LONG -> 3;
      case INT -> 4;
      default -> throw new IllegalArgumentException("checkpoint: tensor '" + name + "' has data type " + type
          + "; expected FLOAT, DOUBLE, LONG or INT");
    };
  }
}
