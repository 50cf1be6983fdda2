package io.apo4j.onnx.load;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import org.nd4j.linalg.api.buffer.DataType;

/** The mapping between ONNX element types and ND4J data types. */
public final class OnnxTypes {
  private OnnxTypes() {}

  /** The ND4J type holding ONNX element type {@code onnxType}. */
  public static DataType toNd4j(int onnxType, String where) {
    return switch (onnxType) {
      case TensorProto.DataType.FLOAT_VALUE -> DataType.FLOAT;
      case TensorProto.DataType.DOUBLE_VALUE -> DataType.DOUBLE;
      case TensorProto.DataType.FLOAT16_VALUE -> DataType.HALF;
      case TensorProto.DataType.BFLOAT16_VALUE -> DataType.BFLOAT16;
      case TensorProto.DataType.INT64_VALUE -> DataType.LONG;
      case TensorProto.DataType.INT32_VALUE -> DataType.INT;
      case TensorProto.DataType.INT16_VALUE -> DataType.SHORT;
      case TensorProto.DataType.INT8_VALUE -> DataType.BYTE;
      case TensorProto.DataType.UINT8_VALUE -> DataType.UBYTE;
      case TensorProto.DataType.UINT16_VALUE -> DataType.UINT16;
      case TensorProto.DataType.UINT32_VALUE -> DataType.UINT32;
      case TensorProto.DataType.UINT64_VALUE -> DataType.UINT64;
      case TensorProto.DataType.BOOL_VALUE -> DataType.BOOL;
      default -> throw new ModelImportException(Reason.UNSUPPORTED, where + ": element type "
          + TensorProto.DataType.forNumber(onnxType) + " (" + onnxType + ") is not supported; expected one of"
          + " float, double, float16, bfloat16, int8/16/32/64, uint8/16/32/64, bool");
    };
  }

  /** The ONNX element type of an ND4J type. */
  public static int toOnnx(DataType type) {
    return switch (type) {
      case FLOAT -> TensorProto.DataType.FLOAT_VALUE;
      case DOUBLE -> TensorProto.DataType.DOUBLE_VALUE;
      case HALF -> TensorProto.DataType.FLOAT16_VALUE;
      case BFLOAT16 -> TensorProto.DataType.BFLOAT16_VALUE;
      case LONG -> TensorProto.DataType.INT64_VALUE;
      case INT -> TensorProto.DataType.INT32_VALUE;
      case SHORT -> TensorProto.DataType.INT16_VALUE;
      case BYTE -> TensorProto.DataType.INT8_VALUE;
      case UBYTE -> TensorProto.DataType.UINT8_VALUE;
      case UINT16 -> TensorProto.DataType.UINT16_VALUE;
      case UINT32 -> TensorProto.DataType.UINT32_VALUE;
      case UINT64 -> TensorProto.DataType.UINT64_VALUE;
      case BOOL -> TensorProto.DataType.BOOL_VALUE;
      default -> throw new IllegalArgumentException("no ONNX element type for ND4J type " + type);
    };
  }

  /** Lower-case ONNX name, e.g. "float32" or "int64", as {@code TensorSpec} uses. */
  public static String name(int onnxType) {
    return switch (onnxType) {
      case TensorProto.DataType.FLOAT_VALUE -> "float32";
      case TensorProto.DataType.DOUBLE_VALUE -> "float64";
      case TensorProto.DataType.FLOAT16_VALUE -> "float16";
      case TensorProto.DataType.BFLOAT16_VALUE -> "bfloat16";
      case TensorProto.DataType.INT64_VALUE -> "int64";
      case TensorProto.DataType.INT32_VALUE -> "int32";
      case TensorProto.DataType.INT16_VALUE -> "int16";
      case TensorProto.DataType.INT8_VALUE -> "int8";
      case TensorProto.DataType.UINT8_VALUE -> "uint8";
      case TensorProto.DataType.UINT16_VALUE -> "uint16";
      case TensorProto.DataType.UINT32_VALUE -> "uint32";
      case TensorProto.DataType.UINT64_VALUE -> "uint64";
      case TensorProto.DataType.BOOL_VALUE -> "bool";
      default -> "type" + onnxType;
    };
  }

  static int byteWidth(int onnxType) {
    return switch (onnxType) {
      case TensorProto.DataType.DOUBLE_VALUE, TensorProto.DataType.INT64_VALUE,
          TensorProto.DataType.UINT64_VALUE -> 8;
      case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE,
          TensorProto.DataType.UINT32_VALUE -> 4;
      case TensorProto.DataType.FLOAT16_VALUE, TensorProto.DataType.BFLOAT16_VALUE,
          TensorProto.DataType.INT16_VALUE, TensorProto.DataType.UINT16_VALUE -> 2;
      default -> 1;
    };
  }
}
