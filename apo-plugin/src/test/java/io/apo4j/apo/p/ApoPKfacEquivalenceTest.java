package io.apo4j.apo.p;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.WeightLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spec section 4: with B = Q_G, A = Q_A (eigenvectors of the K-FAC factors) and
 * S.*S = 1 ./ (d_G d_A^T + lambda), APO-P's preconditioner is K-FAC's damped eigen-form step. The
 * reference here solves (A_f kron G_f + lambda I) vec(X) = vec(G) directly (Gauss-Jordan in double),
 * so it shares nothing with the eigen form.
 */
class ApoPKfacEquivalenceTest {
  private static final int M = 3;
  private static final int N = 4;
  private static final double DAMPING = 1e-3;

  @Test
  void eigenFormPhiGivesTheDampedKfacStep() {
    Nd4j.getRandom().setSeed(17);
    int examples = 12;
    INDArray a = Nd4j.hstack(Nd4j.randn(DataType.DOUBLE, examples, N), Nd4j.ones(DataType.DOUBLE, examples, 1));
    INDArray g = Nd4j.randn(DataType.DOUBLE, examples, M).muli(0.3);
    INDArray aFactor = a.transpose().mmul(a).divi(examples);
    INDArray gFactor = g.transpose().mmul(g).divi(examples);
    INDArray qa = aFactor.dup();
    INDArray da = Eigen.symmetricGeneralizedEigenvalues(qa, true);
    INDArray qg = gFactor.dup();
    INDArray dg = Eigen.symmetricGeneralizedEigenvalues(qg, true);
    assertReconstructs(aFactor, qa, da);
    assertReconstructs(gFactor, qg, dg);
    INDArray s = Nd4j.create(DataType.DOUBLE, M, N + 1);
    for (int i = 0; i < M; i++) {
      for (int j = 0; j <= N; j++) {
        s.putScalar(i, j, 1 / Math.sqrt(dg.getDouble(i) * da.getDouble(j) + DAMPING));
      }
    }

    KroneckerLayer layer = new KroneckerLayer("fc", LayerKind.DENSE, "fc.weight", "fc.bias", M, N, WeightLayout.OUT_IN, null);
    TensorMap params = TensorMap.builder().put("fc.weight", Nd4j.zeros(DataType.DOUBLE, M, N))
        .put("fc.bias", Nd4j.zeros(DataType.DOUBLE, M)).build();
    ApoP opt = (ApoP) TestServices.standard().create(Map.of("id", "apo-p", "momentum", 0.0));
    StateDict fresh = opt.init(params, List.of(layer)).toStateDict();
    TensorMap tensors = fresh.tensors().with("phi/fc/A", qa).with("phi/fc/B", qg).with("phi/fc/S", s);
    ApoPState state = (ApoPState) opt.restore(new StateDict(tensors, fresh.scalars()), params, List.of(layer));

    INDArray gradient = Nd4j.randn(DataType.DOUBLE, M, N + 1);
    TensorMap grads = TensorMap.builder().put("fc.weight", gradient.getColumns(0, 1, 2, 3).dup())
        .put("fc.bias", gradient.getColumn(N).dup()).build();
    TensorMap p = opt.precondition(grads, state.phi(), state.layers(), new java.util.HashMap<>());
    INDArray apo = Nd4j.hstack(p.get("fc.weight"), p.get("fc.bias").reshape(M, 1));

    INDArray kfac = dampedKroneckerSolve(aFactor, gFactor, gradient);
    for (int i = 0; i < M; i++) {
      for (int j = 0; j <= N; j++) {
        assertEquals(kfac.getDouble(i, j), apo.getDouble(i, j), 1e-8 * Math.max(1, Math.abs(kfac.getDouble(i, j))),
            "P(G) at (" + i + "," + j + ")");
      }
    }
  }

  private static void assertReconstructs(INDArray factor, INDArray q, INDArray d) {
    INDArray back = q.mmul(Nd4j.diag(d)).mmul(q.transpose());
    assertEquals(0.0, back.sub(factor).amaxNumber().doubleValue(), 1e-10, "eigendecomposition");
  }

  /** X with (G_f X A_f) + lambda X = G, i.e. (A_f kron G_f + lambda I) vec(X) = vec(G), by Gauss-Jordan. */
  private static INDArray dampedKroneckerSolve(INDArray aFactor, INDArray gFactor, INDArray gradient) {
    int m = gFactor.rows();
    int n = aFactor.rows();
    int size = m * n;
    double[][] sys = new double[size][size + 1];
    // unknown X[i][j] at index j * m + i (column-stacking vec)
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int row = j * m + i;
        for (int k = 0; k < m; k++) {
          for (int l = 0; l < n; l++) {
            sys[row][l * m + k] = gFactor.getDouble(i, k) * aFactor.getDouble(l, j);
          }
        }
        sys[row][row] += DAMPING;
        sys[row][size] = gradient.getDouble(i, j);
      }
    }
    for (int col = 0; col < size; col++) {
      int pivot = col;
      for (int r = col + 1; r < size; r++) {
        if (Math.abs(sys[r][col]) > Math.abs(sys[pivot][col])) {
          pivot = r;
        }
      }
      double[] tmp = sys[col];
      sys[col] = sys[pivot];
      sys[pivot] = tmp;
      for (int r = 0; r < size; r++) {
        if (r != col) {
          double f = sys[r][col] / sys[col][col];
          for (int c = col; c <= size; c++) {
            sys[r][c] -= f * sys[col][c];
          }
        }
      }
    }
    INDArray x = Nd4j.create(DataType.DOUBLE, m, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        x.putScalar(i, j, sys[j * m + i][size] / sys[j * m + i][j * m + i]);
      }
    }
    return x;
  }
}
