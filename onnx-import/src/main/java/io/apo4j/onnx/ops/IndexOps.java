package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Transpose as an index map (see {@link IndexMapOp}). */
final class IndexOps extends IndexMapOp {
  static final List<String> NAMES = List.of("Transpose");

  private final String op;
  private final long[] perm;

  IndexOps(Node node) {
    op = node.opType();
    perm = node.attributes().getInts("perm", null);
  }

  static List<String> attributes(String op) {
    return op.equals("Transpose") ? List.of("perm") : List.of();
  }

  @Override
  Mapping mapping(OpContext ctx, INDArray[] in) {
    long[] xs = in[0].shape();
    int[] st = strides(xs);
    return switch (op) {
      case "Transpose" -> {
        int r = xs.length;
        int[] p = new int[r];
        for (int a = 0; a < r; a++) {
          p[a] = perm == null ? r - 1 - a : Tensors.axis(perm[a], r);
        }
        long[] shape = new long[r];
        for (int a = 0; a < r; a++) {
          shape[a] = xs[p[a]];
        }
        yield new Mapping(build(shape, idx -> {
          int s = 0;
          for (int a = 0; a < r; a++) {
            s += idx[a] * st[p[a]];
          }
          return s;
        }), shape, 0);
      }
      default -> throw new IllegalStateException(op);
    };
  }
}
