package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tile (repeat the input along each axis) and Expand (numpy broadcast to a shape): both read each
 * input element several times, so the gradient sums over the copies.
 */
final class TileExpandOps implements Op {
  static final List<String> NAMES = List.of("Tile", "Expand");

  private final boolean tile;

  TileExpandOps(Node node) {
    tile = node.opType().equals("Tile");
  }

  /** The input reshaped to the output rank, and the map from it to the output. */
  private record Plan(long[] inputShape, AxisMap map) {}

  private Plan plan(OpContext ctx, INDArray[] in) {
    long[] x = in[0].shape();
    long[] arg = Tensors.longs(in[1]);
    if (tile) {
      if (arg.length != x.length) {
        throw ctx.error("repeats " + Arrays.toString(arg) + " has " + arg.length + " values; expected one per axis of "
            + Arrays.toString(x));
      }
      int[][] maps = new int[x.length][];
      for (int d = 0; d < x.length; d++) {
        if (arg[d] < 0) {
          throw ctx.error("repeats " + Arrays.toString(arg) + " has a negative value; expected >= 0");
        }
        Tensors.checkSize(new long[] {x[d], arg[d]});
        maps[d] = new int[(int) (x[d] * arg[d])];
        for (int c = 0; c < maps[d].length; c++) {
          maps[d][c] = (int) (c % x[d]);
        }
      }
      return new Plan(x, AxisMap.of(maps));
    }
    long[] out = Tensors.broadcastShape(x, arg);
    long[] padded = new long[out.length];
    Arrays.fill(padded, 1);
    System.arraycopy(x, 0, padded, out.length - x.length, x.length);
    int[][] maps = new int[out.length][];
    for (int d = 0; d < out.length; d++) {
      maps[d] = padded[d] == 1 ? new int[(int) out[d]] : AxisMap.range(0, out[d], 1);
    }
    return new Plan(padded, AxisMap.of(maps));
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    Plan p = plan(ctx, in);
    return new INDArray[] {p.map().gather(Tensors.contiguous(in[0]).reshape('c', p.inputShape()), 0)};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    if (Tensors.isFloat(in[0]) && ctx.needsGradient(0)) {
      Plan p = plan(ctx, in);
      INDArray reshaped = Tensors.contiguous(in[0]).reshape('c', p.inputShape());
      g[0] = p.map().scatter(gOut[0], reshaped).reshape('c', in[0].shape());
    }
    return g;
  }
}
