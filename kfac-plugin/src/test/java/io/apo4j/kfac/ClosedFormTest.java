package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The K-FAC step on one dense softmax layer against closed forms built here in plain double
 * arithmetic (float64 throughout).
 */
class ClosedFormTest {
  private static final int M = 3;
  private static final int N_IN = 4;

  /**
   * With every example sharing the same input a, the empirical Fisher (1/N) sum_i vec(g_i a^T)
   * vec(g_i a^T)^T is exactly (a a^T) kron G, so K-FAC's eigen-form step must equal the damped
   * natural-gradient step (F + lambda I)^-1 vec(grad) with F built by brute force from
   * per-example gradients. This also pins the batch-size scaling of the taps.
   */
  @Test
  void eigenStepEqualsDampedFisherSolveWhenKroneckerIsExact() {
    Random rnd = new Random(7);
    TinyDense layer = TinyDense.random(M, N_IN, rnd);
    double[] shared = TinyDense.randomInputs(1, N_IN, rnd)[0];
    int[] labels = {0, 2, 1, 2, 0};
    double[][] x = new double[labels.length][];
    java.util.Arrays.fill(x, shared);
    double lambda = 0.05;
    double[][] og = layer.crossEntropyGradient(x, labels);

    int cols = N_IN + 1;
    double[][] fisher = new double[M * cols][M * cols];
    for (int e = 0; e < x.length; e++) {
      // per-example loss gradient: N times the mean-loss output gradient, times [x, 1]
      double[] perExample = Mat.vec(Mat.outer(scaled(og[e], x.length), TinyDense.withOne(x[e])));
      fisher = Mat.add(fisher, Mat.scale(Mat.outer(perExample, perExample), 1.0 / x.length));
    }
    double[][] grad = TinyDense.gradientMatrix(x, og);
    double[][] expected = Mat.unvec(Mat.solve(Mat.add(fisher, Mat.identity(M * cols, lambda)), Mat.vec(grad)), M,
        cols);

    double[][] actual = Kfacs.firstDirection(Kfacs.create(Kfacs.bare(lambda)), layer, x, og);
    assertClose(expected, actual, 1e-6);
  }

  /** On a general batch, the eigen form is (A kron G + lambda I)^-1 vec(grad) with A, G as documented. */
  @Test
  void eigenStepEqualsKroneckerSolveOnGeneralBatch() {
    Random rnd = new Random(11);
    TinyDense layer = TinyDense.random(M, N_IN, rnd);
    double[][] x = TinyDense.randomInputs(6, N_IN, rnd);
    double[][] og = layer.crossEntropyGradient(x, new int[] {0, 1, 2, 2, 1, 0});
    double lambda = 1e-3;
    double[][][] factors = factors(x, og);
    double[][] fisher = Mat.kron(factors[0], factors[1]);
    double[][] grad = TinyDense.gradientMatrix(x, og);
    double[][] expected = Mat.unvec(
        Mat.solve(Mat.add(fisher, Mat.identity(fisher.length, lambda)), Mat.vec(grad)), M, N_IN + 1);

    double[][] actual = Kfacs.firstDirection(Kfacs.create(Kfacs.bare(lambda)), layer, x, og);
    assertClose(expected, actual, 1e-6);
  }

  /** The inverse method is (G + sqrt(lambda) I)^-1 grad (A + sqrt(lambda) I)^-1, with pi when asked. */
  @Test
  void inverseStepEqualsTikhonovClosedForm() {
    Random rnd = new Random(13);
    TinyDense layer = TinyDense.random(M, N_IN, rnd);
    double[][] x = TinyDense.randomInputs(8, N_IN, rnd);
    double[][] og = layer.crossEntropyGradient(x, new int[] {0, 1, 2, 2, 1, 0, 1, 1});
    double lambda = 1e-2;
    double[][][] f = factors(x, og);
    double[][] grad = TinyDense.gradientMatrix(x, og);
    for (boolean piCorrection : new boolean[] {false, true}) {
      double pi = piCorrection
          ? Math.sqrt((Mat.trace(f[0]) / f[0].length) / (Mat.trace(f[1]) / f[1].length)) : 1.0;
      double root = Math.sqrt(lambda);
      double[][] aInv = Mat.inverse(Mat.add(f[0], Mat.identity(f[0].length, pi * root)));
      double[][] gInv = Mat.inverse(Mat.add(f[1], Mat.identity(f[1].length, root / pi)));
      double[][] expected = Mat.multiply(Mat.multiply(gInv, grad), aInv);
      var raw = Kfacs.with(Kfacs.with(Kfacs.bare(lambda), "inverse-method", "inverse"), "pi-correction", piCorrection);
      double[][] actual = Kfacs.firstDirection(Kfacs.create(raw), layer, x, og);
      assertClose(expected, actual, 1e-6);
    }
  }

  /**
   * Without the pi-correction, the two methods differ only by the cross terms
   * sqrt(lambda)(d_A + d_G): with tiny damping and full-rank factors (squared-error loss) they agree.
   */
  @Test
  void eigenAndInverseAgreeWithoutPiCorrection() {
    Random rnd = new Random(17);
    TinyDense layer = TinyDense.random(M, N_IN, rnd);
    double[][] x = TinyDense.randomInputs(12, N_IN, rnd);
    double[][] og = layer.squaredErrorGradient(x, TinyDense.randomInputs(12, M, rnd));
    double lambda = 1e-12;
    double[][] eigen = Kfacs.firstDirection(Kfacs.create(Kfacs.bare(lambda)), layer, x, og);
    double[][] inverse = Kfacs.firstDirection(
        Kfacs.create(Kfacs.with(Kfacs.bare(lambda), "inverse-method", "inverse")), layer, x, og);
    assertClose(eigen, inverse, 1e-4);
  }

  /** {A, G} as K-FAC defines them for a dense layer: means of a a^T and of (N dL/ds)(N dL/ds)^T. */
  static double[][][] factors(double[][] x, double[][] og) {
    int n = x.length;
    double[][] a = new double[x[0].length + 1][x[0].length + 1];
    double[][] g = new double[og[0].length][og[0].length];
    for (int e = 0; e < n; e++) {
      double[] ae = TinyDense.withOne(x[e]);
      double[] ge = scaled(og[e], n);
      a = Mat.add(a, Mat.scale(Mat.outer(ae, ae), 1.0 / n));
      g = Mat.add(g, Mat.scale(Mat.outer(ge, ge), 1.0 / n));
    }
    return new double[][][] {a, g};
  }

  static double[] scaled(double[] v, double s) {
    double[] out = v.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= s;
    }
    return out;
  }

  static void assertClose(double[][] expected, double[][] actual, double tolerance) {
    double err = Mat.relativeError(actual, expected);
    assertTrue(err <= tolerance, "relative error " + err + " > " + tolerance + "\nexpected "
        + java.util.Arrays.deepToString(expected) + "\nactual   " + java.util.Arrays.deepToString(actual));
  }
}
