package io.apo4j.host.data;

/** Scaling and standardisation of float features and targets, in place. */
final class Preparation {
  private Preparation() {}

  /** {@code x = x * scale} (skipped for 1, so raw values stay bit-exact), then standardisation. */
  static void scaleAndStandardise(float[] x, double scale, DataSpec.Standardisation s) {
    if (scale != 1.0) {
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (x[i] * scale);
      }
    }
    standardise(x, s);
  }

  static void standardise(float[] x, DataSpec.Standardisation s) {
    if (s == null) {
      return;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((x[i] - s.mean()) / s.std());
    }
  }
}
