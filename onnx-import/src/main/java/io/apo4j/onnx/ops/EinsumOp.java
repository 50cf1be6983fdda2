package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Einsum for equations with one or more operands, explicit or implicit output, repeated letters
 * (diagonals) and '...' (broadcast batch axes), e.g. the matmul-like "bij,bjk->bik" or
 * "...ii->...i". It loops over every assignment of the equation's letters, which suits the small
 * contractions ONNX exporters emit; the VJP loops the same way.
 */
final class EinsumOp implements Op {
  private static final String ELLIPSIS = "...";
  private final String[] operands;
  /** The output term, or null for the implicit form (ellipsis axes, then letters used once, sorted). */
  private final String output;

  EinsumOp(Node node) {
    String eq = node.attributes().getString("equation", "").replace(" ", "");
    String lhs = eq.contains("->") ? eq.substring(0, eq.indexOf("->")) : eq;
    operands = lhs.split(",", -1);
    output = eq.contains("->") ? eq.substring(eq.indexOf("->") + 2) : null;
    for (String term : eq.split("->|,", -1)) {
      String letters = term.replace(ELLIPSIS, "");
      if (!letters.chars().allMatch(Character::isLetter) || term.indexOf(ELLIPSIS) != term.lastIndexOf(ELLIPSIS)) {
        throw node.attributes().unsupported("equation", "letters and at most one '...' per term");
      }
    }
  }

  private static String implicitOutput(String[] terms, String ellipsisLetters) {
    StringBuilder out = new StringBuilder(ellipsisLetters);
    String lhs = String.join("", terms);
    lhs.chars().filter(c -> ellipsisLetters.indexOf(c) < 0).distinct().sorted()
        .filter(c -> lhs.chars().filter(d -> d == c).count() == 1).forEach(c -> out.append((char) c));
    return out.toString();
  }

  /**
   * The operand terms and output term with each '...' replaced by fresh letters: as many as the
   * operand has axes beyond its letters, right-aligned across operands (numpy broadcasting).
   */
  private String[] expand(OpContext ctx, INDArray[] in) {
    String used = String.join("", operands) + (output == null ? "" : output);
    int batch = 0;
    int[] counts = new int[operands.length];
    for (int k = 0; k < operands.length; k++) {
      int letters = operands[k].replace(ELLIPSIS, "").length();
      counts[k] = operands[k].contains(ELLIPSIS) ? in[k].rank() - letters : 0;
      if (counts[k] < 0) {
        throw ctx.error("operand " + k + " has rank " + in[k].rank() + " but the equation gives '" + operands[k] + "'");
      }
      batch = Math.max(batch, counts[k]);
    }
    StringBuilder fresh = new StringBuilder();
    for (char c = 'A'; fresh.length() < batch; c++) {
      if (c > 'Z' && c < 'a') {
        c = 'a';
      }
      if (used.indexOf(c) < 0) {
        fresh.append(c);
      }
    }
    String all = fresh.toString();
    String[] terms = new String[operands.length + 1];
    for (int k = 0; k < operands.length; k++) {
      terms[k] = operands[k].replace(ELLIPSIS, all.substring(batch - counts[k]));
    }
    String[] lhs = java.util.Arrays.copyOf(terms, operands.length);
    terms[operands.length] = output == null ? implicitOutput(lhs, all) : output.replace(ELLIPSIS, all);
    return terms;
  }

  /** Letter sizes, and per term (operands then output) the stride of each letter. */
  private record Plan(List<Character> letters, long[] sizes, int[][] strides, long[] outShape) {}

  private Plan plan(OpContext ctx, INDArray[] in) {
    String[] terms = expand(ctx, in);
    Map<Character, Long> sizes = new LinkedHashMap<>();
    for (int k = 0; k < operands.length; k++) {
      if (terms[k].length() != in[k].rank()) {
        throw ctx.error("operand " + k + " has rank " + in[k].rank() + " but the equation gives '" + operands[k] + "'");
      }
      for (int j = 0; j < terms[k].length(); j++) {
        long size = in[k].size(j);
        Long prev = sizes.get(terms[k].charAt(j));
        if (prev != null && prev != size && prev != 1 && size != 1) {
          throw ctx.error("letter '" + terms[k].charAt(j) + "' has sizes " + prev + " and " + size
              + "; expected equal sizes or 1 (broadcasting)");
        }
        sizes.put(terms[k].charAt(j), prev == null ? size : Math.max(prev, size));
      }
    }
    String out = terms[operands.length];
    for (char c : out.toCharArray()) {
      if (!sizes.containsKey(c)) {
        throw ctx.error("output letter '" + c + "' appears in no operand");
      }
    }
    List<Character> letters = new ArrayList<>(sizes.keySet());
    long[] outShape = out.chars().mapToLong(c -> sizes.get((char) c)).toArray();
    int[][] strides = new int[operands.length + 1][];
    for (int k = 0; k <= operands.length; k++) {
      long[] shape = k < operands.length ? in[k].shape() : outShape;
      int[] termStrides = IndexMapOp.strides(shape);
      strides[k] = new int[letters.size()];
      for (int j = 0; j < terms[k].length(); j++) {
        // an axis of size 1 broadcast against a larger one repeats its one element (stride 0)
        if (shape[j] == sizes.get(terms[k].charAt(j))) {
          strides[k][letters.indexOf(terms[k].charAt(j))] += termStrides[j];
        }
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
