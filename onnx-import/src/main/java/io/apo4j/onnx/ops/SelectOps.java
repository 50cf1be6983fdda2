package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Index maps that pick or reorder slices: Compress (slices whose condition is true, along an axis
 * or of the flattened input) and ReverseSequence (each batch entry's first sequence_lens steps
 * reversed along the time axis). Gradients scatter back through the same map.
 */
final class SelectOps extends IndexMapOp {
  static final List<String> NAMES = List.of("Compress", "ReverseSequence");
  private final boolean compress;
  private final Long axis;
  private final long batchAxis;
  private final long timeAxis;

  SelectOps(Node node) {
    var a = node.attributes();
    compress = node.opType().equals("Compress");
    axis = a.has("axis") ? a.getInt("axis", 0) : null;
    batchAxis = a.getInt("batch_axis", 1);
    timeAxis = a.getInt("time_axis", 0);
  }

  static List<String> attributes(String op) {
    return op.equals("Compress") ? List.of("axis") : List.of("batch_axis", "time_axis");
  }

  @Override
  Mapping mapping(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    if (!compress) {
      return reverse(ctx, shape, Tensors.longs(in[1]));
    }
    double[] condition = Tensors.values(in[1]);
    long[] flat = {Tensors.size(shape)};
    long[] source = axis == null ? flat : shape;
    int a = axis == null ? 0 : Tensors.axis(axis, shape.length);
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < Math.min(condition.length, source[a]); i++) {
      if (condition[i] != 0) {
        kept.add(i);
      }
    }
    long[] out = source.clone();
    out[a] = kept.size();
    int[] st = strides(source);
    return new Mapping(build(out, idx -> {
      int off = 0;
      for (int d = 0; d < idx.length; d++) {
        off += (d == a ? kept.get(idx[d]) : idx[d]) * st[d];
      }
      return off;
    }), out, 0);
  }

  private Mapping reverse(OpContext ctx, long[] shape, long[] lengths) {
    int b = Tensors.axis(batchAxis, shape.length);
    int t = Tensors.axis(timeAxis, shape.length);
    if (b == t || lengths.length != shape[b]) {
      throw ctx.error("batch_axis " + b + ", time_axis " + t + " and " + lengths.length + " sequence lengths for shape "
          + java.util.Arrays.toString(shape) + "; expected different axes and one length per batch entry");
    }
    int[] st = strides(shape);
    return new Mapping(build(shape, idx -> {
      long len = Math.min(lengths[idx[b]], shape[t]);
      int off = 0;
      for (int d = 0; d < idx.length; d++) {
        int i = d == t && idx[d] < len ? (int) (len - 1 - idx[d]) : idx[d];
        off += i * st[d];
      }
      return off;
    }), shape.clone(), 0);
  }
}
