package io.apo4j.onnx.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.apo4j.api.Apo4jException;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.onnx.exec.Executor;
import io.apo4j.onnx.graph.Graph;
import io.apo4j.onnx.load.OnnxTypes;
import io.apo4j.onnx.ops.Tensors;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Assembles an {@link OnnxModel} from a checked graph: probe run, Kronecker layers, name. */
public final class Models {
  /** Probe inputs larger than this are skipped (the probe is a check, not a workload). */
  private static final long PROBE_LIMIT = 1L << 24;
  private static final String PROBE = "a trial run (dynamic dimensions of size 2) failed: ";

  private Models() {}

  public static OnnxModel create(Path file, ModelProto proto, Graph graph, boolean probe) {
    if (probe) {
      probe(graph);
    }
    String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
    return new OnnxModel(stem, file, proto, graph, new LayerDetector(graph).detect());
  }

  /**
   * Runs one EVAL pass on zeros so shape mismatches fail at import, naming the node. Dynamic
   * dimensions get size 2, not 1: at size 1 a graph that folds the batch into the features
   * (e.g. Flatten with axis 0) still runs, and would only fail at the first real batch. Graphs
   * with integer inputs are not probed: zeros are no valid shape, axes or step values, so a
   * failure would say nothing about the model. Nor are graphs with a scalar input: a scalar is
   * mostly a value (a Range bound, a threshold) for which zero may be invalid.
   */
  static void probe(Graph graph) {
    Map<String, INDArray> inputs = new HashMap<>();
    for (TensorSpec spec : graph.inputs()) {
      if (!spec.elementType().startsWith("float") && !spec.elementType().equals("bfloat16")
          || spec.shape().length == 0) {
        return;
      }
      long[] shape = spec.shape().clone();
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shape[i] < 0 ? 2 : shape[i];
      }
      if (Tensors.size(shape) > PROBE_LIMIT) {
        return;
      }
      DataType type = OnnxTypes.toNd4j(typeCode(spec.elementType()), graph.file().toString());
      inputs.put(spec.name(), Nd4j.create(type, shape));
    }
    try {
      Executor.forward(graph, graph.parameters(), graph.buffers(), inputs, Mode.EVAL, 0);
    } catch (Apo4jException | IllegalArgumentException | IllegalStateException | ArithmeticException
        | IndexOutOfBoundsException e) {
      throw new ModelImportException(Reason.SHAPE_MISMATCH, graph.file() + ": " + PROBE + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ModelImportException(Reason.SHAPE_MISMATCH, graph.file() + ": " + PROBE + e, e);
    }
  }

  private static int typeCode(String name) {
    for (int code = 1; code < 24; code++) {
      if (OnnxTypes.name(code).equals(name)) {
        return code;
      }
    }
    return 1;
  }
}
