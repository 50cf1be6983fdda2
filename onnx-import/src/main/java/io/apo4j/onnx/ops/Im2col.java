package io.apo4j.onnx.ops;

/** Patch extraction for {@link Conv2d} and its adjoint (scatter-add of patch gradients). */
final class Im2col {
  private Im2col() {}

  /** Rows (example, oy, ox), columns (channel, ky, kx) for channels [c0, c0+cg); zeros in padding. */
  static double[] patches(double[] x, int n, int c, int h, int w, int c0, int cg, int[] k, int[] s, int[] p,
      int[] d, int oh, int ow) {
    int cols = cg * k[0] * k[1];
    double[] out = new double[n * oh * ow * cols];
    int row = 0;
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++, row++) {
          int col = row * cols;
          for (int ch = 0; ch < cg; ch++) {
            int plane = ((e * c) + c0 + ch) * h;
            for (int ki = 0; ki < k[0]; ki++) {
              int y = i * s[0] - p[0] + ki * d[0];
              boolean rowIn = y >= 0 && y < h;
              for (int kj = 0; kj < k[1]; kj++, col++) {
                int xx = j * s[1] - p[1] + kj * d[1];
                if (rowIn && xx >= 0 && xx < w) {
                  out[col] = x[(plane + y) * w + xx];
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** Adds patch gradients {@code cols} back onto the input gradient {@code dx}. */
  static void accumulate(double[] cols, double[] dx, int n, int c, int h, int w, int c0, int cg, int[] k, int[] s,
      int[] p, int[] d, int oh, int ow) {
    int width = cg * k[0] * k[1];
    int row = 0;
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++, row++) {
          int col = row * width;
          for (int ch = 0; ch < cg; ch++) {
            int plane = ((e * c) + c0 + ch) * h;
            for (int ki = 0; ki < k[0]; ki++) {
              int y = i * s[0] - p[0] + ki * d[0];
              boolean rowIn = y >= 0 && y < h;
              for (int kj = 0; kj < k[1]; kj++, col++) {
                int xx = j * s[1] - p[1] + kj * d[1];
                if (rowIn && xx >= 0 && xx < w) {
                  dx[(plane + y) * w + xx] += cols[col];
                }
              }
            }
          }
        }
      }
    }
  }
}
