package io.apo4j.onnx.export;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.apo4j.api.Apo4jException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Encodes tensor values into a {@code TensorProto}'s little-endian {@code raw_data}. */
final class TensorData {
  private TensorData() {}

  /** {@code init} with its data replaced by {@code value}; dims, name and data type are kept. */
  static TensorProto replaced(TensorProto init, INDArray value, String where) {
    long expected = 1;
    for (long d : init.getDimsList()) {
      expected = Math.multiplyExact(expected, d);
    }
    if (value.length() != expected) {
      throw new Apo4jException(where + ": value has shape " + Arrays.toString(value.shape()) + " ("
          + value.length() + " elements); expected dims " + init.getDimsList() + " (" + expected + " elements)");
    }
    return withRawData(init, encode(init.getDataType(), value, where));
  }

  /** {@code t} holding {@code raw} as its only data, stored inline. */
  static TensorProto withRawData(TensorProto t, ByteString raw) {
    return t.toBuilder()
        .clearFloatData().clearDoubleData().clearInt32Data().clearInt64Data().clearUint64Data()
        .clearStringData().clearExternalData()
        .clearDataLocation()
        .setRawData(raw)
        .build();
  }

  private static ByteString encode(int dataType, INDArray value, String where) {
    int n = (int) value.length();
    INDArray flat = value.dup('c');
    if (dataType == TensorProto.DataType.FLOAT_VALUE) {
      ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(n, 4)).order(ByteOrder.LITTLE_ENDIAN);
      float[] data = flat.dataType() == DataType.FLOAT ? flat.data().asFloat() : flat.castTo(DataType.FLOAT).data().asFloat();
      b.asFloatBuffer().put(data);
      return ByteString.copyFrom(b.array());
    }
    if (dataType == TensorProto.DataType.DOUBLE_VALUE) {
      ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(n, 8)).order(ByteOrder.LITTLE_ENDIAN);
      b.asDoubleBuffer().put(flat.castTo(DataType.DOUBLE).data().asDouble());
      return ByteString.copyFrom(b.array());
    }
    throw new Apo4jException(where + ": initializer data type " + TensorProto.DataType.forNumber(dataType)
        + " cannot take new values; expected FLOAT or DOUBLE");
  }
}
