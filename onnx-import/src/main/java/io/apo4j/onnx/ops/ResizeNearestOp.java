package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Resize (opset 11 and later) in nearest mode: every output element copies the input element
 * nearest to its source coordinate, so it is an {@link AxisMap} and its gradient adds back.
 * Coordinate modes of {@link ResizeGeometry} except tf_crop_and_resize (whose extrapolated
 * constants {@link ResizeInterpolateOp} handles, as it does linear and cubic modes: see
 * {@link #create}); nearest modes round_prefer_floor, round_prefer_ceil, floor and ceil; scales or
 * sizes (with keep_aspect_ratio_policy), optionally on the given axes.
 */
final class ResizeNearestOp implements Op {
  static final List<String> ATTRIBUTES = List.of("mode", "coordinate_transformation_mode", "nearest_mode", "axes",
      "antialias", "cubic_coeff_a", "exclude_outside", "extrapolation_value", "keep_aspect_ratio_policy");
  private static final List<String> MODES = List.of("nearest", "linear", "cubic");
  private static final List<String> ROUNDING = List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil");

  private final String coordinates;
  private final String rounding;
  private final String policy;
  private final long[] axesAttr;

  /** The Resize implementation for {@code node}'s mode, after checking its attributes. */
  static Op create(Node node) {
    var a = node.attributes();
    String mode = a.getString("mode", "nearest");
    if (!MODES.contains(mode)) {
      throw a.unsupported("mode", MODES.toString());
    }
    if (!ResizeGeometry.COORDINATES.contains(a.getString("coordinate_transformation_mode", "half_pixel"))) {
      throw a.unsupported("coordinate_transformation_mode", ResizeGeometry.COORDINATES.toString());
    }
    if (!ROUNDING.contains(a.getString("nearest_mode", "round_prefer_floor"))) {
      throw a.unsupported("nearest_mode", ROUNDING.toString());
    }
    if (!ResizeGeometry.POLICIES.contains(a.getString("keep_aspect_ratio_policy", "stretch"))) {
      throw a.unsupported("keep_aspect_ratio_policy", ResizeGeometry.POLICIES.toString());
    }
    boolean crop = a.getString("coordinate_transformation_mode", "").equals("tf_crop_and_resize");
    return mode.equals("nearest") && !crop ? new ResizeNearestOp(node) : new ResizeInterpolateOp(node);
  }

  private ResizeNearestOp(Node node) {
    var a = node.attributes();
    coordinates = a.getString("coordinate_transformation_mode", "half_pixel");
    rounding = a.getString("nearest_mode", "round_prefer_floor");
    policy = a.getString("keep_aspect_ratio_policy", "stretch");
    axesAttr = a.getInts("axes", null);
  }

  private AxisMap map(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    int[][] maps = AxisMap.identity(shape);
    for (ResizeGeometry.Axis a : ResizeGeometry.axes(ctx, in, axesAttr, policy)) {
      maps[a.axis()] = new int[(int) a.out()];
      for (int c = 0; c < a.out(); c++) {
        double x = ResizeGeometry.source(coordinates, c, a);
        long index = Math.max(0, Math.min(a.in() - 1, nearest(x)));
        maps[a.axis()][c] = (int) index;
      }
    }
    return AxisMap.of(maps);
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
