package io.apo4j.api.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Binary cross-entropy on logits, mean over all elements, as {@code torch.nn.BCEWithLogitsLoss()}:
 * per element {@code max(x, 0) - x t + log(1 + exp(-|x|))} (the stable form of
 * {@code -t log sigmoid(x) - (1 - t) log(1 - sigmoid(x))}), gradient {@code (sigmoid(x) - t) / numel}.
 * Targets are probabilities in [0, 1] (e.g. pixel intensities for an autoencoder).
 */
final class BceWithLogitsLoss implements Loss {
  static final String ID = "bce-with-logits";

  @Override
  public LossValue evaluate(INDArray outputs, INDArray targets) {
    LossArrays.requireFloating(ID, "logits", outputs);
    LossArrays.requireSameShape(ID, outputs, targets);
    double[] x = LossArrays.toDoubles(outputs);
    double[] t = LossArrays.toDoubles(targets);
    int n = x.length;
    double total = 0;
    double[] grad = new double[n];
    for (int i = 0; i < n; i++) {
      double xi = x[i];
      total += Math.max(xi, 0) - xi * t[i] + Math.log1p(Math.exp(-Math.abs(xi)));
      grad[i] = (sigmoid(xi) - t[i]) / n;
    }
    return new LossValue(total / n, LossArrays.tensorLike(outputs, grad));
  }

  /** Sigmoid without overflow for large |x|. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  @Override
  public TargetKind targetKind() {
    return TargetKind.VALUES;
  }

  @Override
  public String toString() {
    return ID;
  }
}
