package io.apo4j.onnx.ops;

/**
 * Patch extraction for {@link ConvIm2col} and its adjoint (scatter-add of patch gradients), over
 * three spatial axes (1-D and 2-D convolutions run with leading axes of size 1).
 */
final class Im2col {
  private Im2col() {}

  /**
   * Rows (example, od, oh, ow), columns (channel, kd, kh, kw) for channels [c0, c0+cg); zeros in
   * padding.
   *
   * @param in spatial input sizes {d, h, w}
   * @param out spatial output sizes {od, oh, ow}
   */
  static double[] patches(double[] x, int n, int c, int[] in, int c0, int cg, ConvIm2col g, int[] out) {
    int[] k = g.kernel();
    int cols = cg * k[0] * k[1] * k[2];
    double[] result = new double[n * out[0] * out[1] * out[2] * cols];
    walk(n, c, in, c0, cg, g, out, (col, src) -> result[col] = x[src]);
    return result;
  }

  /** Adds patch gradients {@code cols} back onto the input gradient {@code dx}. */
  static void accumulate(double[] cols, double[] dx, int n, int c, int[] in, int c0, int cg, ConvIm2col g,
      int[] out) {
    walk(n, c, in, c0, cg, g, out, (col, src) -> dx[src] += cols[col]);
  }

  /** Pairs of (patch-matrix index, input index) for every tap inside the input. */
  private interface Tap {
    void at(int col, int src);
  }

  private static void walk(int n, int c, int[] in, int c0, int cg, ConvIm2col g, int[] out, Tap tap) {
    int[] k = g.kernel();
    int[] s = g.strides();
    int[] p = g.pads();
    int[] d = g.dilations();
    int width = cg * k[0] * k[1] * k[2];
    int plane = in[0] * in[1] * in[2];
    int row = 0;
    for (int e = 0; e < n; e++) {
      for (int i0 = 0; i0 < out[0]; i0++) {
        for (int i1 = 0; i1 < out[1]; i1++) {
          for (int i2 = 0; i2 < out[2]; i2++, row++) {
            int col = row * width;
            for (int ch = 0; ch < cg; ch++) {
              int base = ((e * c) + c0 + ch) * plane;
              for (int k0 = 0; k0 < k[0]; k0++) {
                int z = i0 * s[0] - p[0] + k0 * d[0];
                for (int k1 = 0; k1 < k[1]; k1++) {
                  int y = i1 * s[1] - p[1] + k1 * d[1];
                  boolean inside = z >= 0 && z < in[0] && y >= 0 && y < in[1];
                  for (int k2 = 0; k2 < k[2]; k2++, col++) {
                    int xx = i2 * s[2] - p[2] + k2 * d[2];
                    if (inside && xx >= 0 && xx < in[2]) {
                      tap.at(col, base + (z * in[1] + y) * in[2] + xx);
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
