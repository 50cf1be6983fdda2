package io.apo4j.api.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * The element loops of {@link Arith#adam}: every product, sum, quotient and square root rounded to
 * the arrays' type in the order of the ND4J chain, scalars rounded to the type first, so the
 * float32 results are bit-identical to it (Java float arithmetic never fuses a multiply-add).
 */
final class AdamLoops {
  private AdamLoops() {}

  /**
   * Elements [from, to); s = {beta1, beta2, c1, c2, eps, l2, decoupled}; p may be null when l2 and
   * decoupled are 0.
   */
  static void floats(FloatBuffer g, FloatBuffer p, FloatBuffer m, FloatBuffer v, FloatBuffer vmax, FloatBuffer mOut,
      FloatBuffer vOut, FloatBuffer maxOut, FloatBuffer d, int from, int to, double[] s) {
    float b1 = (float) s[0];
    float oneMinusB1 = (float) (1 - s[0]);
    float b2 = (float) s[1];
    float oneMinusB2 = (float) (1 - s[1]);
    float c1 = (float) s[2];
    float c2 = (float) s[3];
    float eps = (float) s[4];
    float l2 = (float) s[5];
    float decoupled = (float) s[6];
    for (int i = from; i < to; i++) {
      float gi = g.get(i);
      if (l2 != 0) {
        gi = gi + l2 * p.get(i);
      }
      float mi = b1 * m.get(i) + oneMinusB1 * gi;
      float gg = gi * gi;
      float vi = b2 * v.get(i) + gg * oneMinusB2;
      float second = vi;
      if (vmax != null) {
        second = Math.max(vmax.get(i), vi);
        maxOut.put(i, second);
      }
      float root = (float) Math.sqrt(second);
      float denom = root / c2 + eps;
      float q = mi / denom;
      float di = q / c1;
      if (decoupled != 0) {
        di = di + decoupled * p.get(i);
      }
      mOut.put(i, mi);
      vOut.put(i, vi);
      d.put(i, di);
    }
  }

  static void doubles(DoubleBuffer g, DoubleBuffer p, DoubleBuffer m, DoubleBuffer v, DoubleBuffer vmax,
      DoubleBuffer mOut, DoubleBuffer vOut, DoubleBuffer maxOut, DoubleBuffer d, int from, int to, double[] s) {
    double oneMinusB1 = 1 - s[0];
    double oneMinusB2 = 1 - s[1];
    for (int i = from; i < to; i++) {
      double gi = g.get(i);
      if (s[5] != 0) {
        gi = gi + s[5] * p.get(i);
      }
      double mi = s[0] * m.get(i) + oneMinusB1 * gi;
      double vi = s[1] * v.get(i) + gi * gi * oneMinusB2;
      double second = vi;
      if (vmax != null) {
        second = Math.max(vmax.get(i), vi);
        maxOut.put(i, second);
      }
      double di = mi / (Math.sqrt(second) / s[3] + s[4]) / s[2];
      if (s[6] != 0) {
        di = di + s[6] * p.get(i);
      }
      mOut.put(i, mi);
      vOut.put(i, vi);
      d.put(i, di);
    }
  }
}
