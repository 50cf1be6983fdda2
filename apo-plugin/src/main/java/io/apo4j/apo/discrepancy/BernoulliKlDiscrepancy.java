package io.apo4j.apo.discrepancy;

import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * For sigmoid outputs (autoencoders): KL(Bernoulli(sigmoid(y_old)) || Bernoulli(sigmoid(y_new)))
 * summed over the output dimensions, mean over the batch. The gradient with respect to y_new is
 * (sigmoid(y_new) - sigmoid(y_old)) / N. Logarithms of probabilities come from softplus, so
 * saturated logits stay finite.
 */
final class BernoulliKlDiscrepancy implements Discrepancy {
  static final String ID = "bernoulli-kl";

  @Override
  public DiscrepancyValue evaluate(INDArray newOutputs, INDArray oldOutputs) {
    OutputArrays.requireComparable(ID, newOutputs, oldOutputs);
    long n = newOutputs.size(0);
    double[] yNew = OutputArrays.toDoubles(newOutputs);
    double[] yOld = OutputArrays.toDoubles(oldOutputs);
    double[] grad = new double[yNew.length];
    double total = 0;
    for (int k = 0; k < yNew.length; k++) {
      double p = OutputArrays.sigmoid(yOld[k]);
      // log sigmoid(y) = -softplus(-y), log(1 - sigmoid(y)) = -softplus(y)
      double logP = -OutputArrays.softplus(-yOld[k]);
      double logNotP = -OutputArrays.softplus(yOld[k]);
      double logQ = -OutputArrays.softplus(-yNew[k]);
      double logNotQ = -OutputArrays.softplus(yNew[k]);
      total += p * (logP - logQ) + (1 - p) * (logNotP - logNotQ);
      grad[k] = (OutputArrays.sigmoid(yNew[k]) - p) / n;
    }
    return new DiscrepancyValue(total / n, OutputArrays.tensorLike(newOutputs, grad));
  }

  @Override
  public String toString() {
    return ID;
  }
}
