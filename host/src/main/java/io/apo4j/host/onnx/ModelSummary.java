package io.apo4j.host.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.apo4j.api.Apo4jException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an ONNX file declares, read straight from its protobuf (so it works even when the import
 * fails): IR version, opsets, graph inputs and outputs, and how often each operator occurs.
 *
 * @param opHistogram op type (domain-qualified unless the default domain) to count, over the graph
 *     and its subgraphs
 */
public record ModelSummary(long irVersion, String producer, Map<String, Long> opsets, List<String> inputs,
    List<String> outputs, Map<String, Integer> opHistogram, int initializers) {

  public static ModelSummary read(Path file) {
    ModelProto model;
    try (InputStream in = Files.newInputStream(file)) {
      model = ModelProto.parseFrom(in);
    } catch (IOException e) {
      throw new Apo4jException(file + ": not a readable ONNX model: " + e.getMessage(), e);
    }
    if (!model.hasGraph()) {
      throw new Apo4jException(file + ": the model has no graph; expected an ONNX ModelProto");
    }
    GraphProto g = model.getGraph();
    Map<String, Long> opsets = new TreeMap<>();
    for (OperatorSetIdProto o : model.getOpsetImportList()) {
      opsets.put(o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain(), o.getVersion());
    }
    Set<String> initNames = new HashSet<>();
    g.getInitializerList().forEach(t -> initNames.add(t.getName()));
    List<String> inputs = new ArrayList<>();
    for (ValueInfoProto v : g.getInputList()) {
      if (!initNames.contains(v.getName())) { // IR 3 lists initializers as inputs too
        inputs.add(describe(v));
      }
    }
    List<String> outputs = g.getOutputList().stream().map(ModelSummary::describe).toList();
    Map<String, Integer> histogram = new TreeMap<>();
    count(g, histogram, 0);
    String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
    return new ModelSummary(model.getIrVersion(), producer, opsets, inputs, outputs, histogram,
        g.getInitializerCount());
  }

  private static void count(GraphProto g, Map<String, Integer> histogram, int depth) {
    if (depth > 64) {
      return; // absurd nesting: the importer reports it
    }
    for (NodeProto n : g.getNodeList()) {
      String op = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType()
          : n.getDomain() + ":" + n.getOpType();
      histogram.merge(op, 1, Integer::sum);
      n.getAttributeList().forEach(a -> {
        if (a.hasG()) {
          count(a.getG(), histogram, depth + 1);
        }
        a.getGraphsList().forEach(sub -> count(sub, histogram, depth + 1));
      });
    }
  }

  /** {@code name: float32[batch, 64]}. */
  static String describe(ValueInfoProto v) {
    TypeProto t = v.getType();
    if (!t.hasTensorType()) {
      return v.getName() + ": " + t.getValueCase().name().toLowerCase(java.util.Locale.ROOT);
    }
    StringBuilder s = new StringBuilder(v.getName()).append(": ")
        .append(elementName(t.getTensorType().getElemType()));
    if (t.getTensorType().hasShape()) {
      List<String> dims = new ArrayList<>();
      for (TensorShapeProto.Dimension d : t.getTensorType().getShape().getDimList()) {
        dims.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.hasDimParam() ? d.getDimParam() : "?");
      }
      s.append(dims);
    } else {
      s.append("[shape unknown]");
    }
    return s.toString();
  }

  static String elementName(int onnxType) {
    try {
      return ElementType.of(onnxType, "").label();
    } catch (Apo4jException e) {
      return "type" + onnxType;
    }
  }
}
