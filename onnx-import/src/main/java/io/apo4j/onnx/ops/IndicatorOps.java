package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import io.apo4j.onnx.load.OnnxTypes;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Operators whose outputs are indicators, not functions with a gradient: IsNaN and IsInf
 * (detect_negative, detect_positive) give booleans, EyeLike ones on diagonal k (dtype attribute
 * or the input's type), OneHot the on/off values at each index along a new axis (negative indices
 * count from the depth's end).
 */
final class IndicatorOps implements Op {
  static final List<String> NAMES = List.of("IsNaN", "IsInf", "EyeLike", "OneHot");

  private final String op;
  private final boolean negative;
  private final boolean positive;
  private final long k;
  private final DataType dtype;
  private final long axis;

  IndicatorOps(Node node) {
    var a = node.attributes();
    op = node.opType();
    negative = a.getInt("detect_negative", 1) != 0;
    positive = a.getInt("detect_positive", 1) != 0;
    k = a.getInt("k", 0);
    dtype = a.has("dtype") ? OnnxTypes.toNd4j((int) a.getInt("dtype", 1), node.where()) : null;
    axis = a.getInt("axis", -1);
  }

  static List<String> attributes(String op) {
    return switch (op) {
      case "IsInf" -> List.of("detect_negative", "detect_positive");
      case "EyeLike" -> List.of("dtype", "k");
      case "OneHot" -> List.of("axis");
      default -> List.of();
    };
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    double[] x = Tensors.values(in[0]);
    long[] shape = in[0].shape();
    return switch (op) {
      case "IsNaN", "IsInf" -> {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
          boolean hit = op.equals("IsNaN") ? Double.isNaN(x[i])
              : x[i] == Double.POSITIVE_INFINITY && positive || x[i] == Double.NEGATIVE_INFINITY && negative;
          y[i] = hit ? 1 : 0;
        }
        yield new INDArray[] {Tensors.create(y, shape, DataType.BOOL)};
      }
      case "EyeLike" -> {
        if (shape.length != 2) {
          throw ctx.error("input of rank " + shape.length + "; expected a matrix");
        }
        double[] y = new double[x.length];
        for (long r = 0; r < shape[0]; r++) {
          long c = r + k;
          if (c >= 0 && c < shape[1]) {
            y[(int) (r * shape[1] + c)] = 1;
          }
        }
        yield new INDArray[] {Tensors.create(y, shape, dtype != null ? dtype : in[0].dataType())};
      }
      default -> new INDArray[] {oneHot(ctx, in, x, shape)};
    };
  }

  private INDArray oneHot(OpContext ctx, INDArray[] in, double[] indices, long[] shape) {
    long depth = (long) Tensors.values(in[1])[0];
    double[] offOn = Tensors.values(in[2]);
    int rank = shape.length + 1;
    int a = Tensors.axis(axis, rank);
    long[] out = new long[rank];
    for (int d = 0, j = 0; d < rank; d++) {
      out[d] = d == a ? depth : shape[j++];
    }
    Tensors.checkSize(out);
    long inner = Tensors.size(shape, a, shape.length);
    double[] y = new double[(int) Tensors.size(out)];
    java.util.Arrays.fill(y, offOn[0]);
    for (int i = 0; i < indices.length; i++) {
      long idx = (long) indices[i];
      idx = idx < 0 ? idx + depth : idx;
      if (idx < 0 || idx >= depth) {
        continue; // out of range: the row stays all off, as ONNX defines
      }
      long outer = i / inner;
      long rest = i % inner;
      y[(int) ((outer * depth + idx) * inner + rest)] = offOn[1];
    }
    return Tensors.create(y, out, in[2].dataType());
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    return new INDArray[in.length];
  }
}
