package io.apo4j.api.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax cross-entropy on logits against class indices, as {@code torch.nn.CrossEntropyLoss()}
 * (mean over the batch): {@code L = mean_i (logsumexp(x_i) - x_i[y_i])}, gradient
 * {@code (softmax(x_i) - onehot(y_i)) / N}. The log-softmax subtracts each row's maximum first, so
 * logits of any size stay finite.
 */
final class CrossEntropyLoss implements Loss {
  static final String ID = "cross-entropy";

  @Override
  public LossValue evaluate(INDArray outputs, INDArray targets) {
    LossArrays.requireFloating(ID, "logits", outputs);
    if (outputs.rank() != 2 || outputs.size(0) == 0) {
      throw new LossException(ID + ": logits must be N x C with N >= 1; expected rank 2, found shape "
          + Arrays.toString(outputs.shape()));
    }
    int n = (int) outputs.size(0);
    int c = (int) outputs.size(1);
    if (targets.length() != n || (targets.rank() > 1 && targets.size(0) != n)) {
      throw new LossException(ID + ": targets must be " + n + " class indices (one per row of the logits); "
          + "expected shape [" + n + "], found " + Arrays.toString(targets.shape()));
    }
    double[] x = LossArrays.toDoubles(outputs);
    int[] labels = labels(LossArrays.toDoubles(targets), c);
    double total = 0;
    double[] grad = new double[x.length];
    for (int i = 0; i < n; i++) {
      int row = i * c;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, x[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        double e = Math.exp(x[row + j] - max);
        grad[row + j] = e;
        sum += e;
      }
      total += Math.log(sum) + max - x[row + labels[i]];
      for (int j = 0; j < c; j++) {
        grad[row + j] = grad[row + j] / sum / n;
      }
      grad[row + labels[i]] -= 1.0 / n;
    }
    return new LossValue(total / n, LossArrays.tensorLike(outputs, grad));
  }

  private static int[] labels(double[] targets, int classes) {
    int[] labels = new int[targets.length];
    for (int i = 0; i < targets.length; i++) {
      double t = targets[i];
      if (t != Math.rint(t) || t < 0 || t >= classes) {
        throw new LossException(ID + ": target " + t + " at row " + i + " is not a class index; expected a whole"
            + " number in [0, " + (classes - 1) + "], found " + t);
      }
      labels[i] = (int) t;
    }
    return labels;
  }

  @Override
  public TargetKind targetKind() {
    return TargetKind.CLASS_INDEX;
  }

  @Override
  public String toString() {
    return ID;
  }
}
