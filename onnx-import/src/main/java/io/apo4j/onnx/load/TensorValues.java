package io.apo4j.onnx.load;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import java.nio.ByteBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Element decoding for {@link TensorDecoder}: raw little-endian bytes or the typed repeated fields. */
final class TensorValues {
  private TensorValues() {}

  static INDArray fromBytes(ByteBuffer b, int onnxType, DataType type, long[] shape) {
    int n = b.remaining() / OnnxTypes.byteWidth(onnxType);
    switch (onnxType) {
      case TensorProto.DataType.FLOAT_VALUE -> {
        float[] v = new float[n];
        b.asFloatBuffer().get(v);
        return Nd4j.create(v, shape, 'c');
      }
      case TensorProto.DataType.DOUBLE_VALUE -> {
        double[] v = new double[n];
        b.asDoubleBuffer().get(v);
        return Nd4j.create(v, shape, 'c');
      }
      case TensorProto.DataType.INT64_VALUE, TensorProto.DataType.UINT64_VALUE -> {
        long[] v = new long[n];
        b.asLongBuffer().get(v);
        return longs(v, shape, type);
      }
      default -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = element(b, onnxType);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
      }
    }
  }

  private static double element(ByteBuffer b, int onnxType) {
    return switch (onnxType) {
      case TensorProto.DataType.INT32_VALUE -> b.getInt();
      case TensorProto.DataType.UINT32_VALUE -> b.getInt() & 0xffffffffL;
      case TensorProto.DataType.INT16_VALUE -> b.getShort();
      case TensorProto.DataType.UINT16_VALUE -> b.getShort() & 0xffff;
      case TensorProto.DataType.FLOAT16_VALUE -> Half.toFloat(b.getShort());
      case TensorProto.DataType.BFLOAT16_VALUE -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
      case TensorProto.DataType.INT8_VALUE -> b.get();
      default -> b.get() & 0xff; // uint8, bool
    };
  }

  static INDArray fromFields(TensorProto t, DataType type, long[] shape, int n, String where) {
    int onnxType = t.getDataType();
    switch (onnxType) {
      case TensorProto.DataType.FLOAT_VALUE -> {
        require(t.getFloatDataCount(), n, where);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = t.getFloatData(i);
        }
        return Nd4j.create(v, shape, 'c');
      }
      case TensorProto.DataType.DOUBLE_VALUE -> {
        require(t.getDoubleDataCount(), n, where);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = t.getDoubleData(i);
        }
        return Nd4j.create(v, shape, 'c');
      }
      case TensorProto.DataType.INT64_VALUE -> {
        require(t.getInt64DataCount(), n, where);
        return longs(t.getInt64DataList().stream().mapToLong(Long::longValue).toArray(), shape, type);
      }
      case TensorProto.DataType.UINT32_VALUE, TensorProto.DataType.UINT64_VALUE -> {
        require(t.getUint64DataCount(), n, where);
        return longs(t.getUint64DataList().stream().mapToLong(Long::longValue).toArray(), shape, type);
      }
      default -> {
        require(t.getInt32DataCount(), n, where);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          int raw = t.getInt32Data(i);
          v[i] = switch (onnxType) {
            case TensorProto.DataType.FLOAT16_VALUE -> Half.toFloat((short) raw);
            case TensorProto.DataType.BFLOAT16_VALUE -> Float.intBitsToFloat((raw & 0xffff) << 16);
            default -> raw;
          };
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
      }
    }
  }

  static INDArray longs(long[] v, long[] shape, DataType type) {
    INDArray a = Nd4j.createFromArray(v).reshape('c', shape);
    return type == DataType.LONG ? a : a.castTo(type);
  }

  private static void require(int found, int expected, String where) {
    if (found != expected) {
      throw new ModelImportException(Reason.CORRUPT, where + ": holds " + found + " values; expected " + expected
          + " from its dimensions");
    }
  }
}
