package io.apo4j.onnx.ops;

/** Per-channel mean and biased variance (two-pass, for accuracy) of an N x C x inner array. */
final class Stats {
  private Stats() {}

  static void channelMoments(double[] x, int n, int c, int inner, double[] mean, double[] var) {
    double count = (double) n * inner;
    for (int e = 0; e < n; e++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (e * c + ch) * inner;
        for (int i = 0; i < inner; i++) {
          mean[ch] += x[base + i];
        }
      }
    }
    for (int ch = 0; ch < c; ch++) {
      mean[ch] /= count;
    }
    for (int e = 0; e < n; e++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (e * c + ch) * inner;
        for (int i = 0; i < inner; i++) {
          double d = x[base + i] - mean[ch];
          var[ch] += d * d;
        }
      }
    }
    for (int ch = 0; ch < c; ch++) {
      var[ch] /= count;
    }
  }
}
