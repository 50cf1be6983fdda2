package io.apo4j.onnx.ops;

/**
 * One axis of a separable resampling: output index {@code x} is the weighted sum of input
 * indices {@code index[x]} with weights {@code weight[x]}; {@code outside[x]} marks outputs that
 * take a constant instead (tf_crop_and_resize's extrapolation).
 */
record ResizeTaps(long in, int[][] index, double[][] weight, boolean[] outside) {
  /**
   * Applies the taps along {@code axis} of a c-order array of {@code shape} (whose {@code axis}
   * has the input length), or with {@code transposed}, maps an output-shaped gradient back to the
   * input shape (shape still names the input shape).
   */
  double[] apply(double[] values, long[] shape, int axis, boolean transposed) {
    long outer = Tensors.size(shape, 0, axis);
    long inner = Tensors.size(shape, axis + 1, shape.length);
    int out = index.length;
    int inLen = (int) in;
    double[] result = new double[(int) (outer * (transposed ? inLen : out) * inner)];
    for (long o = 0; o < outer; o++) {
      for (int x = 0; x < out; x++) {
        int[] idx = index[x];
        double[] w = weight[x];
        long outBase = (o * out + x) * inner;
        for (int t = 0; t < idx.length; t++) {
          long inBase = (o * inLen + idx[t]) * inner;
          double wt = w[t];
          if (wt == 0) {
            continue;
          }
          for (long i = 0; i < inner; i++) {
            if (transposed) {
              result[(int) (inBase + i)] += wt * values[(int) (outBase + i)];
            } else {
              result[(int) (outBase + i)] += wt * values[(int) (inBase + i)];
            }
          }
        }
      }
    }
    return result;
  }

  /** The outside flags after this axis: an output is outside if its source was, or this axis says so. */
  boolean[] outside(boolean[] before, long[] shape, int axis) {
    long outer = Tensors.size(shape, 0, axis);
    long inner = Tensors.size(shape, axis + 1, shape.length);
    int out = index.length;
    boolean[] result = new boolean[(int) (outer * out * inner)];
    for (long o = 0; o < outer; o++) {
      for (int x = 0; x < out; x++) {
        long outBase = (o * out + x) * inner;
        for (long i = 0; i < inner; i++) {
          boolean any = outside[x];
          for (int t = 0; t < index[x].length && !any; t++) {
            any = before[(int) ((o * in + index[x][t]) * inner + i)];
          }
          result[(int) (outBase + i)] = any;
        }
      }
    }
    return result;
  }
}
