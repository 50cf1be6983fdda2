package io.apo4j.kfac;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.WeightLayout;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer logits = x W^T + b with a batch-mean loss, its forward and backward written out in
 * plain Java: the taps and gradients a host would hand K-FAC, and per-example gradients for
 * brute-force Fisher matrices.
 *
 * @param w m x n weight (OUT_IN)
 * @param b m bias
 */
record TinyDense(double[][] w, double[] b) {
  static final String WEIGHT = "fc.weight";
  static final String BIAS = "fc.bias";

  static TinyDense random(int m, int n, Random rnd) {
    double[][] w = new double[m][n];
    double[] b = new double[m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        w[i][j] = rnd.nextGaussian() * 0.5;
      }
      b[i] = rnd.nextGaussian() * 0.1;
    }
    return new TinyDense(w, b);
  }

  int outputs() {
    return w.length;
  }

  int inputs() {
    return w[0].length;
  }

  KroneckerLayer layer() {
    return new KroneckerLayer("fc", LayerKind.DENSE, WEIGHT, BIAS, outputs(), inputs(), WeightLayout.OUT_IN, null);
  }

  TensorMap params() {
    return TensorMap.builder().put(WEIGHT, Mat.nd(w)).put(BIAS, Mat.nd(new double[][] {b}).reshape(outputs()))
        .build();
  }

  double[][] logits(double[][] x) {
    double[][] out = new double[x.length][outputs()];
    for (int e = 0; e < x.length; e++) {
      for (int i = 0; i < outputs(); i++) {
        double s = b[i];
        for (int j = 0; j < inputs(); j++) {
          s += w[i][j] * x[e][j];
        }
        out[e][i] = s;
      }
    }
    return out;
  }

  /** d(mean cross-entropy)/d logits = (softmax - onehot) / N. */
  double[][] crossEntropyGradient(double[][] x, int[] labels) {
    double[][] z = logits(x);
    double[][] out = new double[x.length][];
    for (int e = 0; e < x.length; e++) {
      out[e] = softmax(z[e]);
      out[e][labels[e]] -= 1;
      for (int i = 0; i < outputs(); i++) {
        out[e][i] /= x.length;
      }
    }
    return out;
  }

  /** d(mean of 0.5 ||z - y||^2)/d logits = (z - y) / N. */
  double[][] squaredErrorGradient(double[][] x, double[][] targets) {
    double[][] z = logits(x);
    for (int e = 0; e < x.length; e++) {
      for (int i = 0; i < outputs(); i++) {
        z[e][i] = (z[e][i] - targets[e][i]) / x.length;
      }
    }
    return z;
  }

  static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** x with a trailing 1 (the bias column). */
  static double[] withOne(double[] x) {
    double[] out = java.util.Arrays.copyOf(x, x.length + 1);
    out[x.length] = 1;
    return out;
  }

  /** The m x n' gradient matrix [dW, db] of the loss whose output gradient is {@code og}. */
  static double[][] gradientMatrix(double[][] x, double[][] og) {
    double[][] out = new double[og[0].length][x[0].length + 1];
    for (int e = 0; e < x.length; e++) {
      out = Mat.add(out, Mat.outer(og[e], withOne(x[e])));
    }
    return out;
  }

  /** Parameter gradients as the host would hand them over. */
  TensorMap grads(double[][] x, double[][] og) {
    double[][] gm = gradientMatrix(x, og);
    double[][] dw = new double[outputs()][inputs()];
    double[] db = new double[outputs()];
    for (int i = 0; i < outputs(); i++) {
      System.arraycopy(gm[i], 0, dw[i], 0, inputs());
      db[i] = gm[i][inputs()];
    }
    return TensorMap.builder().put(WEIGHT, Mat.nd(dw)).put(BIAS, Mat.nd(new double[][] {db}).reshape(outputs()))
        .build();
  }

  static LayerTap tap(double[][] x, double[][] og) {
    INDArray in = Mat.nd(x);
    return new LayerTap(in, Mat.nd(og));
  }

  static double[][] randomInputs(int n, int d, Random rnd) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = rnd.nextGaussian();
      }
    }
    return x;
  }
}
