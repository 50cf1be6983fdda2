package io.apo4j.apo.discrepancy;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * KL(softmax(y_old) || softmax(y_new)) per example (old to new), mean over the batch; the
 * gradient with respect to y_new is (softmax(y_new) - softmax(y_old)) / N. Log-softmax subtracts
 * each row's maximum, so logits of any size stay finite.
 */
final class KlDiscrepancy implements Discrepancy {
  static final String ID = "kl";

  @Override
  public DiscrepancyValue evaluate(INDArray newOutputs, INDArray oldOutputs) {
    OutputArrays.requireComparable(ID, newOutputs, oldOutputs);
    if (newOutputs.rank() != 2) {
      throw new Apo4jException("discrepancy 'kl': outputs must be logits N x C; expected rank 2, found shape "
          + Arrays.toString(newOutputs.shape()));
    }
    int n = (int) newOutputs.size(0);
    int c = (int) newOutputs.size(1);
    double[] yNew = OutputArrays.toDoubles(newOutputs);
    double[] yOld = OutputArrays.toDoubles(oldOutputs);
    double[] grad = new double[yNew.length];
    double[] logNew = new double[c];
    double[] logOld = new double[c];
    double total = 0;
    for (int i = 0; i < n; i++) {
      logSoftmax(yNew, i * c, c, logNew);
      logSoftmax(yOld, i * c, c, logOld);
      double kl = 0;
      for (int j = 0; j < c; j++) {
        double pOld = Math.exp(logOld[j]);
        kl += pOld * (logOld[j] - logNew[j]);
        grad[i * c + j] = (Math.exp(logNew[j]) - pOld) / n;
      }
      total += kl;
    }
    return new DiscrepancyValue(total / n, OutputArrays.tensorLike(newOutputs, grad));
  }

  private static void logSoftmax(double[] x, int offset, int c, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < c; j++) {
      max = Math.max(max, x[offset + j]);
    }
    double sum = 0;
    for (int j = 0; j < c; j++) {
      sum += Math.exp(x[offset + j] - max);
    }
    double logZ = max + Math.log(sum);
    for (int j = 0; j < c; j++) {
      out[j] = x[offset + j] - logZ;
    }
  }

  @Override
  public String toString() {
    return ID;
  }
}
