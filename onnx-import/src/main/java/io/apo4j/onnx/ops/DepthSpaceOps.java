package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DepthToSpace (modes DCR and CRD; what PyTorch exports PixelShuffle as) and SpaceToDepth on
 * N x C x H x W: index maps moving blocksize x blocksize channel groups into spatial blocks and
 * back, so the gradient is the inverse move.
 */
final class DepthSpaceOps extends IndexMapOp {
  static final List<String> NAMES = List.of("DepthToSpace", "SpaceToDepth");
  private final boolean toSpace;
  private final boolean crd;
  private final int block;

  DepthSpaceOps(Node node) {
    var a = node.attributes();
    toSpace = node.opType().equals("DepthToSpace");
    String mode = a.getString("mode", "DCR");
    if (!mode.equals("DCR") && !mode.equals("CRD")) {
      throw a.unsupported("mode", "DCR, CRD");
    }
    crd = mode.equals("CRD");
    block = (int) a.getInt("blocksize", 0);
    if (block < 1) {
      throw a.unsupported("blocksize", "a positive block size");
    }
  }

  static List<String> attributes(String op) {
    return op.equals("DepthToSpace") ? List.of("blocksize", "mode") : List.of("blocksize");
  }

  @Override
  Mapping mapping(OpContext ctx, INDArray[] in) {
    long[] s = in[0].shape();
    int b = block;
    boolean fits = s.length == 4 && (toSpace ? s[1] % ((long) b * b) == 0 : s[2] % b == 0 && s[3] % b == 0);
    if (!fits) {
      throw ctx.error("input shape " + Arrays.toString(s) + " does not fit blocksize " + b
          + "; expected N x C x H x W with " + (toSpace ? "C divisible by blocksize^2" : "H and W divisible by it"));
    }
    long[] out = toSpace ? new long[] {s[0], s[1] / b / b, s[2] * b, s[3] * b}
        : new long[] {s[0], s[1] * b * b, s[2] / b, s[3] / b};
    int[] st = strides(s);
    long groups = toSpace ? out[1] : s[1]; // channels of the spatial side
    return new Mapping(build(out, idx -> {
      int n = idx[0];
      if (toSpace) {
        int c = idx[1];
        int i = idx[2] % b;
        int j = idx[3] % b;
        long channel = crd ? (long) c * b * b + i * b + j : (long) (i * b + j) * groups + c;
        return (int) (n * st[0] + channel * st[1] + (idx[2] / b) * st[2] + (idx[3] / b) * st[3]);
      }
      int c = (int) (idx[1] % groups);
      int ij = (int) (idx[1] / groups);
      int i = ij / b;
      int j = ij % b;
      return n * st[0] + c * st[1] + (idx[2] * b + i) * st[2] + (idx[3] * b + j) * st[3];
    }), out, 0);
  }
}
