package io.apo4j.onnx.export;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds external-data variants of a model, as ONNX's save_model(..., save_as_external_data=True) does. */
final class ExternalModels {
  private ExternalModels() {}

  /** Moves every initializer's raw data into {@code dataFile}, referenced as {@code location}. */
  static ModelProto externalize(ModelProto model, Path dataFile, String location) throws IOException {
    GraphProto.Builder g = model.getGraph().toBuilder();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      TensorProto t = g.getInitializer(i);
      int offset = data.size();
      t.getRawData().writeTo(data);
      while (data.size() % 64 != 0) {
        data.write(0); // ONNX aligns external tensors; offsets need not be packed
      }
      g.setInitializer(i, t.toBuilder().clearRawData()
          .setDataLocation(TensorProto.DataLocation.EXTERNAL)
          .addExternalData(entry("location", location))
          .addExternalData(entry("offset", Integer.toString(offset)))
          .addExternalData(entry("length", Integer.toString(t.getRawData().size()))));
    }
    Files.write(dataFile, data.toByteArray());
    return model.toBuilder().setGraph(g).build();
  }

  private static StringStringEntryProto entry(String k, String v) {
    return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
  }
}
