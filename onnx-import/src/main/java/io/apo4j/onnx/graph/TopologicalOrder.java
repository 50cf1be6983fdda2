package io.apo4j.onnx.graph;

import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders nodes so every value is produced before it is read; refuses dangling names, duplicates and cycles. */
final class TopologicalOrder {
  private TopologicalOrder() {}

  static List<Node> sort(Path file, List<Node> nodes, Collection<String> inputs, Collection<String> initializers) {
    Set<String> sources = new HashSet<>(inputs);
    sources.addAll(initializers);
    Map<String, Node> producer = new HashMap<>();
    for (Node n : nodes) {
      for (String o : n.outputs()) {
        if (o.isEmpty()) {
          continue;
        }
        if (producer.put(o, n) != null || sources.contains(o)) {
          throw new ModelImportException(Reason.INVALID_GRAPH, n.where() + ": output '" + o
              + "' is already defined by another node, input or initializer; expected unique value names");
        }
      }
    }
    Map<Node, Integer> missing = new HashMap<>();
    Map<String, List<Node>> readers = new HashMap<>();
    Deque<Node> ready = new ArrayDeque<>();
    for (Node n : nodes) {
      int count = 0;
      for (String i : new HashSet<>(n.inputs())) {
        if (i.isEmpty() || sources.contains(i)) {
          continue;
        }
        if (!producer.containsKey(i)) {
          throw new ModelImportException(Reason.INVALID_GRAPH, n.where() + ": input '" + i
              + "' is not a graph input, initializer or node output (dangling input)");
        }
        readers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
        count++;
      }
      missing.put(n, count);
      if (count == 0) {
        ready.add(n);
      }
    }
    List<Node> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      Node n = ready.poll();
      order.add(n);
      for (String o : n.outputs()) {
        for (Node r : readers.getOrDefault(o, List.of())) {
          if (missing.merge(r, -1, Integer::sum) == 0) {
            ready.add(r);
          }
        }
      }
    }
    if (order.size() != nodes.size()) {
      List<String> stuck = nodes.stream().filter(n -> !order.contains(n)).map(Node::name).limit(10).toList();
      throw new ModelImportException(Reason.INVALID_GRAPH, file + ": the graph has a cycle through nodes " + stuck
          + "; expected an acyclic graph");
    }
    List<Node> renumbered = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      Node n = order.get(i);
      renumbered.add(new Node(i, n.name(), n.opType(), n.domain(), n.opset(), n.inputs(), n.outputs(), n.attributes(),
          n.where()));
    }
    return renumbered;
  }
}
