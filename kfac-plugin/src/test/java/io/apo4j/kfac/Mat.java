package io.apo4j.kfac;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Plain double[][] linear algebra for building references independently of the code under test. */
final class Mat {
  private Mat() {}

  static double[][] multiply(double[][] x, double[][] y) {
    double[][] out = new double[x.length][y[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < y.length; k++) {
        for (int j = 0; j < y[0].length; j++) {
          out[i][j] += x[i][k] * y[k][j];
        }
      }
    }
    return out;
  }

  static double[][] transpose(double[][] x) {
    double[][] out = new double[x[0].length][x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        out[j][i] = x[i][j];
      }
    }
    return out;
  }

  static double[][] identity(int n, double scale) {
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      out[i][i] = scale;
    }
    return out;
  }

  static double[][] add(double[][] x, double[][] y) {
    double[][] out = new double[x.length][x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        out[i][j] = x[i][j] + y[i][j];
      }
    }
    return out;
  }

  static double[][] scale(double[][] x, double s) {
    double[][] out = new double[x.length][x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        out[i][j] = x[i][j] * s;
      }
    }
    return out;
  }

  /** Outer product u v^T. */
  static double[][] outer(double[] u, double[] v) {
    double[][] out = new double[u.length][v.length];
    for (int i = 0; i < u.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i][j] = u[i] * v[j];
      }
    }
    return out;
  }

  /** Column-major vec of an m x n matrix (index j*m + i), the convention under which vec(G X A) = (A kron G) vec(X). */
  static double[] vec(double[][] x) {
    int m = x.length;
    int n = x[0].length;
    double[] out = new double[m * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        out[j * m + i] = x[i][j];
      }
    }
    return out;
  }

  static double[][] unvec(double[] v, int m, int n) {
    double[][] out = new double[m][n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        out[i][j] = v[j * m + i];
      }
    }
    return out;
  }

  /** A kron G with (A kron G)[j*m+i][l*m+k] = A[j][l] G[i][k]. */
  static double[][] kron(double[][] a, double[][] g) {
    int n = a.length;
    int m = g.length;
    double[][] out = new double[n * m][n * m];
    for (int j = 0; j < n; j++) {
      for (int l = 0; l < n; l++) {
        for (int i = 0; i < m; i++) {
          for (int k = 0; k < m; k++) {
            out[j * m + i][l * m + k] = a[j][l] * g[i][k];
          }
        }
      }
    }
    return out;
  }

  /** Solves a x = b for square a by Gaussian elimination with partial pivoting. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
          p = r;
        }
      }
      double[] t = m[c];
      m[c] = m[p];
      m[p] = t;
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = m[r][c] / m[c][c];
          for (int k = c; k <= n; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = m[i][n] / m[i][i];
    }
    return x;
  }

  static double[][] inverse(double[][] a) {
    int n = a.length;
    double[][] out = new double[n][];
    double[][] cols = new double[n][];
    for (int j = 0; j < n; j++) {
      double[] e = new double[n];
      e[j] = 1;
      cols[j] = solve(a, e);
    }
    for (int i = 0; i < n; i++) {
      out[i] = new double[n];
      for (int j = 0; j < n; j++) {
        out[i][j] = cols[j][i];
      }
    }
    return out;
  }

  static double trace(double[][] a) {
    double t = 0;
    for (int i = 0; i < a.length; i++) {
      t += a[i][i];
    }
    return t;
  }

  static INDArray nd(double[][] x) {
    return Nd4j.create(x).castTo(DataType.DOUBLE);
  }

  static double[][] of(INDArray x) {
    return x.castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  /** max |x - y| / max(1, max |y|). */
  static double relativeError(double[][] x, double[][] y) {
    double diff = 0;
    double scale = 1;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        diff = Math.max(diff, Math.abs(x[i][j] - y[i][j]));
        scale = Math.max(scale, Math.abs(y[i][j]));
      }
    }
    return diff / scale;
  }
}
