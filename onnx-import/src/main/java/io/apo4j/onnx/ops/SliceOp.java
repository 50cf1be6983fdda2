package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Slice with starts/ends/axes/steps as inputs (opset 10+) or attributes (before), negative steps included. */
final class SliceOp extends IndexMapOp {
  private final long[] startsAttr;
  private final long[] endsAttr;
  private final long[] axesAttr;

  SliceOp(Node node) {
    startsAttr = node.attributes().getInts("starts", null);
    endsAttr = node.attributes().getInts("ends", null);
    axesAttr = node.attributes().getInts("axes", null);
  }

  @Override
  Mapping mapping(OpContext ctx, INDArray[] in) {
    long[] xs = in[0].shape();
    long[] starts = in.length > 1 && in[1] != null ? Tensors.longs(in[1]) : startsAttr;
    long[] ends = in.length > 2 && in[2] != null ? Tensors.longs(in[2]) : endsAttr;
    long[] axes = in.length > 3 && in[3] != null ? Tensors.longs(in[3]) : axesAttr;
    long[] steps = in.length > 4 && in[4] != null ? Tensors.longs(in[4]) : null;
    int r = xs.length;
    long[] begin = new long[r];
    long[] step = new long[r];
    long[] shape = xs.clone();
    java.util.Arrays.fill(step, 1);
    for (int i = 0; i < starts.length; i++) {
      int a = Tensors.axis(axes == null ? i : axes[i], r);
      long dim = xs[a];
      long s = steps == null ? 1 : steps[i];
      if (s == 0) {
        throw ctx.error("step 0 on axis " + a + "; expected a non-zero step");
      }
      long b = starts[i] < 0 ? starts[i] + dim : starts[i];
      long e = ends[i] < 0 ? ends[i] + dim : ends[i];
      if (s > 0) {
        b = Math.max(0, Math.min(b, dim));
        e = Math.max(0, Math.min(e, dim));
        shape[a] = Math.max(0, (e - b + s - 1) / s);
      } else {
        b = Math.max(-1, Math.min(b, dim - 1));
        e = Math.max(-1, Math.min(e, dim - 1));
        shape[a] = Math.max(0, (b - e + (-s) - 1) / (-s));
      }
      begin[a] = b;
      step[a] = s;
    }
    int[] st = strides(xs);
    return new Mapping(build(shape, idx -> {
      int off = 0;
      for (int a = 0; a < r; a++) {
        off += (int) (begin[a] + idx[a] * step[a]) * st[a];
      }
      return off;
    }), shape, 0);
  }
}
