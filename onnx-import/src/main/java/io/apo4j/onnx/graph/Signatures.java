package io.apo4j.onnx.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.onnx.load.OnnxTypes;
import io.apo4j.onnx.load.TensorDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads the declared graph inputs and outputs into {@link TensorSpec}s (-1 for symbolic dimensions). */
final class Signatures {
  private Signatures() {}

  /** Names of graph inputs that the caller feeds (IR 3 files also list initializers as inputs). */
  static List<String> inputNames(GraphProto g, Collection<String> initializers) {
    return g.getInputList().stream().map(ValueInfoProto::getName).filter(n -> !initializers.contains(n)).toList();
  }

  static List<TensorSpec> inputs(Path file, GraphProto g, Collection<String> initializers) {
    List<TensorSpec> specs = new ArrayList<>();
    for (ValueInfoProto v : g.getInputList()) {
      if (!initializers.contains(v.getName())) {
        specs.add(spec(file, v, "input"));
      }
    }
    return specs;
  }

  static List<TensorSpec> outputs(Path file, GraphProto g) {
    return g.getOutputList().stream().map(v -> spec(file, v, "output")).toList();
  }

  private static TensorSpec spec(Path file, ValueInfoProto v, String role) {
    String where = file + ", graph " + role + " '" + v.getName() + "'";
    if (v.hasType() && !v.getType().hasTensorType()) {
      throw new ModelImportException(Reason.UNSUPPORTED, where + ": type " + v.getType().getValueCase()
          + " is not supported; expected a tensor");
    }
    var t = v.getType().getTensorType();
    String type = t.getElemType() == 0 ? "float32" : OnnxTypes.name(t.getElemType());
    if (t.getElemType() != 0) {
      OnnxTypes.toNd4j(t.getElemType(), where);
    }
    long[] shape = new long[t.getShape().getDimCount()];
    for (int i = 0; i < shape.length; i++) {
      TensorShapeProto.Dimension d = t.getShape().getDim(i);
      shape[i] = d.hasDimValue() ? d.getDimValue() : -1;
      if (d.hasDimValue() && (d.getDimValue() < 0 || d.getDimValue() > TensorDecoder.MAX_ELEMENTS)) {
        throw new ModelImportException(Reason.REFUSED, where + ": dimension " + i + " is " + d.getDimValue()
            + "; expected 0.." + TensorDecoder.MAX_ELEMENTS);
      }
    }
    return new TensorSpec(v.getName(), type, shape);
  }
}
