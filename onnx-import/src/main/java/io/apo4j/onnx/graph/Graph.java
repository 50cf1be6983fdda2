package io.apo4j.onnx.graph;

import io.apo4j.api.model.TensorSpec;
import io.apo4j.onnx.ops.Op;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An imported ONNX graph after checking and constant folding: nodes in topological order with
 * their ops, the constants folded into it, the initial parameters and buffers, and which values
 * depend on parameters or inputs (so backward visits only what can carry a gradient).
 *
 * @param file the model file (for messages)
 * @param nodes the nodes left after folding, in execution order
 * @param ops one op per node
 * @param constants values known at import: integer initializers, Constant outputs, frozen and folded tensors
 * @param parameters trainable float initializers, in file order
 * @param buffers BatchNormalization running statistics, in file order
 * @param inputs graph inputs fed by the caller
 * @param outputs graph outputs
 * @param parameterDependent values downstream of a parameter
 * @param inputDependent values downstream of a float graph input
 */
public record Graph(Path file, List<Node> nodes, List<Op> ops, Map<String, INDArray> constants,
    Map<String, INDArray> parameters, Map<String, INDArray> buffers, List<TensorSpec> inputs,
    List<TensorSpec> outputs, Set<String> parameterDependent, Set<String> inputDependent) {
  public Graph {
    nodes = List.copyOf(nodes);
    ops = List.copyOf(ops);
    constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    parameterDependent = Set.copyOf(parameterDependent);
    inputDependent = Set.copyOf(inputDependent);
  }

  /** The node producing each value. */
  public Map<String, Node> producers() {
    Map<String, Node> m = new HashMap<>();
    for (Node n : nodes) {
      for (String o : n.outputs()) {
        if (!o.isEmpty()) {
          m.put(o, n);
        }
      }
    }
    return m;
  }

  /** The nodes reading each value. */
  public Map<String, List<Node>> consumers() {
    Map<String, List<Node>> m = new HashMap<>();
    for (Node n : nodes) {
      for (String i : n.inputs()) {
        if (!i.isEmpty()) {
          m.computeIfAbsent(i, k -> new java.util.ArrayList<>()).add(n);
        }
      }
    }
    return m;
  }

  /** Float constants cast to {@code type}, so a float64 pass never mixes in float32 constants. */
  public Map<String, INDArray> constantsAs(DataType type) {
    Map<String, INDArray> out = new HashMap<>(constants.size());
    constants.forEach((name, value) -> out.put(name,
        value.dataType().isFPType() && value.dataType() != type && value.dataType() != DataType.DOUBLE
            ? value.castTo(type) : value));
    return out;
  }
}
