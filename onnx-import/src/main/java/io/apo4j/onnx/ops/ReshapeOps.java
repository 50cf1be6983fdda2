package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Operators that only change the shape, not the elements: Reshape, Flatten, Squeeze, Unsqueeze,
 * Identity. The gradient is the output gradient reshaped back.
 */
final class ReshapeOps implements Op {
  static final List<String> NAMES = List.of("Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity");

  private final String op;
  private final int opset;
  private final long axis;
  private final long[] axesAttr;
  private final boolean allowZero;

  ReshapeOps(Node node) {
    op = node.opType();
    opset = node.opset();
    axis = node.attributes().getInt("axis", 1);
    axesAttr = node.attributes().getInts("axes", null);
    allowZero = node.attributes().getInt("allowzero", 0) != 0;
    long[] shapeAttr = node.attributes().getInts("shape", null);
    if (op.equals("Reshape") && shapeAttr != null) {
      throw node.attributes().unsupported("shape", "the shape as second input (Reshape-5 and later)");
    }
  }

  static List<String> attributes(String op) {
    return switch (op) {
      case "Reshape" -> List.of("allowzero", "shape");
      case "Flatten" -> List.of("axis");
      case "Squeeze", "Unsqueeze" -> List.of("axes");
      default -> List.of();
    };
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray x = in[0];
    long[] shape = switch (op) {
      case "Reshape" -> reshape(ctx, x.shape(), Tensors.longs(in[1]));
      case "Flatten" -> flatten(x.shape());
      case "Squeeze" -> squeeze(x.shape(), axes(in));
      case "Unsqueeze" -> unsqueeze(x.shape(), axes(in));
      default -> x.shape();
    };
    return new INDArray[] {Tensors.contiguous(x).reshape('c', shape)};
  }

  private long[] axes(INDArray[] in) {
    return in.length > 1 && in[1] != null ? Tensors.longs(in[1]) : axesAttr;
  }

  private long[] reshape(OpContext ctx, long[] from, long[] target) {
    long[] shape = target.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == 0 && !allowZero) {
        if (i >= from.length) {
          throw ctx.error("shape " + Arrays.toString(target) + " copies dimension " + i + " of a rank-" + from.length + " input");
        }
        shape[i] = from[i];
      }
      if (shape[i] == -1) {
        infer = i;
      } else {
        known *= shape[i];
      }
    }
    long size = Tensors.size(from);
    if (infer >= 0) {
      shape[infer] = known == 0 ? 0 : size / known;
    }
    if (Tensors.size(shape) != size) {
      throw ctx.error("cannot reshape " + Arrays.toString(from) + " to " + Arrays.toString(target)
          + "; expected a shape with " + size + " elements");
    }
    return shape;
  }

  private long[] flatten(long[] s) {
    // Flatten's axis may equal the rank (everything in the outer dimension): [-r, r], not [-r, r-1]
    if (axis < -s.length || axis > s.length) {
      throw new OpException("Flatten axis " + axis + " is out of range; expected [" + -s.length + ", " + s.length + "]");
    }
    int a = (int) (axis < 0 ? axis + s.length : axis);
    long outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= s[i];
    }
    return new long[] {outer, Tensors.size(s) / Math.max(outer, 1) * (outer == 0 ? 0 : 1)};
  }

  private static long[] squeeze(long[] s, long[] axes) {
    List<Long> out = new ArrayList<>();
    boolean[] drop = new boolean[s.length];
    if (axes == null) {
      for (int i = 0; i < s.length; i++) {
        drop[i] = s[i] == 1;
      }
    } else {
      for (long a : axes) {
        int ax = Tensors.axis(a, s.length);
        if (s[ax] != 1) {
          throw new OpException("cannot squeeze axis " + a + " of shape " + Arrays.toString(s) + "; expected size 1");
        }
        drop[ax] = true;
      }
    }
    for (int i = 0; i < s.length; i++) {
      if (!drop[i]) {
        out.add(s[i]);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] unsqueeze(long[] s, long[] axes) {
    int rank = s.length + axes.length;
    boolean[] added = new boolean[rank];
    for (long a : axes) {
      added[Tensors.axis(a, rank)] = true;
    }
    long[] out = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      out[i] = added[i] ? 1 : s[j++];
    }
    return out;
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] grads = new INDArray[in.length];
    if (Tensors.isFloat(in[0])) {
      grads[0] = Tensors.contiguous(gOut[0]).reshape('c', in[0].shape());
    }
    return grads;
  }
}
