package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Slice: starts, ends, axes and steps as attributes (opset 1-9) or inputs (opset 10 and later),
 * with numpy's clamping of out-of-range bounds and negative steps.
 */
final class SliceOp implements Op {
  private final long[] startsAttr;
  private final long[] endsAttr;
  private final long[] axesAttr;

  SliceOp(Node node) {
    startsAttr = node.attributes().getInts("starts", null);
    endsAttr = node.attributes().getInts("ends", null);
    axesAttr = node.attributes().getInts("axes", null);
  }

  private AxisMap map(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    long[] starts = startsAttr != null ? startsAttr : Tensors.longs(in[1]);
    long[] ends = endsAttr != null ? endsAttr : Tensors.longs(in[2]);
    long[] axes = startsAttr != null ? axesAttr : in.length > 3 && in[3] != null ? Tensors.longs(in[3]) : null;
    long[] steps = startsAttr == null && in.length > 4 && in[4] != null ? Tensors.longs(in[4]) : null;
    if (starts.length != ends.length || axes != null && axes.length != starts.length
        || steps != null && steps.length != starts.length) {
      throw ctx.error("starts " + Arrays.toString(starts) + ", ends " + Arrays.toString(ends) + ", axes "
          + Arrays.toString(axes) + " and steps " + Arrays.toString(steps) + " differ in length; expected equal lengths");
    }
    int[][] maps = AxisMap.identity(shape);
    boolean[] seen = new boolean[shape.length];
    for (int i = 0; i < starts.length; i++) {
      int axis = Tensors.axis(axes == null ? i : axes[i], shape.length);
      if (seen[axis]) {
        throw ctx.error("axis " + axis + " is sliced twice; expected distinct axes");
      }
      seen[axis] = true;
      long step = steps == null ? 1 : steps[i];
      if (step == 0) {
        throw ctx.error("step 0 on axis " + axis + "; expected a non-zero step");
      }
      maps[axis] = bounds(starts[i], ends[i], step, shape[axis]);
    }
    return AxisMap.of(maps);
  }

  /** numpy semantics: negative bounds count from the end, then clamp to the axis. */
  static int[] bounds(long start, long end, long step, long dim) {
    long s = start < 0 ? start + dim : start;
    long e = end < 0 ? end + dim : end;
    if (step > 0) {
      s = clamp(s, 0, dim);
      e = clamp(e, 0, dim);
    } else {
      s = clamp(s, -1, dim - 1);
      e = clamp(e, -1, dim - 1);
    }
    return AxisMap.range(s, e, step);
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
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
    return g;
  }
}
