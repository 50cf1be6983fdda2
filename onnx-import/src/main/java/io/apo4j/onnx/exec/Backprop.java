package io.apo4j.onnx.exec;

import io.apo4j.api.kernels.Arith;
import io.apo4j.api.kernels.Release;
import io.apo4j.onnx.graph.Graph;
import io.apo4j.onnx.graph.Node;
import io.apo4j.onnx.ops.OpContext;
import io.apo4j.onnx.ops.OpException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reverse-mode pass over a {@link Trace}: visits nodes in reverse order, calls each op's
 * vector-Jacobian product for the inputs that lead back to a parameter (or a float input when
 * asked), and sums gradients of values read by several nodes.
 */
public final class Backprop {
  private Backprop() {}

  /**
   * Back-propagates {@code seeds} (dLoss/dValue for some values, usually the first output).
   *
   * @param inputGradients whether to reach float graph inputs too
   * @param watch values whose complete gradient the caller wants (layer outputs for taps)
   * @return the gradient of every parameter and watched value reached (and inputs if asked)
   */
  public static Map<String, INDArray> run(Graph graph, Trace trace, Map<String, INDArray> seeds,
      boolean inputGradients, Set<String> watch) {
    Map<String, INDArray> grads = new HashMap<>(seeds);
    Map<String, INDArray> result = new HashMap<>();
    List<INDArray> made = new ArrayList<>();
    for (int k = graph.nodes().size() - 1; k >= 0; k--) {
      Node node = graph.nodes().get(k);
      INDArray[] gOut = new INDArray[node.outputs().size()];
      boolean any = false;
      for (int o = 0; o < gOut.length; o++) {
        String name = node.outputs().get(o);
        gOut[o] = name.isEmpty() ? null : grads.remove(name);
        if (gOut[o] != null) {
          any = true;
          if (watch.contains(name)) {
            result.put(name, gOut[o]);
          }
        }
      }
      boolean[] needs = new boolean[node.inputs().size()];
      boolean anyNeeded = false;
      for (int i = 0; i < needs.length; i++) {
        String name = node.inputs().get(i);
        needs[i] = !name.isEmpty() && (graph.parameterDependent().contains(name)
            || (inputGradients && graph.inputDependent().contains(name)));
        anyNeeded |= needs[i];
      }
      if (!any || !anyNeeded) {
        continue;
      }
      fillMissing(trace, node, gOut);
      OpContext ctx = trace.contexts()[k];
      ctx.setNeedsGradient(needs);
      INDArray[] in = new INDArray[needs.length];
      INDArray[] out = new INDArray[gOut.length];
      for (int i = 0; i < in.length; i++) {
        in[i] = node.inputs().get(i).isEmpty() ? null : trace.values().get(node.inputs().get(i));
      }
      for (int o = 0; o < out.length; o++) {
        out[o] = node.outputs().get(o).isEmpty() ? null : trace.values().get(node.outputs().get(o));
      }
      INDArray[] gIn = vjp(graph, k, ctx, in, out, gOut);
      for (int i = 0; i < needs.length; i++) {
        if (needs[i] && i < gIn.length && gIn[i] != null) {
          made.add(gIn[i]);
          INDArray sum = grads.merge(node.inputs().get(i), gIn[i], Arith::sum);
          if (sum != gIn[i]) {
            made.add(sum);
          }
        }
      }
    }
    grads.forEach((name, g) -> {
      if (graph.parameters().containsKey(name) || watch.contains(name)
          || (inputGradients && graph.inputs().stream().anyMatch(s -> s.name().equals(name)))) {
        result.put(name, g);
      }
    });
    // intermediate gradients are dead now; free them unless they share memory with a result,
    // a seed or a value of the forward pass (which may yet serve another backward pass)
    List<INDArray> keep = new ArrayList<>(result.values());
    keep.addAll(seeds.values());
    keep.addAll(trace.values().values());
    Release.unshared(made, keep);
    return result;
  }

  /** Outputs that do not reach the loss get zero gradients when another output does. */
  private static void fillMissing(Trace trace, Node node, INDArray[] gOut) {
    for (int o = 0; o < gOut.length; o++) {
      String name = node.outputs().get(o);
      INDArray v = name.isEmpty() ? null : trace.values().get(name);
      if (gOut[o] == null && v != null && v.dataType().isFPType() && o == 0) {
        gOut[o] = v.ulike().assign(0);
      }
    }
  }

  private static INDArray[] vjp(Graph graph, int k, OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Node node = graph.nodes().get(k);
    try {
      if (!OpTimes.ENABLED) {
        return graph.ops().get(k).backward(ctx, in, out, gOut);
      }
      long start = System.nanoTime();
      INDArray[] grads = graph.ops().get(k).backward(ctx, in, out, gOut);
      OpTimes.add("B", node.where(), System.nanoTime() - start);
      return grads;
    } catch (OpException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new OpException(node.where() + ": backward failed for output gradients "
          + Arrays.stream(gOut).map(a -> a == null ? "-" : Arrays.toString(a.shape())).toList() + ": " + e, e);
    }
  }
}
