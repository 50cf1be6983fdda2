package io.apo4j.onnx.graph;

import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import io.apo4j.api.model.Mode;
import io.apo4j.onnx.ops.Op;
import io.apo4j.onnx.ops.OpContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Constant folding at import: a foldable node whose inputs are all constants is evaluated once
 * and replaced by its outputs (Constant nodes, shape arithmetic on integer initializers, ...).
 */
record Folding(List<Node> nodes, List<Op> ops, Map<String, INDArray> constants) {

  static Folding fold(Path file, List<Node> nodes, List<Op> ops, Map<String, INDArray> initial) {
    Map<String, INDArray> constants = new LinkedHashMap<>(initial);
    List<Node> kept = new ArrayList<>();
    List<Op> keptOps = new ArrayList<>();
    for (int k = 0; k < nodes.size(); k++) {
      Node n = nodes.get(k);
      Op op = ops.get(k);
      boolean constant = op.foldable() && n.inputs().stream().allMatch(i -> i.isEmpty() || constants.containsKey(i));
      if (!constant) {
        kept.add(n);
        keptOps.add(op);
        continue;
      }
      INDArray[] in = n.inputs().stream().map(i -> i.isEmpty() ? null : constants.get(i)).toArray(INDArray[]::new);
      INDArray[] out;
      try {
        out = op.forward(new OpContext(n, Mode.EVAL, 0, DataType.FLOAT), in);
      } catch (ModelImportException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ModelImportException(Reason.SHAPE_MISMATCH, n.where() + ": cannot evaluate on its constant inputs: "
            + e.getMessage(), e);
      }
      for (int o = 0; o < n.outputs().size(); o++) {
        if (!n.outputs().get(o).isEmpty() && o < out.length && out[o] != null) {
          constants.put(n.outputs().get(o), out[o]);
        }
      }
    }
    return new Folding(kept, keptOps, constants);
  }
}
