package io.apo4j.onnx.graph;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import io.apo4j.onnx.load.TensorDecoder;
import io.apo4j.onnx.ops.Op;
import io.apo4j.onnx.ops.OpTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns a parsed {@code ModelProto} into a checked {@link Graph}: orders the nodes (refusing
 * dangling names, duplicate outputs and cycles), creates each node's op (refusing unsupported
 * operators at import), sorts initializers into parameters, buffers and constants, and folds
 * nodes whose inputs are all constant.
 */
public final class GraphBuilder {
  /** More nodes than this only appear in corrupt or hostile files. */
  static final int MAX_NODES = 1_000_000;

  private final Path file;
  private final Predicate<String> frozen;

  /** @param frozen float initializers that stay constants instead of becoming parameters */
  public GraphBuilder(Path file, Predicate<String> frozen) {
    this.file = file;
    this.frozen = frozen;
  }

  public Graph build(ModelProto model) {
    GraphProto g = model.getGraph();
    if (g.getNodeCount() > MAX_NODES) {
      throw new ModelImportException(Reason.REFUSED, file + ": " + g.getNodeCount() + " nodes; expected at most "
          + MAX_NODES);
    }
    Map<String, Integer> opsets = opsets(model);
    Map<String, INDArray> initializers = new LinkedHashMap<>();
    for (TensorProto t : g.getInitializerList()) {
      if (initializers.put(t.getName(), TensorDecoder.decode(t, file)) != null) {
        throw invalid("initializer '" + t.getName() + "' is defined twice");
      }
    }
    List<Node> nodes = TopologicalOrder.sort(file, nodes(g, opsets), Signatures.inputNames(g, initializers.keySet()),
        initializers.keySet());
    List<Op> ops = new ArrayList<>();
    for (Node n : nodes) {
      ops.add(OpTable.create(n));
    }
    Initializers roles = Initializers.classify(nodes, initializers, frozen);
    Set<String> graphOutputs = new HashSet<>();
    g.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
    Folding folded = ReluPoolSwap.apply(Folding.fold(file, nodes, ops, roles.constants()), graphOutputs);
    Set<String> produced = new HashSet<>(folded.constants().keySet());
    folded.nodes().forEach(n -> produced.addAll(n.outputs()));
    produced.addAll(roles.parameters().keySet());
    produced.addAll(roles.buffers().keySet());
    List<io.apo4j.api.model.TensorSpec> inputs = Signatures.inputs(file, g, initializers.keySet());
    inputs.forEach(s -> produced.add(s.name()));
    for (var out : g.getOutputList()) {
      if (!produced.contains(out.getName())) {
        throw invalid("graph output '" + out.getName() + "' is produced by no node, input or initializer");
      }
    }
    Set<String> floatInputs = new HashSet<>();
    inputs.stream().filter(s -> s.elementType().startsWith("float")).forEach(s -> floatInputs.add(s.name()));
    return new Graph(file, folded.nodes(), folded.ops(), folded.constants(), roles.parameters(), roles.buffers(),
        inputs, Signatures.outputs(file, g), downstream(folded.nodes(), roles.parameters().keySet()),
        downstream(folded.nodes(), floatInputs));
  }

  private List<Node> nodes(GraphProto g, Map<String, Integer> opsets) {
    List<Node> nodes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto p = g.getNode(i);
      String name = p.getName().isEmpty() || !names.add(p.getName()) ? p.getOpType() + "_" + i : p.getName();
      names.add(name);
      String domain = p.getDomain().equals("ai.onnx") ? "" : p.getDomain();
      int opset = opsets.getOrDefault(domain, opsets.getOrDefault("", 1));
      Attributes attributes = new Attributes(p.getAttributeList(), file);
      String where = file + ", node '" + name + "' (" + p.getOpType() + "-" + opset + ")";
      attributes.setWhere(where);
      nodes.add(new Node(i, name, p.getOpType(), domain, opset, p.getInputList(), p.getOutputList(), attributes, where));
    }
    return nodes;
  }

  private Map<String, Integer> opsets(ModelProto model) {
    Map<String, Integer> opsets = new HashMap<>();
    for (OperatorSetIdProto o : model.getOpsetImportList()) {
      String domain = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
      opsets.put(domain, (int) Math.min(Integer.MAX_VALUE, Math.max(1, o.getVersion())));
    }
    if (!opsets.containsKey("")) {
      opsets.put("", 1);
    }
    return opsets;
  }

  /** Values reachable from {@code sources} along node edges. */
  static Set<String> downstream(List<Node> nodes, Set<String> sources) {
    Set<String> reached = new HashSet<>(sources);
    for (Node n : nodes) {
      if (n.inputs().stream().anyMatch(reached::contains)) {
        n.outputs().stream().filter(o -> !o.isEmpty()).forEach(reached::add);
      }
    }
    return reached;
  }

  private ModelImportException invalid(String message) {
    return new ModelImportException(Reason.INVALID_GRAPH, file + ": " + message);
  }
}
