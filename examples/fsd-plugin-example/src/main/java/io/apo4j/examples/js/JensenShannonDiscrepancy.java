package io.apo4j.examples.js;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Jensen-Shannon divergence between the softmax outputs of a model before and after an
 * update, mean over the batch. Per example, with p = softmax(y_new / T), q = softmax(y_old / T)
 * and m = (p + q) / 2:
 * <pre>
 * JS(p, q)    = 1/2 KL(p || m) + 1/2 KL(q || m)            (symmetric, in [0, ln 2])
 * dJS/dp_i    = g_i = 1/2 (log p_i - log m_i)
 * dJS/dy_new  = p * (g - sum_i p_i g_i) / T                 (through the softmax)
 * </pre>
 * Numerically stable for logits of any size: log p and log q come from a max-shifted
 * log-softmax, and {@code log p_i - log m_i} is {@code h(log q_i - log p_i)} with
 * {@code h(d) = log(2 / (1 + e^d))}, evaluated without overflow on either side of 0. The sums run
 * in double precision; the gradient comes back in the outputs' data type.
 */
final class JensenShannonDiscrepancy implements Discrepancy {
  private static final double LN2 = Math.log(2);

  private final double temperature;

  JensenShannonDiscrepancy(double temperature) {
    this.temperature = temperature;
  }

  @Override
  public DiscrepancyValue evaluate(INDArray newOutputs, INDArray oldOutputs) {
    requireLogits(newOutputs, oldOutputs);
    int n = (int) newOutputs.size(0);
    int c = (int) newOutputs.size(1);
    double[] yNew = toDoubles(newOutputs);
    double[] yOld = toDoubles(oldOutputs);
    double[] grad = new double[n * c];
    double[] logP = new double[c];
    double[] logQ = new double[c];
    double[] g = new double[c];
    double total = 0;
    for (int row = 0; row < n; row++) {
      logSoftmax(yNew, row * c, c, logP);
      logSoftmax(yOld, row * c, c, logQ);
      double js = 0;
      double pg = 0;
      for (int i = 0; i < c; i++) {
        double p = Math.exp(logP[i]);
        double q = Math.exp(logQ[i]);
        g[i] = 0.5 * h(logQ[i] - logP[i]); // 1/2 (log p_i - log m_i)
        js += p * g[i] + 0.5 * q * h(logP[i] - logQ[i]);
        pg += p * g[i];
      }
      for (int i = 0; i < c; i++) {
        grad[row * c + i] = Math.exp(logP[i]) * (g[i] - pg) / (temperature * n);
      }
      total += js;
    }
    INDArray gradient = Nd4j.create(grad, newOutputs.shape(), DataType.DOUBLE);
    return new DiscrepancyValue(total / n,
        newOutputs.dataType() == DataType.DOUBLE ? gradient : gradient.castTo(newOutputs.dataType()));
  }

  /** log(2 / (1 + e^d)) = log p - log m when d = log q - log p; exactly 0 at d = 0. */
  static double h(double d) {
    return d <= 0 ? -Math.log1p(Math.expm1(d) / 2) : LN2 - d - Math.log1p(Math.exp(-d));
  }

  /** Row {@code offset / c} of {@code y}, divided by the temperature, through a max-shifted log-softmax. */
  private void logSoftmax(double[] y, int offset, int c, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < c; i++) {
      max = Math.max(max, y[offset + i] / temperature);
    }
    double sum = 0;
    for (int i = 0; i < c; i++) {
      sum += Math.exp(y[offset + i] / temperature - max);
    }
    double logZ = max + Math.log(sum);
    for (int i = 0; i < c; i++) {
      out[i] = y[offset + i] / temperature - logZ;
    }
  }

  /** The elements in C order as doubles; a copy, so the caller's array is never written. */
  private static double[] toDoubles(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static void requireLogits(INDArray newOutputs, INDArray oldOutputs) {
    if (!newOutputs.dataType().isFPType() || !oldOutputs.dataType().isFPType()) {
      throw new Apo4jException("discrepancy 'js': outputs must be floating point; expected FLOAT or DOUBLE, found "
          + newOutputs.dataType() + " and " + oldOutputs.dataType());
    }
    if (!Arrays.equals(newOutputs.shape(), oldOutputs.shape())) {
      throw new Apo4jException("discrepancy 'js': new and old outputs differ in shape; expected "
          + Arrays.toString(oldOutputs.shape()) + ", found " + Arrays.toString(newOutputs.shape()));
    }
    if (newOutputs.rank() != 2 || newOutputs.size(0) == 0 || newOutputs.size(1) == 0) {
      throw new Apo4jException("discrepancy 'js': outputs must be logits N x C with N, C >= 1; found shape "
          + Arrays.toString(newOutputs.shape()));
    }
  }

  @Override
  public String toString() {
    return "js(temperature=" + temperature + ")";
  }
}
