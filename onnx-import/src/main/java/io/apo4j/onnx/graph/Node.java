package io.apo4j.onnx.graph;

import java.util.List;

/**
 * One ONNX node as the importer sees it.
 *
 * @param index position in topological order
 * @param name the node's name (generated as {@code OpType_index} when the file leaves it empty)
 * @param opType operator name, e.g. "Gemm"
 * @param domain operator domain ("" for the default ai.onnx domain)
 * @param opset the model's opset version for that domain
 * @param inputs input value names; "" marks an omitted optional input
 * @param outputs output value names; "" marks an omitted optional output
 * @param attributes the node's attributes
 * @param where "file, node 'name' (OpType-opset)" for error messages
 */
public record Node(int index, String name, String opType, String domain, int opset, List<String> inputs,
    List<String> outputs, Attributes attributes, String where) {
  public Node {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** Whether optional input {@code i} is present. */
  public boolean hasInput(int i) {
    return i < inputs.size() && !inputs.get(i).isEmpty();
  }

  /** Whether optional output {@code i} is requested. */
  public boolean hasOutput(int i) {
    return i < outputs.size() && !outputs.get(i).isEmpty();
  }
}
