package io.apo4j.host.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.Apo4jException;

/** Reads tensor values from TensorProto's typed repeated fields (used when raw_data is empty). */
final class TypedFields {
  private TypedFields() {}

  static double[] read(TensorProto t, ElementType type, int n, String where) {
    int count = switch (type) {
      case FLOAT -> t.getFloatDataCount();
      case DOUBLE -> t.getDoubleDataCount();
      case INT64 -> t.getInt64DataCount();
      case UINT32, UINT64 -> t.getUint64DataCount();
      default -> t.getInt32DataCount();
    };
    if (count != n) {
      throw new Apo4jException(where + ": tensor '" + t.getName() + "' holds " + count + " values; expected " + n
          + " for its dims " + t.getDimsList());
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (type) {
        case FLOAT -> t.getFloatData(i);
        case DOUBLE -> t.getDoubleData(i);
        case INT64 -> t.getInt64Data(i);
        case UINT32, UINT64 -> t.getUint64Data(i);
        default -> type.fromInt32Field(t.getInt32Data(i));
      };
    }
    return v;
  }
}
