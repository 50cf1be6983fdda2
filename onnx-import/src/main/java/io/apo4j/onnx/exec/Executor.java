package io.apo4j.onnx.exec;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.model.Mode;
import io.apo4j.api.kernels.Release;
import io.apo4j.onnx.graph.Graph;
import io.apo4j.onnx.graph.Node;
import io.apo4j.onnx.ops.OpContext;
import io.apo4j.onnx.ops.OpException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs a {@link Graph} forward, recording a {@link Trace} for {@link Backprop}. */
public final class Executor {
  private Executor() {}

  /**
   * Runs every node.
   *
   * @param params values of the graph's parameters (any float type; the pass computes in the type of the first)
   * @param buffers values of its buffers
   * @param inputs the graph inputs by name
   */
  public static Trace forward(Graph graph, Map<String, INDArray> params, Map<String, INDArray> buffers,
      Map<String, INDArray> inputs, Mode mode, long seed) {
    DataType floatType = floatType(graph, params, inputs);
    Map<String, INDArray> values = new HashMap<>(graph.constantsAs(floatType));
    for (String name : graph.parameters().keySet()) {
      values.put(name, require(graph, params, name, "parameter"));
    }
    for (String name : graph.buffers().keySet()) {
      values.put(name, require(graph, buffers, name, "buffer"));
    }
    for (var spec : graph.inputs()) {
      values.put(spec.name(), require(graph, inputs, spec.name(), "input"));
    }
    OpContext[] contexts = new OpContext[graph.nodes().size()];
    Map<String, INDArray> updated = new LinkedHashMap<>(buffers);
    for (int k = 0; k < contexts.length; k++) {
      Node node = graph.nodes().get(k);
      OpContext ctx = new OpContext(node, mode, seed * 1_000_003L + k, floatType);
      contexts[k] = ctx;
      INDArray[] in = new INDArray[node.inputs().size()];
      for (int i = 0; i < in.length; i++) {
        in[i] = node.inputs().get(i).isEmpty() ? null : values.get(node.inputs().get(i));
      }
      INDArray[] out = run(graph, node, k, ctx, in);
      for (int o = 0; o < node.outputs().size(); o++) {
        if (!node.outputs().get(o).isEmpty() && o < out.length && out[o] != null) {
          values.put(node.outputs().get(o), out[o]);
        }
      }
      ctx.bufferUpdates().forEach((i, v) -> {
        String name = node.inputs().get(i);
        if (graph.buffers().containsKey(name)) {
          updated.put(name, v);
        }
      });
    }
    return new Trace(values, contexts, updated, mode, floatType);
  }

  /**
   * Frees the memory of the values {@code trace}'s nodes computed, except the graph's outputs, the
   * updated buffers, {@code keep} and whatever shares memory with a parameter, buffer, input or
   * constant. The trace must not be used afterwards (no backward pass).
   */
  public static void release(Graph graph, Trace trace, Collection<INDArray> keep) {
    List<INDArray> computed = new ArrayList<>();
    List<INDArray> kept = new ArrayList<>(keep);
    Set<String> produced = new HashSet<>();
    for (Node node : graph.nodes()) {
      produced.addAll(node.outputs());
    }
    graph.outputs().forEach(o -> kept.add(trace.values().get(o.name())));
    kept.addAll(trace.updatedBuffers().values());
    trace.values().forEach((name, v) -> (produced.contains(name) ? computed : kept).add(v));
    Release.unshared(computed, kept);
  }

  private static INDArray[] run(Graph graph, Node node, int k, OpContext ctx, INDArray[] in) {
    try {
      if (!OpTimes.ENABLED) {
        return graph.ops().get(k).forward(ctx, in);
      }
      long start = System.nanoTime();
      INDArray[] out = graph.ops().get(k).forward(ctx, in);
      OpTimes.add("F", node.where(), System.nanoTime() - start);
      return out;
    } catch (OpException e) {
      throw e.getMessage().startsWith(node.where()) ? e : new OpException(node.where() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      String shapes = Arrays.stream(in).map(a -> a == null ? "-" : a.dataType() + Arrays.toString(a.shape()))
          .toList().toString();
      throw new OpException(node.where() + ": failed on inputs " + shapes + ": " + e, e);
    }
  }

  private static DataType floatType(Graph graph, Map<String, INDArray> params, Map<String, INDArray> inputs) {
    for (String name : graph.parameters().keySet()) {
      INDArray p = params.get(name);
      if (p != null) {
        return p.dataType();
      }
    }
    for (var spec : graph.inputs()) {
      INDArray x = inputs.get(spec.name());
      if (x != null && x.dataType().isFPType()) {
        return x.dataType();
      }
    }
    return DataType.FLOAT;
  }

  private static INDArray require(Graph graph, Map<String, INDArray> map, String name, String role) {
    INDArray v = map.get(name);
    if (v == null) {
      throw new Apo4jException(graph.file() + ": " + role + " '" + name + "' was not given; expected "
          + role + "s " + switch (role) {
            case "parameter" -> graph.parameters().keySet();
            case "buffer" -> graph.buffers().keySet();
            default -> graph.inputs();
          });
    }
    return v;
  }
}
