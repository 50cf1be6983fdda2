package io.apo4j.onnx.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test-side decoding of float32 initializers (raw_data or float_data), independent of the importer. */
final class Initializers {
  private Initializers() {}

  static Map<String, INDArray> floats(ModelProto model) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
        out.put(t.getName(), decode(t));
      }
    }
    return out;
  }

  static INDArray decode(TensorProto t) {
    long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    float[] data;
    if (!t.getRawData().isEmpty()) {
      FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      data = new float[fb.remaining()];
      fb.get(data);
    } else {
      data = new float[t.getFloatDataCount()];
      for (int i = 0; i < data.length; i++) {
        data[i] = t.getFloatData(i);
      }
    }
    return Nd4j.create(data, shape, 'c');
  }
}
