package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Einsum for explicit-letter equations with one or more operands (no ellipsis), e.g. the
 * matmul-like "bij,bjk->bik". It loops over every assignment of the equation's letters, which
 * suits the small contractions ONNX exporters emit; the VJP loops the same way.
 */
final class EinsumOp implements Op {
  private final String[] operands;
  private final String output;

  EinsumOp(Node node) {
    String eq = node.attributes().getString("equation", "").replace(" ", "");
    if (eq.contains(".")) {
      throw node.attributes().unsupported("equation", "explicit letters without '...'");
    }
    String lhs = eq.contains("->") ? eq.substring(0, eq.indexOf("->")) : eq;
    operands = lhs.split(",", -1);
    output = eq.contains("->") ? eq.substring(eq.indexOf("->") + 2) : implicitOutput(lhs);
  }

  private static String implicitOutput(String lhs) {
    StringBuilder out = new StringBuilder();
    lhs.chars().filter(Character::isLetter).distinct().sorted()
        .filter(c -> lhs.chars().filter(d -> d == c).count() == 1).forEach(c -> out.append((char) c));
    return out.toString();
  }

  /** Letter sizes, and per term (operands then output) the stride of each letter. */
  private record Plan(List<Character> letters, long[] sizes, int[][] strides, long[] outShape) {}

  private Plan plan(OpContext ctx, INDArray[] in) {
    Map<Character, Long> sizes = new LinkedHashMap<>();
    for (int k = 0; k < operands.length; k++) {
      if (operands[k].length() != in[k].rank()) {
        throw ctx.error("operand " + k + " has rank " + in[k].rank() + " but the equation gives '" + operands[k] + "'");
      }
      for (int j = 0; j < operands[k].length(); j++) {
        Long prev = sizes.put(operands[k].charAt(j), in[k].size(j));
        if (prev != null && prev != in[k].size(j)) {
          throw ctx.error("letter '" + operands[k].charAt(j) + "' has sizes " + prev + " and " + in[k].size(j));
        }
      }
    }
    List<Character> letters = new ArrayList<>(sizes.keySet());
    long[] outShape = output.chars().mapToLong(c -> sizes.get((char) c)).toArray();
    int[][] strides = new int[operands.length + 1][];
    for (int k = 0; k <= operands.length; k++) {
      String term = k < operands.length ? operands[k] : output;
      long[] shape = term.chars().mapToLong(c -> sizes.get((char) c)).toArray();
      int[] termStrides = IndexMapOp.strides(shape);
      strides[k] = new int[letters.size()];
      for (int j = 0; j < term.length(); j++) {
        strides[k][letters.indexOf(term.charAt(j))] += termStrides[j];
      }
    }
    return new Plan(letters, letters.stream().mapToLong(sizes::get).toArray(), strides, outShape);
  }

  /** Calls {@code body} with the offsets of every term, for every letter assignment. */
  private static void each(Plan p, java.util.function.Consumer<int[]> body) {
    int terms = p.strides().length;
    int[] idx = new int[p.sizes().length];
    int[] off = new int[terms];
    long total = Tensors.size(p.sizes());
    for (long i = 0; i < total; i++) {
      body.accept(off);
      for (int a = idx.length - 1; a >= 0; a--) {
        idx[a]++;
        for (int t = 0; t < terms; t++) {
          off[t] += p.strides()[t][a];
        }
        if (idx[a] < p.sizes()[a]) {
          break;
        }
        for (int t = 0; t < terms; t++) {
          off[t] -= p.strides()[t][a] * idx[a];
        }
        idx[a] = 0;
      }
    }
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    Plan p = plan(ctx, in);
    double[][] v = new double[in.length][];
    for (int k = 0; k < in.length; k++) {
      v[k] = Tensors.values(in[k]);
    }
    double[] y = new double[(int) Tensors.size(p.outShape())];
    each(p, off -> {
      double prod = 1;
      for (int k = 0; k < v.length; k++) {
        prod *= v[k][off[k]];
      }
      y[off[v.length]] += prod;
    });
    return new INDArray[] {Tensors.create(y, p.outShape(), in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Plan p = plan(ctx, in);
    double[][] v = new double[in.length][];
    double[][] gv = new double[in.length][];
    for (int k = 0; k < in.length; k++) {
      v[k] = Tensors.values(in[k]);
      gv[k] = new double[v[k].length];
    }
    double[] g = Tensors.values(gOut[0]);
    each(p, off -> {
      double go = g[off[v.length]];
      for (int k = 0; k < v.length; k++) {
        double prod = go;
        for (int j = 0; j < v.length; j++) {
          prod *= j == k ? 1 : v[j][off[j]];
        }
        gv[k][off[k]] += prod;
      }
    });
    INDArray[] grads = new INDArray[in.length];
    for (int k = 0; k < in.length; k++) {
      grads[k] = Tensors.create(gv[k], in[k].shape(), in[k].dataType());
    }
    return grads;
  }
}
