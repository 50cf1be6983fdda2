package io.apo4j.host.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.Apo4jException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ONNX tensor element types that map onto an ND4J data type, with their little-endian encoding. */
enum ElementType {
  FLOAT(1, 4, DataType.FLOAT),
  UINT8(2, 1, DataType.UBYTE),
  INT8(3, 1, DataType.BYTE),
  UINT16(4, 2, DataType.UINT16),
  INT16(5, 2, DataType.SHORT),
  INT32(6, 4, DataType.INT),
  INT64(7, 8, DataType.LONG),
  BOOL(9, 1, DataType.BOOL),
  FLOAT16(10, 2, DataType.HALF),
  DOUBLE(11, 8, DataType.DOUBLE),
  UINT32(12, 4, DataType.UINT32),
  UINT64(13, 8, DataType.UINT64),
  BFLOAT16(16, 2, DataType.BFLOAT16);

  private final int onnx;
  private final int bytes;
  private final DataType nd4j;

  ElementType(int onnx, int bytes, DataType nd4j) {
    this.onnx = onnx;
    this.bytes = bytes;
    this.nd4j = nd4j;
  }

  /** The name model specs use: float32, float64, float16, int64, bool, ... */
  String label() {
    return switch (this) {
      case FLOAT -> "float32";
      case DOUBLE -> "float64";
      case FLOAT16 -> "float16";
      default -> name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  int onnx() {
    return onnx;
  }

  DataType nd4jType() {
    return nd4j;
  }

  int bytes() {
    return bytes;
  }

  static ElementType of(int onnxType, String where) {
    for (ElementType t : values()) {
      if (t.onnx == onnxType) {
        return t;
      }
    }
    throw new Apo4jException(where + ": element type " + TensorProto.DataType.forNumber(onnxType) + " (" + onnxType
        + ") is not supported; expected one of " + Arrays.toString(values()));
  }

  static ElementType of(DataType type) {
    for (ElementType t : values()) {
      if (t.nd4j == type) {
        return t;
      }
    }
    throw new Apo4jException("tensor data type " + type + " has no ONNX element type; expected one of "
        + Arrays.toString(values()));
  }

  /** The ND4J array of these values (exact for every integer below 2^53). */
  INDArray create(double[] values, long[] shape) {
    if (values.length == 0) {
      return Nd4j.create(nd4j, shape);
    }
    INDArray d = shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
    return d.castTo(nd4j);
  }

  double get(ByteBuffer b) {
    return switch (this) {
      case FLOAT -> b.getFloat();
      case DOUBLE -> b.getDouble();
      case UINT8 -> b.get() & 0xff;
      case INT8 -> b.get();
      case BOOL -> b.get() != 0 ? 1 : 0;
      case UINT16 -> b.getShort() & 0xffff;
      case INT16 -> b.getShort();
      case INT32 -> b.getInt();
      case UINT32 -> b.getInt() & 0xffffffffL;
      case INT64, UINT64 -> b.getLong();
      case FLOAT16 -> HalfFloats.toFloat(b.getShort());
      case BFLOAT16 -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
    };
  }

  /** Converts a value held in an int32_data field (small ints, bools, 16-bit float bits). */
  double fromInt32Field(int v) {
    return switch (this) {
      case FLOAT16 -> HalfFloats.toFloat((short) v);
      case BFLOAT16 -> Float.intBitsToFloat((v & 0xffff) << 16);
      case BOOL -> v != 0 ? 1 : 0;
      default -> v;
    };
  }

  void put(ByteBuffer b, long exact, double v) {
    switch (this) {
      case FLOAT -> b.putFloat((float) v);
      case DOUBLE -> b.putDouble(v);
      case UINT8, INT8, BOOL -> b.put((byte) (long) v);
      case UINT16, INT16 -> b.putShort((short) (long) v);
      case INT32, UINT32 -> b.putInt((int) (long) v);
      case INT64 -> b.putLong(exact);
      case UINT64 -> b.putLong((long) v);
      case FLOAT16 -> b.putShort(HalfFloats.fromFloat((float) v));
      case BFLOAT16 -> b.putShort((short) (Float.floatToIntBits((float) v) >>> 16));
    }
  }
}
