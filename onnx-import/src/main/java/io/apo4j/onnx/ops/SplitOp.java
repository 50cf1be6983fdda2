package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Split along an axis: sizes from the {@code split} attribute (before opset 13) or input (13 and
 * later), else equal parts ({@code num_outputs} of opset 18, or the node's output count), the last
 * part smaller when the axis does not divide evenly.
 */
final class SplitOp implements Op {
  private final long axis;
  private final long[] splitAttr;
  private final int parts;

  SplitOp(Node node) {
    axis = node.attributes().getInt("axis", 0);
    splitAttr = node.attributes().getInts("split", null);
    parts = (int) node.attributes().getInt("num_outputs", node.outputs().size());
  }

  private AxisMap[] maps(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    int a = Tensors.axis(axis, shape.length);
    long[] sizes = splitAttr != null ? splitAttr : in.length > 1 && in[1] != null ? Tensors.longs(in[1]) : null;
    if (sizes == null) {
      if (parts <= 0) {
        throw ctx.error("cannot split into " + parts + " parts; expected at least 1");
      }
      long each = (shape[a] + parts - 1) / parts;
      sizes = new long[parts];
      for (int k = 0; k < parts; k++) {
        sizes[k] = Math.max(0, Math.min(each, shape[a] - k * each));
      }
    }
    if (Arrays.stream(sizes).sum() != shape[a] || Arrays.stream(sizes).anyMatch(s -> s < 0)) {
      throw ctx.error("split sizes " + Arrays.toString(sizes) + " do not add up to axis " + a + " of "
          + Arrays.toString(shape) + "; expected non-negative sizes summing to " + shape[a]);
    }
    AxisMap[] maps = new AxisMap[sizes.length];
    long start = 0;
    for (int k = 0; k < sizes.length; k++) {
      int[][] m = AxisMap.identity(shape);
      m[a] = AxisMap.range(start, start + sizes[k], 1);
      maps[k] = AxisMap.of(m);
      start += sizes[k];
    }
    return maps;
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    AxisMap[] maps = maps(ctx, in);
    INDArray[] out = new INDArray[maps.length];
    for (int k = 0; k < maps.length; k++) {
      out[k] = maps[k].gather(in[0], 0);
    }
    return out;
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    if (!Tensors.isFloat(in[0]) || !ctx.needsGradient(0)) {
      return g;
    }
    AxisMap[] maps = maps(ctx, in);
    INDArray sum = null;
    for (int k = 0; k < maps.length; k++) {
      if (k < gOut.length && gOut[k] != null) {
        INDArray part = maps[k].scatter(gOut[k], in[0]);
        sum = sum == null ? part : sum.addi(part);
      }
    }
    g[0] = sum == null ? Tensors.zerosLike(in[0]) : sum;
    return g;
  }
}
