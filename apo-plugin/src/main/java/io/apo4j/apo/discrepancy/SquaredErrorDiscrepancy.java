package io.apo4j.apo.discrepancy;

import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 0.5 * ||y_new - y_old||^2 summed over the output dimensions, mean over the batch; the gradient
 * is (y_new - y_old) / N. With it APO's optimal preconditioner is damped Gauss-Newton.
 */
final class SquaredErrorDiscrepancy implements Discrepancy {
  static final String ID = "squared-error";

  @Override
  public DiscrepancyValue evaluate(INDArray newOutputs, INDArray oldOutputs) {
    OutputArrays.requireComparable(ID, newOutputs, oldOutputs);
    long n = newOutputs.size(0);
    double[] yNew = OutputArrays.toDoubles(newOutputs);
    double[] yOld = OutputArrays.toDoubles(oldOutputs);
    double[] grad = new double[yNew.length];
    double total = 0;
    for (int k = 0; k < yNew.length; k++) {
      double diff = yNew[k] - yOld[k];
      total += diff * diff;
      grad[k] = diff / n;
    }
    return new DiscrepancyValue(0.5 * total / n, OutputArrays.tensorLike(newOutputs, grad));
  }

  @Override
  public String toString() {
    return ID;
  }
}
