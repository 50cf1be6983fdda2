package io.apo4j.onnx.load;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Turns an ONNX {@code TensorProto} (inline, raw or external data) into an ND4J array. */
public final class TensorDecoder {
  /** More elements than this in one tensor only appear in corrupt or hostile files. */
  public static final long MAX_ELEMENTS = 1L << 30;

  private TensorDecoder() {}

  /** Decodes {@code t}; {@code modelFile} names errors and anchors external data. */
  public static INDArray decode(TensorProto t, Path modelFile) {
    String where = modelFile + ", tensor '" + t.getName() + "'";
    long[] shape = shape(t.getDimsList(), where);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    DataType type = OnnxTypes.toNd4j(t.getDataType(), where);
    int width = OnnxTypes.byteWidth(t.getDataType());
    ByteBuffer raw = null;
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      raw = ExternalData.read(t, modelFile, n * width);
    } else if (t.hasRawData()) {
      raw = t.getRawData().asReadOnlyByteBuffer();
    }
    if (raw != null) {
      if (raw.remaining() != n * width) {
        throw new ModelImportException(Reason.CORRUPT, where + ": raw data has " + raw.remaining()
            + " bytes; expected " + n * width + " for shape " + java.util.Arrays.toString(shape));
      }
      return TensorValues.fromBytes(raw.order(ByteOrder.LITTLE_ENDIAN), t.getDataType(), type, shape);
    }
    return TensorValues.fromFields(t, type, shape, (int) n, where);
  }

  static long[] shape(List<Long> dims, String where) {
    long[] shape = new long[dims.size()];
    long n = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i);
      if (shape[i] < 0 || (shape[i] > 0 && n > MAX_ELEMENTS / shape[i])) {
        throw new ModelImportException(Reason.REFUSED, where + ": dimensions " + dims
            + " are negative or too large; expected at most " + MAX_ELEMENTS + " elements");
      }
      n *= shape[i];
    }
    return shape;
  }
}
