package io.apo4j.onnx.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.Apo4jException;
import io.apo4j.api.TensorMap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a model back to ONNX as "same graph, new initializers": the original {@code ModelProto}
 * with each named initializer's data replaced by the given values.
 *
 * <p>Names, dims and data types of the initializers are kept; new data is written as little-endian
 * {@code raw_data}. Tensors that were stored as external data are embedded, so the export is one
 * self-contained file. The file is written to a temporary sibling and moved into place, so a
 * reader never sees a half-written model.
 */
public final class OnnxExporter {
  private final ModelProto original;
  private final Path modelDir;
  private final String source;

  /**
   * @param original the model as it was imported
   * @param sourceFile the file it came from: its folder resolves external data, its name appears in errors
   */
  public OnnxExporter(ModelProto original, Path sourceFile) {
    this.original = original;
    Path parent = sourceFile.toAbsolutePath().getParent();
    this.modelDir = parent == null ? Path.of(".") : parent;
    this.source = sourceFile.getFileName().toString();
  }

  /** Writes the model with {@code params} and {@code buffers} (together, by initializer name) to {@code target}. */
  public void write(TensorMap params, TensorMap buffers, Path target) {
    Map<String, INDArray> values = new LinkedHashMap<>(params.asMap());
    for (Map.Entry<String, INDArray> e : buffers) {
      if (values.put(e.getKey(), e.getValue()) != null) {
        throw new Apo4jException("export of " + source + ": '" + e.getKey()
            + "' given both as a parameter and as a buffer; expected each initializer once");
      }
    }
    write(values, target);
  }

  /** Writes the model with these initializer values to {@code target}, atomically. */
  public void write(Map<String, INDArray> values, Path target) {
    writeAtomically(withValues(values), target);
  }

  /** The original model with these initializer values and every external tensor embedded. */
  public ModelProto withValues(Map<String, INDArray> values) {
    Set<String> unused = new TreeSet<>(values.keySet());
    GraphProto.Builder graph = original.getGraph().toBuilder();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto init = graph.getInitializer(i);
      String name = init.getName();
      if (seen.put(name, i) != null) {
        throw new Apo4jException("export of " + source + ": initializer '" + name
            + "' appears twice in the graph; expected unique initializer names");
      }
      INDArray value = values.get(name);
      String where = source + ", initializer '" + name + "'";
      if (value != null) {
        unused.remove(name);
        graph.setInitializer(i, TensorData.replaced(init, value, where));
      } else if (ExternalTensorData.isExternal(init)) {
        graph.setInitializer(i, embedded(init, where));
      }
    }
    if (!unused.isEmpty()) {
      throw new Apo4jException("export of " + source + ": no initializer named " + unused
          + "; expected names among the graph's " + graph.getInitializerCount() + " initializers");
    }
    embedNodeTensors(graph);
    return original.toBuilder().setGraph(graph).build();
  }

  /** Constant nodes (and subgraphs) may hold external tensors too. */
  private void embedNodeTensors(GraphProto.Builder graph) {
    for (int n = 0; n < graph.getNodeCount(); n++) {
      NodeProto node = graph.getNode(n);
      NodeProto.Builder nb = null;
      for (int a = 0; a < node.getAttributeCount(); a++) {
        AttributeProto attr = node.getAttribute(a);
        AttributeProto fixed = embedded(attr, source + ", node '" + node.getName() + "' attribute '" + attr.getName() + "'");
        if (fixed != attr) {
          nb = nb == null ? node.toBuilder() : nb;
          nb.setAttribute(a, fixed);
        }
      }
      if (nb != null) {
        graph.setNode(n, nb);
      }
    }
  }

  private AttributeProto embedded(AttributeProto attr, String where) {
    AttributeProto.Builder b = null;
    if (attr.hasT() && ExternalTensorData.isExternal(attr.getT())) {
      b = attr.toBuilder().setT(embedded(attr.getT(), where));
    }
    for (int i = 0; i < attr.getTensorsCount(); i++) {
      if (ExternalTensorData.isExternal(attr.getTensors(i))) {
        b = b == null ? attr.toBuilder() : b;
        b.setTensors(i, embedded(attr.getTensors(i), where));
      }
    }
    if (attr.hasG()) {
      GraphProto.Builder g = attr.getG().toBuilder();
      embedSubgraph(g, where);
      b = b == null ? attr.toBuilder() : b;
      b.setG(g);
    }
    return b == null ? attr : b.build();
  }

  private void embedSubgraph(GraphProto.Builder g, String where) {
    for (int i = 0; i < g.getInitializerCount(); i++) {
      if (ExternalTensorData.isExternal(g.getInitializer(i))) {
        g.setInitializer(i, embedded(g.getInitializer(i), where + ", initializer '" + g.getInitializer(i).getName() + "'"));
      }
    }
    embedNodeTensors(g);
  }

  private TensorProto embedded(TensorProto t, String where) {
    byte[] bytes = ExternalTensorData.read(t, modelDir, where);
    return TensorData.withRawData(t, com.google.protobuf.ByteString.copyFrom(bytes));
  }

  /** Writes to a temporary file beside {@code target}, then moves it into place. */
  static void writeAtomically(ModelProto model, Path target) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        model.writeTo(out);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new Apo4jException(target + ": cannot write the exported model: " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original error matters more than a leftover temporary file
        }
      }
    }
  }
}
