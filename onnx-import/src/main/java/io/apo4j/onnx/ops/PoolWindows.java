package io.apo4j.onnx.ops;

/**
 * The windows of one pooling geometry over one spatial plane (1-D, 2-D or 3-D): for every output
 * position, the plane offset of each kernel tap (-1 where the tap falls in padding or ceil-mode
 * overhang), and how many taps an average divides by. Built once per call and shared by all
 * N x C planes, so the kernels of {@link PoolOps} are plain loops over this table.
 *
 * @param taps kernel taps per window
 * @param offsets {@code outPositions * taps} plane offsets, -1 outside the input
 * @param counts per output position, the divisor of AveragePool (taps inside the input, or inside
 *     input plus explicit padding with count_include_pad)
 * @param outSpatial output spatial sizes
 * @param pairWidth the input row width when every window is an unpadded, undilated 2 x 2 square
 *     at stride 2 over the last two axes (the pooling of most CNNs, with a dedicated kernel), else 0
 */
record PoolWindows(int taps, int planeSize, int[] offsets, int[] counts, long[] outSpatial, int pairWidth) {

  int outPositions() {
    return counts.length;
  }

  /**
   * @param in spatial input sizes
   * @param pads ONNX order {begin_0 .. begin_k, end_0 .. end_k}
   */
  static PoolWindows of(int[] in, int[] kernel, int[] strides, int[] dilations, int[] pads, boolean ceil,
      boolean countPad) {
    int dims = in.length;
    // run every rank as 3-D: leading axes of size 1 with a kernel of 1
    int[] n = new int[3];
    int[] k = new int[3];
    int[] s = new int[3];
    int[] d = new int[3];
    int[] pb = new int[3];
    int[] pe = new int[3];
    int[] o = new int[3];
    long[] outSpatial = new long[dims];
    for (int a = 0; a < 3; a++) {
      int src = a - (3 - dims);
      boolean real = src >= 0;
      n[a] = real ? in[src] : 1;
      k[a] = real ? kernel[src] : 1;
      s[a] = real ? strides[src] : 1;
      d[a] = real ? dilations[src] : 1;
      pb[a] = real ? pads[src] : 0;
      pe[a] = real ? pads[src + dims] : 0;
      o[a] = outSize(n[a], k[a], s[a], pb[a], pe[a], d[a], ceil);
      if (o[a] <= 0) {
        throw new OpException("spatial input size " + n[a] + " is smaller than the (dilated) kernel " + k[a]
            + "; expected a positive output size");
      }
      if (real) {
        outSpatial[src] = o[a];
      }
    }
    int taps = k[0] * k[1] * k[2];
    int positions = o[0] * o[1] * o[2];
    int[] offsets = new int[positions * taps];
    int[] counts = new int[positions];
    int p = 0;
    int t = 0;
    for (int i0 = 0; i0 < o[0]; i0++) {
      for (int i1 = 0; i1 < o[1]; i1++) {
        for (int i2 = 0; i2 < o[2]; i2++, p++) {
          int count = 0;
          for (int k0 = 0; k0 < k[0]; k0++) {
            int c0 = i0 * s[0] - pb[0] + k0 * d[0];
            for (int k1 = 0; k1 < k[1]; k1++) {
              int c1 = i1 * s[1] - pb[1] + k1 * d[1];
              for (int k2 = 0; k2 < k[2]; k2++, t++) {
                int c2 = i2 * s[2] - pb[2] + k2 * d[2];
                boolean inside = c0 >= 0 && c0 < n[0] && c1 >= 0 && c1 < n[1] && c2 >= 0 && c2 < n[2];
                offsets[t] = inside ? (c0 * n[1] + c1) * n[2] + c2 : -1;
                // count_include_pad counts explicit padding, never the ceil-mode overhang beyond it
                boolean counted = inside || countPad && c0 < n[0] + pe[0] && c1 < n[1] + pe[1] && c2 < n[2] + pe[2];
                count += counted ? 1 : 0;
              }
            }
          }
          counts[p] = count;
        }
      }
    }
    boolean pairs = k[0] == 1 && k[1] == 2 && k[2] == 2 && s[1] == 2 && s[2] == 2 && d[1] == 1 && d[2] == 1
        && pb[1] == 0 && pb[2] == 0 && 2 * o[1] <= n[1] && 2 * o[2] <= n[2] && o[0] == 1;
    return new PoolWindows(taps, n[0] * n[1] * n[2], offsets, counts, outSpatial, pairs ? n[2] : 0);
  }

  static int outSize(int in, int k, int s, int pb, int pe, int d, boolean ceil) {
    int span = in + pb + pe - d * (k - 1) - 1;
    if (span < 0) {
      return 0;
    }
    int out = (ceil ? (span + s - 1) / s : span / s) + 1;
    if (ceil && (out - 1) * s >= in + pb) {
      out--; // the last window may not start in the end padding
    }
    return out;
  }
}
