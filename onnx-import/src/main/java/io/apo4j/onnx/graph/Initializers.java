package io.apo4j.onnx.graph;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sorts initializers by role: BatchNormalization running statistics become buffers, other float
 * initializers trainable parameters (unless frozen), everything else constants. Initializers no
 * node reads are dropped: they cannot affect the output.
 */
record Initializers(Map<String, INDArray> parameters, Map<String, INDArray> buffers, Map<String, INDArray> constants) {

  static Initializers classify(List<Node> nodes, Map<String, INDArray> initializers, Predicate<String> frozen) {
    Set<String> used = new HashSet<>();
    Set<String> statistics = new HashSet<>();
    for (Node n : nodes) {
      used.addAll(n.inputs());
      if (n.opType().equals("BatchNormalization")) {
        for (int i = 3; i <= 4 && i < n.inputs().size(); i++) {
          statistics.add(n.inputs().get(i));
        }
      }
    }
    Map<String, INDArray> parameters = new LinkedHashMap<>();
    Map<String, INDArray> buffers = new LinkedHashMap<>();
    Map<String, INDArray> constants = new LinkedHashMap<>();
    initializers.forEach((name, value) -> {
      if (!used.contains(name)) {
        return;
      }
      boolean isFloat = value.dataType().isFPType();
      if (isFloat && statistics.contains(name)) {
        buffers.put(name, value);
      } else if (isFloat && !frozen.test(name)) {
        parameters.put(name, value);
      } else {
        constants.put(name, value);
      }
    });
    return new Initializers(parameters, buffers, constants);
  }
}
