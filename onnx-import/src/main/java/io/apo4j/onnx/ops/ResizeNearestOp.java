package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Resize (opset 11 and later) in nearest mode: every output element copies the input element
 * nearest to its source coordinate, so it is an {@link AxisMap} and its gradient adds back.
 * Coordinate modes half_pixel, half_pixel_symmetric, pytorch_half_pixel, align_corners and
 * asymmetric; nearest modes round_prefer_floor, round_prefer_ceil, floor and ceil; scales or sizes,
 * optionally on the given axes. Linear and cubic modes and tf_crop_and_resize are refused at import.
 */
final class ResizeNearestOp implements Op {
  static final List<String> ATTRIBUTES = List.of("mode", "coordinate_transformation_mode", "nearest_mode", "axes",
      "antialias", "cubic_coeff_a", "exclude_outside", "extrapolation_value", "keep_aspect_ratio_policy");
  private static final List<String> COORDINATES = List.of("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
      "align_corners", "asymmetric");
  private static final List<String> ROUNDING = List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil");

  private final String coordinates;
  private final String rounding;
  private final long[] axesAttr;

  ResizeNearestOp(Node node) {
    var a = node.attributes();
    if (!a.getString("mode", "nearest").equals("nearest")) {
      throw a.unsupported("mode", "nearest");
    }
    coordinates = a.getString("coordinate_transformation_mode", "half_pixel");
    if (!COORDINATES.contains(coordinates)) {
      throw a.unsupported("coordinate_transformation_mode", COORDINATES.toString());
    }
    rounding = a.getString("nearest_mode", "round_prefer_floor");
    if (!ROUNDING.contains(rounding)) {
      throw a.unsupported("nearest_mode", ROUNDING.toString());
    }
    if (!a.getString("keep_aspect_ratio_policy", "stretch").equals("stretch")) {
      throw a.unsupported("keep_aspect_ratio_policy", "stretch");
    }
    axesAttr = a.getInts("axes", null);
  }

  private AxisMap map(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    int rank = shape.length;
    long[] axes = axesAttr == null ? java.util.stream.LongStream.range(0, rank).toArray() : axesAttr;
    boolean bySizes = in.length > 3 && in[3] != null && !in[3].isEmpty();
    double[] given = bySizes ? Tensors.values(in[3])
        : in.length > 2 && in[2] != null && !in[2].isEmpty() ? Tensors.values(in[2]) : null;
    if (given == null || given.length != axes.length) {
      throw ctx.error("expected " + axes.length + " scales or sizes (one per resized axis), found "
          + (given == null ? "none" : Arrays.toString(given)));
    }
    int[][] maps = AxisMap.identity(shape);
    for (int i = 0; i < axes.length; i++) {
      int axis = Tensors.axis(axes[i], rank);
      long out = bySizes ? (long) given[i] : (long) Math.floor(shape[axis] * given[i]);
      double scale = bySizes ? (double) out / shape[axis] : given[i];
      if (out < 0 || !(scale > 0) && out > 0) {
        throw ctx.error("axis " + axis + " resized to " + out + " with scale " + scale + "; expected positive values");
      }
      Tensors.checkSize(new long[] {out});
      maps[axis] = new int[(int) out];
      for (int c = 0; c < out; c++) {
        double x = source(c, scale, shape[axis], out);
        long index = Math.max(0, Math.min(shape[axis] - 1, nearest(x)));
        maps[axis][c] = (int) index;
      }
    }
    return AxisMap.of(maps);
  }

  private double source(long x, double scale, long in, long out) {
    return switch (coordinates) {
      case "half_pixel" -> (x + 0.5) / scale - 0.5;
      case "pytorch_half_pixel" -> out > 1 ? (x + 0.5) / scale - 0.5 : 0;
      case "align_corners" -> out == 1 ? 0 : x * (in - 1) / (double) (out - 1);
      case "half_pixel_symmetric" -> {
        double adjustment = out / (in * scale);
        double offset = in / 2.0 * (1 - adjustment);
        yield offset + (x + 0.5) / scale - 0.5;
      }
      default -> x / scale; // asymmetric
    };
  }

  private long nearest(double x) {
    return switch (rounding) {
      case "floor" -> (long) Math.floor(x);
      case "ceil" -> (long) Math.ceil(x);
      case "round_prefer_ceil" -> (long) Math.floor(x + 0.5);
      default -> (long) Math.ceil(x - 0.5); // round_prefer_floor: halves go down
    };
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    return new INDArray[] {map(ctx, in).gather(in[0], 0)};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    if (Tensors.isFloat(in[0]) && ctx.needsGradient(0)) {
      g[0] = map(ctx, in).scatter(gOut[0], in[0]);
    }
    // roi and scales pick which element is copied: piecewise constant, so zero almost everywhere
    for (int i = 1; i < Math.min(3, in.length); i++) {
      if (Tensors.isFloat(in[i]) && ctx.needsGradient(i)) {
        g[i] = Tensors.zerosLike(in[i]);
      }
    }
    return g;
  }
}
